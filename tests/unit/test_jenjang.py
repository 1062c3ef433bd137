"""One jenjang list per JF, pinned to Lampiran I and Lampiran III Tabel 1 (no Penera Pemula)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from handlers.flows import _admin_parts, profil
from knowledge.data_files import load_table
from knowledge.ids import JENJANG_LABELS, JF_LABELS
from knowledge.jenjang import jenjang_of

LAMPIRAN_I = {e["jf"]: e for e in load_table("permendag/lampiran_i")["jf"]}
TABEL_1 = load_table("permendag/lampiran_iii_tabel_1")["rows"]


def _lampiran_i(jf: str) -> list[str]:
    """The jenjang with a block in Lampiran I."""
    found = {block["jenjang"] for block in LAMPIRAN_I[jf]["blocks"]}
    return [j for j in JENJANG_LABELS if j in found]


def _tabel_1(jf: str) -> list[str]:
    """The jenjang with a contribution column in Tabel 1 for the JF (any category)."""
    present = {j for r in TABEL_1 if r["jf"] == jf for j in r["kontribusi"]}
    return [j for j in JENJANG_LABELS if j in present]


@pytest.mark.parametrize("jf", list(JF_LABELS))
def test_every_jf_matches_lampiran_i_and_lampiran_iii(jf: str) -> None:
    assert list(jenjang_of(jf)) == _lampiran_i(jf) == _tabel_1(jf)


def test_penera_has_no_pemula_and_profile_and_admin_agree() -> None:
    assert jenjang_of("penera") == ("ahli_pertama", "ahli_muda", "ahli_madya", "ahli_utama",
                                    "terampil", "mahir", "penyelia")
    penera_keterampilan = [r for r in TABEL_1 if r["jf"] == "penera"
                           and r["category"] == "keterampilan"]
    assert penera_keterampilan
    assert all(set(r["kontribusi"]) == {"terampil", "mahir", "penyelia"}
               for r in penera_keterampilan)
    assert any(Fraction(r["kontribusi"]["terampil"]) > 0 for r in penera_keterampilan)
    for jf in JF_LABELS:
        assert profil.jenjang_of(jf) == list(_admin_parts.jenjang_of(jf)) == list(jenjang_of(jf))
    assert "pemula" in jenjang_of("pengamat_tera")


def test_unknown_jf_has_no_jenjang() -> None:
    assert jenjang_of(None) == () and jenjang_of("tidak_ada") == ()
