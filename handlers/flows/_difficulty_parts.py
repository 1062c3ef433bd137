"""Building blocks of the Tingkat kesulitan flow: reference look-ups, labels, answer parsing.

Everything regulation-shaped (kegiatan, unsur, bands, weights, units) is read from
``knowledge.calc.difficulty.reference()``; this module only words the questions around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from handlers.flow import (
    NO_CONTEXT,
    NO_TOKEN,
    SHORT_MAX,
    YES_TOKEN,
    Ambiguous,
    Answers,
    Choice,
    Context,
    Invalid,
    capital,
    decimal_str,
    normalize,
    read_fitting,
    read_yes_no,
)
from handlers.replies.options import exact_option, option_index
from handlers.replies.words import expanded
from knowledge import fmt
from knowledge.calc import difficulty

# Typed instead of a measurement: the bands are the buttons of the same question.
RANGE_WORDS = frozenset({"rentang", "pilih rentang", "pilih", "pilih bobot", "tidak tahu",
                         "tidak pasti", "belum tahu"})


@cache
def reference() -> dict[str, Any]:
    """Return the calculator's reference (Lampiran II), built once."""
    return difficulty.reference()


@cache
def kegiatan_table() -> dict[str, dict[str, Any]]:
    """Return every kegiatan of the reference by id, in table order."""
    return {k["id"]: k for k in reference()["kegiatan"]}


def jf_ids() -> list[str]:
    """Return the JF that have Lampiran II tables, in table order."""
    out: list[str] = []
    for k in kegiatan_table().values():
        if k["jf"] not in out:
            out.append(k["jf"])
    return out


def short_title(text: str) -> str | None:
    """Return a title of at most 20 characters for a long wording (None when it fits).

    A list wording keeps its leading items and ends with "dll."; other text is cut at a word.
    """
    text = " ".join(text.split())
    if len(text) <= SHORT_MAX:
        return None
    parts = [p.strip() for p in text.split(",")]
    for k in range(len(parts) - 1, 0, -1):
        head = ", ".join(parts[:k]) + " dll."
        if len(head) <= SHORT_MAX:
            return head
    if len(parts[0]) <= SHORT_MAX:
        return parts[0]
    return parts[0][:SHORT_MAX - 1].rsplit(" ", 1)[0] + "…"


def sentence(text: str) -> str:
    """Return text as a sentence: capitalised, ending with a full stop."""
    text = capital(text.strip())
    return text if text.endswith((".", "!", "?")) else text + "."


def weights(unsur: Mapping[str, Any]) -> tuple[int, int]:
    """Return the lowest and highest bobot of an unsur."""
    ws = [int(b["bobot"]) for b in unsur["bands"]]
    return min(ws), max(ws)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def band_notes(unsur: Mapping[str, Any]) -> list[str]:
    """Return "Bobot n — keterangan" lines when the Keterangan says more than the wording."""
    bands = unsur["bands"]
    # One extra word is only a prefix ("Lokasi gudang, pabrik, pasar"); more is an explanation.
    telling = [b for b in bands if b["keterangan"]
               and len(_words(b["keterangan"]) - _words(b["wording"])) > 1]
    if not telling:
        return []
    return [f"Bobot {b['bobot']} — {sentence(b['keterangan'] or b['wording'])}" for b in bands]


def rules(unsur: Mapping[str, Any]) -> list[str]:
    """Return the distinct deliberate rules of an unsur's bands (gaps and contradictions)."""
    out: list[str] = []
    for b in unsur["bands"]:
        if b["rule"] and b["rule"] not in out:
            out.append(b["rule"])
    return out


