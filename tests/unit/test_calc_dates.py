"""The shared request-date parser of the calculators (credit, exam)."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.calc.dates import YEAR_RANGE, iso_date
from knowledge.errors import InputError

PROBLEM = "harus berupa tanggal dengan format TTTT-BB-HH, misalnya 2025-04-01."


def test_iso_date_accepts_padded_iso() -> None:
    assert iso_date(" 2027-04-01 ", "tanggal", PROBLEM) == dt.date(2027, 4, 1)


@pytest.mark.parametrize("value", [None, 20270401, "2027-02-29", "1/4/2027", ""])
def test_iso_date_rejects_non_dates_with_the_given_sentence(value: object) -> None:
    with pytest.raises(InputError) as err:
        iso_date(value, "tanggal", PROBLEM)
    assert (err.value.field, err.value.message) == ("tanggal", PROBLEM)


@pytest.mark.parametrize("year", [YEAR_RANGE[0] - 1, YEAR_RANGE[1] + 1])
def test_iso_date_rejects_years_outside_the_range(year: int) -> None:
    with pytest.raises(InputError) as err:
        iso_date(f"{year}-01-01", "tanggal_rekomendasi", PROBLEM)
    assert err.value.field == "tanggal_rekomendasi"
    assert err.value.message == "tahun harus dari 1950 sampai 2200."


def test_iso_date_keeps_the_range_ends() -> None:
    assert iso_date("1950-01-01", "t", PROBLEM).year == 1950
    assert iso_date("2200-12-31", "t", PROBLEM).year == 2200
