"""One safe reader of digits for every place that turns user text or callback data into a number.

``str.isdigit()`` is true for "²" and "①", which ``int()`` refuses, and ``int()`` of a 5,000-digit
string raises (or burns CPU). Everything that reads a number from outside goes through here:
digits of any script that Unicode calls decimal (Arabic-Indic "٣", Devanagari "३", full-width
"３") are read as the number they are; superscripts, circled digits and other look-alikes are not
digits; a length cap is checked before any conversion.
"""

from __future__ import annotations

import unicodedata

# A choice index or a callback id never needs more than this many digits.
MAX_INDEX_DIGITS = 6


def ascii_digits(text: str) -> str:
    """Return text with every Unicode decimal digit replaced by its ASCII digit."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def read_index(text: str, *, max_digits: int = MAX_INDEX_DIGITS) -> int | None:
    """Return the non-negative integer a short run of decimal digits names; None otherwise."""
    s = text.strip()
    if not s or len(s) > max_digits:
        return None
    s = ascii_digits(s)
    if not (s.isascii() and s.isdigit()):
        return None
    return int(s)
