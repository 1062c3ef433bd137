"""Typed view of the Lampiran VII and BKN data files the angka kredit calculator reads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from typing import Any

from knowledge.data_files import load_table
from knowledge.ids import CATEGORY_JENJANG

KONVERSI = "permendag/lampiran_vii_konversi"
MINIMAL = "permendag/lampiran_vii_angka_kredit"
BKN_KONVERSI = "bkn/konversi_predikat"
BKN_PERIODE = "bkn/periode_kenaikan_pangkat"
BKN_JENJANG = "bkn/syarat_kenaikan_jenjang"
BKN_PERIODE_2025 = "bkn/periodisasi_kenaikan_pangkat_2025"


@dataclass(frozen=True)
class JenjangRule:
    """One jenjang of Lampiran VII: its golongan range, koefisien and AK minimums."""

    id: str
    label: str
    kategori: str
    golongan: tuple[str, ...]
    koefisien: Fraction
    min_pangkat: Fraction
    min_jenjang: Fraction | None  # None: the table prints "-" (no higher jenjang)
    tercetak: dict[str, str]  # predikat id -> printed annual AK (dot decimal)


@dataclass(frozen=True)
class Predikat:
    """A predikat kinerja and its conversion percentage."""

    id: str
    label: str
    persen: Fraction


@cache
def jenjang_rules() -> dict[str, JenjangRule]:
    """Return every jenjang of Lampiran VII by id (keahlian then keterampilan, low to high)."""
    konv = {r["jenjang"]: r for r in load_table(KONVERSI)["rows"]}
    mini = {r["jenjang"]: r for r in load_table(MINIMAL)["rows"]}
    out: dict[str, JenjangRule] = {}
    for ids in CATEGORY_JENJANG.values():
        for jid in ids:
            k, m = konv[jid], mini[jid]
            out[jid] = JenjangRule(
                id=jid,
                label=m["label"],
                kategori=m["kategori"],
                golongan=tuple(m["golongan"]),
                koefisien=Fraction(m["koefisien"]),
                min_pangkat=Fraction(m["kenaikan_pangkat"]),
                min_jenjang=None if m["kenaikan_jenjang"] is None
                else Fraction(m["kenaikan_jenjang"]),
                tercetak=dict(k["tercetak"]),
            )
    return out


@cache
def predikat_rules() -> dict[str, Predikat]:
    """Return the predikat kinerja by id with their percentages (Lampiran VII angka 2)."""
    return {
        p["predikat"]: Predikat(p["predikat"], p["label"], Fraction(p["persen"]))
        for p in load_table(KONVERSI)["predikat"]
    }


def next_jenjang(jid: str) -> str | None:
    """Return the jenjang above ``jid`` in its kategori, or None at the top."""
    for ids in CATEGORY_JENJANG.values():
        if jid in ids:
            i = ids.index(jid)
            return ids[i + 1] if i + 1 < len(ids) else None
    return None


def bulan_bounds() -> tuple[int, int, int]:
    """Return (minimum months, maximum months, months per year) for part-year conversion."""
    t = load_table(BKN_KONVERSI)
    return int(t["bulan_minimal"]), int(t["bulan_maksimal"]), int(t["bulan_per_tahun"])


@cache
def monthly_from() -> dt.date:
    """Return the day Peraturan BKN 4/2025 takes effect (a period on the 1st of every month)."""
    return dt.date.fromisoformat(load_table(BKN_PERIODE_2025)["berlaku_mulai"])


def first_period_on_or_after(day: dt.date) -> dt.date | None:
    """Return the first kenaikan pangkat period on or after ``day`` (None before any rule).

    Before the day Peraturan BKN 4/2025 takes effect the two-monthly periods of Peraturan BKN
    4/2023 apply; from that day there is a period on the 1st of every month.
    """
    old, new = load_table(BKN_PERIODE), load_table(BKN_PERIODE_2025)
    if day.year < int(old["berlaku_mulai_tahun"]):
        return None
    switch = monthly_from()
    if day < switch:
        months = [int(m) for m in old["bulan"]]
        for year in (day.year, day.year + 1):
            for month in months:
                candidate = dt.date(year, month, int(old["tanggal"]))
                if day <= candidate < switch:
                    return candidate
        day = switch
    candidate = dt.date(day.year, day.month, int(new["tanggal"]))
    if candidate < day:
        candidate = dt.date(day.year + day.month // 12, day.month % 12 + 1, int(new["tanggal"]))
    return candidate


def jenjang_conditions() -> dict[str, Any]:
    """Return the BKN conditions for kenaikan jenjang and the counting assumptions."""
    data: dict[str, Any] = load_table(BKN_JENJANG)
    return data


def footnote() -> str:
    """Return the '*dapat bersifat proporsional' footnote of Lampiran VII angka 1."""
    text: str = load_table(MINIMAL)["catatan_kaki"]["teks"]
    return text
