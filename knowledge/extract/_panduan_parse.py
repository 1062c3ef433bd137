"""Parse the behaviour guide into JF sections, value sections and their lists.

Formats met in the guide (see docs/panduan.md): numbered and ``- `` lists; list headings
written as "Perilaku Wajib", "Panduan Perilaku / Wajib", "WAJIB", "D I L A R A N G" or one
letter per line (W/A/J/I/B), the one-letter labels standing either before the list or after
it (a vertical label beside the list); value headings repeated on continuation pages, or
continuation pages with no heading at all; two headings stacked over two lists (a two-column
page); one page whose list headings are missing. Anything the parser cannot place raises
``ParseError`` instead of being dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.extract._panduan_lines import Line, clean, tokenize
from knowledge.ids import JF_LABELS

KINDS = ("wajib", "dilarang")

# A page of Penguji Mutu Barang › Adaptif lost both list headings: one run of 18 bullets holds
# the page's wajib items and then its dilarang items. The split is placed at the first item
# that describes a forbidden behaviour (read in the source, see docs/panduan.md).
HEADLESS_SPLITS: dict[tuple[str, str], str] = {
    ("penguji_mutu_barang", "adaptif"): "Menolak peningkatan kompetensi",
}


class ParseError(ValueError):
    """Raised when the guide holds a shape the parser does not know how to place."""


@dataclass
class Piece:
    """Display text with the source ranges it was read from."""

    text: str
    spans: list[tuple[int, int]]


@dataclass
class Item:
    """One list item (kode etik point, wajib or dilarang behaviour)."""

    number: int | None  # as printed in the source; None for "- " bullets
    text: str
    spans: list[tuple[int, int]]


@dataclass
class ValueSection:
    """One BerAKHLAK value of one JF, possibly printed over several pages."""

    value: str
    headings: list[tuple[int, int]] = field(default_factory=list)
    definitions: list[Piece] = field(default_factory=list)  # one per page that prints it
    kode_etik: list[list[Item]] = field(default_factory=list)  # one list per page
    items: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in KINDS})
    pages: int = 0
    headless_split: bool = False


@dataclass
class Organisation:
    """The professional organisation page closing a JF section."""

    name: Piece
    caption: Piece


@dataclass
class JfSection:
    """One JF chapter of the guide."""

    jf: str
    heading: tuple[int, int]
    motto: Piece
    values: dict[str, ValueSection]
    organisation: Organisation | None
    pantun: list[Piece]


@dataclass
class _Block:
    style: str  # "num" | "bullet"
    items: list[Item]
    kind: str | None = None


def _join(text: str, more: str) -> str:
    # A word broken at a line end ("pela-\nyanan") is rejoined; other lines join with a space.
    if text.endswith("-") and more[:1].islower():
        return text[:-1] + more
    return f"{text} {more}"


def _item_text(body: str) -> str:
    text = clean(body)
    # Two items end with a doubled full stop ("secara aktif.."); one is enough.
    return re.sub(r"\.{2,}$", ".", text)


class _PageParser:
    """Turns the lines of one page of a value section into definition, kode etik and lists."""

    def __init__(self, jf: str, section: ValueSection, lines: list[Line]) -> None:
        self.jf, self.section, self.lines = jf, section, lines
        self.blocks: list[_Block] = []
        self.pending: list[str] = []
        self.kode: list[Item] | None = None
        self.expect_kode = False
        self.current: _Block | None = None
        self.blank_since_item = False

    def run(self) -> None:
        lines = self.lines
        i = self._definition(1)
        while i < len(lines):
            line = lines[i]
            if line.kind in ("num", "bullet"):
                self._item(line)
            elif line.kind == "blank":
                self.blank_since_item = True
            elif line.kind == "text" and self.current and not self.blank_since_item:
                self._continue(line)
            elif line.kind == "kode":
                self._close()
                self.expect_kode = True
            elif line.kind == "marker":
                self._close()
                assert line.marker is not None
                self.pending.append(line.marker)
            elif line.kind == "letter":
                self._close()
                i = self._vertical(i)
                continue
            elif line.kind in ("dash", "furniture"):
                self._close()
            else:
                raise ParseError(f"{self.jf}/{self.section.value}: unplaced line {line.raw!r}")
            i += 1
        self._close()
        self._resolve()

    def _definition(self, i: int) -> int:
        # The definition is whatever text stands between the value heading and "Kode Etik".
        parts: list[Line] = []
        while i < len(self.lines) and self.lines[i].kind != "kode":
            line = self.lines[i]
            if line.kind == "def":
                if line.body:
                    offset = line.raw.index(line.body.split()[0])
                    parts.append(Line("text", line.start + offset, line.end, line.body))
            elif line.kind == "text":
                parts.append(line)
            elif line.kind != "blank":
                raise ParseError(f"{self.jf}/{self.section.value}: {line.raw!r} before kode etik")
            i += 1
        if parts:
            text = clean(" ".join(p.raw for p in parts))
            self.section.definitions.append(Piece(text, [(parts[0].start, parts[-1].end)]))
        return i

    def _item(self, line: Line) -> None:
        cur = self.current
        restart = cur is not None and (
            cur.style != line.kind
            or (line.kind == "num" and (line.number or 0) <= (cur.items[-1].number or 0))
            or (line.kind == "bullet" and self.blank_since_item)
        )
        if cur is None or restart:
            self._close()
            cur = self.current = _Block(line.kind, [])
        cur.items.append(Item(line.number, _item_text(line.body), [(line.start, line.end)]))
        self.blank_since_item = False

    def _continue(self, line: Line) -> None:
        assert self.current is not None
        item = self.current.items[-1]
        item.text = _join(item.text, _item_text(line.raw))
        item.spans[-1] = (item.spans[-1][0], line.end)

    def _vertical(self, i: int) -> int:
        letters = ""
        while i < len(self.lines) and self.lines[i].kind in ("letter", "blank"):
            letters += self.lines[i].raw
            i += 1
        kind = {"WAJIB": "wajib", "DILARANG": "dilarang"}.get(letters)
        if kind is None:
            raise ParseError(f"{self.jf}/{self.section.value}: stray letters {letters!r}")
        # A vertical label after an unlabelled list names that list; otherwise the next one.
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.kind is None:
            last.kind = kind
        else:
            self.pending.append(kind)
        return i

    def _close(self) -> None:
        block, self.current = self.current, None
        if block is None:
            return
        if self.expect_kode:
            self.expect_kode = False
            if block.style != "num":
                raise ParseError(f"{self.jf}/{self.section.value}: kode etik is not numbered")
            self.kode = block.items
            return
        if self.pending:
            block.kind = self.pending.pop(0)
        self.blocks.append(block)

    def _resolve(self) -> None:
        if self.pending:
            raise ParseError(f"{self.jf}/{self.section.value}: heading without list")
        if self.kode is not None:
            self.section.kode_etik.append(self.kode)
        for block in self.blocks:
            if block.kind is not None:
                self.section.items[block.kind].extend(block.items)
                continue
            for kind, items in self._split_headless(block):
                self.section.items[kind].extend(items)

    def _split_headless(self, block: _Block) -> list[tuple[str, list[Item]]]:
        first_words = HEADLESS_SPLITS.get((self.jf, self.section.value))
        starts = [i for i, it in enumerate(block.items) if first_words and it.text.startswith(
            first_words)]
        if len(starts) != 1:
            head = block.items[0].text[:60]
            raise ParseError(f"{self.jf}/{self.section.value}: list without heading: {head!r}")
        self.section.headless_split = True
        return [("wajib", block.items[: starts[0]]), ("dilarang", block.items[starts[0] :])]


def _jf_headings(text: str) -> list[tuple[int, int, str]]:
    found = []
    for jf, label in JF_LABELS.items():
        pattern = r"PANDUAN PERILAKU[\s*]*(?:JF\s+)?" + re.escape(label.upper()) + r"\**"
        matches = list(re.finditer(pattern, text))
        if len(matches) != 1:
            raise ParseError(f"expected one chapter heading for {jf}, found {len(matches)}")
        found.append((matches[0].start(), matches[0].end(), jf))
    return sorted(found)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _motto(lines: list[Line], jf: str) -> Piece:
    mottos = [ln for ln in lines if ln.kind == "text" and "BerAKHLAK" in ln.raw]
    if len(mottos) != 1:
        raise ParseError(f"{jf}: expected one motto paragraph, found {len(mottos)}")
    return Piece(clean(mottos[0].raw).strip("“”\" "), [(mottos[0].start, mottos[0].end)])


def paragraph_runs(lines: list[Line]) -> list[list[Line]]:
    """Group non-blank lines into runs separated by blank lines."""
    runs: list[list[Line]] = [[]]
    for ln in lines:
        if ln.kind == "blank":
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(ln)
    return [r for r in runs if r]


def _organisation(lines: list[Line]) -> tuple[Organisation, list[Piece]]:
    org_line = lines[0]
    name = Piece(org_line.body, [(org_line.start + org_line.raw.index(org_line.body),
                                  org_line.end)])
    runs = paragraph_runs(lines[1:])
    caption_run = runs[0]
    caption = Piece(clean(" ".join(ln.raw for ln in caption_run)),
                    [(caption_run[0].start, caption_run[-1].end)])
    pantun = [Piece(clean(" / ".join(ln.raw for ln in run)), [(run[0].start, run[-1].end)])
              for run in runs[1:]]
    return Organisation(name, caption), pantun


def parse_jf(text: str, jf: str, start: int, heading_end: int, end: int) -> JfSection:
    """Parse one JF chapter: ``text[start:end]``, whose heading ends at ``heading_end``."""
    lines = tokenize(text, _line_start(text, heading_end), end)
    first_value = next(i for i, ln in enumerate(lines) if ln.kind == "value")
    org_at = next((i for i, ln in enumerate(lines) if ln.kind == "org"), len(lines))
    motto = _motto(lines[:first_value], jf)
    values: dict[str, ValueSection] = {}
    heads = [i for i in range(first_value, org_at) if lines[i].kind == "value"] + [org_at]
    for a, b in zip(heads, heads[1:], strict=False):
        value = lines[a].value
        assert value is not None
        section = values.setdefault(value, ValueSection(value))
        section.pages += 1
        section.headings.append((lines[a].start, lines[a].end))
        _PageParser(jf, section, lines[a:b]).run()
    organisation, pantun = (None, []) if org_at == len(lines) else _organisation(lines[org_at:])
    return JfSection(jf, (start, heading_end), motto, values, organisation, pantun)


def parse(text: str) -> list[JfSection]:
    """Parse every JF chapter of the guide, in the order the guide prints them."""
    heads = _jf_headings(text)
    back_cover = text.find("KEMENTERIAN\nPERDAGANGAN", heads[-1][1])
    if back_cover < 0:
        raise ParseError("back cover not found after the last chapter")
    bounds = [h[0] for h in heads[1:]] + [back_cover]
    return [parse_jf(text, jf, s, e, stop) for (s, e, jf), stop in zip(heads, bounds, strict=True)]
