"""The jenjang each JF has: one answer for the profile, admin, formasi and credit flows.

Lampiran I of Permendag 4/2025 lists a block of kegiatan for every jenjang a JF has; that list
is the answer. Lampiran III Tabel 1 agrees column by column (a test pins both): Penera has
Ahli Pertama–Ahli Utama and, in keterampilan, Terampil, Mahir and Penyelia only — no Pemula.
"""

from __future__ import annotations

from functools import cache

from knowledge.data_files import load_table
from knowledge.ids import JENJANG_LABELS


@cache
def _by_jf() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in load_table("permendag/lampiran_i")["jf"]:
        present = {block["jenjang"] for block in entry["blocks"]}
        out[entry["jf"]] = tuple(j for j in JENJANG_LABELS if j in present)
    return out


def jenjang_of(jf: str | None) -> tuple[str, ...]:
    """Return the jenjang of a JF in JENJANG_LABELS order; () for None or an unknown JF."""
    if jf is None:
        return ()
    return _by_jf().get(jf, ())
