"""Indonesian number and date presentation (knowledge/fmt.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from knowledge import fmt


@pytest.mark.parametrize(("value", "places", "shown"), [
    (Decimal("28.125"), 2, "28,13"),  # half-up, not banker's rounding (28,12)
    (Decimal("0.005"), 2, "0,01"),
    (Decimal("12.5"), 2, "12,50"),  # places keep trailing zeros
    (Decimal("1234.5"), 1, "1.234,5"),  # thousands dot, decimal comma
    (Decimal("1234567"), 0, "1.234.567"),
    (Decimal("-2.345"), 2, "-2,35"),  # half-up rounds away from zero
])
def test_number_with_places(value: Decimal, places: int, shown: str) -> None:
    assert fmt.number(value, places) == shown


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("28.125"), "28,125"),
    (Decimal("12.50"), "12,5"),  # trailing zeros dropped
    (Decimal("100"), "100"),  # normalize() gives 1E+2; still printed plainly
    (Decimal("100.00"), "100"),
    (Decimal("0.000001"), "0,000001"),
    (Decimal("1500"), "1.500"),
    (7, "7"),
])
def test_number_without_places(value: Decimal | int, shown: str) -> None:
    assert fmt.number(value) == shown


def test_date_and_month() -> None:
    assert fmt.date(dt.date(2027, 4, 1)) == "1 April 2027"
    assert fmt.date(dt.date(2025, 12, 31)) == "31 Desember 2025"
    assert fmt.month(dt.date(2026, 2, 28)) == "Februari 2026"
