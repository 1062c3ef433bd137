"""Parse Permendag 4/2025 Lampiran I (the flattened scope table) into JF × jenjang blocks.

The layout anchors come from ``_lampiran_i_layout``; this module turns them into spans. Every
character of the table region ends up in exactly one place: page furniture (title, repeated
table header, signature), a JF or jenjang heading, a Ruang Lingkup fragment, a row's Cakupan
Kegiatan, or a row's combined "Kriteria Hasil Kerja + Contoh" text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.extract._lampiran_i_layout import BLOCKS, JF_HEADINGS, BlockLayout
from knowledge.ids import JENJANG_LABELS, JF_LABELS
from knowledge.provenance import SourceNotFound, Span, locate
from knowledge.sources_text import source_text

DOC = "permendag"
TABLE_HEADER = (
    "No. Jabatan Fungsional Jenjang Jabatan Ruang Lingkup Cakupan Kegiatan Kriteria Hasil Kerja "
    "Contoh"
)
START_NEEDLE = "LAMPIRAN I PERATURAN MENTERI PERDAGANGAN"
SIGNATURE = "MENTERI PERDAGANGAN REPUBLIK INDONESIA, ttd. BUDI SANTOSO"
NEXT_LAMPIRAN = " LAMPIRAN II PERATURAN"

# The Kriteria Hasil Kerja cell opens with the name of the document that proves the output
# ("Dokumen ... memuat", "Laporan ...", "Lembar hasil kerja ..."); the Cakupan Kegiatan cell,
# which comes first, ends right before it.
_KRITERIA_OPENER = re.compile(
    r" (?:1\. )?(?:Dokumen|Laporan|Lembar|Daftar|Rekapitulasi|Formulir)\b"
)


# A top-level list number ("1. ", "12. ") at the start of the text or after whitespace.
_NUMBER = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\. ")


@dataclass(frozen=True)
class Row:
    """One activity row: its Cakupan Kegiatan and the rest of the row (kriteria + contoh)."""

    no: int
    start: int  # where the row's first cell begins
    cakupan: Span
    uraian: tuple[Span, ...]
    page_breaks: int
    # Set only when the row has no page break and the kriteria/contoh boundary is unambiguous.
    kriteria: Span | None = None
    contoh: Span | None = None


@dataclass(frozen=True)
class Block:
    """One JF × jenjang block: its heading, Ruang Lingkup fragments and rows."""

    jf: str
    jenjang: str
    heading: Span  # the jenjang label as written
    ruang_lingkup: tuple[Span, ...]
    rows: tuple[Row, ...]
    end: int


@dataclass(frozen=True)
class Table:
    """The whole Lampiran I table."""

    title: Span
    headers: tuple[Span, ...]
    jf_headings: dict[str, Span]
    blocks: tuple[Block, ...]
    signature: Span

    @property
    def start(self) -> int:
        """Offset where Lampiran I begins."""
        return self.title.start

    @property
    def end(self) -> int:
        """Offset where Lampiran I ends (end of the signature)."""
        return self.signature.end


def tight(start: int, end: int) -> Span | None:
    """Return the span [start, end) without surrounding whitespace, or None if blank."""
    text = source_text(DOC)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(DOC, start, end) if end > start else None


def pieces(start: int, end: int, cuts: list[Span]) -> list[Span]:
    """Return the tight spans of [start, end) left after removing the ``cuts``."""
    out: list[Span] = []
    pos = start
    for cut in sorted(cuts, key=lambda s: s.start):
        if cut.end <= start or cut.start >= end:
            continue
        piece = tight(pos, cut.start)
        if piece:
            out.append(piece)
        pos = max(pos, cut.end)
    last = tight(pos, end)
    if last:
        out.append(last)
    return out


def _all_headers(start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    pos = start
    while True:
        try:
            span = locate(DOC, TABLE_HEADER, pos, end)
        except SourceNotFound:
            return spans
        spans.append(span)
        pos = span.end


def _jf_heading(needle: str, cursor: int, first: BlockLayout) -> Span:
    # A JF heading is only trusted when its first jenjang heading follows right after it.
    span = locate(DOC, needle, cursor)
    after = source_text(DOC)[span.end : span.end + len(first.heading) + 1]
    if after.strip() != first.heading:
        raise SourceNotFound(f"JF heading {needle!r} at {span.start} not followed by its block")
    return span


def split_kriteria_contoh(span: Span) -> tuple[Span, Span] | None:
    """Split a one-page "kriteria + contoh" text where the Contoh list visibly restarts.

    The Contoh cell is a list starting at "1." or "➢"; the Kriteria cell before it is
    "... memuat antara lain:" followed by a list numbered 1..n (or lettered a..). The split is
    accepted only if the kriteria part is numbered 1..n without gaps and ends a sentence (so a
    "1." that opens a sub-list of the kriteria, after a colon, is never taken for the contoh).
    """
    text = span.text
    colon = text.find(":")
    if colon < 0:
        return None
    ones = [m.start() for m in _NUMBER.finditer(text, colon) if m.group(1) == "1"]
    # When the kriteria list itself is numbered, its own "1." opens right after the colon.
    numbered = bool(ones) and text[colon + 1 : ones[0]].strip() == ""
    candidates = ones[1:] if numbered else ones
    arrow = text.find("➢", colon)
    if arrow >= 0:
        candidates = [*candidates, arrow]
    if not candidates:
        return None
    cut = min(candidates)
    kriteria = text[:cut].rstrip()
    numbers = [int(m.group(1)) for m in _NUMBER.finditer(kriteria, colon)]
    if numbers != list(range(1, len(numbers) + 1)) or not kriteria.endswith((".", ";")):
        return None
    return (
        Span(DOC, span.start, span.start + len(kriteria)),
        Span(DOC, span.start + cut, span.end),
    )


def _split_row(no: int, start: int, end: int, cuts: list[Span], headers: list[Span]) -> Row:
    parts = pieces(start, end, cuts)
    first = parts[0]
    text = source_text(DOC)
    # Skip the first word: a Cakupan Kegiatan may itself begin with "Dokumen".
    skip = text.find(" ", first.start, first.end)
    match = _KRITERIA_OPENER.search(text, skip if skip > 0 else first.start, first.end)
    if match is None:
        raise SourceNotFound(f"no Kriteria Hasil Kerja opener in row at {start}")
    cakupan = tight(first.start, match.start())
    rest = tight(match.start(), first.end)
    if cakupan is None or rest is None:
        raise SourceNotFound(f"empty cell in row at {start}")
    uraian = (rest, *parts[1:])
    # Only headers inside the row's text count; one right after the row's end is not a break.
    breaks = sum(1 for h in headers if first.start < h.start < uraian[-1].end)
    split = split_kriteria_contoh(rest) if len(uraian) == 1 else None
    if split is None:
        return Row(no, first.start, cakupan, uraian, breaks)
    return Row(no, first.start, cakupan, uraian, breaks, split[0], split[1])


def _block(layout: BlockLayout, heading: Span, end: int, headers: list[Span]) -> Block:
    text = source_text(DOC)
    row_starts: list[int] = []
    cursor = heading.end
    for needle in layout.rows:
        span = locate(DOC, needle, cursor, end)
        row_starts.append(span.start)
        cursor = span.end
    more = [locate(DOC, needle, row_starts[0], end) for needle in layout.ruang_lingkup_more]
    cuts = [h for h in headers if heading.start <= h.start < end] + more
    ruang_lingkup = pieces(heading.end, row_starts[0], cuts) + more
    bounds = [*row_starts, end]
    rows = tuple(
        _split_row(i + 1, a, b, cuts, headers)
        for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))
    )
    if not text[heading.start : heading.end] == JENJANG_LABELS[layout.jenjang]:
        raise SourceNotFound(f"jenjang heading mismatch at {heading.start}")
    return Block(layout.jf, layout.jenjang, heading, tuple(ruang_lingkup), rows, end)


def parse() -> Table:
    """Parse Lampiran I from the source; raise ``SourceNotFound`` if an anchor moved."""
    start = locate(DOC, START_NEEDLE).start
    signature_at = locate(DOC, SIGNATURE + NEXT_LAMPIRAN, start)
    signature = Span(DOC, signature_at.start, signature_at.start + len(SIGNATURE))
    headers = _all_headers(start, signature.start)
    title = tight(start, headers[0].start)
    if title is None:
        raise SourceNotFound("Lampiran I title")
    # First pass: every heading in table order (JF headings interleaved with jenjang headings).
    jf_headings: dict[str, Span] = {}
    starts: list[tuple[BlockLayout, Span, int]] = []  # layout, jenjang label span, block start
    cursor = headers[0].end
    for jf, needle in JF_HEADINGS:
        layouts = [b for b in BLOCKS if b.jf == jf]
        jf_span = _jf_heading(needle, cursor, layouts[0])
        if not jf_span.text.endswith(JF_LABELS[jf]):
            raise SourceNotFound(f"JF heading mismatch for {jf}")
        jf_headings[jf] = jf_span
        cursor = jf_span.end
        for layout in layouts:
            found = locate(DOC, layout.heading, cursor)
            label = Span(DOC, found.start, found.start + len(JENJANG_LABELS[layout.jenjang]))
            starts.append((layout, label, found.start))
            cursor = found.end
    # A block ends where the next JF heading or jenjang heading begins.
    boundaries = sorted([s.start for s in jf_headings.values()] + [b for _, _, b in starts])
    blocks: list[Block] = []
    for layout, label, block_start in starts:
        later = [b for b in boundaries if b > block_start]
        end = later[0] if later else signature.start
        blocks.append(_block(layout, label, end, headers))
    return Table(title, tuple(headers), jf_headings, tuple(blocks), signature)
