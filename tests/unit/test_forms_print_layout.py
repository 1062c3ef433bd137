"""Print layout of the official XLSX forms: page setup, numeric cells, signature block, wrapping.

The workbooks are opened with openpyxl only; LibreOffice is not a project dependency, so the
rendering itself is not checked here, only the settings that drive it.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.calc import difficulty, formation
from knowledge.calc._difficulty_data import all_kegiatan
from knowledge.documents._sheet_layout import SIGN_ROOM, wrapped_lines
from knowledge.documents.klasifikasi_xlsx import HEADER_ROW, SIGN_COLUMNS

A4 = 9  # the paperSize code of A4 in SpreadsheetML
# A number typed as text ("4.63", "43%", "1,5") would print with the wrong separator or
# not at all in an Indonesian locale, and could not be summed.
NUMERIC_TEXT = re.compile(r"^\s*-?\d+([.,]\d+)*\s*%?\s*$")

KEAHLIAN = {
    "jf": "analis_perdagangan", "category": "keahlian", "national_impact": True,
    "outputs": [
        {"id": "analis_perdagangan-keahlian-01", "volume": 30},
        {"id": "analis_perdagangan-keahlian-13", "volume": 1200, "national_impact": False},
    ],
    "bezetting": {"ahli_pertama": 1, "ahli_muda": {"pns": 4, "pppk": 1}},
    "instansi": "Kementerian Perdagangan", "unit_kerja": "Direktorat X", "tahun": "2026",
}
KETERAMPILAN = {
    "jf": "penera", "category": "keterampilan", "bezetting": {"terampil": 3},
    "outputs": [{"id": "penera-keterampilan-01", "volume": 250}],
}
# One instrument per kegiatan: the six sheets of Lampiran II.
ALL_KEGIATAN = {"unit_kerja": "UPTD Metrologi Legal", "instrumen": [
    {"nama": "Timbangan meja", "kegiatan": "penera_tera_ulang",
     "bobot": [2, 2, 3, 1, 2, 2, 3, 1, 2, 2, 3, 1]},
    {"nama": "Pompa ukur BBM merek X model Y", "kegiatan": "penera_pengujian_tipe",
     "bobot": [3] * 12},
    {"nama": "Anak timbangan kelas E2", "kegiatan": "penera_verifikasi_standar",
     "bobot": [1] * 12},
    {"nama": "Nekton (air laut)", "kegiatan": "pmb_pengambilan_contoh",
     "standar": "APHA, AWWA, WEF/Taksonomi Nekton, Taksonomi Tumbuhan/Flora",
     "ukuran": {"waktu": {"nilai": 90, "satuan": "menit"}, "jumlah_langkah_pengerjaan": 5},
     "bobot": {"risiko_pengerjaan": 2, "kesulitan_pengerjaan": 3, "tempat": 3}},
    {"nama": "Kadar air beras", "kegiatan": "pmb_pengujian", "standar": "SNI 6128:2020",
     "ukuran": {"waktu": {"nilai": 5, "satuan": "jam"}, "jumlah_langkah_pengerjaan": 8},
     "bobot": {"risiko_pengerjaan": 1, "kesulitan_pengerjaan": 2}},
    {"nama": "Termometer", "kegiatan": "pmb_kalibrasi", "bobot": [1, 1, 1, 1, 1]},
]}


def _formation(request: dict[str, Any]) -> Any:
    out = formation.run(request)
    assert out.xlsx is not None
    return load_workbook(io.BytesIO(out.xlsx()))


def _klasifikasi() -> dict[str, Worksheet]:
    out = difficulty.run(ALL_KEGIATAN)
    assert out.xlsx is not None
    wb = load_workbook(io.BytesIO(out.xlsx()))
    return {ws.title: ws for ws in wb.worksheets}


def _find(ws: Worksheet, value: Any) -> Cell:
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in sheet {ws.title}")


def _find_prefix(ws: Worksheet, prefix: str) -> Cell:
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(prefix):
                return cell
    raise AssertionError(f"{prefix!r}… not in sheet {ws.title}")


def _merged_span(ws: Worksheet, cell: Cell) -> tuple[int, int]:
    """Return the first and last column of the merged range starting at ``cell``."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row == cell.row and rng.min_col == cell.column:
            return rng.min_col, rng.max_col
    return cell.column, cell.column


def _width(ws: Worksheet, first: int, last: int) -> float:
    return sum(ws.column_dimensions[get_column_letter(c)].width or 8.43
               for c in range(first, last + 1))


def _last_used_row(ws: Worksheet) -> int:
    return int(max(c.row for row in ws.iter_rows() for c in row if c.value is not None))


def _last_used_col(ws: Worksheet) -> int:
    return int(max(c.column for row in ws.iter_rows() for c in row if c.value is not None))


