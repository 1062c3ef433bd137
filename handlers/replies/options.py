"""Picking an option from a typed reply: its number, its name, an abbreviation or a typo.

Order, first that decides wins: the option number ("2", "no 2", "pilihan 2"); the exact
label, short or token; a yes/no word where the options say "Ya…" / "Tidak…"; the reply with
chat shorthand expanded ("sgt baik" → "sangat baik", "baik bgt" → "sangat baik"); the words
of the reply matched to the words of each label (equal, an abbreviation "sdrhn" of
"sederhana", a prefix "lab", a one-letter typo "madia"; initials "bp" of "Butuh Perbaikan");
a close typo of the whole label (rapidfuzz). Two options equally close raise ``Ambiguous``
naming them, so the engine asks once instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from handlers.prompts import Option
from handlers.replies.errors import Ambiguous
from handlers.replies.words import expand, plain
from handlers.replies.yes_no import yes_no_reading
from knowledge.digits import ascii_digits, read_index

FUZZY_MIN = 85  # rapidfuzz ratio for a whole label typed with a small typo
FUZZY_MARGIN = 5  # the best label must beat the second-best by this much
FUZZY_MIN_LETTERS = 6  # shorter labels are never guessed from a whole-label typo
TYPO_MIN_LETTERS = 4  # a word of at least this many letters may have one typo ("baek")
MAX_CANDIDATES = 4  # "Maksud Anda A, B, C atau D?"; more is no question worth asking
# "no 2", "nomor 2", "pilihan 2", "opsi 2", "yang ke-2", "yg 2", "2."
_INDEX = re.compile(r"(?:(?:no|nomor|nomer|pilihan|pilih|opsi|yang|yg|angka)\s*)?"
                    r"(?:ke\s*-?\s*)?(\d{1,6})")
_EXPLICIT = re.compile(r"(?:no|nomor|nomer|pilihan|pilih|opsi|yang|yg)\b.*|ke\s*-?\s*\d.*")
# Text that names a golongan ("III/a", "gol. 4c"): never read as an abbreviation or a typo.
_GOLONGAN_LIKE = re.compile(r"(?:gol(?:ongan)?\.?\s*)?(?:iv|iii|ii|i|v)\s*[/\-. ]?\s*[a-e]?")


def option_index(text: str) -> tuple[int, bool] | None:
    """Return (the option number a reply names, whether it said so: "pilihan 2"), or None."""
    s = ascii_digits(plain(text))
    m = _INDEX.fullmatch(s)
    if m is None:
        return None
    number = read_index(m[1])
    if number is None:
        return None
    return number, _EXPLICIT.fullmatch(s) is not None


def looks_like_value(text: str) -> bool:
    """Return True for text that names a number, a date or a golongan: never a label's typo."""
    word = " ".join(text.casefold().split())
    return any(c.isdigit() for c in word) or _GOLONGAN_LIKE.fullmatch(word) is not None


def _label_words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,/()]+", plain(text).replace("-", " ")) if w]


def _abbreviates(typed: str, word: str) -> bool:
    """Return True when ``typed`` stands for ``word``: equal, a prefix of ≥ 3 letters, its
    letters in order with the same first letter ("sdrhn"), or one typo in a long word."""
    if typed == word:
        return True
    if len(typed) < 2 or not typed.isalpha():
        return False
    if typed[0] != word[0]:
        return False
    if len(typed) >= 3 and word.startswith(typed):
        return True
    letters = iter(word)
    if all(c in letters for c in typed) and len(typed) < len(word):
        return True
    return len(typed) >= TYPO_MIN_LETTERS and len(word) >= TYPO_MIN_LETTERS and (
        Levenshtein.distance(typed, word) <= 1)


def _unmatched(typed: list[str], label: list[str]) -> int | None:
    """Return how many label words are left when every typed word stands for a label word in
    order (greedy), or None when some typed word stands for none."""
    j = 0
    for word in typed:
        while j < len(label) and not _abbreviates(word, label[j]):
            j += 1
        if j == len(label):
            return None
        j += 1
    return len(label) - len(typed)


def _common_words(options: Sequence[Option]) -> set[str]:
    sets = [set(_label_words(o.label)) for o in options]
    return set.intersection(*sets) if len(sets) > 1 else set()


