"""Formulir Klasifikasi XLSX: open the produced bytes and check the cells."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.calc import difficulty
from knowledge.calc.difficulty_batch import template_columns, template_xlsx
from knowledge.documents.klasifikasi_xlsx import HEADER_ROW


def _sheets(req: dict[str, Any]) -> dict[str, Worksheet]:
    out = difficulty.run(req)
    assert out.xlsx is not None
    wb = load_workbook(io.BytesIO(out.xlsx()))
    return {ws.title: ws for ws in wb.worksheets}


def _values(ws: Worksheet) -> list[Any]:
    return [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]


def test_penera_form_has_the_regulation_layout() -> None:
    sheets = _sheets({"kegiatan": "penera_tera_ulang", "unit_kerja": "UPTD Metrologi Legal",
                      "instrumen": [
                          {"nama": "Timbangan sentisimal", "bobot": [2] * 11 + [1]},
                          {"nama": "Meter taksi", "bobot": [4] * 12},
                      ]})
    assert list(sheets) == ["Tera dan Tera Ulang"]
    ws = sheets["Tera dan Tera Ulang"]
    assert ws["A1"].value == ("Formulir Klasifikasi Penentuan Tingkat Kesulitan Tera dan Tera "
                              "Ulang Alat Ukur, Alat Takar, Alat Timbang, dan Alat Perlengkapan")
    assert "UPTD Metrologi Legal" in ws["A2"].value
    h = HEADER_ROW
    header = [ws.cell(row=h, column=c).value for c in range(1, 17)]
    assert header[:3] == ["No.", "Jenis Alat Ukur, Alat Takar, Alat Timbang, dan Alat "
                                 "Perlengkapan", "Kapasitas"]
    assert header[12:] == ["K3", "Jumlah Keterlibatan Stakeholder", "Total Bobot",
                           "Tingkat Kesulitan"]
    nums = [ws.cell(row=h + 1, column=c).value for c in (1, 2, 3, 15, 16)]
    assert nums == ["(1)", "(2)", "(3)", "(4)", "(5)"]
    assert f"C{h + 1}:N{h + 1}" in {str(r) for r in ws.merged_cells.ranges}
    row1 = [ws.cell(row=h + 2, column=c).value for c in range(1, 17)]
    # 11 x 2 + 1 = 23 -> II; 12 x 4 = 48 -> IV.
    assert row1 == [1, "Timbangan sentisimal", *([2] * 11), 1, 23, "II"]
    row2 = [ws.cell(row=h + 3, column=c).value for c in range(1, 17)]
    assert row2 == [2, "Meter taksi", *([4] * 12), 48, "IV"]
    values = _values(ws)
    assert "Keterangan:" in values
    assert "3. diisi angka bobot yang sesuai berdasarkan tabel 1;" in values
    for label in ("Jabatan:", "Nama:", "NIP:"):
        assert any(isinstance(v, str) and v.startswith(label) for v in values)


def test_verifikasi_form_shows_the_reversed_class() -> None:
    ws = _sheets({"kegiatan": "penera_verifikasi_standar", "nama": "Anak timbangan",
                  "bobot": [1] * 12})["Verifikasi Standar Ukuran"]
    # 12 x 1 = 12 -> Tabel 5: 12-15 -> 4.
    assert [ws.cell(row=HEADER_ROW + 2, column=c).value for c in (2, 15, 16)] == [
        "Anak timbangan", 12, "4"]
    assert "5. diisi tingkat kesulitan yang didapat berdasarkan total bobot pada kolom (4) " \
           "sesuai dengan ketentuan pada tabel 5." in _values(ws)


def test_pmb_form_has_value_and_weight_columns_per_unsur() -> None:
    sheets = _sheets({"instrumen": [
        {"nama": "Nekton (air laut)", "kegiatan": "pmb_pengambilan_contoh", "standar": "APHA",
         "ukuran": {"waktu": {"nilai": 90, "satuan": "menit"}, "jumlah_langkah_pengerjaan": 5},
         "bobot": {"risiko_pengerjaan": 2, "kesulitan_pengerjaan": 3, "tempat": 3}},
        {"nama": "Termometer", "kegiatan": "pmb_kalibrasi", "bobot": [1, 1, 1, 1, 1]},
    ]})
    assert list(sheets) == ["Pengambilan Contoh", "Kalibrasi"]
    ws = sheets["Pengambilan Contoh"]
    assert ws["A1"].value == "FORMULIR KLASIFIKASI TINGKAT KESULITAN PENGAMBILAN CONTOH PADA …."
    assert ws["A2"].value == "TEMPAT PENGAMBILAN CONTOH: …"
    h = HEADER_ROW
    assert [ws.cell(row=h, column=c).value for c in (1, 2, 3, 5, 13, 14, 15)] == [
        "No.", "Nama Komoditi/Barang", "Waktu", "Jumlah langkah pengerjaan", "Total Bobot",
        "Tingkat Kesulitan", "Standar yang digunakan"]
    assert [ws.cell(row=h + 1, column=c).value for c in (3, 4, 7, 8)] == [
        "Kisaran", "Nilai Bobot", "Kriteria", "Nilai Bobot"]
    assert [ws.cell(row=h + 3, column=c).value for c in range(1, 16)] == [
        f"({i})" for i in range(1, 16)]
    row = [ws.cell(row=h + 4, column=c).value for c in range(1, 16)]
    # 90 menit = 1,5 jam -> 1; 5 langkah -> 3; risiko 2; kesulitan 3; tempat 3: 12 -> IV.
    assert row[:6] == [1, "Nekton (air laut)", 1.5, 1, 5, 3]
    assert row[12:] == [12, "IV", "APHA"]
    kal = sheets["Kalibrasi"]
    assert kal["A1"].value == "FORMULIR KLASIFIKASI TINGKAT KESULITAN KALIBRASI PADA …."
    assert [kal.cell(row=h + 4, column=c).value for c in (2, 13, 14)] == ["Termometer", 5, "I"]


def test_template_lists_the_unsur_columns() -> None:
    cols = template_columns("pmb_pengujian")
    assert cols == ["nama", "kegiatan", "standar", "waktu", "waktu_nilai", "waktu_satuan",
                    "jumlah_langkah_pengerjaan", "jumlah_langkah_pengerjaan_nilai",
                    "jumlah_langkah_pengerjaan_satuan", "risiko_pengerjaan",
                    "kesulitan_pengerjaan"]
    ws = load_workbook(io.BytesIO(template_xlsx("pmb_pengujian"))).worksheets[0]
    assert [c.value for c in ws[1]] == cols
    assert ws["B2"].value == "pmb_pengujian"
