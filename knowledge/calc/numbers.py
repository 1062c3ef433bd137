"""Exact request numbers: bounded parsing into ``Fraction`` and the one rule for shown values.

Every calculator decides on the exact rational value and derives every shown figure from it by
one rule, :func:`cut`: keep two decimals and drop the rest (never round up). For a decision
"value >= a threshold with at most two decimals" (the 0,6 rule of Lampiran III B.3, a pass
mark, an AK minimum) the cut value is on the same side as the exact value, so what is shown
can never contradict the decision beside it.

Input is bounded *before* any conversion so that no request costs more than a few
milliseconds: at most :data:`MAX_TEXT` characters, :data:`MAX_DIGITS` digits and a plain
decimal notation (no exponent), and finite values only.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

from knowledge.errors import InputError

SHOWN_PLACES = 2
MAX_TEXT = 40  # characters of a number written as text
MAX_DIGITS = 24  # digits of any number: far above every real volume, AK or score
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_NOT_A_NUMBER = "harus berupa angka."
_TOO_LONG = f"angka terlalu panjang (paling banyak {MAX_DIGITS} digit)."


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _from_text(text: str, field: str) -> Fraction:
    if len(text) > MAX_TEXT:
        raise InputError(field, _TOO_LONG)
    text = text.strip().replace(" ", "")
    if "," in text and "." in text:
        text = text.replace(".", "").replace(",", ".")  # 1.234,5 -> 1234.5
    else:
        text = text.replace(",", ".")
    if not text.isascii() or _PLAIN.fullmatch(text) is None:
        raise InputError(field, _NOT_A_NUMBER)
    if _digits(text) > MAX_DIGITS:
        raise InputError(field, _TOO_LONG)
    return Fraction(text)


def _from_decimal(value: Decimal, field: str) -> Fraction:
    if not value.is_finite():
        raise InputError(field, "harus berupa angka yang terhingga (bukan NaN atau Infinity).")
    # adjusted() is the exponent of the leading digit: bounded before Fraction expands it.
    if len(value.as_tuple().digits) > MAX_DIGITS or abs(value.adjusted()) > MAX_DIGITS:
        raise InputError(field, _TOO_LONG)
    return Fraction(value)


def to_fraction(value: Any, field: str) -> Fraction:
    """Return a JSON number, Decimal or decimal string (comma or dot) as an exact Fraction."""
    if isinstance(value, bool) or value is None:
        raise InputError(field, _NOT_A_NUMBER)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_DIGITS * 4:  # ~ MAX_DIGITS decimal digits, no str() needed
            raise InputError(field, _TOO_LONG)
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(field, "harus berupa angka yang terhingga (bukan NaN atau Infinity).")
        return _from_decimal(Decimal(repr(value)), field)  # the float as written, not its binary
    if isinstance(value, Decimal):
        return _from_decimal(value, field)
    if isinstance(value, str):
        return _from_text(value, field)
    raise InputError(field, _NOT_A_NUMBER)


def to_decimal(value: Any, field: str) -> Decimal:
    """Return ``value`` as a Decimal (exact for every accepted input: decimal notation)."""
    exact = to_fraction(value, field)
    return Decimal(exact.numerator) / Decimal(exact.denominator) if exact.denominator != 1 \
        else Decimal(exact.numerator)


def cut(value: Fraction, places: int = SHOWN_PLACES) -> Fraction:
    """Return ``value`` with ``places`` decimals kept and the rest dropped (toward zero)."""
    scale = 10**places
    return Fraction(math.trunc(value * scale), scale)


def to_places(value: Fraction, places: int = SHOWN_PLACES) -> Decimal:
    """Return the cut value as a Decimal with exactly ``places`` decimals (for display)."""
    scaled = math.trunc(cut(value, places) * 10**places)
    return Decimal(scaled).scaleb(-places)


def json_number(value: Fraction | Decimal | int) -> int | float:
    """Return an exact value as a JSON number: an int when whole, else the nearest float."""
    if isinstance(value, int):
        return value
    exact = Fraction(value)
    if exact.denominator == 1:
        return int(exact)
    return float(exact)


def fraction_text(value: Fraction) -> str:
    """Return an exact value as "p/q" (or "p" when whole) for machine-readable JSON."""
    return str(value)


EXACT_PLACES = 6


def exact_text(value: Fraction) -> str:
    """Return an exact value in Indonesian form: in full up to 6 decimals, else cut with "…".

    Used where a value sits beside a strict border ("> 3 jam"): 3,008333… never reads as 3,00.
    """
    from knowledge import fmt  # here, not at the top: fmt is presentation, numbers is core

    for places in range(EXACT_PLACES + 1):
        if (value * 10**places).denominator == 1:
            return fmt.number(to_places(value, places))
    return fmt.number(to_places(value, EXACT_PLACES)) + "…"
