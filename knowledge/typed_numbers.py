"""Numbers as Indonesians type them in a chat: one pure reader for every step that asks one.

"1.500" is one thousand five hundred (thousands dot), "12,5" is twelve and a half (decimal
comma), "1.500,5", "2.000.000", "Rp 2.000.000,-", "75%", "2 juta", "1,5 jt"; number words
("delapan puluh", "dua ratus lima puluh", "seribu lima ratus", "setengah", "satu setengah",
"dua koma lima"); a unit where the step has one ("7 bln", "2,5 jam", "90 menit", "1 jam 30
menit", "1 tahun 6 bulan"), converted to the step's unit exactly. A lone "12.5" (a dot that
cannot be a thousands dot) is ambiguous: both readings are returned and the step asks.

Results are exact ``Decimal``s built from the text (never a float); a conversion whose result
has no finite decimal form (100 menit in jam) is refused rather than rounded. Digits of other
scripts are read through ``knowledge.digits``; the text length and the digit count are capped
before any conversion, so a 5,000-digit reply costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from knowledge.digits import ascii_digits

# A typed number with its unit never needs more (the longest words: "sembilan ratus sembilan
# puluh sembilan ribu sembilan ratus sembilan puluh sembilan" = 84).
MAX_CHARS = 100
MAX_DIGITS = 18  # digits in one numeral: far above every bound a step has (AK, volume, rupiah)


class NumberError(ValueError):
    """Text that is not a number for this step; ``reason`` says why (for the step's sentence).

    Reasons: ``too_long``, ``not_number``, ``unit`` (a unit the step cannot take) and
    ``inexact`` (a unit conversion without a finite decimal, e.g. 100 menit in jam).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- units ------------------------------------------------------------------------------------
# Each family: unit -> its size in the family's smallest unit, and the words people type for it.
_FAMILIES: tuple[dict[str, tuple[int, frozenset[str]]], ...] = (
    {"menit": (1, frozenset({"menit", "mnt", "mnit", "mn", "m"})),
     "jam": (60, frozenset({"jam", "jm", "j"}))},
    {"bulan": (1, frozenset({"bulan", "bln", "bl", "bul"})),
     "tahun": (12, frozenset({"tahun", "thn", "th", "thun"}))},
)


def _unit_factor(phrase: str, unit: str) -> Fraction | None:
    """Return how many ``unit`` one ``phrase`` unit is (90 menit → jam: 1/60), else None."""
    for family in _FAMILIES:
        if unit not in family:
            continue
        for name, (size, words) in family.items():
            if phrase in words or phrase == name:
                return Fraction(size, family[unit][0])
        return None
    # A unit outside the families ("pihak", "langkah kerja", "jenis pengujian", "orang"): its
    # own name, or a word-prefix of it ("jenis" for "jenis pengujian"), or a longer wording
    # that starts with it ("langkah kerja" for "langkah").
    first = unit.split()[0]
    if phrase == unit or unit.startswith(phrase + " ") or phrase.startswith(unit) or (
            phrase == first):
        return Fraction(1)
    return None


# --- numerals ---------------------------------------------------------------------------------
_INT = re.compile(r"\d+")
_COMMA_DEC = re.compile(r"(\d+),(\d+)")
_DOT_GROUPS = re.compile(r"(\d{1,3})((?:\.\d{3})+)")
_DOT_GROUPS_COMMA = re.compile(r"(\d{1,3}(?:\.\d{3})+),(\d+)")
_COMMA_GROUPS_DOT = re.compile(r"(\d{1,3}(?:,\d{3})+)\.(\d+)")
_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_LONE_DOT = re.compile(r"(\d+)\.(\d+)")


def numeral(token: str) -> tuple[Decimal, ...]:
    """Return the reading(s) of one written numeral: one, or two when it is ambiguous.

    Indonesian first: a dot groups thousands, a comma is the decimal sign. "1,500.5" and
    "1,000,000" (English, unmistakable) are read too. A lone dot that cannot group thousands
    ("12.5") gives (12,5; 125); a leading "0." is always decimal.
    """
    if sum(c.isdigit() for c in token) > MAX_DIGITS:
        raise NumberError("too_long")
    if _INT.fullmatch(token):
        return (Decimal(token),)
    if m := _COMMA_DEC.fullmatch(token):
        return (Decimal(f"{m[1]}.{m[2]}"),)
    if m := _DOT_GROUPS.fullmatch(token):
        if m[1] == "0":  # "0.500" cannot group thousands
            return (Decimal(token),)
        return (Decimal(token.replace(".", "")),)
    if m := _DOT_GROUPS_COMMA.fullmatch(token):
        return (Decimal(f"{m[1].replace('.', '')}.{m[2]}"),)
    if m := _COMMA_GROUPS_DOT.fullmatch(token):
        return (Decimal(f"{m[1].replace(',', '')}.{m[2]}"),)
    if _COMMA_GROUPS.fullmatch(token):
        return (Decimal(token.replace(",", "")),)
    if m := _LONE_DOT.fullmatch(token):
        decimal = Decimal(token)
        if m[1].startswith("0"):
            return (decimal,)
        return (decimal, Decimal(m[1] + m[2]))
    raise NumberError("not_number")


# --- number words -----------------------------------------------------------------------------
_DIGIT_WORDS = {"nol": 0, "kosong": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5,
                "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
_SCALES = {"ribu": 10**3, "rb": 10**3, "rbu": 10**3, "k": 10**3, "juta": 10**6, "jt": 10**6,
           "jta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12}
_SE_SCALES = {"seribu": 10**3, "sejuta": 10**6, "semiliar": 10**9, "semilyar": 10**9}
_HALVES = {"setengah": Fraction(1, 2), "seperempat": Fraction(1, 4)}
_OTHER_WORDS = frozenset({"belas", "puluh", "ratus", "sepuluh", "sebelas", "seratus", "koma",
                          "perempat", "min", "minus"})
# Scale abbreviations count as scales only right after a numeral ("2 rb"), never alone.
_SHORT_SCALES = frozenset({"k", "rb", "rbu", "jt", "jta"})


def _is_number_word(word: str) -> bool:
    return (word in _DIGIT_WORDS or word in _SCALES or word in _SE_SCALES or word in _HALVES
            or word in _OTHER_WORDS)


class _Words:
    """A left-to-right reader of one number: numerals and words, under-thousand groups and
    descending scales ("dua juta lima ratus ribu", "2 juta 500 ribu", "satu setengah")."""

    def __init__(self) -> None:
        self.total = Fraction(0)
        self.group = Fraction(0)
        self.last = ""  # kind of the last token
        self.digit = 0  # value of the last digit word
        self.scale = 0  # last scale used (scales must descend)
        self.decimals: str | None = None  # digits after "koma"
        self.sign = 1

    def bad(self) -> NumberError:
        return NumberError("not_number")

    def add(self, word: str, value: Decimal | None = None) -> None:
        """Take one token (``value`` for a numeral)."""
        if self.decimals is not None and word in _DIGIT_WORDS:
            self.decimals += str(_DIGIT_WORDS[word])
            self.last = "koma"
            return
        if self.decimals is not None:
            self._close_decimals()
        if value is not None:
            if self.last not in ("", "scale", "sign") or self.group:
                raise self.bad()
            self.group, self.last = Fraction(value), "numeral"
        elif word in ("min", "minus"):
            if self.last:
                raise self.bad()
            self.sign, self.last = -1, "sign"
        elif word in _DIGIT_WORDS:
            if self.last in ("digit", "teen", "numeral", "frac", "koma") or (
                    self.group % 10):
                raise self.bad()
            self.digit = _DIGIT_WORDS[word]
            self.group += self.digit
            self.last = "digit"
        elif word in ("belas", "puluh", "ratus"):
            if self.last != "digit" or self.digit == 0:
                raise self.bad()
            before = self.group - self.digit
            if word == "belas" and before % 100 == 0:
                self.group += 10
                self.last = "teen"
            elif word == "puluh" and before % 100 == 0:
                self.group += 9 * self.digit
                self.last = "tens"
            elif word == "ratus" and before == 0:
                self.group = Fraction(100 * self.digit)
                self.last = "hundreds"
            else:
                raise self.bad()
        elif word in ("sepuluh", "sebelas"):
            if self.last in ("digit", "teen", "tens", "numeral", "frac") or self.group % 100:
                raise self.bad()
            self.group += 10 if word == "sepuluh" else 11
            self.last = "tens" if word == "sepuluh" else "teen"
        elif word == "seratus":
            if self.group:
                raise self.bad()
            self.group, self.last = Fraction(100), "hundreds"
        elif word in _SE_SCALES:
            self._scale_by(_SE_SCALES[word], Fraction(1), fresh=True)
        elif word in _SCALES:
            if not self.group:
                raise self.bad()
            self._scale_by(_SCALES[word], self.group)
        elif word in _HALVES:
            if self.last in ("", "sign"):
                self.group = _HALVES[word]
            elif self.last in ("digit", "teen", "tens", "hundreds", "numeral") and (
                    self.group.denominator == 1):
                self.group += _HALVES[word]
            else:
                raise self.bad()
            self.last = "frac"
        elif word == "perempat":  # "tiga perempat"
            if self.last != "digit" or self.group != self.digit:
                raise self.bad()
            self.group = Fraction(self.digit, 4)
            self.last = "frac"
        elif word == "koma":
            if self.last not in ("digit", "teen", "tens", "hundreds") and not (
                    self.last == "numeral" and self.group.denominator == 1):
                raise self.bad()
            self.decimals = ""
        else:
            raise self.bad()

    def _scale_by(self, scale: int, amount: Fraction, *, fresh: bool = False) -> None:
        if (self.scale and scale >= self.scale) or (fresh and self.group):
            raise self.bad()
        self.total += amount * scale
        self.group = Fraction(0)
        self.scale, self.last = scale, "scale"

    def _close_decimals(self) -> None:
        if not self.decimals:
            raise self.bad()
        self.group += Fraction(int(self.decimals), 10 ** len(self.decimals))
        self.decimals = None

    def result(self) -> Fraction:
        """Return the number read, or raise when it is unfinished ("dua koma", "min")."""
        if self.decimals is not None:
            self._close_decimals()
        if self.last in ("", "sign"):
            raise self.bad()
        return self.sign * (self.total + self.group)


def _read_words(tokens: Sequence[str], numerals: dict[int, Decimal]) -> Fraction:
    """Return the number one run of tokens names (``numerals``: position → chosen reading)."""
    reader = _Words()
    for i, token in enumerate(tokens):
        reader.add(token, numerals.get(i))
    return reader.result()


# --- the whole reply --------------------------------------------------------------------------
_SEPARATORS = str.maketrans({"\u066b": ",", "\u066c": ".", "\uff0c": ",", "\uff0e": ".",
                             "\uff05": "%"})
_TOKEN = re.compile(r"\d[\d.,]*\d|\d|[^\W\d_]+|[-+−%]")
_SEP = re.compile(r"[\s\-/]+")


def _prepare(text: str) -> str:
    """Return the text casefolded, ASCII digits, without currency, "%" and trailing stops."""
    # Arabic and full-width separators as the Indonesian comma and dot.
    s = ascii_digits(text).casefold().strip().translate(_SEPARATORS)
    s = re.sub(r"^(?:rp|idr)\.?\s*", "", s)
    s = re.sub(r",-$", "", s)
    s = re.sub(r"\s*(?:%|persen)$", "", s)
    s = s.rstrip(".!?").strip()
    # "setahun", "sebulan", "sejam", "semenit": one of that unit.
    s = re.sub(r"\bse(tahun|bulan|jam|menit)\b", r"1 \1", s)
    # "1 500 000": spaces grouping thousands are one numeral.
    s = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", "", s)
    return s.replace("−", "-")


def _segments(tokens: list[str]) -> list[tuple[list[str], str | None]]:
    """Split tokens into (number tokens, unit phrase) runs: "1 jam 30 menit" → two runs."""
    out: list[tuple[list[str], str | None]] = []
    number: list[str] = []
    unit: list[str] = []
    for token in tokens:
        numeric = token[0].isdigit() or token in ("-", "+") or (
            _is_number_word(token)
            and not (token in _SHORT_SCALES and not (number and number[-1][0].isdigit())))
        if numeric and unit:
            out.append((number, " ".join(unit)))
            number, unit = [], []
        if numeric:
            number.append(token)
        elif not number:
            raise NumberError("not_number")
        else:
            unit.append(token)
    if number:
        out.append((number, " ".join(unit) if unit else None))
    return out


def _terminating(value: Fraction) -> Decimal | None:
    """Return a Fraction as an exact Decimal, or None when it has no finite decimal form."""
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    places = max(twos, fives)
    # From a string: exact at any length (scaleb would round to the context's 28 digits).
    return Decimal(f"{value.numerator * 10**places // value.denominator}E-{places}")


def read_number(text: str, unit: str | None = None) -> tuple[Decimal, ...]:
    """Return the reading(s) of a typed number, in ``unit`` where the step has one.

    One reading, or two for an ambiguous lone dot ("12.5": 12,5 first, then 125); raises
    ``NumberError`` otherwise. Without ``unit`` a unit word is refused.
    """
    if len(text) > MAX_CHARS:
        raise NumberError("too_long")
    s = _prepare(text)
    tokens = _TOKEN.findall(s)
    if not tokens or _TOKEN.sub("", _SEP.sub("", s)):
        raise NumberError("not_number")
    if tokens[0] in ("-", "−"):
        tokens[0] = "min"
    elif tokens[0] == "+":
        tokens = tokens[1:]
    readings: set[Fraction] = set()
    ordered: list[Fraction] = []
    for choice in (0, 1):
        total = Fraction(0)
        ambiguous = False
        for number, phrase in (segments := _segments(tokens)):
            if len(segments) > 1 and phrase is None:
                raise NumberError("unit")
            chosen: dict[int, Decimal] = {}
            for i, token in enumerate(number):
                if token[0].isdigit():
                    options = numeral(token)
                    ambiguous = ambiguous or len(options) > 1
                    chosen[i] = options[min(choice, len(options) - 1)]
            value = _read_words(["" if i in chosen else t for i, t in enumerate(number)],
                                chosen)
            if phrase is not None:
                factor = None if unit is None else _unit_factor(phrase, unit)
                if factor is None:
                    raise NumberError("unit")
                value *= factor
            total += value
        if total not in readings:
            readings.add(total)
            ordered.append(total)
        if not ambiguous:
            break
    out: list[Decimal] = []
    for value in ordered:
        exact = _terminating(value)
        if exact is None:
            raise NumberError("inexact")
        out.append(exact)
    return tuple(out)
