"""Permendag 4/2025 Lampiran III (pedoman perhitungan kebutuhan JF) and Lampiran IV (usulan
kebutuhan letters and forms): data files and search passages."""

from __future__ import annotations

from typing import Any

from knowledge.data_files import load_table
from knowledge.extract._lampiran_iii_iv_forms import formulir, surat
from knowledge.extract._lampiran_iii_passages import lampiran_iii_passages, lampiran_iv_passages
from knowledge.extract._lampiran_iii_tabel_1 import parse_rows
from knowledge.extract._lampiran_iii_text import aspek, ketentuan, tabel_2
from knowledge.ids import JF_LABELS
from knowledge.passage import Passage

AREA = "permendag"
TABEL_1 = f"{AREA}/lampiran_iii_tabel_1"
ASPEK = f"{AREA}/lampiran_iii_aspek_beban_kerja"
KETENTUAN = f"{AREA}/lampiran_iii_perhitungan_kebutuhan"
TABEL_2 = f"{AREA}/lampiran_iii_tabel_2"
SKR_UNIT = "hasil akhir per pejabat per tahun"


def row_id(jf: str, category: str, seq: int) -> str:
    """Return the stable id of a Tabel 1 row, e.g. ``analis_perdagangan-keahlian-01``."""
    return f"{jf}-{category}-{seq:02d}"


def tabel_1() -> dict[str, Any]:
    """Return Lampiran III Tabel 1 (Nilai SKR dan Persentase Kontribusi) as data."""
    rows = []
    for r in parse_rows():
        rows.append({
            "id": row_id(r.jf, r.category, r.seq),
            "jf": r.jf,
            "jf_label": JF_LABELS[r.jf],
            "category": r.category,
            "no": r.no,
            "hasil_akhir": r.hasil_akhir,
            "hasil_akhir_shared": r.hasil_akhir_shared,
            "definisi_operasional": r.definisi,
            "skr": r.skr,
            "kontribusi": dict(zip(r.jenjang, r.percents, strict=True)),
            "values_as_written": r.values_span.text,
            "span": r.row_span.to_json(),
            "hasil_akhir_span": r.hasil_akhir_span.to_json(),
            "values_span": r.values_span.to_json(),
        })
    return {
        "title": "Lampiran III, Tabel 1 Nilai SKR dan Persentase Kontribusi JF Perdagangan",
        "source": {"doc": "permendag", "lampiran": "III", "section": "Tabel 1"},
        "skr_unit": SKR_UNIT,
        "skr_unit_basis": "Lampiran III A.1.a: SKR is the output an official produces in the "
        "1.250 effective working hours of a year (norma hasil); see "
        "lampiran_iii_aspek_beban_kerja, definition 'skr'.",
        "notes": [
            "54 rows. Row ids are '<jf>-<category>-<nn>', numbered 01.. in source order within "
            "a JF and category; 'no' is the number printed in the table. Continuation rows (a "
            "second definisi operasional under the same hasil akhir, merged cell in the PDF) "
            "share the number and hasil akhir of the row above (hasil_akhir_shared = true; "
            "hasil_akhir_span then points at the row above).",
            "SKR values are kept exactly as written (dot decimals, '625.00', '1250'); percentages "
            "are stored without '%' and keyed by jenjang id.",
            "Penera keterampilan rows have three percentages; the JF has no Pemula jenjang "
            "(Lampiran I starts Penera keterampilan at Terampil), so they are read as Terampil, "
            "Mahir, Penyelia. They add up to 100 like every other row.",
            "Categories present: keahlian for Analis Perdagangan, Negosiator Perdagangan, "
            "Pengawas Perdagangan, Penera, Penguji Mutu Barang; keterampilan for Penera, Penguji "
            "Mutu Barang, Pengamat Tera. No other JF/category has Tabel 1 rows.",
            "In Penguji Mutu Barang keterampilan, 'jumlah verifikasi dan validasi pengujian "
            "tingkat kesulitan I dan II' follows row 2 (Pengujian/Kalibrasi Sederhana) without a "
            "number and is read as part of it (in keahlian the verifikasi rows sit under "
            "'Pengembangan Metode Pengujian / Kalibrasi').",
            "Definisi operasional texts keep the source's typos ('hasi pengawasan', 'pemantaun', "
            "'Surat Edarab', 'metrology legal').",
            "Row 'Pengembangan Metrologi Legal' (analis_perdagangan-keahlian-09) and several "
            "others reuse the SKR 22.73; identical values are not an extraction error.",
        ],
        "rows": rows,
    }


def build() -> dict[str, Any]:
    """Return every Lampiran III and IV data file by name."""
    return {
        ASPEK: aspek(),
        KETENTUAN: ketentuan(),
        TABEL_1: tabel_1(),
        TABEL_2: tabel_2(),
        f"{AREA}/lampiran_iv_a_surat": surat("a"),
        f"{AREA}/lampiran_iv_a_formulir": formulir("a"),
        f"{AREA}/lampiran_iv_b_surat": surat("b"),
        f"{AREA}/lampiran_iv_b_formulir": formulir("b"),
    }


def passages() -> list[Passage]:
    """Return the Lampiran III and IV passages, built from the committed data files."""
    return lampiran_iii_passages(
        load_table(ASPEK), load_table(KETENTUAN), load_table(TABEL_1), load_table(TABEL_2)
    ) + lampiran_iv_passages({
        key: load_table(f"{AREA}/lampiran_iv_{key}")
        for key in ("a_surat", "a_formulir", "b_surat", "b_formulir")
    })
