"""Provenance of extracted values: every value in a data file points at its place in the source.

A span is stored in JSON as ``{"doc": "permendag", "start": 123, "end": 160, "text": "..."}``
where ``text == source_text(doc)[start:end]``. A generic test checks every span of every data
file against the source, so a value can only enter the data with the text it came from.

A data file holding facts from outside the five documents (a BKN regulation the calculators
rely on) has no spans; it names that regulation in a top-level ``"external_source"`` field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from knowledge.sources_text import source_text


class SourceNotFound(LookupError):
    """Raised by an extractor when a needle it expects is not in the source."""


@dataclass(frozen=True)
class Span:
    """A character range of one source document."""

    doc: str
    start: int
    end: int

    @property
    def text(self) -> str:
        """Return the exact source text the span covers."""
        return source_text(self.doc)[self.start : self.end]

    def to_json(self) -> dict[str, Any]:
        """Return the span as stored in the data files."""
        return {"doc": self.doc, "start": self.start, "end": self.end, "text": self.text}


def locate(doc: str, needle: str, start: int = 0, end: int | None = None) -> Span:
    """Return the span of the first occurrence of ``needle`` at or after ``start``."""
    text = source_text(doc)
    pos = text.find(needle, start, len(text) if end is None else end)
    if pos < 0:
        raise SourceNotFound(f"{needle!r} not found in {doc} after offset {start}")
    return Span(doc, pos, pos + len(needle))


def iter_spans(obj: Any) -> list[dict[str, Any]]:
    """Return every span-shaped dict nested anywhere in a loaded data file."""
    found: list[dict[str, Any]] = []
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if {"doc", "start", "end", "text"} <= cur.keys():
                found.append(cur)
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return found
