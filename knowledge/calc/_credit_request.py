"""Validation of an angka kredit request into typed values, with Indonesian InputErrors."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Annotated, Any

from pydantic import Field

from knowledge import fmt
from knowledge.calc._credit_data import JenjangRule, bulan_bounds, jenjang_rules, predikat_rules
from knowledge.calc._strict import MAX_ITEMS, Name, Num, Strict, as_dict, validate
from knowledge.calc.dates import iso_date
from knowledge.calc.numbers import to_fraction
from knowledge.errors import InputError

PROJECTION_FIELDS = ("golongan", "ak_saat_ini", "tanggal", "predikat_per_tahun")


class CreditModel(Strict):
    """An angka kredit request (docs/credit_exam.md)."""

    jenjang: Name | None = None
    predikat: Name | None = None
    predikat_per_tahun: Annotated[list[Name], Field(max_length=MAX_ITEMS)] | None = None
    bulan: Num = None
    golongan: Name | None = None
    ak_saat_ini: Num = None
    tanggal: Name | None = None
    hari_ini: Name | None = None


def strict(raw: Any) -> dict[str, Any]:
    """Return the request after the strict contract (unknown fields refused by name)."""
    return as_dict(validate(CreditModel, raw))


def jenjang(request: dict[str, Any]) -> JenjangRule:
    """Return the requested jenjang rule."""
    rules = jenjang_rules()
    value = request.get("jenjang")
    if not isinstance(value, str) or value.strip().lower() not in rules:
        raise InputError("jenjang", f"pilih salah satu dari: {', '.join(rules)}.")
    return rules[value.strip().lower()]


def one_predikat(value: Any, field: str) -> str:
    """Return a predikat id, or raise naming the allowed ids."""
    allowed = predikat_rules()
    if not isinstance(value, str) or value.strip().lower() not in allowed:
        raise InputError(field, f"pilih salah satu dari: {', '.join(allowed)}.")
    return value.strip().lower()


def predikat_list(request: dict[str, Any]) -> list[str]:
    """Return the predikat per year: ``predikat_per_tahun`` if given, else ``[predikat]``."""
    per_year = request.get("predikat_per_tahun")
    if per_year is not None:
        if not isinstance(per_year, list) or not per_year:
            raise InputError("predikat_per_tahun",
                             "isi dengan daftar predikat per tahun, minimal satu.")
        years = [one_predikat(v, f"predikat_per_tahun[{i}]") for i, v in enumerate(per_year)]
        single = request.get("predikat")
        if single is not None and one_predikat(single, "predikat") != years[0]:
            raise InputError("predikat", "berbeda dengan predikat_per_tahun[0]; isi salah satu "
                             "saja atau samakan keduanya.")
        return years
    if "predikat" not in request:
        raise InputError("predikat", f"wajib diisi: {', '.join(predikat_rules())}.")
    return [one_predikat(request["predikat"], "predikat")]


def bulan(request: dict[str, Any]) -> int:
    """Return the number of months (default a full year)."""
    low, high, per_year = bulan_bounds()
    raw = request.get("bulan")
    raw = per_year if raw is None else raw
    value = to_fraction(raw, "bulan")
    if value.denominator != 1 or not low <= value <= high:
        raise InputError("bulan", f"harus bilangan bulat dari {low} sampai {high}.")
    return int(value)


def golongan(request: dict[str, Any], rule: JenjangRule) -> str:
    """Return the golongan, which must lie in the jenjang's range."""
    value = request.get("golongan")
    allowed = ", ".join(rule.golongan)
    if not isinstance(value, str):
        raise InputError("golongan", f"wajib diisi untuk {rule.label}: {allowed}.")
    norm = value.strip().replace(" ", "")
    if "/" in norm:
        roman, letter = norm.split("/", 1)
        norm = f"{roman.upper()}/{letter.lower()}"
    if norm not in rule.golongan:
        raise InputError("golongan", f"untuk {rule.label} pilih salah satu dari: {allowed}.")
    return norm


def ak_ceiling(rule: JenjangRule) -> Fraction:
    """Return the most AK kumulatif a jenjang can carry: its highest minimum, twice over.

    Past the last minimum of the jenjang (kenaikan jenjang, or the last kenaikan pangkat at
    the top) the AK would already have been used; twice that is far beyond any real record.
    """
    highest = rule.min_pangkat * len(rule.golongan)
    if rule.min_jenjang is not None:
        highest = max(highest, rule.min_jenjang)
    return 2 * highest


def ak_saat_ini(request: dict[str, Any], rule: JenjangRule | None = None) -> Fraction:
    """Return the current AK kumulatif (zero or more, within what the jenjang allows)."""
    given = request.get("ak_saat_ini")
    value = to_fraction(0 if given is None else given, "ak_saat_ini")
    if value < 0:
        raise InputError("ak_saat_ini", "harus angka nol atau lebih.")
    if rule is not None and value > ak_ceiling(rule):
        raise InputError("ak_saat_ini", f"{fmt.number(int(ak_ceiling(rule)))} adalah batas "
                         f"masuk akal untuk {rule.label}; angka kredit kumulatif sebesar itu "
                         "jauh di atas syarat kenaikan pangkat dan jenjang, periksa lagi.")
    return value


def tanggal(request: dict[str, Any]) -> dt.date:
    """Return the ISO date of the current AK."""
    return iso_date(request.get("tanggal"), "tanggal", "wajib berupa tanggal dengan format "
                    "TTTT-BB-HH, misalnya 2025-01-01.")


def hari_ini(request: dict[str, Any]) -> dt.date | None:
    """Return today's date when the caller gives it (periods before it are never offered)."""
    if request.get("hari_ini") is None:
        return None
    return iso_date(request["hari_ini"], "hari_ini", "harus berupa tanggal dengan format "
                    "TTTT-BB-HH, misalnya 2025-01-01.")


def wants_projection(request: dict[str, Any]) -> bool:
    """Return whether the request asks for a projection."""
    return any(request.get(f) is not None for f in PROJECTION_FIELDS[:3])
