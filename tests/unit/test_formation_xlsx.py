"""The formation workbook: Lampiran III Tabel 2 and Lampiran IV form A, checked cell by cell."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.calc import formation

REQUEST = {
    "jf": "analis_perdagangan", "category": "keahlian", "national_impact": True,
    "outputs": [
        {"id": "analis_perdagangan-keahlian-01", "volume": 30},
        {"id": "analis_perdagangan-keahlian-13", "volume": 20, "national_impact": False},
    ],
    "bezetting": {"ahli_pertama": 1, "ahli_muda": {"pns": 4, "pppk": 1}},
    "instansi": "Kementerian Perdagangan", "unit_kerja": "Direktorat X", "tahun": "2026",
}


def _book() -> Any:
    out = formation.run(REQUEST)
    assert out.xlsx is not None
    data = out.xlsx()
    assert data[:2] == b"PK"  # a zip container
    return load_workbook(io.BytesIO(data)), out.json


def _find(ws: Worksheet, value: Any) -> tuple[int, int]:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column
    raise AssertionError(f"{value!r} not in sheet {ws.title}")


def test_workbook_has_both_forms() -> None:
    wb, _ = _book()
    assert wb.sheetnames == ["Perhitungan", "Usulan"]


def test_perhitungan_sheet_follows_tabel_2() -> None:
    wb, res = _book()
    ws = wb["Perhitungan"]
    assert ws["A1"].value == "Formulir Perhitungan Kebutuhan JF Perdagangan"
    assert ws["C3"].value == ": Analis Perdagangan"
    assert ws["C4"].value == ": Direktorat X"
    r, _ = _find(ws, "No.")
    heads = [ws.cell(row=r, column=c).value for c in range(1, 10)]
    assert heads[:5] == ["No.", "Hasil Akhir/Output", "SKR", "Volume", "Persentase Kontribusi"]
    assert heads[8] == "Kebutuhan"
    assert [ws.cell(row=r + 1, column=c).value for c in range(5, 13)] == [
        "Pertama", "Muda", "Madya", "Utama"] * 2
    assert [ws.cell(row=r + 2, column=c).value for c in (1, 2, 3, 4, 5, 9)] == [
        "(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
    first = r + 3
    # Row 1: SKR 4.63, V 30, P 43/32/20/5 %, K 2.78/2.07/1.29/0.32 (see test_formation).
    assert [ws.cell(row=first, column=c).value for c in range(1, 5)] == [
        1, "Pengelolaan Ekspor dan Impor", 4.63, 30]
    assert [ws.cell(row=first, column=c).value for c in range(5, 9)] == [0.43, 0.32, 0.2, 0.05]
    assert [ws.cell(row=first, column=c).value for c in range(9, 13)] == [2.78, 2.07, 1.29, 0.32]
    # Row 2: SKR 2.29, V 20: 8.733624 × 40/35/18 % = 3.49/3.05/1.57; Utama left out (B.6).
    # The Muda column is apportioned to add up to its cut total 5,13 (2,07 + 3,06): the
    # dropped remainder of row 2 (0,0068) is larger than row 1's (0,0034).
    assert [ws.cell(row=first + 1, column=c).value for c in range(9, 13)] == [
        3.49, 3.06, 1.57, "tidak dihitung (B.6)"]
    total = first + 2
    assert ws.cell(row=total, column=1).value == "Total Kebutuhan"
    # Totals: 2.786177 + 3.493449 = 6.279626 → 6.27 → 6; 2.073434 + 3.056768 = 5.130202 → 5;
    # 1.295896 + 1.572052 = 2.867948 → 2.86 → 3; Utama 0.323974 → 0.32 → 0.
    assert [ws.cell(row=total, column=c).value for c in range(9, 13)] == [6.27, 5.13, 2.86, 0.32]
    assert [ws.cell(row=total + 1, column=c).value for c in range(9, 13)] == [6, 5, 3, 0]
    assert [res["per_jenjang"][j]["need"] for j in res["jenjang"]] == [6, 5, 3, 0]
    assert "pembulatan" in ws.cell(row=total + 1, column=1).value
    _find(ws, "Sekretaris Jenderal/Daerah…")
    _find(ws, "NIP. ……………….")
    _find(ws, "Keterangan:")


def test_usulan_sheet_follows_lampiran_iv_form_a() -> None:
    wb, _ = _book()
    ws = wb["Usulan"]
    title_row, _ = _find(ws, "FORMULIR USULAN KEBUTUHAN JABATAN FUNGSIONAL PERDAGANGAN INSTANSI "
                         "Kementerian Perdagangan TAHUN 2026")
    r, _ = _find(ws, "Bezetting Pegawai Saat Ini")
    assert r > title_row
    assert [ws.cell(row=r + 1, column=c).value for c in range(1, 7)] == [
        "(1)", "(2)", "(3)", "(4)", "(5) = (4) – (3)", "(6)"]
    rows = [[ws.cell(row=r + 2 + i, column=c).value for c in range(1, 7)] for i in range(4)]
    # Need 6/5/3/0 (see above); bezetting 1, 4 + 1, 0, 0 → lowongan 5, 0, 3, 0.
    assert rows == [
        [1, "Analis Perdagangan Ahli Pertama", 1, 6, 5, "Direktorat X"],
        [2, "Analis Perdagangan Ahli Muda", 5, 5, 0, "Direktorat X"],
        [3, "Analis Perdagangan Ahli Madya", 0, 3, 3, "Direktorat X"],
        [4, "Analis Perdagangan Ahli Utama", 0, 0, 0, "Direktorat X"],
    ]
    jumlah = r + 6
    assert [ws.cell(row=jumlah, column=c).value for c in range(2, 6)] == ["Jumlah", 6, 14, 8]
    _find(ws, "Sekretaris Jenderal/Daerah…")
    _find(ws, "Nama Pejabat")


def test_surplus_is_a_negative_number_shown_as_surplus() -> None:
    out = formation.run({
        "jf": "penera", "category": "keterampilan", "bezetting": {"terampil": 3},
        "outputs": [{"id": "penera-keterampilan-01", "volume": 250}],
    })
    assert out.xlsx is not None
    ws = load_workbook(io.BytesIO(out.xlsx()))["Usulan"]
    r, _ = _find(ws, "Penera Terampil")
    # Need 1 (1.05), bezetting 3 → (4) – (3) = -2, a surplus of 2.
    assert ws.cell(row=r, column=5).value == -2
    assert ws.cell(row=r, column=5).number_format == '0;"surplus "0;0'
    calc = load_workbook(io.BytesIO(out.xlsx()))["Perhitungan"]
    # Penera keterampilan keeps the Pemula column of the official layout, left empty.
    hr, hc = _find(calc, "Pemula")
    first = hr + 2
    assert calc.cell(row=first, column=hc).value is None
    assert calc.cell(row=first, column=hc + 1).value == 0.35


def test_form_a_totals_vacancies_and_surplus_apart() -> None:
    # Needs 3/2/1/0 (volume 30, see above); bezetting 1/1/4/0 → +2, +1, −3: netted that is 0
    # and hides three vacancies; the form totals 3 vacancies and a surplus of 3 apart.
    out = formation.run({
        "jf": "analis_perdagangan", "national_impact": True,
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}],
        "bezetting": {"ahli_pertama": 1, "ahli_muda": 1, "ahli_madya": 4},
    })
    assert out.xlsx is not None
    ws = load_workbook(io.BytesIO(out.xlsx()))["Usulan"]
    r, _ = _find(ws, "Jumlah")
    assert [ws.cell(row=r, column=c).value for c in range(3, 6)] == [6, 6, 3]
    assert ws.cell(row=r, column=5).number_format == "0"
    s, _ = _find(ws, "Jumlah surplus (kelebihan pegawai)")
    assert s == r + 1
    assert ws.cell(row=s, column=5).value == -3
    assert ws.cell(row=s, column=5).number_format == '0;"surplus "0;0'


def test_volumes_show_exactly_as_read() -> None:
    out = formation.run({
        "jf": "analis_perdagangan", "national_impact": True,
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": "12,5"},
                    {"id": "analis_perdagangan-keahlian-02", "volume": 1500},
                    {"id": "analis_perdagangan-keahlian-03", "volume": "0,125"}],
    })
    assert out.xlsx is not None
    ws = load_workbook(io.BytesIO(out.xlsx()))["Perhitungan"]
    r, c = _find(ws, "(4)")
    cells = [ws.cell(row=r + 1 + i, column=c) for i in range(3)]
    # No rounding in the format: 12,5 never shows as 13 (the format once was "#,##0").
    assert [(x.value, x.number_format) for x in cells] == [
        (12.5, "#,##0.0"), (1500, "#,##0"), (0.125, "#,##0.000")]
