"""Angka kredit calculator: predikat kinerja to AK (Lampiran VII), with a projection to the
AK minimums for kenaikan pangkat and kenaikan jenjang and a chart."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Any

from knowledge import fmt
from knowledge.calc import _credit_request as req
from knowledge.calc._credit_data import (
    BKN_JENJANG,
    BKN_KONVERSI,
    BKN_PERIODE,
    BKN_PERIODE_2025,
    KONVERSI,
    MINIMAL,
    JenjangRule,
    bulan_bounds,
    footnote,
    jenjang_conditions,
    jenjang_rules,
    monthly_from,
    predikat_rules,
)
from knowledge.calc._credit_projection import (
    HORIZON_YEARS,
    MONTHS_PER_YEAR,
    Milestone,
    Projection,
    project,
)
from knowledge.calc.contract import CalcOutput
from knowledge.calc.numbers import SHOWN_PLACES, exact_text, json_number, to_decimal
from knowledge.data_files import load_table
from knowledge.ids import JENJANG_LABELS, PREDIKAT_LABELS
from knowledge.sources_text import DOCUMENT_TITLES

DISPLAY_PLACES = SHOWN_PLACES
CITE_KONVERSI = f"{DOCUMENT_TITLES['permendag']} — Lampiran VII angka 2"
CITE_MINIMAL = f"{DOCUMENT_TITLES['permendag']} — Lampiran VII angka 1"


def _cite_bkn(name: str) -> str:
    return str(load_table(name)["external_source"])


def _cite_periods() -> list[str]:
    """Return the period rules: the monthly one, then the two-monthly one it replaced."""
    return [_cite_bkn(BKN_PERIODE_2025),
            f"{_cite_bkn(BKN_PERIODE)} (periode sebelum {fmt.date(monthly_from())})"]


def annual_ak(rule: JenjangRule, predikat: str, bulan: int) -> Fraction:
    """Return AK = koefisien x persentase predikat x bulan / 12, exact."""
    per_year = bulan_bounds()[2]
    return rule.koefisien * predikat_rules()[predikat].persen / 100 * bulan / per_year


def jenjang_rule_table() -> dict[str, JenjangRule]:
    """Return every Lampiran VII jenjang rule by id (the public view for flows and reminders)."""
    return jenjang_rules()


def annual_ak_decimal(rule: JenjangRule, predikat: str, bulan: int) -> Decimal:
    """Return :func:`annual_ak` as a Decimal (exact: koefisien and persen are decimals)."""
    return to_decimal(annual_ak(rule, predikat, bulan), "angka_kredit")


def display(value: Fraction) -> str:
    """Return an AK value as Lampiran VII prints its cells: half-up to 2 decimals.

    The only AK shown beside a decision is the AK at the month a minimum is reached (>= the
    whole-number minimum), which half-up can never show below it.
    """
    cells = 10**DISPLAY_PLACES
    return fmt.number(Decimal(math.floor(value * cells + Fraction(1, 2))).scaleb(-DISPLAY_PLACES),
                      DISPLAY_PLACES)


def printed_cell(text: str) -> str:
    """Return a Lampiran VII cell exactly as printed (data keeps it with a dot decimal)."""
    return text.replace(".", ",")


def reference() -> dict[str, Any]:
    """Return the koefisien, predikat percentages and AK minimum tables (``--list``)."""
    rules = jenjang_rules()
    low, high, per_year = bulan_bounds()
    return {
        "predikat": [
            {"predikat": p.id, "label": p.label, "persen": json_number(p.persen)}
            for p in predikat_rules().values()
        ],
        "jenjang": [
            {
                "jenjang": r.id,
                "label": r.label,
                "kategori": r.kategori,
                "golongan": list(r.golongan),
                "koefisien": json_number(r.koefisien),
                "ak_minimal_kenaikan_pangkat": json_number(r.min_pangkat),
                "ak_minimal_kenaikan_jenjang": None if r.min_jenjang is None
                else json_number(r.min_jenjang),
                "konversi_tahunan": {
                    pid: json_number(annual_ak(r, pid, per_year)) for pid in predikat_rules()
                },
                "konversi_tercetak": r.tercetak,
            }
            for r in rules.values()
        ],
        "catatan_kaki": footnote(),
        "bulan": {"minimal": low, "maksimal": high, "rumus": load_table(BKN_KONVERSI)["rumus"]},
        "periode_kenaikan_pangkat": load_table(BKN_PERIODE_2025),
        "periode_kenaikan_pangkat_sebelumnya": load_table(BKN_PERIODE),
        "syarat_kenaikan_jenjang": jenjang_conditions()["syarat"],
        "horizon_proyeksi_tahun": HORIZON_YEARS,
        "catatan": load_table(KONVERSI)["notes"] + load_table(MINIMAL)["notes"],
        "citations": [CITE_KONVERSI, CITE_MINIMAL, _cite_bkn(BKN_KONVERSI), *_cite_periods()],
    }


def _table_note(rule: JenjangRule, predikat: str, exact: Fraction) -> str | None:
    printed = Fraction(rule.tercetak[predikat])
    cells = 10**DISPLAY_PLACES
    rounded = Fraction(math.floor(exact * cells + Fraction(1, 2)), cells)  # the table's half-up
    shown = printed_cell(rule.tercetak[predikat])
    if printed == rounded:
        return None
    if printed == exact:
        return (f"Tabel Lampiran VII mencetak nilai ini tanpa pembulatan "
                f"({shown}), sedangkan sel lain dibulatkan dua desimal.")
    return f"Tabel Lampiran VII mencetak {shown}."


def _milestone_json(m: Milestone) -> dict[str, Any]:
    return {
        "jenis": m.jenis,
        "dari_golongan": m.dari_golongan,
        "ke_golongan": m.ke_golongan,
        "ke_jenjang": m.ke_jenjang,
        "ak_minimal": json_number(m.ak_minimal),
        "tercapai": m.bulan_ke is not None,
        "bulan_ke": m.bulan_ke,
        "tanggal_tercapai": None if m.tanggal_tercapai is None else m.tanggal_tercapai.isoformat(),
        "bulan_tercapai": None if m.tanggal_tercapai is None else fmt.month(m.tanggal_tercapai),
        "ak_saat_tercapai": None if m.ak_saat_tercapai is None
        else json_number(m.ak_saat_tercapai),
        "periode_kenaikan_pangkat": None if m.periode is None else m.periode.isoformat(),
        "periode_kenaikan_pangkat_tampil": None if m.periode is None else fmt.date(m.periode),
        "sudah_tercapai": m.bulan_ke == 0 or m.sudah_lewat,
    }


def _milestone_text(m: Milestone) -> str:
    if m.jenis == "kenaikan_pangkat":
        what = f"Kenaikan pangkat {m.dari_golongan} → {m.ke_golongan}"
    else:
        what = (f"Kenaikan jenjang ke {JENJANG_LABELS[m.ke_jenjang or '']} "
                f"({m.ke_golongan})")
    need = f"AK kumulatif minimal {exact_text(m.ak_minimal)}"
    if m.tanggal_tercapai is None:
        return f"- {what}: {need} belum tercapai dalam {HORIZON_YEARS} tahun proyeksi."
    if m.bulan_ke == 0:
        when = "sudah tercapai"
    elif m.sudah_lewat:
        when = f"sudah tercapai sejak {fmt.month(m.tanggal_tercapai)} (bulan ke-{m.bulan_ke})"
    else:
        when = f"tercapai {fmt.month(m.tanggal_tercapai)} (bulan ke-{m.bulan_ke})"
    if m.periode is None:
        period = ""
    elif m.bulan_ke == 0 or m.sudah_lewat:
        period = f"; periode kenaikan pangkat berikutnya yang mungkin {fmt.date(m.periode)}"
    else:
        period = f"; periode kenaikan pangkat terdekat {fmt.date(m.periode)}"
    return f"- {what}: {need} {when}{period}."


def _above_golongan(p: Projection) -> str | None:
    """Say so when the AK is at least two kenaikan pangkat beyond what the golongan implies.

    Under the model the k-th kenaikan pangkat of the jenjang needs k × the minimum; an AK that
    already covers the one after next is not what the golongan allows, so the figure is
    probably not the AK kumulatif of this jenjang (or the golongan is out of date).
    """
    index = p.rule.golongan.index(p.golongan)
    if index + 1 >= len(p.rule.golongan):
        return None
    beyond = p.rule.min_pangkat * (index + 2)
    if p.ak_awal < beyond:
        return None
    return (f"Perhatian: {exact_text(p.ak_awal)} angka kredit sudah melampaui dua kali "
            f"kenaikan pangkat dari golongan {p.golongan} (batas {exact_text(beyond)}); "
            "periksa lagi golongan dan angka kredit kumulatif Anda.")


def _assumptions() -> list[str]:
    cond = jenjang_conditions()
    out = [
        "Angka kredit saat ini dianggap sebagai angka kredit kumulatif pada jenjang saat ini, "
        "dihitung sejak pangkat terendah jenjang.",
        "Angka kredit bertambah setiap bulan sebesar koefisien × persentase predikat ÷ 12.",
        "Tahun proyeksi dihitung per 12 bulan sejak tanggal angka kredit saat ini; predikat "
        "terakhir yang Anda isi dipakai untuk tahun-tahun berikutnya.",
    ]
    out += [f"{a['teks'][0].upper()}{a['teks'][1:]}." for a in cond["asumsi_penghitungan"]]
    out.append(f"Proyeksi berhenti pada kenaikan jenjang dan paling lama {HORIZON_YEARS} tahun.")
    out.append(f"Batas kenaikan jenjang memakai angka tabel; catatan tabel: \"{footnote()}\".")
    return out


def _conditions(p: Projection) -> list[str]:
    cond = jenjang_conditions()
    items = [f"{c['teks'][0].upper()}{c['teks'][1:]}." for c in cond["syarat"]]
    minimum = cond["predikat_minimal"]
    order = list(predikat_rules())
    jenjang_month = next((m.bulan_ke for m in p.milestones
                          if m.jenis == "kenaikan_jenjang" and m.bulan_ke is not None), None)
    # Only the years up to reaching the kenaikan jenjang minimum matter for the warning.
    years = p.predikat_per_tahun if jenjang_month is None else p.predikat_per_tahun[
        : max(1, -(-jenjang_month // MONTHS_PER_YEAR))]
    weak = sorted({i + 1 for i, pid in enumerate(years)
                   if order.index(pid) > order.index(minimum)})
    if weak:
        listed = ", ".join(str(y) for y in weak)
        items.append(f"Perhatian: predikat pada tahun proyeksi ke-{listed} di bawah "
                     f"{PREDIKAT_LABELS[minimum]}.")
    return items


def _projection_json(p: Projection) -> dict[str, Any]:
    target_jenjang = [m for m in p.milestones if m.jenis == "kenaikan_jenjang"]
    return {
        "golongan": p.golongan,
        "ak_saat_ini": json_number(p.ak_awal),
        "tanggal": p.tanggal.isoformat(),
        "predikat_per_tahun": list(p.predikat_per_tahun),
        "horizon_bulan": p.horizon_bulan,
        "ak_akhir_horizon": json_number(p.series[-1][1]),
        "target": [_milestone_json(m) for m in p.milestones],
        "tidak_ada_kenaikan_pangkat_dalam_jenjang": p.golongan == p.rule.golongan[-1],
        "syarat_kenaikan_jenjang": _conditions(p) if target_jenjang else [],
        "asumsi": _assumptions(),
    }


def _chart(p: Projection) -> bytes:
    from knowledge.documents.credit_chart import Threshold, render

    months_needed = [m.bulan_ke for m in p.milestones if m.bulan_ke is not None]
    if months_needed and len(months_needed) == len(p.milestones):
        end = min(p.horizon_bulan, max(months_needed) + MONTHS_PER_YEAR)
    else:
        end = p.horizon_bulan
    thresholds = []
    for m in p.milestones:
        label = (f"Naik pangkat {m.ke_golongan}" if m.jenis == "kenaikan_pangkat"
                 else f"Naik jenjang {JENJANG_LABELS[m.ke_jenjang or '']}")
        thresholds.append(Threshold(label, m.ak_minimal, m.tanggal_tercapai))
    title = f"Proyeksi angka kredit {p.rule.label} ({p.golongan})"
    return render(title, list(p.series[: end + 1]), thresholds)


def run(request: dict[str, Any]) -> CalcOutput:
    """Compute AK for a predikat and months, and the projection when its fields are given."""
    request = req.strict(request)
    rule = req.jenjang(request)
    predikats = req.predikat_list(request)
    predikat = predikats[0]
    bulan = req.bulan(request)
    exact = annual_ak(rule, predikat, bulan)
    per_year = bulan_bounds()[2]
    persen = predikat_rules()[predikat].persen
    rumus = (f"{exact_text(rule.koefisien)} × {exact_text(persen)}% × {bulan}/{per_year} = "
             f"{exact_text(exact)}")
    notes = [n for n in [_table_note(rule, predikat, exact)] if bulan == per_year and n]
    citations = [CITE_KONVERSI]
    if bulan != per_year:
        citations.append(f"{_cite_bkn(BKN_KONVERSI)} (bulan/{per_year})")
    result: dict[str, Any] = {
        "jenjang": rule.id,
        "jenjang_label": rule.label,
        "predikat": predikat,
        "predikat_label": PREDIKAT_LABELS[predikat],
        "bulan": bulan,
        "koefisien": json_number(rule.koefisien),
        "persentase": json_number(persen),
        "angka_kredit": json_number(exact),
        "angka_kredit_tampil": display(exact),
        "rumus": rumus,
        "nilai_tabel": printed_cell(rule.tercetak[predikat]) if bulan == per_year
        else None,
        "catatan": notes,
    }
    lines = [
        f"Angka kredit {rule.label} dengan predikat {PREDIKAT_LABELS[predikat]} selama "
        f"{bulan} bulan: {rumus}, ditampilkan {display(exact)}.",
        *notes,
    ]
    projection: Projection | None = None
    if req.wants_projection(request):
        projection = project(rule, req.golongan(request, rule),
                             req.ak_saat_ini(request, rule), req.tanggal(request), predikats,
                             req.hari_ini(request))
        result["proyeksi"] = _projection_json(projection)
        warning = _above_golongan(projection)
        result["proyeksi"]["peringatan"] = [] if warning is None else [warning]
        citations += [CITE_MINIMAL, *_cite_periods(), _cite_bkn(BKN_JENJANG)]
        lines.append("")
        lines.append(f"Proyeksi dari {exact_text(projection.ak_awal)} angka kredit pada "
                     f"{fmt.date(projection.tanggal)} ({rule.label}, {projection.golongan}):")
        if warning is not None:
            lines.append(warning)
        if not projection.milestones:
            lines.append("- Tidak ada kenaikan pangkat atau jenjang lagi pada jenjang dan "
                         "golongan ini.")
        lines += [_milestone_text(m) for m in projection.milestones]
        if result["proyeksi"]["syarat_kenaikan_jenjang"]:
            lines.append("Kenaikan jenjang juga memerlukan:")
            lines += [f"- {c}" for c in result["proyeksi"]["syarat_kenaikan_jenjang"]]
        lines.append("Asumsi:")
        lines += [f"- {a}" for a in result["proyeksi"]["asumsi"]]
    result["citations"] = citations
    lines.append("")
    lines.append("Sumber: " + "; ".join(citations) + ".")
    return CalcOutput(
        json=result,
        text="\n".join(lines),
        png=None if projection is None else (lambda: _chart(projection)),
        citations=citations,
    )
