"""Indonesian wording of the formation result: rules, notes, citations and the explanation."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from knowledge import fmt
from knowledge.calc import _formation_data as data
from knowledge.calc._formation_input import Request
from knowledge.calc.numbers import exact_text
from knowledge.ids import JENJANG_LABELS
from knowledge.sources_text import DOCUMENT_TITLES

DOC_TITLE = DOCUMENT_TITLES["permendag"]


def _n(value: Any, places: int | None = None) -> str:
    return fmt.number(Decimal(str(value)), places)


def _skr(as_written: str) -> str:
    """Return an SKR with the decimals Tabel 1 prints (11.90 → 11,90; 2500.00 → 2.500,00)."""
    places = len(as_written.split(".", 1)[1]) if "." in as_written else 0
    return fmt.number(Decimal(as_written), places)


def rounding_rule_text(threshold: Fraction) -> str:
    """Return the rounding rule applied, in Indonesian."""
    t = exact_text(threshold)
    return (
        f"Pembulatan per jenjang (Lampiran III huruf B angka 3–4): bilangan bulatnya, ditambah 1 "
        f"bila bagian desimalnya ≥ {t} (dibulatkan ke atas); bila < {t} dibulatkan ke bawah. "
        f"Contoh: {t} → 1; 0,59 → 0; 2,6 → 3; 2,4 → 2."
    )


def citations() -> list[str]:
    """Return the citations of every rule the calculator relies on."""
    return [
        f"{DOC_TITLE} — Lampiran III, Tabel 1 (Nilai SKR dan Persentase Kontribusi)",
        f"{DOC_TITLE} — Lampiran III, huruf B angka 1, 2 dan 5 (dasar perhitungan; rumus "
        "berupa gambar, tidak terbaca pada naskah teks)",
        f"{DOC_TITLE} — Lampiran III, huruf B angka 3–4 (pembulatan)",
        f"{DOC_TITLE} — Lampiran III, huruf B angka 6 (jenjang Utama)",
        f"{DOC_TITLE} — Lampiran III, Tabel 2 (Formulir Perhitungan Kebutuhan)",
        f"{DOC_TITLE} — Lampiran IV, huruf A (Formulir Usulan Kebutuhan, lowongan = (4) – (3))",
    ]


def notes(req: Request, result: dict[str, Any]) -> list[str]:
    """Return the notes a user should read with the result."""
    out = [
        "Rumus pada Lampiran III huruf B angka 5 berupa gambar dan tidak terbaca pada naskah "
        "teks; kalkulator memakai K = volume ÷ SKR × persentase kontribusi per hasil akhir dan "
        "menjumlahkannya per jenjang, sesuai huruf B angka 1–2 dan kolom Tabel 2.",
        result["rounding"]["rule"],
        "Lowongan dihitung kebutuhan dikurangi bezetting (PNS + PPPK) sesuai formulir "
        "Lampiran IV huruf A (kolom (5) = (4) – (3)); formulir huruf B menulis (3) – (4), "
        "tanda yang berlawanan. Nilai negatif ditampilkan sebagai surplus.",
    ]
    utama = data.utama_jenjang()
    if utama in result["jenjang"]:
        left_out = [o for o in result["outputs"] if utama in o["excluded_jenjang"]]
        if left_out and len(left_out) == len(result["outputs"]):
            out.append(
                f"Bagian {JENJANG_LABELS[utama]} tidak dihitung karena hasil akhir tidak "
                "dinyatakan berdampak skala nasional atau internasional (Lampiran III huruf B "
                "angka 6)."
            )
        elif left_out:
            names = ", ".join(o["id"] for o in left_out)
            out.append(
                f"Bagian {JENJANG_LABELS[utama]} dari hasil akhir {names} tidak dihitung karena "
                "tidak berdampak skala nasional atau internasional (Lampiran III huruf B angka 6)."
            )
    missing = [j for j in result["jenjang"] if j not in req.bezetting]
    if missing and req.bezetting:
        out.append(
            "Bezetting yang tidak diisi dianggap 0: "
            + ", ".join(JENJANG_LABELS[j] for j in missing) + "."
        )
    elif not req.bezetting:
        out.append("Bezetting tidak diisi sehingga dianggap 0 untuk semua jenjang.")
    if req.jf == "penera" and req.category == "keterampilan":
        out.append(
            "Penera kategori keterampilan tidak memiliki jenjang Pemula pada Lampiran III Tabel 1 "
            "(kolom persentase hanya Terampil, Mahir, Penyelia)."
        )
    out.append(
        "Nilai K ditampilkan dua desimal dengan pemotongan (bukan pembulatan) agar angka yang "
        "tampak selalu sejalan dengan aturan pembulatan."
    )
    return out


def _status(v: dict[str, Any]) -> str:
    if v["surplus"]:
        return f"surplus {v['surplus']}"
    return f"lowongan {v['lowongan']}"


def explanation(result: dict[str, Any]) -> str:
    """Return the readable Indonesian explanation of a result."""
    lines = [
        f"Perhitungan kebutuhan JF {result['jf_label']} kategori {result['category_label']}",
        "Rumus: kebutuhan jenjang dari satu hasil akhir = volume ÷ SKR × persentase kontribusi; "
        "kebutuhan jenjang = jumlah untuk semua hasil akhir.",
        "",
    ]
    for o in result["outputs"]:
        hasil = o["hasil_akhir"][:1].upper() + o["hasil_akhir"][1:]
        lines.append(
            f"{o['no']}. {hasil} ({o['id']}): volume {_n(o['volume'])}, SKR "
            f"{_skr(o['skr_as_written'])}"
        )
        for j, k in o["kebutuhan"].items():
            label = JENJANG_LABELS[j]
            if j in o["excluded_jenjang"]:
                lines.append(f"   {label}: tidak dihitung (tidak berdampak nasional/internasional)")
                continue
            lines.append(
                f"   {label}: {_n(o['volume'])} ÷ {_skr(o['skr_as_written'])} × "
                f"{_n(o['kontribusi'][j])}% = {_n(k, 2)}"
            )
    lines += ["", "Kebutuhan per jenjang (dibulatkan sesuai Lampiran III huruf B angka 3–4):"]
    for v in result["per_jenjang"].values():
        lines.append(
            f"- {v['label']}: {_n(v['raw'], 2)} → {v['need']} orang; bezetting {v['bezetting']}; "
            f"{_status(v)}"
        )
    total = {"lowongan": result["total_lowongan"], "surplus": result["total_surplus"]}
    lines += [
        "",
        f"Total kebutuhan: {result['total_need']} orang (jumlah sebelum pembulatan "
        f"{_n(result['total_raw'], 2)}); bezetting {result['total_bezetting']}; lowongan "
        f"{total['lowongan']}" + (f"; surplus {total['surplus']}" if total["surplus"] else "")
        + ".",
        "",
        "Catatan:",
    ]
    lines += [f"- {n}" for n in result["notes"]]
    lines += ["", "Sumber:"] + [f"- {c}" for c in result["citations"]]
    return "\n".join(lines)
