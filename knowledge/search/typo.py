"""Typo repair: map an out-of-vocabulary query word to the closest corpus word (rapidfuzz)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

# Words shorter than this are too ambiguous to repair ("ap" vs "ak"); a repair must be at least
# this similar (rapidfuzz ratio, 0-100). One dropped or doubled letter in a 6-letter word scores
# 91, one wrong letter 83; short words need more ("cpns" is not a typo of "pns": 86).
MIN_LENGTH = 4
SCORE_CUTOFF = 82.0
SHORT_WORD = 5
SHORT_SCORE_CUTOFF = 88.0
MEMO_LIMIT = 20_000  # a long-running bot sees endless new words; forget them past this


class TypoFixer:
    """Repairs words against a vocabulary, searching only words of similar length."""

    def __init__(self, vocabulary: Iterable[str], known: Iterable[str] = ()) -> None:
        self.known: frozenset[str] = frozenset(known) | frozenset(vocabulary)
        # Typos rarely hit the first letter; keying on it also keeps each search small.
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for w in sorted(self.known):
            if len(w) >= MIN_LENGTH - 1 and w.isalpha():
                buckets[(w[0], len(w))].append(w)
        self._buckets = dict(buckets)
        self._memo: dict[str, str | None] = {}

    def fix(self, word: str) -> str | None:
        """Return the closest known word to ``word``, or None when nothing is close enough."""
        if word in self.known:
            return word
        if word in self._memo:
            return self._memo[word]
        best: str | None = None
        if len(word) >= MIN_LENGTH and word.isalpha():
            pool = [
                w
                for n in range(len(word) - 2, len(word) + 3)
                for w in self._buckets.get((word[0], n), ())
            ]
            cutoff = SHORT_SCORE_CUTOFF if len(word) <= SHORT_WORD else SCORE_CUTOFF
            found = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
            if found is not None:
                best = str(found[0])
        if len(self._memo) >= MEMO_LIMIT:
            self._memo.clear()
        self._memo[word] = best
        return best
