"""Kebutuhan JF (formasi) calculator, Permendag 4/2025 Lampiran III and IV.

For each chosen output i (a row of Lampiran III Tabel 1) with yearly volume V_i and each jenjang
j: K_ij = V_i / SKR_i × P_ij and K_j = Σ_i K_ij (the formula of B.5 was an image lost in the
text; see the data file ``lampiran_iii_perhitungan_kebutuhan``). K_j is rounded per B.3-B.4,
the Utama share follows B.6, and lowongan = kebutuhan - bezetting (Lampiran IV form A).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from knowledge.calc import _formation_data as data
from knowledge.calc._formation_input import Request, parse
from knowledge.calc._formation_text import citations, explanation, notes, rounding_rule_text
from knowledge.calc.contract import CalcOutput
from knowledge.calc.numbers import SHOWN_PLACES, cut, fraction_text, json_number, to_places
from knowledge.ids import CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS

HUNDRED = 100
SHOWN_RULE = (
    "Nilai dihitung pecahan eksak. K per jenjang (raw) ditampilkan dua desimal dengan "
    "pemotongan (bukan pembulatan), sehingga selalu sejalan dengan pembulatan 0,6; K per hasil "
    "akhir dibagi ke perseratusan agar jumlah kolom sama dengan K jenjang yang tampil; nilai "
    "eksak tersedia pada kebutuhan_exact dan raw_exact."
)
_SCALE = 10**SHOWN_PLACES
PRECISE_PLACES = 6  # the cut six-decimal view kept next to the exact fraction


def shown(value: Fraction) -> Fraction:
    """Return a K value as shown: two decimals, cut rather than rounded (numbers.cut).

    Cutting keeps the shown value on the same side of the 0,6 threshold as the exact value
    (6,6 shows as 6,60 and rounds to 7; 6,5999… shows as 6,59 and rounds to 6).
    """
    return cut(value)


def round_need(value: Fraction, threshold: Fraction) -> int:
    """Return the need per B.3-B.4: whole part, plus one when the fraction is >= threshold."""
    whole = math.floor(value)
    return whole + (1 if value - whole >= threshold else 0)


def apportion(parts: list[Fraction], total: Fraction) -> list[Fraction]:
    """Return ``parts`` in hundredths that add up exactly to the shown ``total``.

    Each part is cut to hundredths; the hundredths still missing to reach the (cut) total go
    one each to the parts with the largest dropped remainder (earlier rows first on a tie), so
    a Tabel 2 column adds up to its total as shown and no part moves by 0,01 or more.
    """
    floors = [math.floor(p * _SCALE) for p in parts]
    missing = math.floor(total * _SCALE) - sum(floors)
    order = sorted(range(len(parts)), key=lambda i: (-(parts[i] * _SCALE - floors[i]), i))
    for i in order[:max(missing, 0)]:
        floors[i] += 1
    return [Fraction(f, _SCALE) for f in floors]


@dataclass(frozen=True)
class OutputResult:
    """K_ij of one output for every jenjang it contributes to."""

    k: dict[str, Fraction]
    excluded: list[str]


def compute_output(
    volume: Fraction, skr: Fraction, kontribusi: dict[str, str], include_utama: bool
) -> OutputResult:
    """Return K_ij = V / SKR × P for each jenjang, leaving Utama out without national impact."""
    utama = data.utama_jenjang()
    k: dict[str, Fraction] = {}
    excluded: list[str] = []
    for jenjang, pct in kontribusi.items():
        share = Fraction(pct) / HUNDRED
        if jenjang == utama and not include_utama and share > 0:
            excluded.append(jenjang)
            k[jenjang] = Fraction(0)
            continue
        k[jenjang] = volume * share / skr  # exact: the order of operations cannot matter
    return OutputResult(k, excluded)


def _per_output(req: Request) -> tuple[list[dict[str, Any]], dict[str, Fraction]]:
    jenjang = data.jenjang_for(req.jf, req.category)
    totals = {j: Fraction(0) for j in jenjang}
    rows: list[dict[str, Any]] = []
    exact: list[dict[str, Fraction]] = []
    for no, out in enumerate(req.outputs, start=1):
        row = out.row
        res = compute_output(out.volume, Fraction(row["skr"]), row["kontribusi"],
                             out.national_impact)
        for j, value in res.k.items():
            totals[j] += value
        exact.append(res.k)
        rows.append({
            "no": no,
            "id": row["id"],
            "table_no": row["no"],
            "hasil_akhir": row["hasil_akhir"],
            "definisi_operasional": row["definisi_operasional"],
            "volume": json_number(out.volume),
            "volume_exact": fraction_text(out.volume),
            "skr": json_number(Fraction(row["skr"])),
            "skr_as_written": row["skr"],
            "skr_unit": data.skr_unit(),
            "national_impact": out.national_impact,
            "kontribusi": {j: json_number(Fraction(p)) for j, p in row["kontribusi"].items()},
            "kebutuhan_exact": {j: fraction_text(v) for j, v in res.k.items()},
            "kebutuhan_precise": {j: str(to_places(v, PRECISE_PLACES)) for j, v in res.k.items()},
            "excluded_jenjang": res.excluded,
        })
    # Shown K_ij: apportioned per jenjang column so the column adds up to the shown K_j.
    for j in jenjang:
        members = [i for i, k in enumerate(exact) if j in k]
        parts = apportion([exact[i][j] for i in members], totals[j])
        for i, part in zip(members, parts, strict=True):
            rows[i].setdefault("kebutuhan", {})[j] = json_number(part)
    for r, k in zip(rows, exact, strict=True):
        r["kebutuhan"] = {j: r.get("kebutuhan", {})[j] for j in k}
    return rows, totals


def _per_jenjang(req: Request, totals: dict[str, Fraction]) -> dict[str, dict[str, Any]]:
    threshold = data.rounding_threshold()
    out: dict[str, dict[str, Any]] = {}
    for j, raw in totals.items():
        need = round_need(raw, threshold)
        bez = req.bezetting.get(j)
        count = bez.total if bez else 0
        diff = need - count
        out[j] = {
            "label": JENJANG_LABELS[j],
            "raw": json_number(shown(raw)),
            "raw_exact": fraction_text(raw),
            "raw_precise": str(to_places(raw, PRECISE_PLACES)),
            "need": need,
            "bezetting": count,
            "bezetting_detail": (
                {"pns": bez.pns, "pppk": bez.pppk} if bez and bez.pns is not None else None
            ),
            "selisih": diff,
            "lowongan": max(diff, 0),
            "surplus": max(-diff, 0),
            "status": "lowongan" if diff > 0 else "surplus" if diff < 0 else "sesuai",
        }
    return out


def compute(req: Request) -> dict[str, Any]:
    """Return the JSON result of a validated request."""
    outputs, totals = _per_output(req)
    per_jenjang = _per_jenjang(req, totals)
    threshold = data.rounding_threshold()
    total_need = sum(v["need"] for v in per_jenjang.values())
    total_bez = sum(v["bezetting"] for v in per_jenjang.values())
    formula = data.formula()
    result: dict[str, Any] = {
        "jf": req.jf,
        "jf_label": JF_LABELS[req.jf],
        "category": req.category,
        "category_label": CATEGORY_LABELS[req.category],
        "national_impact": req.national_impact,
        "jenjang": list(per_jenjang),
        "outputs": outputs,
        "per_jenjang": per_jenjang,
        # The sum of the shown K_j, so the line adds up as printed (each K_j is cut).
        "total_raw": json_number(sum((shown(v) for v in totals.values()), Fraction(0))),
        "total_need": total_need,
        "total_bezetting": total_bez,
        "total_selisih": total_need - total_bez,
        "total_lowongan": sum(v["lowongan"] for v in per_jenjang.values()),
        "total_surplus": sum(v["surplus"] for v in per_jenjang.values()),
        "formula": {
            "per_output": "K_ij = V_i / SKR_i × P_ij",
            "per_jenjang": "K_j = Σ_i K_ij",
            "reconstructed": formula["missing_in_source"],
            "symbols": formula["symbols"],
        },
        "rounding": {
            "threshold": json_number(threshold),
            "rule": rounding_rule_text(threshold),
            "shown_decimals": SHOWN_RULE,
        },
        "lowongan_rule": "lowongan = kebutuhan − bezetting (Lampiran IV huruf A, kolom "
        "(5) = (4) – (3)); nilai negatif ditampilkan sebagai surplus.",
        "form": req.form,
    }
    result["notes"] = notes(req, result)
    result["citations"] = citations()
    return result


def run(request: dict[str, Any]) -> CalcOutput:
    """Validate a request, compute the need per jenjang and return every output form."""
    req = parse(request)
    result = compute(req)

    def xlsx() -> bytes:
        from knowledge.documents.formation_xlsx import workbook_bytes

        return workbook_bytes(result)

    return CalcOutput(
        json=result, text=explanation(result), xlsx=xlsx, citations=list(result["citations"])
    )


def utama_rule() -> tuple[str, str]:
    """Return the jenjang Lampiran III B.6 restricts and its condition, as the data words it."""
    rule = data.utama()
    return str(rule["jenjang"]), str(rule["condition"])


def reference() -> dict[str, Any]:
    """Return every Tabel 1 row and the rules applied (``calc formation --list``)."""
    threshold = data.rounding_threshold()
    rows = [
        {
            "id": r["id"],
            "jf": r["jf"],
            "jf_label": r["jf_label"],
            "category": r["category"],
            "no": r["no"],
            "hasil_akhir": r["hasil_akhir"],
            "definisi_operasional": r["definisi_operasional"],
            "skr": json_number(Fraction(r["skr"])),
            "skr_as_written": r["skr"],
            "skr_unit": data.skr_unit(),
            "kontribusi": {j: json_number(Fraction(p)) for j, p in r["kontribusi"].items()},
        }
        for r in data.rows()
    ]
    return {
        "title": "Lampiran III Tabel 1 Nilai SKR dan Persentase Kontribusi JF Perdagangan",
        "count": len(rows),
        "categories": {jf: data.categories(jf) for jf in JF_LABELS if data.categories(jf)},
        "jenjang": {
            f"{jf}/{c}": data.jenjang_for(jf, c) for jf in JF_LABELS for c in data.categories(jf)
        },
        "rounding": {"threshold": json_number(threshold), "rule": rounding_rule_text(threshold)},
        "formula": "K_ij = V_i / SKR_i × P_ij ; K_j = Σ_i K_ij",
        "citations": citations(),
        "rows": rows,
    }
