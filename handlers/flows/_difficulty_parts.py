"""Building blocks of the Tingkat kesulitan flow: reference look-ups, labels, answer parsing.

Everything regulation-shaped (kegiatan, unsur, bands, weights, units) is read from
``knowledge.calc.difficulty.reference()``; this module only words the questions around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from handlers.flow import (
    NO_CONTEXT,
    SHORT_MAX,
    Answers,
    Choice,
    Context,
    Invalid,
    capital,
    decimal_str,
    normalize,
    parse_decimal,
)
from knowledge import fmt
from knowledge.calc import difficulty

# Typed instead of a measurement: the bands are the buttons of the same question.
RANGE_WORDS = frozenset({"rentang", "pilih rentang", "pilih", "pilih bobot", "tidak tahu",
                         "tidak pasti", "belum tahu"})
# Unit words for time; the table's own unit names come from the reference.
TIME_ALIASES = {"jam": "jam", "j": "jam", "menit": "menit", "mnt": "menit", "m": "menit"}
TOO_BIG = "Angka itu terlalu besar; ketik paling besar {max}, atau pilih rentangnya di bawah."
MEASURE_MAX = Decimal(1_000_000_000)
MINUTES_PER_HOUR = 60  # unit conversion for "2 jam 30 menit", not a regulation number
_MEASURE = re.compile(r"^(?P<n>[+-]?\d[\d.,]*)\s*(?P<unit>[^\d\s].*)?$")
_HOURS_MINUTES = re.compile(
    r"^(?P<h>\d{1,6})\s*(?:jam|j)\s*(?P<m>\d{1,6})\s*(?:menit|mnt|m)$")


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
        """Return the token of a typed word, label or close typo; else raise ``wrong``."""
        word = normalize(text).rstrip(".!")
        if word in self.words:
            return self.words[word]
        try:
            return super().parse(text, answers, context)
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

    def parse(self, text: str, answers: Answers, context: Context = NO_CONTEXT) -> Any:
        """Return the measurement, or the band named by its exact label; else say what fits."""
        word = normalize(text).rstrip(".!")
        if word in RANGE_WORDS:
            raise Invalid(f"Pilih salah satu rentang {self.unsur['label']} di bawah.")
        if any(c.isdigit() for c in word):
            return parse_measure(text, self.unsur)
        try:
            return super().parse(text, answers, context)
        except Invalid:
            raise Invalid(measure_expected(self.unsur)) from None

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


def _unit(word: str, q: Mapping[str, Any]) -> str | None:
    """Return the accepted unit a typed word names ("mnt" → "menit"), else None."""
    accepted = list(q["units_accepted"])
    alias = TIME_ALIASES.get(word)
    if alias in accepted:
        return alias
    for unit in accepted:
        # "jenis" for "jenis pengujian"; "langkah kerja" for "langkah" (no digits after it).
        if unit.startswith(word) or (word.startswith(unit) and not re.search(r"\d", word)):
            return str(unit)
    return None


def parse_measure(text: str, unsur: Mapping[str, Any]) -> Any:
    """Return {"nilai": "3.5", "satuan": "jam"} for a measured quantity, or raise Invalid."""
    q = unsur["measurable"]
    word = normalize(text).rstrip(".!")
    wrong = Invalid(measure_expected(unsur))
    both = _HOURS_MINUTES.match(word)
    if both and "menit" in q["units_accepted"]:
        minutes = int(both["h"]) * MINUTES_PER_HOUR + int(both["m"])
        if minutes <= 0:
            raise wrong
        return {"nilai": str(minutes), "satuan": "menit"}
    m = _MEASURE.match(word)
    if not m:
        raise wrong
    value = parse_decimal(m["n"])
    unit = q["unit"] if not m["unit"] else _unit(m["unit"].strip(), q)
    if value is None or unit is None:
        raise wrong
    if q["integer"] and (value != value.to_integral_value() or value < 1):
        raise wrong
    if value <= 0:
        raise wrong
    if value > MEASURE_MAX:  # no kegiatan measures this much; the XLSX holds floats only
        raise Invalid(TOO_BIG.format(max=fmt.number(MEASURE_MAX)))
    return {"nilai": decimal_str(value), "satuan": str(unit)}


def show_measure(value: Any) -> str:
    """Return a measurement as the user reads it back ("3,5 jam")."""
    return f"{fmt.number(Decimal(value['nilai']))} {value['satuan']}"
