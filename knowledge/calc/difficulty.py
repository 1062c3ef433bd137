"""Tingkat kesulitan calculator (Permendag 4/2025, Lampiran II): Penera and Penguji Mutu Barang.

Request (JSON): one instrument ``{"jf"?, "kegiatan", "nama"?, "bobot"?, "ukuran"?, "standar"?,
"unit_kerja"?}`` or several ``{"instrumen": [...], "jf"?, "kegiatan"?, "unit_kerja"?}`` whose
items inherit the top-level jf/kegiatan. The schema is documented in docs/difficulty.md.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from knowledge.calc._difficulty_data import Range, all_kegiatan, contoh
from knowledge.calc._difficulty_eval import INSTRUMENT_KEYS, evaluate
from knowledge.calc._strict import MAX_ITEMS, Name, Strict, Text, as_dict, validate
from knowledge.calc.contract import CalcOutput
from knowledge.calc.numbers import json_number
from knowledge.errors import InputError
from knowledge.fmt import number
from knowledge.sources_text import DOCUMENT_TITLES

MULTI_KEYS = {"instrumen", "jf", "kegiatan", "unit_kerja"}


def _range_json(r: Range | None) -> dict[str, Any] | None:
    if r is None:
        return None
    return {
        "low": None if r.low is None else json_number(r.low),
        "low_inclusive": r.low_inclusive,
        "high": None if r.high is None else json_number(r.high),
        "high_inclusive": r.high_inclusive,
    }


def reference() -> dict[str, Any]:
    """Return every kegiatan with its unsur, bands and class table (``calc difficulty --list``)."""
    kegiatan = []
    for k in all_kegiatan().values():
        kegiatan.append({
            "id": k.id, "jf": k.jf, "label": k.label,
            "tables": {"bobot": k.bobot_citation, "kelas": k.class_citation},
            "ketentuan": k.ketentuan,
            "unsur": [{
                "id": u.id, "no": u.no, "label": u.label, "definition": u.definition,
                "measurable": None if u.quantity is None else {
                    "unit": u.quantity["unit"], "integer": u.quantity["integer"],
                    "units_accepted": u.quantity["units_accepted"]},
                "bands": [{
                    "bobot": b.weight, "wording": b.wording, "keterangan": b.keterangan,
                    "range": _range_json(b.range), "rule": b.rule,
                } for b in u.bands],
            } for u in k.unsur],
            "classes": {"title": k.class_title, "reversed": k.class_reversed,
                        "rows": [{"low": c.low, "high": c.high, "class": c.label}
                                 for c in k.classes]},
            "notes": list(k.bobot_notes) + list(k.class_notes),
            # The form's "Standar yang digunakan" column header; None where the form has none.
            "standar_header": (k.formulir.get("standar_header") or {}).get("text"),
        })
    return {"source": f"{DOCUMENT_TITLES['permendag']} — Lampiran II", "kegiatan": kegiatan,
            "contoh": contoh()}


def _instruments(request: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Return (instrument request, field prefix) pairs, top-level defaults applied."""
    if "instrumen" not in request:
        extra = set(request) - INSTRUMENT_KEYS - {"unit_kerja"}
        if extra:
            raise InputError(sorted(extra)[0], "kolom tidak dikenal; yang boleh: "
                             f"{', '.join(sorted(INSTRUMENT_KEYS | {'unit_kerja', 'instrumen'}))}.")
        return [({k: v for k, v in request.items() if k != "unit_kerja"}, "")]
    extra = set(request) - MULTI_KEYS
    if extra:
        raise InputError(sorted(extra)[0],
                         f"kolom tidak dikenal; yang boleh: {', '.join(sorted(MULTI_KEYS))}.")
    items = request["instrumen"]
    if not isinstance(items, list) or not items:
        raise InputError("instrumen", "harus berupa daftar berisi minimal satu instrumen.")
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise InputError(f"instrumen[{i}]", "harus berupa objek {...}.")
        merged: dict[str, Any] = {k: request[k] for k in ("jf", "kegiatan") if k in request}
        merged.update(item)
        out.append((merged, f"instrumen[{i}]."))
    return out


def _describe(result: dict[str, Any]) -> str:
    head = f"{result['kegiatan_label']} ({result['jf_label']})"
    if result["nama"]:
        head += f" — {result['nama']}"
    lines = [head + ":"]
    for u in result["unsur"]:
        wording = u["uraian"]
        if "keterangan" in u and u["keterangan"] != wording:
            wording += f"; {u['keterangan']}"
        measured = f"{number(u['nilai'])} {u['satuan']}" if "nilai" in u else ""
        if "nilai_tabel" in u:
            measured += f" = {u['nilai_tabel_tampil']} {u['satuan_tabel']}"
        measured += " → " if measured else ""
        lines.append(f"  {u['no']}. {u['label']}: {measured}bobot {u['bobot']} ({wording})")
    rng = result["class_range"]
    span = str(rng["low"]) if rng["low"] == rng["high"] else f"{rng['low']}–{rng['high']}"
    lines.append(f"  Total bobot {result['total']} → tingkat kesulitan {result['class']} "
                 f"(kisaran {span}; {result['tables']['kelas']}).")
    for note in result["notes"]:
        lines.append(f"  Catatan: {note}")
    return "\n".join(lines)


Weights = Annotated[list[Any] | dict[Name, Any], Field(max_length=MAX_ITEMS)]


class InstrumentModel(Strict):
    """One instrument: bobot and/or ukuran per unsur (values checked by _difficulty_eval)."""

    nama: Text | None = None
    jf: Name | None = None
    kegiatan: Name | None = None
    bobot: Weights | None = None
    ukuran: Annotated[dict[Name, Any], Field(max_length=MAX_ITEMS)] | None = None
    standar: Text | int | None = None


class DifficultyModel(InstrumentModel):
    """One instrument, or several under ``instrumen`` (docs/difficulty.md)."""

    unit_kerja: Text | None = None
    instrumen: Annotated[list[InstrumentModel], Field(max_length=MAX_ITEMS)] | None = None


def run(request: dict[str, Any]) -> CalcOutput:
    """Weigh one or several instruments and class their total by Lampiran II."""
    request = as_dict(validate(DifficultyModel, request))
    unit_kerja = request.get("unit_kerja")
    if unit_kerja is not None and not isinstance(unit_kerja, str):
        raise InputError("unit_kerja", "harus berupa teks.")
    results = [evaluate(item, prefix) for item, prefix in _instruments(request)]
    citations = sorted({
        f"{DOCUMENT_TITLES['permendag']} — {c}"
        for r in results for c in (r["tables"]["bobot"], r["tables"]["kelas"])
    })
    text = "\n\n".join(_describe(r) for r in results)
    tables = sorted({c for r in results for c in r["tables"].values()})
    text += f"\n\nSumber: {DOCUMENT_TITLES['permendag']} — {'; '.join(tables)}."

    def xlsx() -> bytes:
        from knowledge.documents.klasifikasi_xlsx import formulir_xlsx

        return formulir_xlsx(results, unit_kerja)

    if "instrumen" in request:
        payload: dict[str, Any] = {"count": len(results), "results": results,
                                   "citations": citations}
    else:
        payload = dict(results[0])
        payload["citations"] = citations
    return CalcOutput(json=payload, text=text, xlsx=xlsx, citations=citations)
