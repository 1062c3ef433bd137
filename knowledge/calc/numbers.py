"""Parsing of request numbers into Decimal, with the field named on failure."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from knowledge.errors import InputError


def to_decimal(value: Any, field: str) -> Decimal:
    """Return ``value`` (a JSON number or a decimal string, comma or dot) as a Decimal."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, "harus berupa angka.")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
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
        return d
    raise InputError(field, "harus berupa angka.")


def json_number(value: Decimal) -> int | float:
    """Return a Decimal as a JSON number: an int when whole, else a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
