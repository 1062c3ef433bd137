"""Helpers shared by the extractors of the three secondary documents (KOMPETEN, two kode etik).

Every extracted item is stored as ``{"text": ..., ["ocr_fixes": [[orig, fixed], ...]], "src":
[span, ...]}``. The invariant, checked by the tests: ``text`` equals the whitespace-normalised
join of the span texts with each recorded fix applied in order. So the data holds only source
text plus fixes that are written down beside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from knowledge.provenance import SourceNotFound, Span, locate
from knowledge.sources_text import source_text

Fix = tuple[str, str]

_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Collapse every whitespace run (newlines included) to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


def verbatim(spans: Iterable[Span | dict[str, Any]]) -> str:
    """Return the normalised join of the texts of ``spans`` (Span objects or their JSON)."""
    parts = [s.text if isinstance(s, Span) else str(s["text"]) for s in spans]
    return normalize(" ".join(parts))


def apply_fixes(text: str, fixes: Sequence[Sequence[str]]) -> str:
    """Apply each ``(original, corrected)`` fix; every original must occur in the text."""
    for orig, fixed in fixes:
        if orig not in text:
            raise SourceNotFound(f"fix {orig!r} does not occur in {text[:60]!r}")
        text = text.replace(orig, fixed)
    return text


def item(spans: Sequence[Span], fixes: Sequence[Fix] = (), **fields: Any) -> dict[str, Any]:
    """Return a data item: extra ``fields`` first, then the text, its fixes and its spans."""
    out: dict[str, Any] = dict(fields)
    out["text"] = apply_fixes(verbatim(spans), fixes)
    if fixes:
        out["ocr_fixes"] = [[a, b] for a, b in fixes]
    out["src"] = [s.to_json() for s in spans]
    return out


def between(doc: str, start_needle: str, end_needle: str | None, start: int = 0) -> Span:
    """Return the span from ``start_needle`` (included) to ``end_needle`` (excluded)."""
    head = locate(doc, start_needle, start)
    if end_needle is None:
        return Span(doc, head.start, len(source_text(doc)))
    tail = locate(doc, end_needle, head.end)
    return Span(doc, head.start, tail.start)


def lines(region: Span) -> list[Span]:
    """Return the non-blank lines of a region as spans without surrounding whitespace."""
    text = source_text(region.doc)
    out: list[Span] = []
    pos = region.start
    while pos < region.end:
        nl = text.find("\n", pos, region.end)
        stop = region.end if nl < 0 else nl
        raw = text[pos:stop]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            out.append(Span(region.doc, pos + lead, pos + len(raw.rstrip())))
        pos = stop + 1
    return out


def trim(span: Span, prefix_len: int) -> Span:
    """Return ``span`` without its first ``prefix_len`` characters (a list marker)."""
    return Span(span.doc, span.start + prefix_len, span.end)


def blocks(region: Span) -> list[list[Span]]:
    """Return the blank-line separated blocks of a region, each as its list of line spans."""
    text = source_text(region.doc)
    out: list[list[Span]] = []
    current: list[Span] = []
    for line in lines(region):
        if current:
            gap = text[current[-1].end : line.start]
            if gap.count("\n") > 1:
                out.append(current)
                current = []
        current.append(line)
    if current:
        out.append(current)
    return out


def slug(text: str) -> str:
    """Return a short ascii id for a title: lowercase words joined by underscores."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "_".join(words)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (on . ! ? followed by a capital), keeping punctuation."""
    return [s for s in _SENTENCE_END.split(text) if s]


def chunk(text: str, low: int = 40, high: int = 150) -> list[str]:
    """Split text into chunks of roughly ``low``..``high`` words without splitting sentences."""
    parts = sentences(text)
    chunks: list[list[str]] = [[]]
    count = 0
    for sentence in parts:
        n = len(sentence.split())
        if chunks[-1] and count + n > high:
            chunks.append([])
            count = 0
        chunks[-1].append(sentence)
        count += n
    # A short tail reads better joined to the chunk before it than alone.
    tail_words = count_words(chunks[-1])
    if len(chunks) > 1 and tail_words < low and count_words(chunks[-2]) + tail_words <= high + low:
        tail = chunks.pop()
        chunks[-1].extend(tail)
    return [" ".join(c) for c in chunks if c]


def count_words(parts: list[str]) -> int:
    """Return the number of words in a list of sentences."""
    return sum(len(p.split()) for p in parts)


_MARKDOWN = re.compile(r"\*+")


def display(text: str) -> str:
    """Return text for a user: the converter's markdown emphasis marks removed."""
    return normalize(_MARKDOWN.sub("", text))
