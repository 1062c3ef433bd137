"""Indonesian presentation of numbers and dates: decimal commas, "1 April 2027"."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]


def number(value: Decimal | int, places: int | None = None) -> str:
    """Format a number the Indonesian way: 1.234,5 (thousands dot, decimal comma).

    With ``places`` the value is rounded half-up to that many decimals; without it trailing
    zeros are dropped (28,125 stays 28,125; 12,50 becomes 12,5).
    """
    d = Decimal(value)
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{d:,.{places}f}"
    else:
        text = f"{d.normalize():,f}"  # normalize() drops trailing zeros; "f" avoids 1E+2
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def date(value: dt.date) -> str:
    """Format a date as "1 April 2027"."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month(value: dt.date) -> str:
    """Format a month as "April 2027"."""
    return f"{MONTHS[value.month - 1]} {value.year}"
