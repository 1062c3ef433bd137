"""knowledge.typed_numbers: a table of numbers as people type them, and what each reads as."""

from __future__ import annotations

from decimal import Decimal

import pytest

from knowledge.typed_numbers import MAX_CHARS, NumberError, numeral, read_number

# (typed, step unit, readings): one reading, or two for a lone dot the step must ask about.
TABLE: list[tuple[str, str | None, tuple[str, ...]]] = [
    # plain digits, thousands dots, decimal commas
    ("0", None, ("0",)), ("7", None, ("7",)), ("80", None, ("80",)), (" 80 ", None, ("80",)),
    ("1500", None, ("1500",)), ("1.500", None, ("1500",)), ("2.000.000", None, ("2000000",)),
    ("1.500,5", None, ("1500.5",)), ("12,5", None, ("12.5",)), ("0,25", None, ("0.25",)),
    ("1,500", None, ("1.5",)), ("12,50", None, ("12.5",)), ("1.234.567,89", None,
                                                             ("1234567.89",)),
    ("999.999", None, ("999999",)), ("10.000", None, ("10000",)), ("100.000", None,
                                                                   ("100000",)),
    # English forms that cannot be read otherwise
    ("1,234.5", None, ("1234.5",)), ("1,000,000", None, ("1000000",)),
    # a lone dot that cannot group thousands: both readings, decimal first
    ("12.5", None, ("12.5", "125")), ("1.5", None, ("1.5", "15")),
    ("12.50", None, ("12.5", "1250")), ("1234.567", None, ("1234.567", "1234567")),
    ("99.9", None, ("99.9", "999")),
    # a leading zero is always decimal
    ("0.5", None, ("0.5",)), ("0.500", None, ("0.5",)), ("0.75", None, ("0.75",)),
    # signs
    ("-3", None, ("-3",)), ("−2,5", None, ("-2.5",)), ("+4", None, ("4",)),
    ("min lima", None, ("-5",)), ("minus 2", None, ("-2",)),
    # currency, percent, spaces
    ("Rp 2.000.000", None, ("2000000",)), ("Rp2.000.000,-", None, ("2000000",)),
    ("rp. 15.000", None, ("15000",)), ("IDR 500", None, ("500",)), ("75%", None, ("75",)),
    ("12,5 %", None, ("12.5",)), ("42 persen", None, ("42",)), ("1 500 000", None,
                                                                ("1500000",)),
    ("80.", None, ("80",)), ("80!", None, ("80",)),
    # other scripts' digits
    ("٣", None, ("3",)), ("١٢٫٥", None, ("12.5",)), ("३०", None, ("30",)),
    ("１．５００", None, ("1500",)), ("１２", None, ("12",)),
    # number words
    ("nol", None, ("0",)), ("satu", None, ("1",)), ("lima", None, ("5",)),
    ("sepuluh", None, ("10",)), ("sebelas", None, ("11",)), ("dua belas", None, ("12",)),
    ("sembilan belas", None, ("19",)), ("dua puluh", None, ("20",)),
    ("delapan puluh", None, ("80",)), ("delapan puluh lima", None, ("85",)),
    ("seratus", None, ("100",)), ("seratus satu", None, ("101",)),
    ("seratus sepuluh", None, ("110",)), ("seratus dua belas", None, ("112",)),
    ("dua ratus lima puluh", None, ("250",)), ("sembilan ratus sembilan puluh sembilan", None,
                                                ("999",)),
    ("seribu", None, ("1000",)), ("seribu lima ratus", None, ("1500",)),
    ("dua ribu", None, ("2000",)), ("dua puluh lima ribu", None, ("25000",)),
    ("seratus ribu", None, ("100000",)), ("sejuta", None, ("1000000",)),
    ("satu juta", None, ("1000000",)), ("dua juta lima ratus ribu", None, ("2500000",)),
    ("satu juta seribu", None, ("1001000",)), ("tiga miliar", None, ("3000000000",)),
    ("Delapan Puluh", None, ("80",)), ("  delapan   puluh ", None, ("80",)),
    # halves, quarters, "koma"
    ("setengah", None, ("0.5",)), ("satu setengah", None, ("1.5",)),
    ("dua setengah", None, ("2.5",)), ("sepuluh setengah", None, ("10.5",)),
    ("seperempat", None, ("0.25",)), ("tiga perempat", None, ("0.75",)),
    ("dua koma lima", None, ("2.5",)), ("nol koma dua lima", None, ("0.25",)),
    ("setengah juta", None, ("500000",)), ("satu setengah juta", None, ("1500000",)),
    ("dua koma lima juta", None, ("2500000",)),
    # numerals with scale words
    ("2 juta", None, ("2000000",)), ("1,5 juta", None, ("1500000",)),
    ("1,5 jt", None, ("1500000",)), ("2rb", None, ("2000",)), ("10k", None, ("10000",)),
    ("2 juta 500 ribu", None, ("2500000",)), ("1.5 jt", None, ("1500000", "15000000")),
    ("1 setengah", None, ("1.5",)),
    # units converted to the step's unit
    ("7 bln", "bulan", ("7",)), ("7 bulan", "bulan", ("7",)), ("7bln", "bulan", ("7",)),
    ("1 tahun", "bulan", ("12",)), ("1 thn", "bulan", ("12",)),
    ("1,5 tahun", "bulan", ("18",)), ("1 tahun 6 bulan", "bulan", ("18",)),
    ("setengah tahun", "bulan", ("6",)), ("tujuh bulan", "bulan", ("7",)),
    ("6", "bulan", ("6",)), ("2,5 jam", "jam", ("2.5",)), ("90 menit", "jam", ("1.5",)),
    ("90mnt", "jam", ("1.5",)), ("45 menit", "jam", ("0.75",)), ("1 jam 30 menit", "jam",
                                                                  ("1.5",)),
    ("2 jam 15 menit", "jam", ("2.25",)), ("setengah jam", "jam", ("0.5",)),
    ("satu setengah jam", "jam", ("1.5",)), ("3 j", "jam", ("3",)),
    ("2 jam", "menit", ("120",)), ("100 menit", "menit", ("100",)),
    ("1,5 jam", "menit", ("90",)), ("3 pihak", "pihak", ("3",)),
    ("5 langkah kerja", "langkah", ("5",)), ("2 jenis", "jenis pengujian", ("2",)),
    ("2 jenis pengujian", "jenis pengujian", ("2",)), ("3 orang", "orang", ("3",)),
    ("dua orang", "orang", ("2",)), ("setahun", "bulan", ("12",)), ("sebulan", "bulan", ("1",)),
    ("sejam", "jam", ("1",)), ("setahun", "tahun", ("1",)),
    ("sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan",
     None, ("999999",)),
]