def _assert_page_setup(ws: Worksheet, title_rows: tuple[int, int], pages_tall: int) -> None:
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == pages_tall
    # The print area covers every written cell, so nothing is cut off the page.
    last_col, last_row = _last_used_col(ws), _last_used_row(ws)
    area = f"A1:{get_column_letter(last_col)}{last_row}"
    assert str(ws.print_area).replace("$", "").endswith(area)
    assert str(ws.print_title_rows).replace("$", "") == f"{title_rows[0]}:{title_rows[1]}"
    assert ws.print_options.horizontalCentered is True
    margins = ws.page_margins
    assert 0.3 <= margins.left <= 0.8 and 0.3 <= margins.right <= 0.8
    assert 0.4 <= margins.top <= 1.0 and 0.4 <= margins.bottom <= 1.0


def _assert_no_numeric_text(ws: Worksheet) -> None:
    for row in ws.iter_rows():
        for cell in row:
            # "@" marks a deliberate text cell: a class label such as "4" (Tabel 5).
            if isinstance(cell.value, str) and cell.number_format != "@":
                assert not NUMERIC_TEXT.match(cell.value), (cell.coordinate, cell.value)


def _assert_signature(ws: Worksheet, lines: list[str], table_end: int, first_col: int) -> None:
    """The block sits under the table at the right, each line on one row, room to sign."""
    last_col = _last_used_col(ws)
    cells = [_find_prefix(ws, text) for text in lines]
    jabatan, *rest = cells
    assert jabatan.row > table_end
    assert rest[0].row == jabatan.row + SIGN_ROOM + 1
    for i, cell in enumerate(rest[1:], start=1):
        assert cell.row == rest[0].row + i
    for cell in cells:
        first, last = _merged_span(ws, cell)
        assert (first, last) == (first_col, last_col), cell.coordinate
        assert first_col > last_col // 2  # in the right half of the form
        assert not cell.alignment.wrap_text
        # The dotted line fits the merged width, so it neither wraps nor spills.
        assert len(str(cell.value)) <= _width(ws, first, last)


def _assert_row_fits(ws: Worksheet, cell: Cell) -> None:
    first, last = _merged_span(ws, cell)
    lines = wrapped_lines(str(cell.value), _width(ws, first, last))
    height = ws.row_dimensions[cell.row].height or 15
    assert height >= 15 * lines, (cell.coordinate, cell.value, height)


# --- Formulir Perhitungan Kebutuhan (Lampiran III Tabel 2) ---------------------------------


@pytest.mark.parametrize("request_", [KEAHLIAN, KETERAMPILAN], ids=["keahlian", "keterampilan"])
def test_perhitungan_page_setup(request_: dict[str, Any]) -> None:
    ws = _formation(request_)["Perhitungan"]
    head = _find(ws, "No.").row
    # Header: two rows (group header, jenjang) plus the (1)…(6) numbering row, repeated.
    assert ws.cell(row=head + 2, column=1).value == "(1)"
    _assert_page_setup(ws, (head, head + 2), pages_tall=1)
    # Twelve columns: No, Hasil Akhir, SKR, Volume, 4 × Persentase, 4 × Kebutuhan.
    assert _last_used_col(ws) == 12
    assert ws["A1"].alignment.horizontal == "center"
    assert _merged_span(ws, ws["A1"]) == (1, 12)
    _assert_no_numeric_text(ws)


def test_perhitungan_value_cells_are_numbers_with_formats() -> None:
    ws = _formation(KEAHLIAN)["Perhitungan"]
    first = _find(ws, "No.").row + 3
    row = [ws.cell(row=first, column=c) for c in range(1, 13)]
    assert (row[0].value, row[0].number_format) == (1, "0")
    # SKR 4.63 (Tabel 1, Analis Perdagangan keahlian no. 1) as a number with two decimals.
    assert (row[2].value, row[2].number_format) == (4.63, "#,##0.00")
    assert (row[3].value, row[3].number_format) == (30, "#,##0")
    # Kontribusi 43/32/20/5 % stored as fractions with a percent format.
    assert [c.value for c in row[4:8]] == [0.43, 0.32, 0.2, 0.05]
    assert {c.number_format for c in row[4:8]} == {"0%"}
    # K = 30 / 4.63 × P: 6.479 × 0.43 = 2.786 → 2.78 (truncated to two decimals).
    assert row[8].value == 2.78
    assert all(isinstance(c.value, float) for c in row[8:12])
    assert {c.number_format for c in row[8:12]} == {"0.00"}
    second = [ws.cell(row=first + 1, column=c) for c in range(1, 13)]
    # Volume 1200 is shown with a thousands separator (1.200 in an Indonesian locale).
    assert (second[3].value, second[3].number_format) == (1200, "#,##0")
    # Output 13 is not national: B.6 leaves Utama out; the text cell wraps in a taller row.
    assert second[11].value == "tidak dihitung (B.6)"
    assert second[11].alignment.wrap_text
    _assert_row_fits(ws, second[11])
    total = _find(ws, "Total Kebutuhan").row
    need = total + 1
    for c in range(9, 13):
        assert isinstance(ws.cell(row=total, column=c).value, float | int)
        assert ws.cell(row=total, column=c).number_format == "0.00"
        assert isinstance(ws.cell(row=need, column=c).value, int)
        assert ws.cell(row=need, column=c).number_format == "0"


