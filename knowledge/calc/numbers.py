"""Parsing of request numbers into Decimal, with the field named on failure."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from knowledge import fmt
from knowledge.errors import InputError

# No input of any calculator comes near this; beyond it the Decimal context precision (28
# digits, e.g. quantize), float charts and XLSX cells break.
NUMBER_LIMIT = Decimal(10) ** 12


def to_decimal(value: Any, field: str) -> Decimal:
    """Return ``value`` (a JSON number or a decimal string, comma or dot) as a Decimal."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, "harus berupa angka.")
    if isinstance(value, int):
        return _bounded(Decimal(value), field)
    if isinstance(value, float):
        return _bounded(Decimal(repr(value)), field)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text and "." in text:
            text = text.replace(".", "").replace(",", ".")  # 1.234,5 -> 1234.5
        else:
            text = text.replace(",", ".")
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise InputError(field, "harus berupa angka.") from None
        if not d.is_finite():
            raise InputError(field, "harus berupa angka.")
        return _bounded(d, field)
    raise InputError(field, "harus berupa angka.")


def _bounded(d: Decimal, field: str) -> Decimal:
    if not d.is_finite() or abs(d) > NUMBER_LIMIT:
        raise InputError(field, f"angka terlalu besar; paling besar {fmt.number(NUMBER_LIMIT)}.")
    return d


def json_number(value: Decimal) -> int | float:
    """Return a Decimal as a JSON number: an int when whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
