"""Line tokenizer for the behaviour guide: classifies each source line, keeping its offsets.

The guide (a PDF converted to text) writes the same structure in several ways; this module
only recognises the shapes, ``_panduan_parse`` gives them meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.ids import VALUE_LABELS

NUMBERED = re.compile(r"^(\d+)\.\s+(\S.*)$")
BULLET = re.compile(r"^-\s+(\S.*)$")

# Headings that introduce a list, after removing spaces, bold markers and check marks.
WAJIB_MARKERS = {"WAJIB", "PERILAKUWAJIB"}
DILARANG_MARKERS = {"DILARANG", "PERILAKUDILARANG"}
VALUE_BY_HEADING = {label.upper(): vid for vid, label in VALUE_LABELS.items()}
KODE_HEADING = "KODE ETIK DAN KODE PERILAKU"
# Lines that are page furniture inside a value section (the Negosiator pages carry
# "Panduan Perilaku" above "Wajib"; the Penera pages repeat the JF name above the lists).
FURNITURE = {"PANDUAN PERILAKU", "PENERA"}


@dataclass(frozen=True)
class Line:
    """One source line: offsets of its non-blank content and its classification."""

    kind: str  # blank, dash, num, bullet, value, def, kode, marker, letter, org, furniture, text
    start: int  # offset of the first non-blank character (line start if blank)
    end: int  # offset after the last non-blank character
    raw: str  # the stripped line as written
    number: int | None = None  # list number of a "num" line
    body: str = ""  # item text of num/bullet lines, definition text of a "def" line
    value: str | None = None  # value id of a "value" line
    marker: str | None = None  # "wajib" | "dilarang" for a "marker" line


def clean(text: str) -> str:
    """Return display text: bold markers and check marks removed, whitespace collapsed."""
    text = text.replace("*", "").replace("✓", "")
    return re.sub(r"\s+", " ", text).strip()


def classify(raw: str, start: int) -> Line:
    """Classify one stripped line starting at offset ``start``."""
    end = start + len(raw)
    if not raw:
        return Line("blank", start, end, raw)
    if raw == "-":
        return Line("dash", start, end, raw)
    m = NUMBERED.match(raw)
    if m:
        return Line("num", start, end, raw, number=int(m.group(1)), body=m.group(2))
    m = BULLET.match(raw)
    if m:
        return Line("bullet", start, end, raw, body=m.group(1))
    text = clean(raw)
    upper = text.upper()
    if upper in VALUE_BY_HEADING:
        return Line("value", start, end, raw, value=VALUE_BY_HEADING[upper])
    if upper == "DEFINISI" or upper.startswith("DEFINISI "):
        return Line("def", start, end, raw, body=text[len("Definisi") :].strip())
    if upper == KODE_HEADING:
        return Line("kode", start, end, raw)
    squeezed = upper.replace(" ", "")
    if squeezed in WAJIB_MARKERS:
        return Line("marker", start, end, raw, marker="wajib")
    if squeezed in DILARANG_MARKERS:
        return Line("marker", start, end, raw, marker="dilarang")
    if len(text) == 1 and text.isalpha() and text.isupper():
        return Line("letter", start, end, raw)
    if upper.startswith("ORGANISASI PROFESI"):
        return Line("org", start, end, raw, body=text[len("ORGANISASI PROFESI") :].strip())
    if upper in FURNITURE:
        return Line("furniture", start, end, raw)
    return Line("text", start, end, raw)


def tokenize(text: str, start: int, end: int) -> list[Line]:
    """Return the classified lines of ``text[start:end]`` (``start`` must begin a line)."""
    lines: list[Line] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        raw_line = text[pos:stop]
        lead = len(raw_line) - len(raw_line.lstrip())
        lines.append(classify(raw_line.strip(), pos + lead))
        pos = stop + 1
    return lines
