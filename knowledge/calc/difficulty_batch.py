"""Batch mode of the tingkat kesulitan calculator: a filled instrument list (CSV or XLSX).

One instrument per row. Columns: ``nama``, ``kegiatan``, optional ``jf`` and ``standar``, then
per unsur id either ``<unsur_id>`` (the bobot) or ``<unsur_id>_nilai`` (a measurement, with an
optional ``<unsur_id>_satuan``). Blank cells are ignored; a row with every cell blank is
skipped. The rows become a multi-instrument request for ``knowledge.calc.difficulty.run``.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook, load_workbook

from knowledge.calc._difficulty_data import all_kegiatan
from knowledge.calc.contract import CalcOutput
from knowledge.calc.difficulty import run
from knowledge.digits import read_index
from knowledge.errors import InputError

BASE_COLUMNS = ["nama", "kegiatan", "jf", "standar"]
VALUE_SUFFIX = "_nilai"
UNIT_SUFFIX = "_satuan"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


Rows = list[tuple[int, dict[str, Any]]]  # (row number in the file, cells by column name)


def rows_from_csv(data: bytes) -> Rows:
    """Return the rows of a CSV file (comma or semicolon separated, UTF-8)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("--batch", "berkas CSV harus berenkode UTF-8.") from None
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    return [(n, dict(r)) for n, r in enumerate(reader, start=2)]


def rows_from_xlsx(data: bytes) -> Rows:
    """Return the rows of the first sheet, headed by the first row that has 'kegiatan'."""
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook is the caller's input error
        raise InputError("--batch", "berkas XLSX tidak dapat dibaca.") from None
    ws = wb.worksheets[0]
    header: list[str] | None = None
    rows: Rows = []
    for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else v for v in values]
        if header is None:
            names = [str(c).strip().lower() for c in cells]
            if "kegiatan" in names:
                header = names
            continue
        rows.append((n, {h: c for h, c in zip(header, cells, strict=False) if h}))
    if header is None:
        raise InputError("--batch", "tidak ada baris judul kolom yang memuat 'kegiatan'.")
    return rows


def _allowed_columns() -> set[str]:
    cols = set(BASE_COLUMNS)
    for keg in all_kegiatan().values():
        for u in keg.unsur:
            cols.add(u.id)
            if u.quantity is not None:
                cols.update({u.id + VALUE_SUFFIX, u.id + UNIT_SUFFIX})
    return cols


def request_from_rows(rows: Rows) -> tuple[dict[str, Any], list[int]]:
    """Return the multi-instrument request for the rows and each instrument's row number."""
    allowed = _allowed_columns()
    items: list[dict[str, Any]] = []
    numbers: list[int] = []
    for n, row in rows:
        row = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
        unknown = sorted(k for k in row if k and k not in allowed and not _blank(row[k]))
        if unknown:
            raise InputError(f"baris {n}, kolom {unknown[0]}",
                             "kolom tidak dikenal; pakai nama, kegiatan, jf, standar dan id "
                             "unsur (lihat calc difficulty --list).")
        if all(_blank(v) for v in row.values()):
            continue
        item: dict[str, Any] = {}
        for key in BASE_COLUMNS:
            if not _blank(row.get(key)):
                item[key] = str(row[key]).strip()
        bobot: dict[str, Any] = {}
        for key, value in row.items():
            if _blank(value) or key in BASE_COLUMNS or key.endswith(UNIT_SUFFIX):
                continue
            if key.endswith(VALUE_SUFFIX):
                uid = key[: -len(VALUE_SUFFIX)]
                unit = row.get(uid + UNIT_SUFFIX)
                measure: dict[str, Any] = {"nilai": value}
                if not _blank(unit):
                    measure["satuan"] = str(unit).strip()
                bobot[uid] = measure
            else:
                bobot[key] = value
        item["bobot"] = bobot
        items.append(item)
        numbers.append(n)
    if not items:
        raise InputError("--batch", "berkas tidak berisi satu pun instrumen.")
    return {"instrumen": items}, numbers


def request_from_file(name: str, data: bytes) -> tuple[dict[str, Any], list[int]]:
    """Return the request for a filled list (.csv or .xlsx) and each instrument's row number."""
    lower = name.lower()
    if lower.endswith(".csv"):
        return request_from_rows(rows_from_csv(data))
    if lower.endswith(".xlsx"):
        return request_from_rows(rows_from_xlsx(data))
    raise InputError("--batch", "pakai berkas .csv atau .xlsx.")


def _relabel(exc: InputError, numbers: list[int]) -> InputError:
    """Return the error with 'instrumen[i].' turned into the file's 'baris n'."""
    field = exc.field
    if field.startswith("instrumen["):
        idx, _, rest = field[len("instrumen["):].partition("]")
        n = read_index(idx)
        if n is not None and n < len(numbers):
            rest = rest.lstrip(".")
            field = f"baris {numbers[n]}" + (f", {rest}" if rest else "")
    return InputError(field, exc.message)


def run_batch(name: str, data: bytes, unit_kerja: str | None = None) -> CalcOutput:
    """Classify every instrument of a filled list; errors name the file's row."""
    request, numbers = request_from_file(name, data)
    if unit_kerja is not None:
        request["unit_kerja"] = unit_kerja
    try:
        return run(request)
    except InputError as exc:
        raise _relabel(exc, numbers) from None


def template_columns(kegiatan: str) -> list[str]:
    """Return the column headers of a blank list for one kegiatan."""
    table = all_kegiatan()
    if kegiatan not in table:
        raise InputError("kegiatan", f"tidak dikenal; pilih salah satu dari: {', '.join(table)}.")
    cols = ["nama", "kegiatan"]
    if table[kegiatan].formulir["layout"] == "pmb":
        cols.append("standar")
    for u in table[kegiatan].unsur:
        cols.append(u.id)
        if u.quantity is not None:
            cols.extend([u.id + VALUE_SUFFIX, u.id + UNIT_SUFFIX])
    return cols


def template_csv(kegiatan: str) -> str:
    """Return a blank CSV list for one kegiatan (header and one row with the kegiatan id)."""
    cols = template_columns(kegiatan)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(cols)
    writer.writerow(["", kegiatan] + [""] * (len(cols) - 2))
    return buf.getvalue()


def template_xlsx(kegiatan: str) -> bytes:
    """Return a blank XLSX list for one kegiatan (header and one row with the kegiatan id)."""
    cols = template_columns(kegiatan)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Daftar instrumen"
    ws.append(cols)
    ws.append(["", kegiatan] + [None] * (len(cols) - 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
