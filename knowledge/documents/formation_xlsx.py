"""The filled forms of a formation result as one XLSX workbook (built in memory).

Sheet "Perhitungan": Lampiran III Tabel 2 (Formulir Perhitungan Kebutuhan JF Perdagangan).
Sheet "Usulan": Lampiran IV huruf A (Formulir Usulan Kebutuhan Jabatan Fungsional Perdagangan).
Labels come from the committed data files; numbers from the calculator's JSON result.
"""

from __future__ import annotations

import io
from decimal import Decimal
from fractions import Fraction
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.calc.numbers import json_number
from knowledge.data_files import load_table
from knowledge.documents._sheet_layout import (
    BOLD,
    BOX,
    CENTER,
    LINE_HEIGHT,
    SIGN_ROOM,
    columns_width,
    fit_row,
    page_setup,
    wrapped_lines,
)
from knowledge.ids import CATEGORY_JENJANG, JENJANG_LABELS

TABEL_2 = "permendag/lampiran_iii_tabel_2"
FORM_A = "permendag/lampiran_iv_a_formulir"
BLANK = "………"
WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center")
SIGN = Alignment(horizontal="center", vertical="center")
# Number formats use the locale's separators, so an Indonesian spreadsheet shows "4,63".
K_FORMAT = "0.00"
SKR_FORMAT = "#,##0.00"
VOLUME_FORMAT = "#,##0"  # a whole volume; a decimal one gets exactly its own decimals
PERCENT_FORMAT = "0%"
MAX_SHOWN_DECIMALS = 12  # the request contract allows at most 24 digits in all
NEED_FORMAT = "0"
EXCLUDED = "tidak dihitung (B.6)"  # a jenjang B.6 leaves out of a non-national output
SURPLUS_TOTAL = "Jumlah surplus (kelebihan pegawai)"
# Column (5) of form A is kebutuhan - bezetting; a negative value reads as a surplus.
LOWONGAN_FORMAT = '0;"surplus "0;0'


def _short_label(jenjang: str) -> str:
    """Return the column header Tabel 2 uses ("Pertama" for Ahli Pertama)."""
    return JENJANG_LABELS[jenjang].removeprefix("Ahli ")


def _boxed(ws: Worksheet, row: int, col: int, value: Any, **style: Any) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    cell.border = BOX
    cell.alignment = style.get("alignment", CENTER)
    if style.get("bold"):
        cell.font = BOLD
    if "number_format" in style:
        cell.number_format = style["number_format"]


def _num(value: Any) -> float | int:
    return json_number(Decimal(str(value)))


def decimals_of(exact: Fraction) -> int:
    """Return how many decimals ``exact`` has (inputs are decimals: the loop ends)."""
    places = 0
    while (exact * 10**places).denominator != 1 and places < MAX_SHOWN_DECIMALS:
        places += 1
    return places


def volume_format(exact: Fraction) -> str:
    """Return the number format that shows a volume exactly as read: 1.500; 12,5; 0,125."""
    places = decimals_of(exact)
    return VOLUME_FORMAT if places == 0 else f"{VOLUME_FORMAT}.{'0' * places}"


def _merged_line(ws: Worksheet, row: int, first: int, last: int, value: Any,
                 alignment: Alignment, bold: bool = False) -> None:
    """Write ``value`` into ``first``..``last`` merged so the text never spills off the print."""
    cell = ws.cell(row=row, column=first, value=value)
    cell.alignment = alignment
    if bold:
        cell.font = BOLD
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def signature_lines(sign: dict[str, Any], form: dict[str, Any]) -> list[str]:
    """Return the signature block's lines: the data's wording, with the official's name and
    NIP where the user gave them (the dotted placeholder stays where they did not)."""
    nama = form.get("pejabat_nama") or sign["nama"]
    nip = f"NIP. {form['pejabat_nip']}" if form.get("pejabat_nip") else sign["nip"]
    return [sign["jabatan"], nama, nip]


