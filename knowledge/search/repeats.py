"""Questions asked before (asked.json): whether the earlier questions nearest to a new one were
outside the sources.

Helpers writing questions independently often wrote near the same one ("syarat pendidikan
minimal buat pengangkatan pertama JF …", "tanda tera sah berlaku brp tahun?", "seragam dinas
hari Kamis pake apa?"); where the earlier question nearest to a new one was outside the sources,
the new one is too (docs/search.md, "Leaning towards outside questions": leaving each dev set
out, abstaining on out-of-scope tuning questions 0,875 → 0,931, answering in-scope ones
0,984 → 0,979).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import numpy as np

from knowledge.search.postings import Postings

# The earlier questions nearest by BM25 over their stems (``leans_outside``): the nearest,
# scoring at least NEAR_SCORE, is outside the sources; for a question asking leave or what to
# do, those outside hold at least STRICT_SHARE of the scores of the STRICT_NEIGHBOURS nearest.
# Fitted leaving each dev set out (docs/search.md, "Leaning towards outside questions").
NEAR_SCORE = 3.0
STRICT_NEIGHBOURS = 5
STRICT_SHARE = 0.8
_WORD = re.compile(r"\w+")


def question_words(question: str) -> frozenset[str]:
    """Return the set of lower-case words of a question (how repeats are compared)."""
    return frozenset(_WORD.findall(question.lower()))


class AskedBefore:
    """Earlier questions, answered and outside the sources, searchable by BM25 over stems."""

    def __init__(self, answered: Iterable[str], outside: Iterable[str],
                 stems: Callable[[str], list[str]] | None = None) -> None:
        self._stems = stems or (lambda q: sorted(question_words(q)))
        flags: list[bool] = []
        docs: list[list[str]] = []
        # Sorted: the same table gives the same document order (ties go to the first).
        for is_outside, questions in ((False, sorted(answered)), (True, sorted(outside))):
            for q in questions:
                docs.append(self._stems(q) or [""])
                flags.append(is_outside)
        self._is_outside = np.array(flags, dtype=bool)
        self._postings = Postings(docs)

    def leans_outside(self, question: str, *, strict: bool = False) -> bool:
        """Return True when the earlier question nearest to this one (``strict``: most of the
        nearest) is outside the sources: "seragam dinas hari Jumat?" lies nearest to "seragam
        dinas ASN hari Kamis pake apa?", not to a question a rule answered."""
        scores = np.zeros(self._postings.size, dtype=np.float32)
        # Each stem once: "seragam seragam seragam" is no nearer than "seragam".
        for stem in dict.fromkeys(self._stems(question)):
            got = self._postings.sparse(stem)
            if got is not None:
                scores[got[0]] += got[1]
        if not len(scores) or float(scores.max()) < NEAR_SCORE:
            return False
        if not strict:
            return bool(self._is_outside[int(np.argmax(scores))])
        k = min(STRICT_NEIGHBOURS, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        near = scores[top]
        return float(near[self._is_outside[top]].sum()) >= STRICT_SHARE * float(near.sum())
