"""Known errors of the sources, said where an answer quotes them (never silently fixed)."""

from __future__ import annotations

from functools import cache

from knowledge.corpus import all_passages
from knowledge.ids import JF_LABELS, VALUE_LABELS
from knowledge.passage import Passage


def _body(p: Passage) -> str:
    return " ".join(p.text.split(": ", 1)[-1].lower().split())


@cache
def _repeated_lists() -> dict[str, str]:
    """Return guide passage id → the value whose list it repeats word for word (same JF and
    kind, an earlier value): e.g. Penguji Mutu Barang's Kolaboratif kode etik = Adaptif's."""
    first: dict[tuple[str | None, str | None, str], Passage] = {}
    out: dict[str, str] = {}
    for p in all_passages():
        if p.source != "panduan" or p.kind != "kode_etik" or p.value is None:
            continue
        key = (p.jf, p.kind, _body(p))
        if key in first and first[key].value != p.value:
            out[p.id] = str(first[key].value)
        first.setdefault(key, p)
    return out


def guide_note(p: Passage) -> str | None:
    """Return a one-sentence warning when the quoted passage is a known error of the guide."""
    other = _repeated_lists().get(p.id)
    if other is None or p.jf is None or p.value is None:
        return None
    return (f"Catatan: di buku panduan, kode etik nilai {VALUE_LABELS[p.value]} untuk "
            f"{JF_LABELS[p.jf]} sama persis dengan nilai {VALUE_LABELS[other]} — tampaknya "
            "salah cetak; bandingkan dengan panduan BerAKHLAK umum.")