def _signature(ws: Worksheet, row: int, first: int, last: int, lines: list[str]) -> int:
    """Write a signature block (position, room to sign, name, NIP) at the right; return next row."""
    _merged_line(ws, row, first, last, lines[0], SIGN)
    row += SIGN_ROOM + 1
    for text in lines[1:]:
        _merged_line(ws, row, first, last, text, SIGN)
        row += 1
    return row


def _note_line(ws: Worksheet, row: int, last: int, text: str) -> None:
    """Write a wrapped note across the whole form, with a row height that shows every line."""
    _merged_line(ws, row, 1, last, text, WRAP_LEFT)
    ws.row_dimensions[row].height = LINE_HEIGHT * wrapped_lines(text, columns_width(ws, 1, last))


def _page_setup(ws: Worksheet, last_col: int, last_row: int, title_rows: tuple[int, int]) -> None:
    """Print on one A4 landscape page, with the table header set as rows to repeat."""
    # A form holds at most one JF's outputs (13 in Tabel 1), so one page stays readable.
    page_setup(ws, last_col, last_row, title_rows, side_margin=0.5, pages_tall=1)


def _header_fields(ws: Worksheet, result: dict[str, Any], tabel: dict[str, Any],
                   last: int) -> int:
    form = result.get("form", {})
    values = {
        "jabatan_fungsional": result["jf_label"],
        "unit_kerja": form.get("unit_kerja") or BLANK,
        "instansi": form.get("instansi") or BLANK,
        "tahun": form.get("tahun") or BLANK,
    }
    row = 3
    for field in tabel["header_fields"]:
        _merged_line(ws, row, 1, 2, field["label"], LEFT)
        _merged_line(ws, row, 3, last, f": {values[field['id']]}", LEFT)
        row += 1
    _merged_line(ws, row, 1, last, f"Kategori {result['category_label']}", LEFT, bold=True)
    return row + 2


