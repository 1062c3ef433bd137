"""The committed Lampiran III data the formation calculator reads (never the raw source)."""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from typing import Any

from knowledge.data_files import load_table
from knowledge.ids import CATEGORY_JENJANG
from knowledge.jenjang import jenjang_of

TABEL_1 = "permendag/lampiran_iii_tabel_1"
KETENTUAN = "permendag/lampiran_iii_perhitungan_kebutuhan"


def rows() -> list[dict[str, Any]]:
    """Return every Tabel 1 row."""
    data: list[dict[str, Any]] = load_table(TABEL_1)["rows"]
    return data


@cache
def rows_by_id() -> dict[str, dict[str, Any]]:
    """Return the Tabel 1 rows by id."""
    return {r["id"]: r for r in rows()}


def skr_unit() -> str:
    """Return the unit of the SKR values."""
    unit: str = load_table(TABEL_1)["skr_unit"]
    return unit


def categories(jf: str) -> list[str]:
    """Return the categories a JF has rows for, keahlian first."""
    present = {r["category"] for r in rows() if r["jf"] == jf}
    return [c for c in CATEGORY_JENJANG if c in present]


def rows_for(jf: str, category: str) -> list[dict[str, Any]]:
    """Return the rows of one JF and category, in table order."""
    return [r for r in rows() if r["jf"] == jf and r["category"] == category]


def jenjang_for(jf: str, category: str) -> list[str]:
    """Return the jenjang of this JF in this category, in order (knowledge.jenjang).

    Tabel 1 has a contribution column for exactly these (tests/unit/test_jenjang.py).
    """
    return [j for j in jenjang_of(jf) if j in CATEGORY_JENJANG[category]]


def rounding_threshold() -> Fraction:
    """Return the B.3-B.4 threshold (0,6) from the data, exact."""
    return Fraction(load_table(KETENTUAN)["rounding"]["threshold"])


def utama() -> dict[str, Any]:
    """Return the B.6 record (jenjang and condition)."""
    record: dict[str, Any] = load_table(KETENTUAN)["utama"]
    return record


def utama_jenjang() -> str:
    """Return the jenjang B.6 restricts to outputs with national or international impact."""
    return str(utama()["jenjang"])


def formula() -> dict[str, Any]:
    """Return the reconstructed formula record."""
    record: dict[str, Any] = load_table(KETENTUAN)["formula"]
    return record
