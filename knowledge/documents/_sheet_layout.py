"""Print layout shared by the XLSX forms: wrapped-text row heights and A4 landscape setup."""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

_THIN = Side(style="thin")
BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
SIGN_ROOM = 4  # empty rows between the position and the name: room for signature and stamp
LINE_HEIGHT = 15  # points per wrapped text line at the default font size
DEFAULT_COLUMN_WIDTH = 8.43  # a spreadsheet's width of a column never sized


def columns_width(ws: Worksheet, first: int, last: int) -> float:
    """Return the total width (in characters) of columns ``first``..``last``."""
    return sum(ws.column_dimensions[get_column_letter(c)].width or DEFAULT_COLUMN_WIDTH
               for c in range(first, last + 1))


def wrapped_lines(text: str, width: float) -> int:
    """Return how many lines ``text`` takes when word-wrapped in a column ``width`` chars wide."""
    room = max(1, int(width) - 1)  # a char of padding; spreadsheets wrap at word boundaries
    lines, used = 1, 0
    for word in text.split():
        need = len(word) if used == 0 else used + 1 + len(word)
        if need <= room or used == 0:
            used = need
        else:
            lines, used = lines + 1, len(word)
        while used > room:  # a word longer than the column breaks across lines
            lines, used = lines + 1, used - room
    return lines


def fit_row(ws: Worksheet, row: int, col: int, text: str) -> None:
    """Give a row with a wrapped text cell the height its lines need (Excel does not autofit)."""
    lines = wrapped_lines(text, columns_width(ws, col, col))
    current = ws.row_dimensions[row].height or LINE_HEIGHT
    ws.row_dimensions[row].height = max(current, LINE_HEIGHT * lines)


def page_setup(ws: Worksheet, last_col: int, last_row: int, title_rows: tuple[int, int], *,
               side_margin: float, pages_tall: int) -> None:
    """Print on A4 landscape, one page wide, repeating ``title_rows`` on every page.

    ``pages_tall`` 0 lets a long table continue on further pages; 1 keeps it on one page.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_tall
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{get_column_letter(last_col)}{last_row}"
    ws.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    ws.page_margins = PageMargins(left=side_margin, right=side_margin, top=0.6, bottom=0.6,
                                  header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