def perhitungan_sheet(ws: Worksheet, result: dict[str, Any]) -> None:
    """Fill ``ws`` with the Tabel 2 layout for the result."""
    tabel = load_table(TABEL_2)
    jenjang = CATEGORY_JENJANG[result["category"]]
    n = len(jenjang)
    ws.title = "Perhitungan"
    # Column layout: (1) No, (2) Hasil Akhir, (3) SKR, (4) Volume, (5) n cols, (6) n cols.
    p_first, k_first = 5, 5 + n
    last = k_first + n - 1
    for letter, width in zip("ABCD", (6, 44, 10, 10), strict=True):
        ws.column_dimensions[letter].width = width
    for c in range(p_first, k_first):
        ws.column_dimensions[get_column_letter(c)].width = 10
    for c in range(k_first, last + 1):  # wide enough for "tidak dihitung" on one line
        ws.column_dimensions[get_column_letter(c)].width = 15
    _merged_line(ws, 1, 1, last, tabel["form_title"]["text"], SIGN)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    top = _header_fields(ws, result, tabel, last)
    cols = {c["number"]: c["header"] for c in tabel["columns"]}
    for col, key in ((1, "(1)"), (2, "(2)"), (3, "(3)"), (4, "(4)")):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        _boxed(ws, top, col, cols[key], bold=True)
        _boxed(ws, top + 1, col, None)
    for first, key in ((p_first, "(5)"), (k_first, "(6)")):
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + n - 1)
        _boxed(ws, top, first, cols[key], bold=True)
        for c in range(first + 1, first + n):
            _boxed(ws, top, c, None)
        for i, j in enumerate(jenjang):
            _boxed(ws, top + 1, first + i, _short_label(j), bold=True)
    numbers = top + 2
    for col, key in ((1, "(1)"), (2, "(2)"), (3, "(3)"), (4, "(4)")):
        _boxed(ws, numbers, col, key)
    for first, key in ((p_first, "(5)"), (k_first, "(6)")):
        ws.merge_cells(start_row=numbers, start_column=first, end_row=numbers,
                       end_column=first + n - 1)
        _boxed(ws, numbers, first, key)
        for c in range(first + 1, first + n):
            _boxed(ws, numbers, c, None)
    row = numbers + 1
    for o in result["outputs"]:
        hasil = o["hasil_akhir"][:1].upper() + o["hasil_akhir"][1:]
        _boxed(ws, row, 1, o["no"], number_format=NEED_FORMAT)
        _boxed(ws, row, 2, hasil, alignment=WRAP_LEFT)
        fit_row(ws, row, 2, hasil)
        _boxed(ws, row, 3, _num(o["skr"]), number_format=SKR_FORMAT)
        exact = Fraction(o["volume_exact"])
        _boxed(ws, row, 4, _num(o["volume"]), number_format=volume_format(exact))
        for i, j in enumerate(jenjang):
            pct = o["kontribusi"].get(j)
            # Stored as a fraction (0.43) so the cell is a real percentage, shown "43%".
            _boxed(ws, row, p_first + i,
                   None if pct is None else _num(Decimal(str(pct)) / 100),
                   number_format=PERCENT_FORMAT)
            k = o["kebutuhan"].get(j)
            if j in o["excluded_jenjang"]:
                _boxed(ws, row, k_first + i, EXCLUDED)
                fit_row(ws, row, k_first + i, EXCLUDED)
            else:
                _boxed(ws, row, k_first + i, None if k is None else _num(k),
                       number_format=K_FORMAT)
        row += 1
    per = result["per_jenjang"]
    for label, key, fmt in (
        (tabel["total_row"]["label"], "raw", K_FORMAT),
        ("Kebutuhan setelah pembulatan (Lampiran III B.3–4)", "need", NEED_FORMAT),
    ):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=k_first - 1)
        _boxed(ws, row, 1, label, bold=True,
               alignment=Alignment(horizontal="right", vertical="center", indent=1))
        for c in range(2, k_first):
            _boxed(ws, row, c, None)
        for i, j in enumerate(jenjang):
            _boxed(ws, row, k_first + i, _num(per[j][key]) if j in per else None,
                   number_format=fmt, bold=key == "need")
        row += 1
    _merged_line(ws, row, 1, last, f"Jumlah kebutuhan seluruh jenjang: {result['total_need']} "
                 "orang", LEFT, bold=True)
    row += 2
    sign = tabel["variants"][result["category"]]["signature"]
    row = _signature(ws, row, k_first, last, signature_lines(sign, result.get("form", {})))
    row += 1
    _merged_line(ws, row, 1, last, "Keterangan:", LEFT, bold=True)
    for c in tabel["columns"]:
        row += 1
        _note_line(ws, row, last, f"{c['number']} {c['keterangan']}")
    row += 1
    _note_line(ws, row, last, "Tabel 1 yang dirujuk adalah Lampiran III Tabel 1 "
               "(Nilai SKR dan Persentase Kontribusi JF Perdagangan).")
    row += 1
    _note_line(ws, row, last, result["rounding"]["rule"])
    ws.row_dimensions[top].height = 2 * LINE_HEIGHT
    _page_setup(ws, last, row, (top, numbers))


