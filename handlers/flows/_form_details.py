"""Form details the flows ask for the filled forms, remembered with the profile for next time.

A detail question takes typed text (checked by its reader), "lewati" (the form keeps its
dotted placeholder) or, when a value is remembered, the button "Pakai yang sama: …" (token
``SAME``). Remembered values arrive as hidden data (``REMEMBERED``) from ``prefill``; what the
user gave is saved back with ``SaveFormDetails`` when the form is sent.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handlers.domain.effects import SaveFormDetails
from handlers.domain.records import FORM_FIELDS, FormDetails
from handlers.flow import NO_CONTEXT, Answers, Choice, Context, Invalid, Services
from handlers.prompts import Option

REMEMBERED = "formulir_tersimpan"  # hidden answer: the remembered details (JSON)
SAME = "sama"  # "Pakai yang sama"
TEXT_MAX = 200  # storage.models.FORM_TEXT_MAX
NIP_DIGITS = 18
YEAR_MIN, YEAR_MAX = 2000, 2100
NIP_EXPECTED = "NIP terdiri dari 18 angka, misalnya 198001012005011001."
YEAR_EXPECTED = f"Tulis tahun dengan 4 angka, {YEAR_MIN} sampai {YEAR_MAX}, misalnya 2027."
TEXT_EXPECTED = f"Tulis paling banyak {TEXT_MAX} karakter, atau ketik \"lewati\"."
LABELS = {
    "instansi": "Instansi",
    "unit_kerja": "Unit kerja",
    "tahun": "Tahun",
    "pejabat_nama": "Nama pejabat penandatangan",
    "pejabat_nip": "NIP pejabat penandatangan",
    "standar": "Standar yang digunakan",
}


def read_text(text: str) -> str:
    """Return a name as typed (single spaces), or raise Invalid when empty or too long."""
    value = " ".join(text.split())
    if not value or len(value) > TEXT_MAX:
        raise Invalid(TEXT_EXPECTED)
    return value


def read_year(text: str) -> str:
    """Return a year "2027", or raise Invalid with one sentence."""
    value = text.strip()
    if not re.fullmatch(r"\d{4}", value) or not YEAR_MIN <= int(value) <= YEAR_MAX:
        raise Invalid(YEAR_EXPECTED)
    return value


def read_nip(text: str) -> str:
    """Return an 18-digit NIP, typed with or without spaces or dots; else raise Invalid."""
    value = re.sub(r"[\s.]", "", text)
    if not re.fullmatch(rf"\d{{{NIP_DIGITS}}}", value):
        raise Invalid(NIP_EXPECTED)
    return value


READERS: dict[str, Callable[[str], str]] = {"tahun": read_year, "pejabat_nip": read_nip}


def remembered(answers: Answers) -> dict[str, Any]:
    """Return the remembered details (hidden answer), {} when none."""
    found = answers.get(REMEMBERED)
    return dict(found) if isinstance(found, dict) else {}


def prefill_details(services: Services) -> dict[str, Any]:
    """Return the hidden answer holding the details remembered for this user."""
    if services.user is None:
        return {}
    details = services.user.form_details()
    values = {name: getattr(details, name) for name in FORM_FIELDS
              if getattr(details, name) is not None}
    return {REMEMBERED: values} if values else {}


@dataclass(frozen=True, kw_only=True)
class Detail(Choice):
    """One form detail: typed text, "lewati", or the remembered value's button."""

    name: str = ""
    options: Any = field(default=())
    optional: bool = True
    numbers_are_values: bool = True  # "2027" is a year, never option 1
    fuzzy: bool = False

    def options_for(self, answers: Answers) -> tuple[Option, ...]:
        """Return "Pakai yang sama: …" when a value is remembered, else nothing."""
        old = remembered(answers).get(self.name)
        if not old:
            return ()
        return (Option(SAME, f"Pakai yang sama: {old}", "Pakai yang sama"),)

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the detail as typed, checked by its reader."""
        return READERS.get(self.name, read_text)(text)

    def display(self, value: Any, answers: Answers) -> str:
        """Return the value as the form will carry it."""
        if value == SAME:
            return str(remembered(answers).get(self.name, ""))
        return super().display(value, answers)


def detail_step(step_id: str, name: str, text: str, *, hint: str | None = None,
                when: Callable[[Answers], bool] | None = None) -> Detail:
    """Return the question of one form detail."""
    return Detail(id=step_id, name=name, text=text, when=when,
                  hint=hint or "Ketik \"lewati\" bila belum ada; formulir memakai titik-titik.")


def value_of(answers: Answers, step_id: str, name: str) -> str | None:
    """Return the detail an answer gives: typed, remembered (``SAME``) or None (skipped)."""
    value = answers.get(step_id)
    if value == SAME:
        old = remembered(answers).get(name)
        return None if old is None else str(old)
    return None if value is None else str(value)


def save_effect(given: dict[str, str | None]) -> list[SaveFormDetails]:
    """Return the effect remembering the details given (none when nothing was given)."""
    values = {k: v for k, v in given.items() if v is not None}
    return [SaveFormDetails(FormDetails(**values))] if values else []
