"""Nilai uji kompetensi calculator (Lampiran VIII scoring forms, Lampiran IX weights and
validity of the rekomendasi).

The weights of CAT, seminar, praktik and wawancara inside UKT and the pass mark are not in the
appendices; they are request inputs with the defaults below, and every result says so.
"""

from __future__ import annotations

import calendar
import datetime as dt
from fractions import Fraction
from typing import Annotated, Any

from pydantic import Field

from knowledge import fmt
from knowledge.calc._strict import MAX_ITEMS, Name, Num, Strict, as_dict, validate
from knowledge.calc.contract import CalcOutput
from knowledge.calc.dates import iso_date
from knowledge.calc.numbers import SHOWN_PLACES, json_number, to_fraction, to_places
from knowledge.data_files import load_table
from knowledge.errors import InputError
from knowledge.sources_text import DOCUMENT_TITLES

PENILAIAN = "permendag/lampiran_viii_penilaian"
REKOMENDASI = "permendag/lampiran_ix_rekomendasi"
DISPLAY_PLACES = SHOWN_PLACES
# ASSUMPTION (not in Permendag 4/2025): the default pass mark for nilai akhir. Callers can
# override it with "nilai_lulus"; results flag it as an assumption.
DEFAULT_PASS_MARK = Fraction(65)
TODAY_FIELD = "hari_ini"
COMPONENT_LABELS = {"cat": "CAT", "seminar": "Seminar", "praktik": "Praktik",
                    "wawancara": "Wawancara"}
CITE_VIII = f"{DOCUMENT_TITLES['permendag']} — Lampiran VIII"
CITE_IX = f"{DOCUMENT_TITLES['permendag']} — Lampiran IX"
_HUNDRED = Fraction(100)


def _pen() -> dict[str, Any]:
    data: dict[str, Any] = load_table(PENILAIAN)
    return data


def _rek() -> dict[str, Any]:
    data: dict[str, Any] = load_table(REKOMENDASI)
    return data


def _scale() -> tuple[Fraction, Fraction]:
    w = _pen()["wawancara"]
    return Fraction(w["nilai_minimal"]), Fraction(w["nilai_maksimal"])


def _score(value: Any, field: str, maximum: Fraction) -> Fraction:
    low = _scale()[0]
    d = to_fraction(value, field)
    if not low <= d <= maximum:
        raise InputError(field, f"harus angka dari {show(low)} sampai "
                         f"{show(maximum)}.")
    return d


def _form_sum(request: dict[str, Any], key: str) -> Fraction | None:
    value = request.get(key)
    if value is None:
        return None
    elements = _pen()[key]["elemen"]
    names = ", ".join(e["elemen"] for e in elements)
    if not isinstance(value, dict):
        raise InputError(key, f"isi dengan objek berisi nilai {names}.")
    unknown = sorted(set(value) - {e["elemen"] for e in elements})
    if unknown:
        raise InputError(f"{key}.{unknown[0]}", f"bukan elemen {key}; pilih dari: {names}.")
    total = Fraction(0)
    for e in elements:
        if e["elemen"] not in value:
            raise InputError(f"{key}.{e['elemen']}",
                             f"wajib diisi, nilai 0 sampai {e['maksimal']}.")
        total += _score(value[e["elemen"]], f"{key}.{e['elemen']}", Fraction(e["maksimal"]))
    return total


def _wawancara(request: dict[str, Any]) -> Fraction | None:
    value = request.get("wawancara")
    if value is None:
        return None
    low, high = _scale()
    if not isinstance(value, list) or not value:
        raise InputError("wawancara", f"isi dengan daftar nilai per kompetensi "
                         f"({show(low)}–{show(high)}), minimal satu.")
    scores = [_score(v, f"wawancara[{i}]", high) for i, v in enumerate(value)]
    return sum(scores, Fraction(0)) / len(scores)


def _pass_mark(value: Any, high: Fraction) -> Fraction:
    mark = _score(value, "nilai_lulus", high)
    if (mark * 10**DISPLAY_PLACES).denominator != 1:
        # A shown score is cut to two decimals; a finer pass mark could sit between them.
        raise InputError("nilai_lulus", "paling banyak dua angka di belakang koma.")
    return mark


def _weights(request: dict[str, Any], given: list[str]) -> tuple[dict[str, Fraction], bool]:
    """Return UKT weights in percent and whether they are the default (equal) weights."""
    raw = request.get("bobot_ukt")
    if raw is None:
        return {c: _HUNDRED / len(given) for c in given}, True
    if not isinstance(raw, dict):
        raise InputError("bobot_ukt", "isi dengan objek bobot persen per komponen UKT.")
    for key in raw:
        if key not in given:
            raise InputError(f"bobot_ukt.{key}",
                             f"hanya untuk komponen yang dinilai: {', '.join(given)}.")
    weights = {}
    for c in given:
        if c not in raw:
            raise InputError(f"bobot_ukt.{c}", "wajib diisi untuk setiap komponen yang dinilai.")
        w = to_fraction(raw[c], f"bobot_ukt.{c}")
        if w < 0:
            raise InputError(f"bobot_ukt.{c}", "harus angka nol atau lebih.")
        weights[c] = w
    if sum(weights.values(), Fraction(0)) != _HUNDRED:
        raise InputError("bobot_ukt", "jumlah bobot harus 100 (persen).")
    return weights, False


