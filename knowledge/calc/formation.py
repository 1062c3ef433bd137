"""Kebutuhan JF (formasi) calculator, Permendag 4/2025 Lampiran III and IV.

For each chosen output i (a row of Lampiran III Tabel 1) with yearly volume V_i and each jenjang
j: K_ij = V_i / SKR_i × P_ij and K_j = Σ_i K_ij (the formula of B.5 was an image lost in the
text; see the data file ``lampiran_iii_perhitungan_kebutuhan``). K_j is rounded per B.3-B.4,
the Utama share follows B.6, and lowongan = kebutuhan - bezetting (Lampiran IV form A).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import Any

from knowledge.calc import _formation_data as data
from knowledge.calc._formation_input import Request, parse
from knowledge.calc._formation_text import citations, explanation, notes, rounding_rule_text
from knowledge.calc.contract import CalcOutput
from knowledge.calc.numbers import json_number
from knowledge.ids import CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS

HUNDRED = Decimal(100)
SHOWN = Decimal("0.01")
PRECISE = Decimal("0.000001")


def shown(value: Decimal) -> Decimal:
    """Return a result as shown: two decimals, cut rather than rounded.

    Cutting keeps the shown value on the same side of the 0,6 threshold as the exact value
    (0,596 shows as 0,59 and rounds to 0), so the figures never contradict the rounding.
    """
    return value.quantize(SHOWN, rounding=ROUND_DOWN)


def round_need(value: Decimal, threshold: Decimal) -> int:
    """Return the need per B.3-B.4: whole part, plus one when the fraction is >= threshold."""
    whole = value.to_integral_value(rounding=ROUND_DOWN)
    return int(whole) + (1 if value - whole >= threshold else 0)


@dataclass(frozen=True)
class OutputResult:
    """K_ij of one output for every jenjang it contributes to."""

    k: dict[str, Decimal]
    excluded: list[str]


def compute_output(
    volume: Decimal, skr: Decimal, kontribusi: dict[str, str], include_utama: bool
) -> OutputResult:
    """Return K_ij = V / SKR × P for each jenjang, leaving Utama out without national impact."""
    utama = data.utama_jenjang()
    k: dict[str, Decimal] = {}
    excluded: list[str] = []
    for jenjang, pct in kontribusi.items():
        if jenjang == utama and not include_utama and Decimal(pct) > 0:
            excluded.append(jenjang)
            k[jenjang] = Decimal(0)
            continue
        k[jenjang] = volume / skr * (Decimal(pct) / HUNDRED)
    return OutputResult(k, excluded)


def _per_output(req: Request) -> tuple[list[dict[str, Any]], dict[str, Decimal]]:
    jenjang = data.jenjang_for(req.jf, req.category)
    totals = {j: Decimal(0) for j in jenjang}
    rows: list[dict[str, Any]] = []
    for no, out in enumerate(req.outputs, start=1):
        row = out.row
        res = compute_output(out.volume, Decimal(row["skr"]), row["kontribusi"],
                             out.national_impact)
        for j, value in res.k.items():
            totals[j] += value
        rows.append({
            "no": no,
            "id": row["id"],
            "table_no": row["no"],
            "hasil_akhir": row["hasil_akhir"],
            "definisi_operasional": row["definisi_operasional"],
            "volume": json_number(out.volume),
            "skr": json_number(Decimal(row["skr"])),
            "skr_as_written": row["skr"],
            "skr_unit": data.skr_unit(),
            "national_impact": out.national_impact,
            "kontribusi": {j: json_number(Decimal(p)) for j, p in row["kontribusi"].items()},
            "kebutuhan": {j: json_number(shown(v)) for j, v in res.k.items()},
            "kebutuhan_precise": {j: str(v.quantize(PRECISE, rounding=ROUND_DOWN))
                                  for j, v in res.k.items()},
            "excluded_jenjang": res.excluded,
        })
    return rows, totals


def _per_jenjang(req: Request, totals: dict[str, Decimal]) -> dict[str, dict[str, Any]]:
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
            "raw_precise": str(raw.quantize(PRECISE, rounding=ROUND_DOWN)),
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
        "total_raw": json_number(shown(sum(totals.values(), Decimal(0)))),
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
            "shown_decimals": "raw dan kebutuhan ditampilkan dua desimal dengan pemotongan "
            "(bukan pembulatan); raw_precise enam desimal.",
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
            "skr": json_number(Decimal(r["skr"])),
            "skr_as_written": r["skr"],
            "skr_unit": data.skr_unit(),
            "kontribusi": {j: json_number(Decimal(p)) for j, p in r["kontribusi"].items()},
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
