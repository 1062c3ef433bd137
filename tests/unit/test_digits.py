"""The one safe reader of digits: other scripts read, look-alikes and huge runs refused."""

from __future__ import annotations

import pytest

from knowledge.digits import ascii_digits, read_index


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), (" 12 ", 12), ("٣", 3), ("३", 3), ("３", 3), ("٠٧", 7), ("000001", 1),
])
def test_decimal_digits_of_any_script_are_read(text: str, value: int) -> None:
    assert read_index(text) == value


@pytest.mark.parametrize("text", [
    "²", "①", "1²", "", " ", "-1", "+1", "1.0", "1,0", "a1", "1" * 7, "9" * 4301, "١" * 7,
])
def test_look_alikes_signs_and_long_runs_are_refused(text: str) -> None:
    assert read_index(text) is None


def test_cap_is_configurable() -> None:
    assert read_index("12345678", max_digits=8) == 12345678
    assert read_index("12345678", max_digits=7) is None


def test_ascii_digits_keeps_other_characters() -> None:
    assert ascii_digits("Rp ١٢٣,٥ ²") == "Rp 123,5 ²"
    assert ascii_digits("abc") == "abc"