def add_years(day: dt.date, years: int) -> dt.date:
    """Return the same calendar date ``years`` later; 29 February becomes 28 February."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return dt.date(year, day.month, min(day.day, last))


def expiry(day: dt.date) -> dt.date:
    """Return the end of validity of a rekomendasi dated ``day`` (Lampiran IX)."""
    return add_years(day, int(_rek()["masa_berlaku"]["tahun"]))


def _date(request: dict[str, Any], field: str) -> dt.date | None:
    value = request.get(field)
    if value is None:
        return None
    return iso_date(value, field, "harus berupa tanggal dengan format TTTT-BB-HH, misalnya "
                    "2025-04-01.")


# Said whenever a score shown has more than two decimals (show): the exact value is in the JSON.
CUT_NOTE = ("Nilai dengan lebih dari dua desimal ditampilkan terpotong pada dua desimal "
            "(tidak dibulatkan).")


def show(value: Fraction) -> str:
    """Return a score as shown: whole numbers plain, else cut to 2 decimals (numbers.cut).

    Cutting never lifts a score to the pass mark (which has at most two decimals): 64,995
    shows as 64,99 beside "Tidak Lulus", never as 65,00.
    """
    if value.denominator == 1:
        return fmt.number(value.numerator)
    return fmt.number(to_places(value, DISPLAY_PLACES), DISPLAY_PLACES)


def reference() -> dict[str, Any]:
    """Return the scoring maxima, weights, validity and the labelled defaults (``--list``)."""
    pen, rek = _pen(), _rek()
    low, high = _scale()
    return {
        "seminar": {e["elemen"]: int(e["maksimal"]) for e in pen["seminar"]["elemen"]},
        "praktik": {e["elemen"]: int(e["maksimal"]) for e in pen["praktik"]["elemen"]},
        "wawancara": {"nilai_minimal": int(low), "nilai_maksimal": int(high),
                      "nilai": "rata-rata nilai per kompetensi"},
        "cat": {"nilai_minimal": int(low), "nilai_maksimal": int(high)},
        "bobot_nilai_akhir": {b["komponen"]: int(b["persen"]) for b in rek["bobot"]},
        "masa_berlaku_rekomendasi_tahun": int(rek["masa_berlaku"]["tahun"]),
        "asumsi_bawaan": {
            "bobot_ukt": "sama rata di antara komponen UKT yang diisi (tidak diatur dalam "
                         "Lampiran VIII/IX)",
            "nilai_lulus": json_number(DEFAULT_PASS_MARK),
            "nilai_lulus_keterangan": "asumsi bawaan kalkulator, tidak diatur dalam Lampiran "
                                      "VIII/IX; ubah dengan field nilai_lulus",
        },
        "catatan": pen["notes"] + rek["notes"],
        "citations": [CITE_VIII, CITE_IX],
    }


class ExamModel(Strict):
    """An uji kompetensi request (docs/credit_exam.md)."""

    cat: Num = None
    seminar: dict[Name, Num] | None = None
    praktik: dict[Name, Num] | None = None
    wawancara: Annotated[list[Num], Field(max_length=MAX_ITEMS)] | None = None
    ukmsk: Num = None
    nilai_lulus: Num = None
    bobot_ukt: dict[Name, Num] | None = None
    tanggal_rekomendasi: Name | None = None
    hari_ini: Name | None = None


def run(request: dict[str, Any]) -> CalcOutput:
    """Compute the component scores, UKT, nilai akhir, recommendation and validity."""
    request = as_dict(validate(ExamModel, request))
    low, high = _scale()
    parts: dict[str, Fraction] = {}
    if request.get("cat") is not None:
        parts["cat"] = _score(request["cat"], "cat", high)
    for key in ("seminar", "praktik"):
        total = _form_sum(request, key)
        if total is not None:
            parts[key] = total
    wawancara = _wawancara(request)
    if wawancara is not None:
        parts["wawancara"] = wawancara
    if not parts:
        raise InputError("ukt", "isi minimal satu komponen: cat, seminar, praktik, wawancara.")
    given = [c for c in COMPONENT_LABELS if c in parts]
    weights, default_weights = _weights(request, given)
    if default_weights:
        # The plain mean: 100/3 % weights would leave a rounding residue.
        ukt = sum((parts[c] for c in given), Fraction(0)) / len(given)
    else:
        ukt = sum((parts[c] * weights[c] for c in given), Fraction(0)) / _HUNDRED
    ukmsk = None if request.get("ukmsk") is None else _score(request["ukmsk"], "ukmsk", high)
    pass_mark = DEFAULT_PASS_MARK if request.get("nilai_lulus") is None else _pass_mark(
        request["nilai_lulus"], high)
    bobot = {b["komponen"]: Fraction(b["persen"]) for b in _rek()["bobot"]}
    nilai_akhir = None if ukmsk is None else (
        bobot["ukt"] * ukt + bobot["ukmsk"] * ukmsk) / _HUNDRED
    tanggal = _date(request, "tanggal_rekomendasi")
    berlaku = None if tanggal is None else expiry(tanggal)
    hari_ini = _date(request, TODAY_FIELD)
    kedaluwarsa = None if berlaku is None or hari_ini is None or hari_ini <= berlaku else (
        berlaku + dt.timedelta(days=1))

    assumptions = []
    if default_weights:
        assumptions.append("Bobot komponen UKT tidak diatur dalam Lampiran VIII/IX; dipakai bobot "
                           "sama rata di antara komponen yang diisi (asumsi).")
    else:
        assumptions.append("Bobot komponen UKT diambil dari permintaan Anda (tidak diatur dalam "
                           "Lampiran VIII/IX).")
    assumptions.append(
        f"Nilai lulus {show(pass_mark)} "
        + ("adalah asumsi bawaan kalkulator" if request.get("nilai_lulus") is None
           else "diambil dari permintaan Anda")
        + "; Lampiran VIII/IX tidak menetapkan nilai lulus.")
    rekomendasi = None if nilai_akhir is None else (
        "lulus" if nilai_akhir >= pass_mark else "tidak_lulus")
    result: dict[str, Any] = {
        **{c: json_number(parts[c]) for c in given},
        "komponen_ukt": given,
        "bobot_ukt": {c: json_number(weights[c]) for c in given},
        "bobot_ukt_asumsi": default_weights,
        "ukt": json_number(ukt),
        "ukt_tampil": show(ukt),
        "ukmsk": None if ukmsk is None else json_number(ukmsk),
        "bobot_nilai_akhir": {k: json_number(v) for k, v in bobot.items()},
        "nilai_akhir": None if nilai_akhir is None else json_number(nilai_akhir),
        "nilai_akhir_tampil": None if nilai_akhir is None else show(nilai_akhir),
        "nilai_lulus": json_number(pass_mark),
        "nilai_lulus_asumsi": request.get("nilai_lulus") is None,
        "rekomendasi": rekomendasi,
        "tanggal_rekomendasi": None if tanggal is None else tanggal.isoformat(),
        "berlaku_sampai": None if berlaku is None else berlaku.isoformat(),
        "berlaku_sampai_tampil": None if berlaku is None else fmt.date(berlaku),
        "masih_berlaku": None if berlaku is None or hari_ini is None else kedaluwarsa is None,
        "tidak_berlaku_sejak": None if kedaluwarsa is None else kedaluwarsa.isoformat(),
        "asumsi": assumptions,
    }
    lines = [f"Nilai {COMPONENT_LABELS[c]}: {show(parts[c])} (bobot UKT "
             f"{show(weights[c])}%)." for c in given]
    lines.append(f"Nilai UKT: {show(ukt)}.")
    if nilai_akhir is not None and ukmsk is not None:
        lines.append(
            f"Nilai akhir = {show(bobot['ukt'])}% × UKT {show(ukt)} + "
            f"{show(bobot['ukmsk'])}% × UKMSK {show(ukmsk)} = {show(nilai_akhir)}; "
            f"rekomendasi: {'Lulus' if rekomendasi == 'lulus' else 'Tidak Lulus'} "
            f"(nilai lulus {show(pass_mark)}).")
    else:
        lines.append("Isi nilai UKMSK untuk menghitung nilai akhir.")
    if tanggal is not None and berlaku is not None:
        lines.append(f"{_rek()['masa_berlaku']['teks']}: surat rekomendasi bertanggal "
                     f"{fmt.date(tanggal)} berlaku sampai {fmt.date(berlaku)}.")
        if kedaluwarsa is not None:
            lines.append(f"Surat rekomendasi ini sudah tidak berlaku sejak "
                         f"{fmt.date(kedaluwarsa)}.")
    shown = [*parts.values(), *(weights[c] for c in given), ukt,
             *(v for v in (ukmsk, nilai_akhir) if v is not None)]
    if any((v * 10**DISPLAY_PLACES).denominator != 1 for v in shown):
        lines.append(CUT_NOTE)
    lines.append("Asumsi: " + " ".join(assumptions))
    citations = [CITE_VIII, CITE_IX]
    result["citations"] = citations
    lines.append("Sumber: " + "; ".join(citations) + ".")
    return CalcOutput(json=result, text="\n".join(lines), citations=citations)
