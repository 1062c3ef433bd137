"""Validation of a formation request: every bad field becomes one Indonesian sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Annotated, Any

from pydantic import Field, PlainValidator
from pydantic_core import PydanticCustomError

from knowledge import fmt
from knowledge.calc import _formation_data as data
from knowledge.calc._strict import (
    MAX_ITEMS,
    Flag,
    Name,
    Num,
    Strict,
    Text,
    as_dict,
    check_number,
    validate,
)
from knowledge.calc.numbers import to_fraction
from knowledge.errors import InputError
from knowledge.ids import CATEGORY_LABELS, JF_LABELS

OUTPUT_KEYS = ("id", "volume", "national_impact")
FORM_FIELDS = ("instansi", "unit_kerja", "tahun", "pejabat_nama", "pejabat_nip")
# Sanity bounds, not regulation figures: a volume or a head count beyond them is a typing
# slip, and refusing it keeps every shown figure readable on the form.
MAX_VOLUME = 10**9
MAX_BEZETTING = 100_000


def _bezetting_value(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) > 2:
            raise PydanticCustomError("angka", "isi hanya pns dan/atau pppk.")
        return value  # {"pns", "pppk"}: each key and count is checked, by name, in _bezetting
    return check_number(value)


class OutputModel(Strict):
    """One chosen Tabel 1 row: ``{"id", "volume", "national_impact"?}``."""

    id: Name | None = None
    volume: Num = None  # required; the domain check names it
    national_impact: Flag | None = None


class FormationModel(Strict):
    """A formation request (docs/formation.md)."""

    jf: Name | None = None
    category: Name | None = None
    outputs: Annotated[list[OutputModel], Field(max_length=MAX_ITEMS)] | None = None
    national_impact: Flag | None = None
    bezetting: dict[Name, Annotated[Any, PlainValidator(_bezetting_value)]] | None = None
    instansi: Text | None = None
    unit_kerja: Text | None = None
    tahun: Text | int | None = None
    pejabat_nama: Text | None = None  # the signing official (both forms)
    pejabat_nip: Text | None = None


TOP_LEVEL = tuple(FormationModel.model_fields)


@dataclass(frozen=True)
class OutputRequest:
    """One chosen Tabel 1 row with its yearly volume."""

    row: dict[str, Any]
    volume: Fraction
    national_impact: bool
    impact_overridden: bool


@dataclass(frozen=True)
class Bezetting:
    """Current officials of one jenjang (PNS + PPPK, Lampiran IV form A column 3)."""

    total: int
    pns: int | None = None
    pppk: int | None = None


@dataclass(frozen=True)
class Request:
    """A validated request."""

    jf: str
    category: str
    outputs: list[OutputRequest]
    national_impact: bool
    bezetting: dict[str, Bezetting]
    form: dict[str, str] = field(default_factory=dict)


def _choices(items: list[str]) -> str:
    return ", ".join(items)


def _jf(request: dict[str, Any]) -> str:
    jf = request.get("jf")
    if not isinstance(jf, str) or jf not in JF_LABELS:
        raise InputError("jf", f"pilih salah satu JF: {_choices(list(JF_LABELS))}.")
    return jf


def _category(request: dict[str, Any], jf: str) -> str:
    allowed = data.categories(jf)
    cat = request.get("category")
    if cat is None:
        if len(allowed) == 1:
            return allowed[0]
        raise InputError(
            "category", f"{JF_LABELS[jf]} memiliki kategori {' dan '.join(allowed)}; pilih salah "
            "satu.",
        )
    if cat not in allowed:
        raise InputError(
            "category", f"{JF_LABELS[jf]} pada Lampiran III Tabel 1 hanya memiliki kategori "
            f"{' dan '.join(allowed)}.",
        )
    return str(cat)


def _flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(name, "isi dengan true atau false.")
    return value


def _row(out: dict[str, Any], name: str, jf: str, category: str) -> dict[str, Any]:
    own = [r["id"] for r in data.rows_for(jf, category)]
    allowed = (
        f"pilih hasil akhir {JF_LABELS[jf]} kategori {CATEGORY_LABELS[category]}: {_choices(own)}."
    )
    rid = out.get("id")
    if not isinstance(rid, str) or rid not in data.rows_by_id():
        raise InputError(f"{name}.id", f"hasil akhir tidak dikenal; {allowed}")
    row = data.rows_by_id()[rid]
    if row["jf"] != jf or row["category"] != category:
        raise InputError(
            f"{name}.id", f"hasil akhir {rid} milik {JF_LABELS[row['jf']]} kategori "
            f"{CATEGORY_LABELS[row['category']]}; {allowed}",
        )
    return row


def _outputs(request: dict[str, Any], jf: str, category: str, default_impact: bool) -> list[
    OutputRequest
]:
    outputs = request.get("outputs")
    if not isinstance(outputs, list) or not outputs:
        raise InputError(
            "outputs", "isi minimal satu hasil akhir berupa daftar [{\"id\": ..., \"volume\": "
            "...}] (lihat daftar id dengan --list).",
        )
    seen: dict[str, int] = {}
    parsed: list[OutputRequest] = []
    for i, out in enumerate(outputs):
        name = f"outputs[{i}]"
        if not isinstance(out, dict):
            raise InputError(name, "harus berupa objek {\"id\": ..., \"volume\": ...}.")
        for key in out:
            if key not in OUTPUT_KEYS:
                raise InputError(
                    f"{name}.{key}", f"kolom yang diterima: {_choices(list(OUTPUT_KEYS))}."
                )
        row = _row(out, name, jf, category)
        if row["id"] in seen:
            raise InputError(
                f"{name}.id", f"hasil akhir {row['id']} sudah ada pada outputs[{seen[row['id']]}]; "
                "satu hasil akhir cukup sekali, jumlahkan volumenya.",
            )
        seen[row["id"]] = i
        if "volume" not in out:
            raise InputError(f"{name}.volume", "wajib diisi dengan volume hasil akhir setahun.")
        volume = to_fraction(out["volume"], f"{name}.volume")
        if volume < 0:
            raise InputError(f"{name}.volume", "harus berupa angka 0 atau lebih (volume setahun).")
        if volume > MAX_VOLUME:
            raise InputError(f"{name}.volume", f"paling banyak {fmt.number(MAX_VOLUME)} setahun; "
                             "angka sebesar itu hampir pasti salah ketik.")
        overridden = "national_impact" in out
        impact = _flag(out["national_impact"], f"{name}.national_impact") if overridden else (
            default_impact
        )
        parsed.append(OutputRequest(row, volume, impact, overridden))
    return parsed


def _count(value: Any, name: str) -> int:
    number = to_fraction(value, name)
    if number < 0 or number.denominator != 1:
        raise InputError(name, "harus berupa bilangan bulat 0 atau lebih (jumlah orang).")
    if number > MAX_BEZETTING:
        raise InputError(name, f"paling banyak {fmt.number(MAX_BEZETTING)} orang; jumlah pejabat "
                         "fungsional satu jenjang di satu instansi tidak sebesar itu.")
    return int(number)


def _bezetting(request: dict[str, Any], jf: str, category: str) -> dict[str, Bezetting]:
    raw = request.get("bezetting", {})
    if raw is None:
        raw = {}
    allowed = data.jenjang_for(jf, category)
    if not isinstance(raw, dict):
        raise InputError(
            "bezetting", f"harus berupa objek per jenjang, misalnya {{\"{allowed[0]}\": 1}}."
        )
    out: dict[str, Bezetting] = {}
    for key, value in raw.items():
        name = f"bezetting.{key}"
        if key not in allowed:
            labels = _choices(allowed)
            raise InputError(
                name, f"jenjang {JF_LABELS[jf]} kategori {CATEGORY_LABELS[category]} pada "
                f"Lampiran III Tabel 1: {labels}.",
            )
        if isinstance(value, dict):
            for sub in value:
                if sub not in ("pns", "pppk"):
                    raise InputError(f"{name}.{sub}", "isi hanya pns dan/atau pppk.")
            pns = _count(value.get("pns", 0), f"{name}.pns")
            pppk = _count(value.get("pppk", 0), f"{name}.pppk")
            out[key] = Bezetting(pns + pppk, pns, pppk)
        else:
            out[key] = Bezetting(_count(value, name))
    return out


def _form(request: dict[str, Any]) -> dict[str, str]:
    form: dict[str, str] = {}
    for key in FORM_FIELDS:
        value = request.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise InputError(key, "isi dengan teks.")
        form[key] = str(value).strip()
    return form


def parse(raw: Any) -> Request:
    """Return the validated request or raise InputError naming the first bad field."""
    request = as_dict(validate(FormationModel, raw))
    jf = _jf(request)
    category = _category(request, jf)
    impact = _flag(request.get("national_impact", False), "national_impact")
    return Request(
        jf=jf,
        category=category,
        outputs=_outputs(request, jf, category, impact),
        national_impact=impact,
        bezetting=_bezetting(request, jf, category),
        form=_form(request),
    )