@dataclass(frozen=True, kw_only=True)
class Pick(Choice):
    """A ``Choice`` with extra typed words (``words``: text → token) and its own sentence.

    ``wrong`` replaces the generic "pick an option" sentence for an answer that is no option.
    """

    wrong: str
    words: Mapping[str, str] = field(default_factory=dict)

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the token of a typed word ("iyaaa" reads as "ya"), option number, label,
        abbreviation or close typo; two options equally close are asked; else ``wrong``."""
        yes_no = read_yes_no(text)
        for word in (normalize(text).rstrip(".!"), expanded(text),
                     None if yes_no is None else YES_TOKEN if yes_no else NO_TOKEN):
            if word is not None and word in self.words:
                return self.words[word]
        try:
            return super().parse(text, answers, context)
        except Ambiguous:
            raise
        except Invalid:
            raise Invalid(self.wrong) from None


@dataclass(frozen=True, kw_only=True)
class Measure(Choice):
    """A measurable unsur: the measured quantity typed ("3", "90 menit"), or a band pressed.

    Value: {"nilai", "satuan"} for a measurement, the band's token (its bobot) for a band.
    A typed number is always the quantity, never option number 3 (``numbers_are_values``).
    """

    unsur: Mapping[str, Any]
    numbers_are_values: bool = True
    confirm: bool = True

    def echo(self, value: Any, answers: Answers, typed: str) -> str | None:
        """Confirm a typed measurement ("Dicatat: 1,5 jam."); a band needs no echo."""
        return super().echo(value, answers, typed) if isinstance(value, dict) else None

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the measurement, or the band named by its exact label; else say what fits."""
        word = normalize(text).rstrip(".!")
        if word in RANGE_WORDS:
            raise Invalid(f"Pilih salah satu rentang {self.unsur['label']} di bawah.")
        band = exact_option(text, self.options_for(answers), tokens=False)
        if band is not None:  # "< 30 menit": the band's own wording
            return band.token
        index = option_index(text)
        if index is not None and index[1]:  # "pilihan 2", "nomor 2": the band, said so
            return super().parse(text, answers, context)
        if any(c.isdigit() for c in word):
            value = parse_measure(text, self.unsur)
            if index is not None:
                self._band_or_measure(index[0], value, answers)
            return value
        try:
            return super().parse(text, answers, context)
        except Invalid:
            return parse_measure(text, self.unsur)  # "dua jam", "setengah jam"

    def _band_or_measure(self, number: int, value: Any, answers: Answers) -> None:
        """A bare "1" where band 1 is on the screen ("< 30 menit") reads two ways: ask once,
        unless the measurement falls into that very band (1 pihak = "1 pihak")."""
        options = self.options_for(answers)
        if not 1 <= number <= len(options):
            return
        band = options[number - 1]
        if band.token in measured_bands(self.unsur, value):
            return
        raise Ambiguous([band.token, value],
                        [f"pilihan {number} ({band.label})", show_measure(value)])

    def display(self, value: Any, answers: Answers) -> str:
        """Return "3,5 jam" for a measurement, "rentang <label>" for a band."""
        if isinstance(value, dict):
            return show_measure(value)
        return f"rentang {super().display(value, answers)}"


def measure_expected(unsur: Mapping[str, Any]) -> str:
    """Return the one sentence saying what a measurable unsur accepts."""
    q = unsur["measurable"]
    if q["integer"]:
        return (f"Ketik jumlah {q['unit']} sebagai bilangan bulat 1 atau lebih, misalnya 3, "
                "atau pilih rentangnya di bawah.")
    others = [u for u in q["units_accepted"] if u != q["unit"]]
    alt = f" atau 90 {others[0]}" if others else ""
    return (f"Ketik lamanya dalam {q['unit']} (lebih dari 0), misalnya 3,5{alt}, atau pilih "
            "rentangnya di bawah.")


def parse_measure(text: str, unsur: Mapping[str, Any]) -> Any:
    """Return {"nilai": "1.5", "satuan": "jam"} for a measured quantity, or raise Invalid.

    The number is read by ``knowledge.typed_numbers`` in the unsur's unit ("90 menit" = 1,5
    jam exactly); a time with no exact decimal in jam (100 menit) is kept in menit, which the
    calculator accepts too. A lone "1.5" that fits both ways raises ``Ambiguous``.
    """
    q = unsur["measurable"]
    wrong = measure_expected(unsur)

    def fits(value: Decimal) -> bool:
        if q["integer"]:
            return value >= 1 and value == value.to_integral_value()
        return value > 0

    unit = str(q["unit"])
    try:
        readings = read_fitting(text, fits, wrong, unit)
    except Invalid:
        if "menit" not in q["units_accepted"] or unit == "menit":
            raise
        unit = "menit"
        readings = read_fitting(text, fits, wrong, unit)
    values = [{"nilai": decimal_str(v), "satuan": unit} for v in readings]
    if len(values) > 1:
        raise Ambiguous(values, [show_measure(v) for v in values])
    return values[0]


def _in_range(value: Fraction, rng: Mapping[str, Any] | None) -> bool:
    if rng is None:
        return False
    low, high = rng["low"], rng["high"]
    if low is not None and (value < Fraction(str(low)) or (
            value == Fraction(str(low)) and not rng["low_inclusive"])):
        return False
    return not (high is not None and (value > Fraction(str(high)) or (
        value == Fraction(str(high)) and not rng["high_inclusive"])))


def measured_bands(unsur: Mapping[str, Any], value: Mapping[str, Any]) -> list[str]:
    """Return the band tokens (bobot) whose table range holds a measurement."""
    amount = Fraction(str(value["nilai"]))
    if value["satuan"] == "menit" and unsur["measurable"]["unit"] == "jam":
        amount /= 60
    return [str(b["bobot"]) for b in unsur["bands"] if _in_range(amount, b["range"])]


def show_measure(value: Any) -> str:
    """Return a measurement as the user reads it back ("3,5 jam")."""
    return f"{fmt.number(Decimal(value['nilai']))} {value['satuan']}"