def _exact(want: str, options: Sequence[Option], *, tokens: bool) -> Option | None:
    if not want:
        return None
    bare = want.replace(" ", "")
    for opt in options:
        names = [opt.label, opt.short or ""] + ([opt.token] if tokens else [])
        for name in names:
            norm = plain(name)
            if norm and (norm == want or norm.replace(" ", "") == bare):
                return opt
    return None


def exact_option(text: str, options: Sequence[Option], *, tokens: bool = True) -> Option | None:
    """Return the option whose label or short (or, with ``tokens``, token) is the text, case-,
    punctuation- and space-insensitive ("iii / a" names "III/a"); else None."""
    want = plain(text)
    found = _exact(want, options, tokens=tokens)
    if found is None and want != " ".join(text.casefold().split()):
        found = _exact(" ".join(text.casefold().split()), options, tokens=tokens)
    return found


def _yes_no_option(text: str, options: Sequence[Option]) -> Option | None:
    reading = yes_no_reading(text)
    if reading not in ("yes", "no"):
        return None
    lead = "ya" if reading == "yes" else "tidak"
    found = [o for o in options if _label_words(o.label)[:1] == [lead]]
    return found[0] if len(found) == 1 else None


def _tie(found: Sequence[Option]) -> Ambiguous:
    return Ambiguous([o.token for o in found], [o.label for o in found])


def _decide(found: list[Option]) -> Option | None:
    if len(found) == 1:
        return found[0]
    if 1 < len(found) <= MAX_CANDIDATES:
        raise _tie(found)
    return None


def _by_words(words: list[str], options: Sequence[Option]) -> Option | None:
    """Match the typed words to each label's words; the fewest label words left wins."""
    common = _common_words(options)
    scored: list[tuple[int, Option]] = []
    for opt in options:
        label = _label_words(opt.label)
        core = [w for w in label if w not in common] or label
        if words == core:
            return opt
        counts = [n for n in (_unmatched(words, label), _unmatched(words, core)) if n is not None]
        if len(words) == 1 and len(words[0]) >= 2 and len(label) >= 2 and (
                words[0] == "".join(w[0] for w in label)):
            counts.append(0)  # initials: "bp" = Butuh Perbaikan
        if counts:
            scored.append((min(counts), opt))
    substring = [o for o in options
                 if all(w in plain(o.label) for w in words) and len("".join(words)) >= 3]
    if scored:
        best = min(n for n, _ in scored)
        top = [o for n, o in scored if n == best]
        if best == 0:
            return _decide(top)
        top += [o for o in substring if o not in top]
        return _decide([o for o in options if o in top])
    return _decide(substring)


def _by_ratio(want: str, options: Sequence[Option]) -> Option | None:
    """A whole long label typed with a small typo (rapidfuzz); a tie raises ``Ambiguous``."""
    scored: list[tuple[float, int]] = []
    for i, opt in enumerate(options):
        names = [plain(n) for n in (opt.label, opt.short) if n]
        score = max((fuzz.ratio(want, n) for n in names
                     if sum(c.isalpha() for c in n) >= FUZZY_MIN_LETTERS
                     and not looks_like_value(n)), default=0.0)
        scored.append((score, i))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < FUZZY_MIN:
        return None
    close = [options[i] for s, i in scored if scored[0][0] - s < FUZZY_MARGIN]
    return _decide(sorted(close, key=options.index))


def read_option(text: str, options: Sequence[Option], *, numbers: bool = True,
                fuzzy: bool = True, partial: bool = True) -> Option | None:
    """Return the option a reply names, None when it names none; raise ``Ambiguous`` when it
    names two to four equally well. ``numbers`` False: a bare number is a value, not an option
    number ("pilihan 2" still is); ``fuzzy`` False: exact names and numbers only; ``partial``
    False: the words must stand for the whole label (no "muda" for "Ahli Muda")."""
    index = option_index(text)
    if index is not None and (numbers or index[1]):
        number = index[0]
        if 1 <= number <= len(options):
            return options[number - 1]
        return None
    found = exact_option(text, options, tokens=numbers)
    if found is not None or not fuzzy:
        return found
    found = _yes_no_option(text, options)
    if found is not None:
        return found
    want = plain(text)
    if sum(c.isalpha() for c in want) < 1 or looks_like_value(want):
        return None
    words = expand(want.split())
    found = _exact(" ".join(words), options, tokens=False)
    if found is not None:
        return found
    if not partial:
        return _by_ratio(want, options)
    return _by_words(words, options) or _by_ratio(want, options)
