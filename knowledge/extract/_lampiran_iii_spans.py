"""Span helpers for the Lampiran III/IV extractors: find text by its first and last words."""

from __future__ import annotations

from typing import Any

from knowledge.provenance import SourceNotFound, Span, locate

DOC = "permendag"
# "PEDOMAN PERHITUNGAN KEBUTUHAN" opens Lampiran III: the PDF conversion put the lampiran's
# heading block ("LAMPIRAN III PERATURAN ...") after the content of its first page.
LAMPIRAN_III_OPENING = "PEDOMAN PERHITUNGAN KEBUTUHAN JF PERDAGANGAN"
LAMPIRAN_IV_OPENING = "LAMPIRAN IV PERATURAN MENTERI PERDAGANGAN"
LAMPIRAN_V_OPENING = "LAMPIRAN V PERATURAN MENTERI PERDAGANGAN"


def region(first: str, last_exclusive: str) -> tuple[int, int]:
    """Return the offsets from ``first`` up to (not including) ``last_exclusive``."""
    start = locate(DOC, first).start
    return start, locate(DOC, last_exclusive, start).start


def lampiran_iii() -> tuple[int, int]:
    """Return the offsets of Lampiran III."""
    return region(LAMPIRAN_III_OPENING, LAMPIRAN_IV_OPENING)


def lampiran_iv() -> tuple[int, int]:
    """Return the offsets of Lampiran IV."""
    return region(LAMPIRAN_IV_OPENING, LAMPIRAN_V_OPENING)


def between(first: str, last: str, start: int, end: int | None = None) -> Span:
    """Return the span from ``first`` through ``last`` (inclusive), searching from ``start``."""
    a = locate(DOC, first, start, end)
    b = locate(DOC, last, a.start, end)
    return Span(DOC, a.start, b.end)


def exact(needle: str, start: int, end: int | None = None) -> Span:
    """Return the span of ``needle`` at or after ``start``."""
    return locate(DOC, needle, start, end)


def clean(text: str) -> str:
    """Return text with runs of whitespace collapsed."""
    return " ".join(text.split())


def item(item_id: str, span: Span, **fields: Any) -> dict[str, Any]:
    """Return a data item: id, fields, the text as written, and its span."""
    return {"id": item_id, **fields, "text": clean(span.text), "span": span.to_json()}


def check_inside(span: Span, bounds: tuple[int, int]) -> Span:
    """Fail the build when a span leaves the lampiran it should come from."""
    if not bounds[0] <= span.start <= span.end <= bounds[1]:
        raise SourceNotFound(f"{span.text[:40]!r} outside {bounds}")
    return span
