"""Properties of knowledge.typed_numbers (hypothesis): the reader reads back every number the
assistant itself shows, a lone dot gives exactly its two readings, and no text whatsoever makes
it fail other than with ``NumberError``."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from knowledge import fmt
from knowledge.typed_numbers import MAX_DIGITS, NumberError, read_number

# Within the digit cap: 14 digits before the comma and 4 after make MAX_DIGITS (18).
LARGEST = Decimal(10) ** (MAX_DIGITS - 4) - 1
numbers = st.decimals(min_value=-LARGEST, max_value=LARGEST, places=4, allow_nan=False,
                      allow_infinity=False)


@given(numbers)
def test_every_number_shown_in_indonesian_form_reads_back_as_itself(value: Decimal) -> None:
    shown = fmt.number(value)  # "1.500", "12,5", "-1.234.567,0125"
    assert read_number(shown) == (value,)


@given(st.integers(min_value=1, max_value=10**8),
       st.text(alphabet="0123456789", min_size=1, max_size=6))
def test_a_lone_dot_gives_its_decimal_and_its_whole_reading(whole: int, tail: str) -> None:
    text = f"{whole}.{tail}"
    readings = read_number(text)
    if whole < 1000 and len(tail) == 3:  # "1.500": a thousands dot, one reading
        assert readings == (Decimal(f"{whole}{tail}"),)
    else:
        assert readings == (Decimal(text), Decimal(f"{whole}{tail}"))


@given(st.text(max_size=120))
def test_any_text_is_a_reading_or_a_number_error(text: str) -> None:
    try:
        readings = read_number(text)
    except NumberError as exc:
        assert exc.reason in {"too_long", "not_number", "unit", "inexact"}
        return
    assert 1 <= len(readings) <= 2
    assert all(isinstance(r, Decimal) and r.is_finite() for r in readings)


@given(st.text(alphabet="0123456789.,-+ ", max_size=100),
       st.sampled_from([None, "jam", "bulan", "pihak"]))
def test_digit_soup_never_escapes_the_cap(text: str, unit: str | None) -> None:
    try:
        readings = read_number(text, unit)
    except NumberError:
        return
    # No reading carries more significant digits than a numeral may have.
    assert all(len(r.normalize().as_tuple().digits) <= MAX_DIGITS for r in readings)
