"""Formulir Klasifikasi Penentuan Tingkat Kesulitan (Lampiran II) as an XLSX workbook in memory.

One sheet per kegiatan present in the results, laid out like the regulation's form: title,
unit kerja, headers, column numbers, one row per instrument, Keterangan and a signature block.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.calc._difficulty_data import Kegiatan, all_kegiatan
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

_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
_SIGN = Alignment(horizontal="left", vertical="center")
_PLACEHOLDER = "……………………"
HEADER_ROW = 4  # first table header row on every sheet
SIGN_COLUMNS = 4  # the signature block spans the last four columns, at the right of the form
INT_FORMAT = "0"
# Measured values (1,5 jam) keep their decimals; the locale supplies the decimal comma.
DECIMAL_FORMAT = "0.0##"


def _cell(ws: Worksheet, row: int, col: int, value: Any, *, bold: bool = False,
          box: bool = True, align: Alignment = CENTER) -> None:
    c = ws.cell(row=row, column=col, value=value)
    c.alignment = align
    if bold:
        c.font = BOLD
    if box:
        c.border = BOX


def _merge(ws: Worksheet, r1: int, c1: int, r2: int, c2: int, value: Any, *,
           bold: bool = True) -> None:
    for r in range(r1, r2 + 1):
        for c in range(c1, c2 + 1):
            ws.cell(row=r, column=c).border = BOX
    _cell(ws, r1, c1, value, bold=bold)
    if (r1, c1) != (r2, c2):
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


def _title(ws: Worksheet, title: str, second: str, width: int) -> None:
    ws.cell(row=1, column=1, value=title).font = Font(bold=True, size=12)
    ws.cell(row=1, column=1).alignment = CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 32
    ws.cell(row=2, column=1, value=second).alignment = _LEFT
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)


def _number_format(value: Any) -> str:
    """Return the format of a value cell: integers plain, measured decimals with theirs."""
    if isinstance(value, float) and not value.is_integer():
        return DECIMAL_FORMAT
    return INT_FORMAT if isinstance(value, int | float) else "@"


def _signature(ws: Worksheet, row: int, width: int) -> int:
    """Write the block the signing official fills in (place/date, position, name, NIP).

    Each line is merged over the last columns so the dotted lines stay on one line inside the
    print area. Returns the last row used.
    """
    first = max(1, width - SIGN_COLUMNS + 1)
    lines = [
        f"{_PLACEHOLDER}, {_PLACEHOLDER}",
        f"Jabatan: {_PLACEHOLDER}",
        *([""] * SIGN_ROOM),
        f"Nama: {_PLACEHOLDER}",
        f"NIP: {_PLACEHOLDER}",
    ]
    for i, text in enumerate(lines):
        if not text:
            continue
        ws.cell(row=row + i, column=first, value=text).alignment = _SIGN
        if width > first:
            ws.merge_cells(start_row=row + i, start_column=first, end_row=row + i,
                           end_column=width)
    return row + len(lines) - 1


def _keterangan(ws: Worksheet, row: int, width: int, text: str) -> None:
    """Write one Keterangan line merged across the form, wrapped inside the print area."""
    ws.cell(row=row, column=1, value=text).alignment = _TOP_LEFT
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = LINE_HEIGHT * wrapped_lines(text, columns_width(ws, 1, width))


def _page_setup(ws: Worksheet, width: int, last_row: int, title_rows: tuple[int, int]) -> None:
    """Print on A4 landscape, one page wide, repeating the table header on every page."""
    # A long list of instruments continues on the next pages.
    page_setup(ws, width, last_row, title_rows, side_margin=0.4, pages_tall=0)


def _penera_sheet(ws: Worksheet, keg: Kegiatan, results: list[dict[str, Any]],
                  unit_kerja: str | None) -> None:
    form = keg.formulir
    n = len(keg.unsur)
    width = n + 4
    unit = form["unit_kerja"]["text"]
    if unit_kerja:
        unit = f"{unit.rstrip('.…')}: {unit_kerja}"
    _title(ws, form["title"]["text"], unit, width)
    h = HEADER_ROW
    _merge(ws, h, 1, h, 1, "No.")
    _merge(ws, h, 2, h, 2, form["objek_header"]["text"])
    for i, u in enumerate(keg.unsur):
        _merge(ws, h, 3 + i, h, 3 + i, form["unsur_headers"][u.id])
    _merge(ws, h, 3 + n, h, 3 + n, form["total_header"]["text"])
    _merge(ws, h, 4 + n, h, 4 + n, form["class_header"]["text"])
    nums = form["column_numbers"]
    _merge(ws, h + 1, 1, h + 1, 1, nums[0], bold=False)
    _merge(ws, h + 1, 2, h + 1, 2, nums[1], bold=False)
    _merge(ws, h + 1, 3, h + 1, 2 + n, nums[2], bold=False)
    _merge(ws, h + 1, 3 + n, h + 1, 3 + n, nums[3], bold=False)
    _merge(ws, h + 1, 4 + n, h + 1, 4 + n, nums[4], bold=False)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 34
    for i, u in enumerate(keg.unsur):
        # Wide enough for the longest header word ("Keterlibatan") in bold.
        longest = max(len(w) for w in form["unsur_headers"][u.id].split())
        ws.column_dimensions[get_column_letter(3 + i)].width = max(9, longest + 2)
    ws.column_dimensions[get_column_letter(3 + n)].width = 10
    ws.column_dimensions[get_column_letter(4 + n)].width = 12
    ws.row_dimensions[h].height = 4 * LINE_HEIGHT  # the long object header wraps
    row = h + 2
    for no, r in enumerate(results, start=1):
        _cell(ws, row, 1, no)
        _cell(ws, row, 2, r["nama"] or "", align=_LEFT)
        fit_row(ws, row, 2, r["nama"] or "")
        for i, u in enumerate(r["unsur"]):
            _cell(ws, row, 3 + i, u["bobot"])
            ws.cell(row=row, column=3 + i).number_format = INT_FORMAT
        _cell(ws, row, 3 + n, r["total"], bold=True)
        ws.cell(row=row, column=3 + n).number_format = INT_FORMAT
        _cell(ws, row, 4 + n, r["class"], bold=True)
        ws.cell(row=row, column=4 + n).number_format = "@"  # a class label ("II", "4")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Keterangan:").font = BOLD
    for line in form["keterangan"]:
        row += 1
        _keterangan(ws, row, width, f"{line['item']}. {line['text']}")
    last = _signature(ws, row + 2, width)
    _page_setup(ws, width, last, (h, h + 1))


def _pmb_sheet(ws: Worksheet, keg: Kegiatan, results: list[dict[str, Any]],
               unit_kerja: str | None) -> None:
    form = keg.formulir
    n = len(keg.unsur)
    width = 2 * n + 5
    second = form["place_line"]["text"] if form.get("place_line") else ""
    if unit_kerja:
        second = (second + "   " if second else "") + f"Unit Kerja/Instansi: {unit_kerja}"
    _title(ws, form["title"]["text"], second, width)
    h = HEADER_ROW
    _merge(ws, h, 1, h + 2, 1, "No.")
    _merge(ws, h, 2, h + 2, 2, form["objek_header"]["text"])
    for i, u in enumerate(keg.unsur):
        c = 3 + 2 * i
        _merge(ws, h, c, h, c + 1, u.label)
        measured = u.quantity is not None
        first = form["value_header_measured" if measured else "value_header_band"]["text"]
        _merge(ws, h + 1, c, h + 1, c, first)
        _merge(ws, h + 1, c + 1, h + 1, c + 1, form["weight_header"]["text"])
        unit = f"({u.quantity['unit']})" if measured and u.quantity is not None else ""
        _merge(ws, h + 2, c, h + 2, c, unit, bold=False)
        _merge(ws, h + 2, c + 1, h + 2, c + 1, "", bold=False)
    tail = 3 + 2 * n
    _merge(ws, h, tail, h + 2, tail, "Total Bobot")
    _merge(ws, h, tail + 1, h + 2, tail + 1, "Tingkat Kesulitan")
    _merge(ws, h, tail + 2, h + 2, tail + 2, form["standar_header"]["text"])
    for c in range(1, width + 1):
        _merge(ws, h + 3, c, h + 3, c, f"({c})", bold=False)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 28
    for c in range(3, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 12
    ws.column_dimensions[get_column_letter(width)].width = 24
    ws.row_dimensions[h].height = 2 * LINE_HEIGHT
    ws.row_dimensions[h + 1].height = 2 * LINE_HEIGHT
    row = h + 4
    for no, r in enumerate(results, start=1):
        _cell(ws, row, 1, no)
        _cell(ws, row, 2, r["nama"] or "", align=_LEFT)
        fit_row(ws, row, 2, r["nama"] or "")
        for i, u in enumerate(r["unsur"]):
            c = 3 + 2 * i
            value = u.get("nilai_tabel", u.get("nilai", u["uraian"]))
            _cell(ws, row, c, value)
            ws.cell(row=row, column=c).number_format = _number_format(value)
            if isinstance(value, str):
                fit_row(ws, row, c, value)
            _cell(ws, row, c + 1, u["bobot"])
            ws.cell(row=row, column=c + 1).number_format = INT_FORMAT
        _cell(ws, row, tail, r["total"], bold=True)
        ws.cell(row=row, column=tail).number_format = INT_FORMAT
        _cell(ws, row, tail + 1, r["class"], bold=True)
        ws.cell(row=row, column=tail + 1).number_format = "@"  # a class label ("II")
        _cell(ws, row, tail + 2, r.get("standar", ""), align=_LEFT)
        fit_row(ws, row, tail + 2, r.get("standar") or "")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Keterangan:").font = BOLD
    _keterangan(ws, row + 1, width,
                f"Nilai bobot berdasarkan {keg.bobot_citation}; tingkat kesulitan "
                f"berdasarkan {keg.class_citation}.")
    last = _signature(ws, row + 3, width)
    _page_setup(ws, width, last, (h, h + 3))


def formulir_xlsx(results: list[dict[str, Any]], unit_kerja: str | None = None) -> bytes:
    """Return the filled Formulir Klasifikasi: one sheet per kegiatan, one row per instrument."""
    wb = Workbook()
    first = True
    for keg in all_kegiatan().values():
        mine = [r for r in results if r["kegiatan"] == keg.id]
        if not mine:
            continue
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        first = False
        ws.title = keg.label[:31]
        if keg.formulir["layout"] == "penera":
            _penera_sheet(ws, keg, mine, unit_kerja)
        else:
            _pmb_sheet(ws, keg, mine, unit_kerja)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
