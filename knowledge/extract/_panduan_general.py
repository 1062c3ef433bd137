"""The general (non-JF) parts of the behaviour guide: contents, foreword, background, back cover."""

from __future__ import annotations

import re
from typing import Any

from knowledge.extract._panduan_lines import Line, clean, tokenize
from knowledge.extract._panduan_parse import ParseError, paragraph_runs
from knowledge.provenance import Span, locate
from knowledge.sources_text import source_text

DOC = "panduan"


def _span(start: int, end: int) -> dict[str, Any]:
    return Span(DOC, start, end).to_json()


def _paragraph(run: list[Line]) -> dict[str, Any]:
    return {"text": clean(" ".join(ln.raw for ln in run)), "spans": [_span(run[0].start,
                                                                         run[-1].end)]}


def _heading(title: str, after: int = 0) -> Span:
    """Return the span of the first line reading exactly ``title`` at or after ``after``."""
    line = locate(DOC, f"\n{title}\n", after)
    return Span(DOC, line.start + 1, line.end - 1)


def _lines_after(head: Span, stop: Span) -> list[Line]:
    return tokenize(source_text(DOC), head.end + 1, stop.start)


def _contents() -> dict[str, Any]:
    head = _heading("DAFTAR ISI")
    entries = []
    for ln in _lines_after(head, _heading("Kata Pengantar", head.end)):
        m = re.fullmatch(r"(.+?)\t(\d+)", ln.raw)
        if ln.kind == "blank":
            continue
        if m is None:
            raise ParseError(f"unexpected contents line {ln.raw!r}")
        entries.append({"title": m.group(1), "page": int(m.group(2)),
                        "spans": [_span(ln.start, ln.end)]})
    return {"id": "daftar_isi", "title": "Daftar Isi", "heading": head.to_json(),
            "entries": entries}


def _foreword() -> dict[str, Any]:
    head = _heading("Kata Pengantar")
    runs = paragraph_runs(_lines_after(head, _heading("Core Values", head.end)))
    signature_at = next(i for i, r in enumerate(runs) if r[0].raw.startswith("Bandung Barat"))
    paragraphs = [_paragraph(r) for r in runs[:signature_at]]
    signature = [ln for r in runs[signature_at:] for ln in r]
    return {
        "id": "kata_pengantar",
        "title": "Kata Pengantar",
        "heading": head.to_json(),
        "paragraphs": paragraphs,
        "signature": {"lines": [clean(ln.raw) for ln in signature],
                      "spans": [_span(signature[0].start, signature[-1].end)]},
    }


def _core_values() -> dict[str, Any]:
    return {"id": "core_values", "title": "Core Values",
            "heading": _heading("Core Values").to_json(), "paragraphs": []}


def _background() -> dict[str, Any]:
    head = _heading("Latar Belakang")
    stop = locate(DOC, "PANDUAN PERILAKU\n\nJF ANALIS", head.end)
    return {"id": "latar_belakang", "title": "Latar Belakang", "heading": head.to_json(),
            "paragraphs": [_paragraph(r) for r in paragraph_runs(_lines_after(head, stop))]}


def _back_cover() -> dict[str, Any]:
    tagline = locate(DOC, "PROFESIONAL, BERINTEGRITAS, MELAYANI PERDAGANGAN UNTUK NEGERI")
    contact_head = locate(DOC, "KONTAK KAMI", tagline.end)
    text = source_text(DOC)
    lines = [ln for ln in tokenize(text, contact_head.end + 1, len(text)) if ln.kind != "blank"]
    labels = {"0": "telepon", "w": "situs", "@": "media_sosial"}
    contacts = []
    for ln in lines:
        kind = "email" if "@" in ln.raw[1:] else labels.get(ln.raw[0], "lainnya")
        contacts.append({"kind": kind, "text": ln.raw, "spans": [_span(ln.start, ln.end)]})
    return {"id": "sampul_belakang", "title": "Sampul Belakang", "tagline": {
        "text": tagline.text, "spans": [tagline.to_json()]}, "contact_heading":
        contact_head.to_json(), "contacts": contacts}


def general_sections() -> list[dict[str, Any]]:
    """Return the guide's general sections in reading order."""
    return [_contents(), _foreword(), _core_values(), _background(), _back_cover()]
