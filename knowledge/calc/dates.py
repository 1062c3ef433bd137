"""Parsing of request dates (ISO ``TTTT-BB-HH``) with the field named on failure."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.errors import InputError

# Plausible dates only (and far from date overflow when a horizon or validity is added).
YEAR_RANGE = (1950, 2200)


def iso_date(value: Any, field: str, problem: str) -> dt.date:
    """Return an ISO date string as a date; ``problem`` is the sentence for a non-date."""
    try:
        if not isinstance(value, str):
            raise ValueError
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(field, problem) from None
    if not YEAR_RANGE[0] <= day.year <= YEAR_RANGE[1]:
        raise InputError(field, f"tahun harus dari {YEAR_RANGE[0]} sampai {YEAR_RANGE[1]}.")
    return day
