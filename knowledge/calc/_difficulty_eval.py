"""Validate one instrument of a tingkat kesulitan request and weigh it (Lampiran II)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from knowledge.calc._difficulty_data import Band, Kegiatan, Unsur, all_kegiatan
from knowledge.calc.numbers import exact_text, json_number, to_decimal, to_fraction
from knowledge.errors import InputError
from knowledge.fmt import number
from knowledge.ids import JF_LABELS

INSTRUMENT_KEYS = {"nama", "jf", "kegiatan", "bobot", "ukuran", "standar"}
MINUTES_PER_HOUR = 60  # unit conversion, not a regulation number


def kegiatan_for(jf: Any, kegiatan: Any, field_prefix: str) -> Kegiatan:
    """Return the kegiatan a request names, checking the optional jf against it."""
    table = all_kegiatan()
    if kegiatan is None:
        raise InputError(f"{field_prefix}kegiatan",
                         f"wajib diisi; pilih salah satu dari: {', '.join(table)}.")
    if not isinstance(kegiatan, str) or kegiatan not in table:
        raise InputError(f"{field_prefix}kegiatan",
                         f"tidak dikenal; pilih salah satu dari: {', '.join(table)}.")
    keg = table[kegiatan]
    if jf is not None:
        jfs = sorted({k.jf for k in table.values()})
        if jf not in jfs:
            raise InputError(f"{field_prefix}jf",
                             f"tidak dikenal; tingkat kesulitan hanya ada untuk: {', '.join(jfs)}.")
        if jf != keg.jf:
            own = ", ".join(k for k, v in table.items() if v.jf == jf)
            raise InputError(f"{field_prefix}jf",
                             f"kegiatan {kegiatan} milik JF {keg.jf}; untuk JF {jf} pilih: {own}.")
    return keg


def _weight(value: Any, unsur: Unsur, field: str) -> int:
    allowed = f"bilangan bulat {unsur.min_weight} sampai {unsur.max_weight}"
    try:
        d = to_fraction(value, field)
    except InputError:
        raise InputError(field, f"bobot {unsur.label} harus {allowed}.") from None
    if d.denominator != 1 or not unsur.min_weight <= d <= unsur.max_weight:
        raise InputError(field, f"bobot {unsur.label} harus {allowed}.")
    return int(d)


def _measure(value: Any, unsur: Unsur, field: str) -> tuple[Fraction, Fraction, str]:
    """Return (value in the table's unit, value as given, unit as given) of a measurement."""
    q = unsur.quantity
    if q is None:
        measurable = ", ".join(sorted(
            u.id for k in all_kegiatan().values() for u in k.unsur if u.quantity is not None
        ))
        raise InputError(field, f"{unsur.label} tidak diukur dengan angka; isi bobotnya "
                                f"({unsur.min_weight}-{unsur.max_weight}). Unsur terukur: "
                                f"{measurable}.")
    unit = str(q["unit"])
    given_unit = unit
    if isinstance(value, dict):
        extra = set(value) - {"nilai", "satuan"}
        if extra or "nilai" not in value:
            raise InputError(field, 'tulis ukuran sebagai angka atau {"nilai": angka, '
                                    '"satuan": "..."}.')
        given_unit = value.get("satuan") or unit
        value = value["nilai"]
        if given_unit not in q["units_accepted"]:
            raise InputError(f"{field}.satuan",
                             f"pilih salah satu dari: {', '.join(q['units_accepted'])}.")
    try:
        given = to_fraction(value, field)
    except InputError:
        raise InputError(field, f"ukuran {unsur.label} harus berupa angka.") from None
    if q["integer"]:
        if given.denominator != 1 or given < 1:
            raise InputError(field, f"{unsur.label} harus bilangan bulat 1 atau lebih ({unit}).")
    elif given <= 0:
        raise InputError(field, f"{unsur.label} harus angka lebih dari 0 ({given_unit}).")
    in_unit = given / MINUTES_PER_HOUR if given_unit == "menit" else given
    return in_unit, given, str(given_unit)


def _band_for(unsur: Unsur, value: Fraction) -> Band:
    found = [b for b in unsur.bands if b.range is not None and b.range.contains(value)]
    if len(found) != 1:  # the data tests guarantee exactly one band for every valid value
        raise RuntimeError(f"{unsur.id}: {value} matches {len(found)} bands")
    return found[0]


def _given(item: dict[str, Any], keg: Kegiatan, prefix: str) -> dict[str, tuple[str, Any, str]]:
    """Return per unsur id: ("bobot"|"ukuran", raw value, field path)."""
    unsur_ids = [u.id for u in keg.unsur]
    known = ", ".join(unsur_ids)
    given: dict[str, tuple[str, Any, str]] = {}
    bobot = item.get("bobot")
    entries: list[tuple[str, Any, str]] = []  # (unsur id, raw value, field path)
    if isinstance(bobot, list):
        if len(bobot) != len(unsur_ids):
            raise InputError(f"{prefix}bobot",
                             f"harus berisi {len(unsur_ids)} nilai sesuai urutan unsur "
                             f"{keg.bobot_citation}: {known}.")
        entries = [(uid, raw, f"{prefix}bobot[{i}]")
                   for i, (uid, raw) in enumerate(zip(unsur_ids, bobot, strict=True))]
    elif isinstance(bobot, dict):
        for uid in bobot:
            if uid not in unsur_ids:
                raise InputError(f"{prefix}bobot.{uid}",
                                 f"unsur tidak dikenal untuk {keg.id}; pilih dari: {known}.")
        entries = [(uid, raw, f"{prefix}bobot.{uid}") for uid, raw in bobot.items()]
    elif bobot is not None:
        raise InputError(f"{prefix}bobot", "harus berupa daftar [..] atau objek {unsur: bobot}.")
    for uid, raw, field in entries:
        if raw is not None:
            # A measurement written in the bobot list/object: {"nilai": ..., "satuan"?: ...}.
            kind = "ukuran" if isinstance(raw, dict) and "nilai" in raw else "bobot"
            given[uid] = (kind, raw, field)
    ukuran = item.get("ukuran")
    if ukuran is not None:
        if not isinstance(ukuran, dict):
            raise InputError(f"{prefix}ukuran", "harus berupa objek {unsur: nilai}.")
        for uid, raw in ukuran.items():
            if uid not in unsur_ids:
                raise InputError(f"{prefix}ukuran.{uid}",
                                 f"unsur tidak dikenal untuk {keg.id}; pilih dari: {known}.")
            if uid in given:
                raise InputError(f"{prefix}ukuran.{uid}",
                                 "sudah diisi di bobot; isi salah satu saja.")
            given[uid] = ("ukuran", raw, f"{prefix}ukuran.{uid}")
    missing = [u for u in unsur_ids if u not in given]
    if missing:
        raise InputError(f"{prefix}bobot",
                         f"unsur belum diisi: {', '.join(missing)}; isi bobot atau ukurannya.")
    return given


def evaluate(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Weigh one instrument and return its JSON-ready result."""
    extra = set(item) - INSTRUMENT_KEYS
    if extra:
        raise InputError(f"{prefix}{sorted(extra)[0]}",
                         f"kolom tidak dikenal; yang boleh: {', '.join(sorted(INSTRUMENT_KEYS))}.")
    keg = kegiatan_for(item.get("jf"), item.get("kegiatan"), prefix)
    nama = item.get("nama")
    if nama is not None and not isinstance(nama, str):
        raise InputError(f"{prefix}nama", "harus berupa teks.")
    given = _given(item, keg, prefix)
    rows = []
    notes: list[str] = []
    total = 0
    for u in keg.unsur:
        kind, raw, field = given[u.id]
        row: dict[str, Any] = {"id": u.id, "no": u.no, "label": u.label}
        if kind == "bobot":
            weight = _weight(raw, u, field)
            band = next(b for b in u.bands if b.weight == weight)
        else:
            value, shown, unit = _measure(raw, u, field)
            band = _band_for(u, value)
            row["nilai"] = json_number(shown)
            row["satuan"] = unit
            table_unit = str(u.quantity["unit"]) if u.quantity else unit
            if unit != table_unit:  # the form's column is in the table's unit (jam)
                row["nilai_tabel"] = json_number(value)
                # Shown exactly (cut with "…" past 6 decimals): beside "> 3 jam" or "< 4 jam"
                # a rounded 3,00 or 4,00 would contradict the band.
                row["nilai_tabel_tampil"] = exact_text(value)
                row["satuan_tabel"] = table_unit
            rule = _rule_applied(band, value)
            if rule is not None:
                row["aturan"] = rule
                notes.append(f"{u.label} {number(to_decimal(shown, field))} {unit}: {rule}")
        row["bobot"] = band.weight
        row["uraian"] = band.wording
        if band.keterangan is not None:
            row["keterangan"] = band.keterangan
        rows.append(row)
        total += band.weight
    cls = next((c for c in keg.classes if c.low <= total <= c.high), None)
    if cls is None:  # the data tests guarantee the class table covers every possible total
        raise RuntimeError(f"{keg.id}: total {total} is in no class row")
    if keg.class_reversed:
        notes.append(f"{keg.class_citation} memakai angka 1-4 dengan urutan terbalik (total "
                     f"terkecil mendapat tingkat {keg.classes[0].label}); hasil mengikuti tabel "
                     "itu apa adanya.")
    result: dict[str, Any] = {
        "nama": nama,
        "jf": keg.jf,
        "jf_label": JF_LABELS[keg.jf],
        "kegiatan": keg.id,
        "kegiatan_label": keg.label,
        "unsur": rows,
        "total": total,
        "class": cls.label,
        "class_range": {"low": cls.low, "high": cls.high},
        "class_reversed": keg.class_reversed,
        "tables": {"bobot": keg.bobot_citation, "kelas": keg.class_citation},
        "notes": notes,
    }
    if item.get("standar") is not None:
        result["standar"] = str(item["standar"])
    return result


def _rule_applied(band: Band, value: Fraction) -> str | None:
    """Return the deliberate rule that decided this value's band, if any decided it."""
    if band.rule is None:
        return None
    if band.range_from == "keterangan":
        return band.rule
    if band.range_as_written is not None and not band.range_as_written.contains(value):
        return band.rule
    return None
