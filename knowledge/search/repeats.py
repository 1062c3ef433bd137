"""Questions asked before (asked.json): whether a question repeats one known to be outside the
sources more closely than any known to be answered.

Helpers writing questions independently often wrote nearly the same one ("syarat pendidikan
minimal buat pengangkatan pertama JF …", "tanda tera sah berlaku brp tahun?"); where the
nearest earlier question was outside the sources and no answered one is as near, the new one is
outside too (leaving each dev set out: 4 of 26 wrongly answered out-of-scope tuning questions
abstain, no in-scope one does; docs/search.md, "Asked questions").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

# The share of words (Jaccard) from which a question repeats an earlier one.
REPEAT = 0.6
_WORD = re.compile(r"\w+")


def question_words(question: str) -> frozenset[str]:
    """Return the set of lower-case words of a question (how repeats are compared)."""
    return frozenset(_WORD.findall(question.lower()))


class AskedBefore:
    """Earlier questions, answered and outside, searchable by shared words."""

    def __init__(self, answered: Iterable[str], outside: Iterable[str]) -> None:
        self._sets: list[frozenset[str]] = []
        self._outside: list[bool] = []
        self._by_word: dict[str, list[int]] = {}
        for is_outside, questions in ((False, answered), (True, outside)):
            for q in questions:
                words = question_words(q)
                if not words:
                    continue
                for w in words:
                    self._by_word.setdefault(w, []).append(len(self._sets))
                self._sets.append(words)
                self._outside.append(is_outside)

    def repeats_outside(self, question: str) -> bool:
        """Return True when the nearest earlier question is outside the sources, shares at
        least REPEAT of the words, and no answered one is as near."""
        words = question_words(question)
        if not words:
            return False
        # A question that near shares at least REPEAT of this one's words, so it holds one of
        # the rarest len(words) − ceil(REPEAT·len(words)) + 1 of them: only those are looked up
        # (the common "boleh", "gak" would bring in most of the table).
        rare = sorted(words, key=lambda w: len(self._by_word.get(w, ())))
        keep = len(words) - math.ceil(REPEAT * len(words)) + 1
        candidates = {i for w in rare[:keep] for i in self._by_word.get(w, ())}
        best = {False: 0.0, True: 0.0}
        for i in candidates:
            n = len(words & self._sets[i])
            near = n / (len(words) + len(self._sets[i]) - n)
            best[self._outside[i]] = max(best[self._outside[i]], near)
        return best[True] >= REPEAT and best[True] > best[False]
