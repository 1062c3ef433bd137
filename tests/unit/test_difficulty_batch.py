"""Batch mode: a filled CSV/XLSX instrument list becomes a classified request."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from knowledge.calc.difficulty_batch import request_from_file, run_batch, template_csv
from knowledge.errors import InputError

CSV = (
    "nama;kegiatan;standar;waktu_nilai;waktu_satuan;jumlah_langkah_pengerjaan_nilai;"
    "risiko_pengerjaan;kesulitan_pengerjaan;tempat\n"
    "Nekton;pmb_pengambilan_contoh;APHA;6;;5;2;3;3\n"
    ";;;;;;;;\n"
    "Air sungai;pmb_pengambilan_contoh;;90;menit;2;1;1;3\n"
)


def test_csv_rows_become_instruments() -> None:
    req, rows = request_from_file("daftar.csv", CSV.encode())
    assert rows == [2, 4]  # the blank line 3 is skipped
    assert req["instrumen"][1] == {
        "nama": "Air sungai", "kegiatan": "pmb_pengambilan_contoh",
        "bobot": {"waktu": {"nilai": "90", "satuan": "menit"},
                  "jumlah_langkah_pengerjaan": {"nilai": "2"}, "risiko_pengerjaan": "1",
                  "kesulitan_pengerjaan": "1", "tempat": "3"}}


def test_batch_classifies_every_row() -> None:
    out = run_batch("daftar.csv", CSV.encode())
    # Nekton: 6 jam -> 2, 5 langkah -> 3, 2 + 3 + 3 = 13 -> IV.
    # Air sungai: 90 menit -> 1, 2 langkah -> 1, 1 + 1 + 3 = 7 -> II.
    assert [(r["nama"], r["total"], r["class"]) for r in out.json["results"]] == [
        ("Nekton", 13, "IV"), ("Air sungai", 7, "II")]
    assert out.xlsx is not None and out.xlsx()[:2] == b"PK"


def test_xlsx_list_with_a_title_row_above_the_header() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Daftar alat UPTD"])
    ws.append(["nama", "kegiatan", "waktu", "jumlah_langkah_pengerjaan", "risiko_pengerjaan",
               "kesulitan_pengerjaan"])
    ws.append(["Uji kadar air", "pmb_pengujian", 3, 3, 3, 3])
    buf = io.BytesIO()
    wb.save(buf)
    out = run_batch("daftar.xlsx", buf.getvalue())
    # 3 x 4 = 12 -> Tabel 6: 11-12 -> V.
    assert (out.json["results"][0]["total"], out.json["results"][0]["class"]) == (12, "V")


def test_errors_name_the_file_row() -> None:
    bad = CSV.replace("Air sungai;pmb_pengambilan_contoh;;90", "Air sungai;x;;-9").replace(
        "Air sungai;x", "Air sungai;pmb_pengambilan_contoh")
    with pytest.raises(InputError) as info:
        run_batch("daftar.csv", bad.encode())
    assert info.value.field == "baris 4, bobot.waktu"
    with pytest.raises(InputError) as info:
        run_batch("daftar.csv", b"nama,kegiatan,warna\nA,pmb_pengujian,merah\n")
    assert info.value.field == "baris 2, kolom warna"
    with pytest.raises(InputError):
        run_batch("daftar.txt", b"")
    with pytest.raises(InputError):
        run_batch("daftar.csv", b"nama,kegiatan\n")


def test_template_csv_round_trips_once_filled() -> None:
    text = template_csv("pmb_pengujian")
    header, row = text.splitlines()
    assert header.startswith("nama,kegiatan,standar,waktu,waktu_nilai")
    filled = header + "\n" + "Uji pH,pmb_pengujian,,,2,,,4,,1,1\n"
    out = run_batch("t.csv", filled.encode())
    # 2 jam -> 1, 4 langkah -> 2, risiko 1, kesulitan 1: 5 -> Tabel 6: 5-6 -> II.
    assert (out.json["results"][0]["total"], out.json["results"][0]["class"]) == (5, "II")
