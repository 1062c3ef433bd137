"""The filled forms of a formation result as one XLSX workbook (built in memory).

Sheet "Perhitungan": Lampiran III Tabel 2 (Formulir Perhitungan Kebutuhan JF Perdagangan).
Sheet "Usulan": Lampiran IV huruf A (Formulir Usulan Kebutuhan Jabatan Fungsional Perdagangan).
Labels come from the committed data files; numbers from the calculator's JSON result.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from knowledge.data_files import load_table
from knowledge.ids import CATEGORY_JENJANG, JENJANG_LABELS

TABEL_2 = "permendag/lampiran_iii_tabel_2"
FORM_A = "permendag/lampiran_iv_a_formulir"
BLANK = "………"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
K_FORMAT = "0.00"
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
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def _signature(ws: Worksheet, row: int, col: int, lines: list[str]) -> int:
    """Write a signature block to fill in by hand; return the next free row."""
    ws.cell(row=row, column=col, value=lines[0])
    row += 4  # room for the signature and stamp
    for text in lines[1:]:
        ws.cell(row=row, column=col, value=text)
        row += 1
    return row


def _header_fields(ws: Worksheet, result: dict[str, Any], tabel: dict[str, Any]) -> int:
    form = result.get("form", {})
    values = {
        "jabatan_fungsional": result["jf_label"],
        "unit_kerja": form.get("unit_kerja") or BLANK,
        "instansi": form.get("instansi") or BLANK,
        "tahun": form.get("tahun") or BLANK,
    }
    row = 3
    for field in tabel["header_fields"]:
        ws.cell(row=row, column=1, value=field["label"])
        ws.cell(row=row, column=3, value=f": {values[field['id']]}")
        row += 1
    ws.cell(row=row, column=1, value=f"Kategori {result['category_label']}").font = BOLD
    return row + 2


def perhitungan_sheet(ws: Worksheet, result: dict[str, Any]) -> None:
    """Fill ``ws`` with the Tabel 2 layout for the result."""
    tabel = load_table(TABEL_2)
    jenjang = CATEGORY_JENJANG[result["category"]]
    n = len(jenjang)
    ws.title = "Perhitungan"
    ws.cell(row=1, column=1, value=tabel["form_title"]["text"]).font = Font(bold=True, size=13)
    top = _header_fields(ws, result, tabel)
    cols = {c["number"]: c["header"] for c in tabel["columns"]}
    # Column layout: (1) No, (2) Hasil Akhir, (3) SKR, (4) Volume, (5) n cols, (6) n cols.
    p_first, k_first = 5, 5 + n
    last = k_first + n - 1
    for col, key in ((1, "(1)"), (2, "(2)"), (3, "(3)"), (4, "(4)")):
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        _boxed(ws, top, col, cols[key], bold=True)
        _boxed(ws, top + 1, col, None)
    for first, key in ((p_first, "(5)"), (k_first, "(6)")):
        ws.merge_cells(start_row=top, start_column=first, end_row=top, end_column=first + n - 1)
        _boxed(ws, top, first, cols[key], bold=True)
        for i, j in enumerate(jenjang):
            _boxed(ws, top + 1, first + i, _short_label(j), bold=True)
    numbers = top + 2
    for col, key in ((1, "(1)"), (2, "(2)"), (3, "(3)"), (4, "(4)")):
        _boxed(ws, numbers, col, key)
    for first, key in ((p_first, "(5)"), (k_first, "(6)")):
        ws.merge_cells(start_row=numbers, start_column=first, end_row=numbers,
                       end_column=first + n - 1)
        _boxed(ws, numbers, first, key)
    row = numbers + 1
    for o in result["outputs"]:
        _boxed(ws, row, 1, o["no"])
        _boxed(ws, row, 2, o["hasil_akhir"][:1].upper() + o["hasil_akhir"][1:], alignment=WRAP)
        _boxed(ws, row, 3, o["skr"], number_format="0.00")
        _boxed(ws, row, 4, o["volume"])
        for i, j in enumerate(jenjang):
            pct = o["kontribusi"].get(j)
            _boxed(ws, row, p_first + i, None if pct is None else _num(pct) / 100,
                   number_format="0%")
            k = o["kebutuhan"].get(j)
            value: Any = k
            if j in o["excluded_jenjang"]:
                value = "tidak dihitung (B.6)"
            _boxed(ws, row, k_first + i, value, number_format=K_FORMAT)
        row += 1
    per = result["per_jenjang"]
    for label, key, fmt in (
        (tabel["total_row"]["label"], "raw", K_FORMAT),
        ("Kebutuhan setelah pembulatan (Lampiran III B.3–4)", "need", "0"),
    ):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=k_first - 1)
        _boxed(ws, row, 1, label, bold=True, alignment=Alignment(horizontal="right"))
        for c in range(2, k_first):
            _boxed(ws, row, c, None)
        for i, j in enumerate(jenjang):
            _boxed(ws, row, k_first + i, per[j][key] if j in per else None,
                   number_format=fmt, bold=key == "need")
        row += 1
    ws.cell(row=row, column=1, value=f"Jumlah kebutuhan seluruh jenjang: {result['total_need']} "
            "orang").font = BOLD
    row += 2
    sign = tabel["variants"][result["category"]]["signature"]
    row = _signature(ws, row, k_first, [sign["jabatan"], sign["nama"], sign["nip"]])
    row += 1
    ws.cell(row=row, column=1, value="Keterangan:")
    for c in tabel["columns"]:
        row += 1
        ws.cell(row=row, column=1, value=f"{c['number']} {c['keterangan']}")
    row += 1
    ws.cell(row=row, column=1, value="Tabel 1 yang dirujuk adalah Lampiran III Tabel 1 "
            "(Nilai SKR dan Persentase Kontribusi JF Perdagangan).")
    row += 1
    ws.cell(row=row, column=1, value=result["rounding"]["rule"])
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 10
    ws.column_dimensions["D"].width = 10
    for c in range(p_first, last + 1):
        ws.column_dimensions[get_column_letter(c)].width = 11


def usulan_sheet(ws: Worksheet, result: dict[str, Any]) -> None:
    """Fill ``ws`` with the Lampiran IV huruf A usulan form for the result."""
    form_a = load_table(FORM_A)
    form = result.get("form", {})
    instansi = form.get("instansi") or "…"
    tahun = form.get("tahun") or "…"
    ws.title = "Usulan"
    ws.cell(row=1, column=4, value="Lampiran Surat")
    for i, label in enumerate(("Nomor : …", "Tanggal : …", "Perihal : …"), start=2):
        ws.cell(row=i, column=4, value=label)
    title = form_a["form_title"]["text"].replace("INSTANSI … TAHUN …",
                                                  f"INSTANSI {instansi} TAHUN {tahun}")
    ws.cell(row=6, column=1, value=title).font = Font(bold=True, size=13)
    ws.cell(row=7, column=1, value=f"{form_a['nama_instansi']['text']} {form.get('instansi', '')}")
    top = 9
    for i, c in enumerate(form_a["columns"], start=1):
        _boxed(ws, top, i, c["header"], bold=True)
    formula = form_a["lowongan_formula"]["text"]
    for i, label in enumerate(("(1)", "(2)", "(3)", "(4)", formula, "(6)"), start=1):
        _boxed(ws, top + 1, i, label)
    row = top + 2
    for no, v in enumerate(result["per_jenjang"].values(), start=1):
        _boxed(ws, row, 1, no)
        _boxed(ws, row, 2, f"{result['jf_label']} {v['label']}", alignment=WRAP)
        _boxed(ws, row, 3, v["bezetting"])
        _boxed(ws, row, 4, v["need"])
        _boxed(ws, row, 5, v["selisih"], number_format=LOWONGAN_FORMAT)
        _boxed(ws, row, 6, form.get("unit_kerja") or None)
        row += 1
    _boxed(ws, row, 1, None)
    _boxed(ws, row, 2, form_a["total_row"]["label"], bold=True)
    _boxed(ws, row, 3, result["total_bezetting"], bold=True)
    _boxed(ws, row, 4, result["total_need"], bold=True)
    _boxed(ws, row, 5, result["total_selisih"], bold=True, number_format=LOWONGAN_FORMAT)
    _boxed(ws, row, 6, None)
    row += 2
    sign = form_a["signature"]
    row = _signature(ws, row, 5, [sign["jabatan"], sign["nama"], sign["nip"]])
    row += 1
    ws.cell(row=row, column=1, value="Keterangan:")
    for k in form_a["keterangan"]:
        row += 1
        ws.cell(row=row, column=1, value=f"{k['number']} {k['keterangan']}")
    row += 1
    ws.cell(row=row, column=1, value="Kolom (5) bernilai negatif berarti surplus (kelebihan "
            "pegawai); ditampilkan sebagai \"surplus n\".")
    for col, width in zip("ABCDEF", (6, 40, 16, 18, 16, 24), strict=True):
        ws.column_dimensions[col].width = width
    for c in range(1, 7):
        ws.cell(row=top, column=c).alignment = CENTER


def workbook_bytes(result: dict[str, Any]) -> bytes:
    """Return the workbook (Perhitungan + Usulan sheets) of a formation result as XLSX bytes."""
    wb = Workbook()
    perhitungan_sheet(wb.active, result)
    usulan_sheet(wb.create_sheet(), result)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