def usulan_sheet(ws: Worksheet, result: dict[str, Any]) -> None:
    """Fill ``ws`` with the Lampiran IV huruf A usulan form for the result."""
    form_a = load_table(FORM_A)
    form = result.get("form", {})
    instansi = form.get("instansi") or "…"
    tahun = form.get("tahun") or "…"
    ws.title = "Usulan"
    last = len(form_a["columns"])
    for letter, width in zip("ABCDEF", (6, 40, 16, 18, 16, 24), strict=True):
        ws.column_dimensions[letter].width = width
    # The regulation puts "Lampiran Surat Nomor/Tanggal/Perihal" top right, above the title.
    ws.cell(row=1, column=5, value="Lampiran Surat").alignment = LEFT
    for i, label in enumerate(("Nomor : …", "Tanggal : …", "Perihal : …"), start=2):
        _merged_line(ws, i, 5, last, label, LEFT)
    title = form_a["form_title"]["text"].replace("INSTANSI … TAHUN …",
                                                  f"INSTANSI {instansi} TAHUN {tahun}")
    _merged_line(ws, 6, 1, last, title, Alignment(horizontal="center", vertical="center",
                                                   wrap_text=True))
    ws.cell(row=6, column=1).font = Font(bold=True, size=13)
    ws.row_dimensions[6].height = 2 * 18
    _merged_line(ws, 7, 1, last,
                 f"{form_a['nama_instansi']['text']} {form.get('instansi', '')}".rstrip(), LEFT)
    top = 9
    for i, c in enumerate(form_a["columns"], start=1):
        _boxed(ws, top, i, c["header"], bold=True)
    ws.row_dimensions[top].height = 3 * LINE_HEIGHT
    formula = form_a["lowongan_formula"]["text"]
    for i, label in enumerate(("(1)", "(2)", "(3)", "(4)", formula, "(6)"), start=1):
        _boxed(ws, top + 1, i, label)
    row = top + 2
    for no, v in enumerate(result["per_jenjang"].values(), start=1):
        _boxed(ws, row, 1, no, number_format=NEED_FORMAT)
        _boxed(ws, row, 2, f"{result['jf_label']} {v['label']}", alignment=WRAP_LEFT)
        _boxed(ws, row, 3, _num(v["bezetting"]), number_format=NEED_FORMAT)
        _boxed(ws, row, 4, _num(v["need"]), number_format=NEED_FORMAT)
        _boxed(ws, row, 5, _num(v["selisih"]), number_format=LOWONGAN_FORMAT)
        _boxed(ws, row, 6, form.get("unit_kerja") or None, alignment=WRAP_LEFT)
        fit_row(ws, row, 6, form.get("unit_kerja") or "")
        row += 1
    # Vacancies and surplus are totalled apart: netting +2, +1 and -3 to 0 would hide three
    # vacancies (a surplus in one jenjang does not fill a vacancy in another).
    _boxed(ws, row, 1, None)
    _boxed(ws, row, 2, form_a["total_row"]["label"], bold=True)
    _boxed(ws, row, 3, _num(result["total_bezetting"]), bold=True, number_format=NEED_FORMAT)
    _boxed(ws, row, 4, _num(result["total_need"]), bold=True, number_format=NEED_FORMAT)
    _boxed(ws, row, 5, _num(result["total_lowongan"]), bold=True, number_format=NEED_FORMAT)
    _boxed(ws, row, 6, None)
    if result["total_surplus"]:
        row += 1
        _boxed(ws, row, 1, None)
        _boxed(ws, row, 2, SURPLUS_TOTAL, bold=True, alignment=WRAP_LEFT)
        for c in (3, 4, 6):
            _boxed(ws, row, c, None)
        _boxed(ws, row, 5, -_num(result["total_surplus"]), bold=True,
               number_format=LOWONGAN_FORMAT)
    row += 2
    row = _signature(ws, row, 5, last, signature_lines(form_a["signature"], form))
    row += 1
    _merged_line(ws, row, 1, last, "Keterangan:", LEFT, bold=True)
    for k in form_a["keterangan"]:
        row += 1
        _note_line(ws, row, last, f"{k['number']} {k['keterangan']}")
    row += 1
    _note_line(ws, row, last, "Kolom (5) bernilai negatif berarti surplus (kelebihan "
               "pegawai); ditampilkan sebagai \"surplus n\". Baris Jumlah kolom (5) menjumlahkan "
               "lowongan saja; surplus dijumlahkan terpisah dan tidak mengurangi lowongan "
               "jenjang lain.")
    _page_setup(ws, last, row, (top, top + 1))


def workbook_bytes(result: dict[str, Any]) -> bytes:
    """Return the workbook (Perhitungan + Usulan sheets) of a formation result as XLSX bytes."""
    wb = Workbook()
    perhitungan_sheet(wb.active, result)
    usulan_sheet(wb.create_sheet(), result)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