def test_perhitungan_headers_are_readable() -> None:
    ws = _formation(KETERAMPILAN)["Perhitungan"]
    head = _find(ws, "No.").row
    for c in range(1, 13):
        for r in (head, head + 1):
            cell = ws.cell(row=r, column=c)
            if cell.value is None:
                continue
            assert cell.alignment.wrap_text
            first, last = _merged_span(ws, cell)
            # Every header word fits its column, so wrapping never breaks a word.
            longest = max(len(w) for w in str(cell.value).split())
            assert longest < _width(ws, first, last), (cell.coordinate, cell.value)
    assert [ws.cell(row=head + 1, column=c).value for c in range(9, 13)] == [
        "Pemula", "Terampil", "Mahir", "Penyelia"]
    # "tidak dihitung" on one line in a Kebutuhan column.
    assert all(_width(ws, c, c) > len("tidak dihitung") for c in range(9, 13))
    assert (ws.row_dimensions[head].height or 0) >= 30


@pytest.mark.parametrize("request_", [KEAHLIAN, KETERAMPILAN], ids=["keahlian", "keterampilan"])
def test_perhitungan_signature_block_at_the_right_under_the_table(
        request_: dict[str, Any]) -> None:
    ws = _formation(request_)["Perhitungan"]
    table_end = _find_prefix(ws, "Kebutuhan setelah pembulatan").row
    # Tabel 2 signs "Sekretaris Jenderal/Daerah… / Nama Pejabat / NIP. ……………….", placed
    # over the four Kebutuhan columns (9–12).
    _assert_signature(ws, ["Sekretaris Jenderal/Daerah…", "Nama Pejabat", "NIP. ………………."],
                      table_end, first_col=9)
    keterangan = _find(ws, "Keterangan:").row
    assert keterangan > _find(ws, "NIP. ……………….").row
    for r in range(keterangan + 1, _last_used_row(ws) + 1):
        _assert_row_fits(ws, ws.cell(row=r, column=1))


# --- Formulir Usulan Kebutuhan (Lampiran IV huruf A) ---------------------------------------


def test_usulan_page_setup_and_numbers() -> None:
    ws = _formation(KEAHLIAN)["Usulan"]
    head = _find(ws, "No.").row
    _assert_page_setup(ws, (head, head + 1), pages_tall=1)
    assert _last_used_col(ws) == 6
    _assert_no_numeric_text(ws)
    title = _find_prefix(ws, "FORMULIR USULAN KEBUTUHAN")
    assert _merged_span(ws, title) == (1, 6)
    assert title.alignment.wrap_text and title.alignment.horizontal == "center"
    # Lampiran Surat / Nomor / Tanggal / Perihal at the top right, above the title.
    assert _find(ws, "Lampiran Surat").column == 5
    assert _find(ws, "Perihal : …").row < title.row
    jumlah = _find(ws, "Jumlah").row
    for r in range(head + 2, jumlah + 1):
        # The Jumlah row's column (5) totals the vacancies only (a plain count).
        lowongan = "0" if r == jumlah else '0;"surplus "0;0'
        for c, fmt in ((3, "0"), (4, "0"), (5, lowongan)):
            cell = ws.cell(row=r, column=c)
            assert isinstance(cell.value, int), cell.coordinate
            assert cell.number_format == fmt
    for c in range(1, 7):
        cell = ws.cell(row=head, column=c)
        assert cell.alignment.wrap_text
        assert max(len(w) for w in str(cell.value).split()) < _width(ws, c, c)
    # "Hasil Usulan Perhitungan Kebutuhan" takes three lines in an 18-wide column.
    assert (ws.row_dimensions[head].height or 0) >= 45


def test_usulan_signature_block_at_the_right_under_the_table() -> None:
    ws = _formation(KEAHLIAN)["Usulan"]
    table_end = _find(ws, "Jumlah").row
    # Form A signs "Sekretaris Jenderal/Daerah… / Nama Pejabat / NIP. …" over columns (5)–(6).
    _assert_signature(ws, ["Sekretaris Jenderal/Daerah…", "Nama Pejabat", "NIP. …"],
                      table_end, first_col=5)
    assert _find(ws, "Keterangan:").row > _find(ws, "NIP. …").row