REFUSED: list[tuple[str, str | None, str]] = [
    ("", None, "not_number"), ("abc", None, "not_number"), ("12,5,3", None, "not_number"),
    ("1..2", None, "not_number"), ("1e5", None, "unit"), ("12 ,5x", None, "not_number"),
    ("1/2", None, "not_number"), ("tiga dua", None, "not_number"),
    ("lima nol", None, "not_number"), ("seribu seribu", None, "not_number"),
    ("ribu", None, "not_number"), ("dua ratus ratus", None, "not_number"),
    ("puluh", None, "not_number"), ("dua koma", None, "not_number"),
    ("delapan puluhan", None, "unit"), ("12 5", None, "not_number"),
    ("7 bln", None, "unit"), ("3 hari", "jam", "unit"), ("3 jam 30", "jam", "unit"),
    ("jam dua", "jam", "not_number"), ("setahun", None, "unit"), ("100 menit", "jam", "inexact"),
    ("1 bulan", "tahun", "inexact"), ("NaN", None, "not_number"),
    ("Infinity", None, "not_number"), ("1e309", None, "unit"),
    ("9" * 19, None, "too_long"), ("9" * 5000, None, "too_long"),
    ("1" + " " * MAX_CHARS + "2", None, "too_long"),
]


@pytest.mark.parametrize(("typed", "unit", "readings"), TABLE)
def test_typed_forms(typed: str, unit: str | None, readings: tuple[str, ...]) -> None:
    assert read_number(typed, unit) == tuple(Decimal(r) for r in readings)


def test_the_table_is_large() -> None:
    assert len(TABLE) >= 100
    assert len({(t, u) for t, u, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize(("typed", "unit", "reason"), REFUSED)
def test_refused(typed: str, unit: str | None, reason: str) -> None:
    with pytest.raises(NumberError) as caught:
        read_number(typed, unit)
    assert caught.value.reason == reason


def test_readings_are_exact_decimals_at_any_length() -> None:
    # 18 digits times 10^12: more digits than a float or the default Decimal context holds.
    (value,) = read_number("123456789012345678 triliun")
    assert value == Decimal("123456789012345678000000000000")
    assert numeral("0,1") == (Decimal("0.1"),)  # from the text, not from a float