# --- Formulir Klasifikasi (Lampiran II), one sheet per kegiatan ----------------------------


def test_klasifikasi_has_a_sheet_per_kegiatan() -> None:
    sheets = _klasifikasi()
    assert list(sheets) == [k.label for k in all_kegiatan().values()]
    assert len(sheets) == 6


@pytest.mark.parametrize("kegiatan", list(all_kegiatan()))
def test_klasifikasi_print_layout(kegiatan: str) -> None:
    keg = all_kegiatan()[kegiatan]
    ws = _klasifikasi()[keg.label]
    n = len(keg.unsur)
    penera = keg.formulir["layout"] == "penera"
    # Penera forms: No, object, n unsur, Total, Tingkat; PMB: a (value, bobot) pair per unsur
    # plus No, object, Total, Tingkat and Standar.
    width = n + 4 if penera else 2 * n + 5
    numbers = HEADER_ROW + (1 if penera else 3)
    assert _last_used_col(ws) == width
    _assert_page_setup(ws, (HEADER_ROW, numbers), pages_tall=0)
    _assert_no_numeric_text(ws)
    # Column numbering row: the regulation's (1)…(5) with (3) over every unsur (Penera), or
    # (1)…(n) one per column (the PMB example form).
    nums = [ws.cell(row=numbers, column=c).value for c in range(1, width + 1)]
    if penera:
        assert nums == ["(1)", "(2)", "(3)", *([None] * (n - 1)), "(4)", "(5)"]
        assert _merged_span(ws, ws.cell(row=numbers, column=3)) == (3, 2 + n)
    else:
        assert nums == [f"({i})" for i in range(1, width + 1)]
    # Long headers wrap; no header word is wider than its column.
    for r in range(HEADER_ROW, numbers):
        for c in range(1, width + 1):
            cell = ws.cell(row=r, column=c)
            if not cell.value:
                continue
            assert cell.alignment.wrap_text, cell.coordinate
            first, last = _merged_span(ws, cell)
            assert max(len(w) for w in str(cell.value).split()) < _width(ws, first, last)
    # Penera: the object header ("Jenis, merek, dan model Alat Ukur, …") needs 3 lines.
    assert (ws.row_dimensions[HEADER_ROW].height or 0) >= (45 if penera else 30)
    # Value cells: numbers with an integer format (bobot, total); the class stays text.
    row = numbers + 1
    bobot_cols = range(3, 3 + n) if penera else range(4, 3 + 2 * n, 2)
    total_col = 3 + n if penera else 3 + 2 * n
    for c in [*bobot_cols, total_col]:
        cell = ws.cell(row=row, column=c)
        assert isinstance(cell.value, int), cell.coordinate
        assert cell.number_format == "0"
    assert ws.cell(row=row, column=1).value == 1
    klass = ws.cell(row=row, column=total_col + 1)
    assert klass.value in {"I", "II", "III", "IV", "V", "1", "2", "3", "4", "5"}
    assert klass.number_format == "@"
    for c in range(1, width + 1):
        cell = ws.cell(row=row, column=c)
        if isinstance(cell.value, str) and cell.alignment.wrap_text:
            _assert_row_fits(ws, cell)
    # Signature under the Keterangan, over the last columns.
    keterangan = _find(ws, "Keterangan:").row
    _assert_signature(ws, ["Jabatan:", "Nama:", "NIP:"], keterangan,
                      first_col=width - SIGN_COLUMNS + 1)
    for r in range(keterangan + 1, _find_prefix(ws, "Jabatan:").row - 1):
        cell = ws.cell(row=r, column=1)
        if cell.value:
            _assert_row_fits(ws, cell)


def test_klasifikasi_measured_values_keep_their_decimals() -> None:
    sheets = _klasifikasi()
    contoh = sheets["Pengambilan Contoh"]
    row = HEADER_ROW + 4
    # 90 menit = 1,5 jam: a number with decimals, not the text "1.5".
    waktu = contoh.cell(row=row, column=3)
    assert (waktu.value, waktu.number_format) == (1.5, "0.0##")
    langkah = contoh.cell(row=row, column=5)
    assert (langkah.value, langkah.number_format) == (5, "0")
    # Band criteria (risiko "Sedang (s)") are text, written as text.
    assert contoh.cell(row=row, column=7).value == "Sedang (s)"
    pengujian = sheets["Pengujian"]
    assert pengujian.cell(row=row, column=3).value == 5
    assert pengujian.cell(row=row, column=3).number_format == "0"
