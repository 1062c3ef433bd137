"""One BM25 field over a list of documents, its per-token scores read directly from bm25s."""

from __future__ import annotations

import bm25s
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


class Postings:
    """One BM25 field over the passages: its vocabulary and per-token scores."""

    def __init__(self, docs: list[list[str]]) -> None:
        self.size = len(docs)
        bm25 = bm25s.BM25()
        if docs:
            bm25.index(docs, show_progress=False)
        self.vocab: dict[str, int] = dict(bm25.vocab_dict) if docs else {}
        # bm25s's precomputed per-token scores (CSC: token -> passages), read directly: a
        # one-token lookup is a slice and a scatter, ~10x cheaper than get_scores_from_ids.
        sc = bm25.scores if docs else {"data": [], "indices": [], "indptr": [0]}
        self._data = np.asarray(sc["data"], dtype=np.float32)
        self._indices = np.asarray(sc["indices"], dtype=np.int64)
        self._indptr = np.asarray(sc["indptr"], dtype=np.int64)
        # Per stem, the passages scoring above 0 and their scores: the sparse form of
        # ``scores`` for sums and masks that touch only those passages.
        self._sparse: list[tuple[npt.NDArray[np.int64], FloatArray]] = []
        for tid in range(len(self._indptr) - 1):
            span = slice(self._indptr[tid], self._indptr[tid + 1])
            data, where = self._data[span], self._indices[span]
            keep = data > 0
            self._sparse.append((where, data) if keep.all() else (where[keep], data[keep]))

    def scores(self, stem: str) -> FloatArray | None:
        """Return every passage's BM25 score for one stem, or None when no passage has it."""
        tid = self.vocab.get(stem)
        if tid is None:
            return None
        start, end = self._indptr[tid], self._indptr[tid + 1]
        out = np.zeros(self.size, dtype=np.float32)
        out[self._indices[start:end]] = self._data[start:end]
        return out

    def sparse(self, stem: str) -> tuple[npt.NDArray[np.int64], FloatArray] | None:
        """Return the passages scoring above 0 for one stem and their scores, or None."""
        tid = self.vocab.get(stem)
        return None if tid is None or tid >= len(self._sparse) else self._sparse[tid]


class Lacking:
    """A field's postings restricted to the passages whose ``other`` field lacks the stem;
    worked out once per stem, when a query first holds it (at start-up it cost 0,5 s)."""

    def __init__(self, field: Postings, other: Postings) -> None:
        if field.size != other.size:
            raise ValueError("both fields must be over the same passages")
        self._field, self._other = field, other
        self._memo: dict[str, tuple[npt.NDArray[np.int64], FloatArray] | None] = {}

    def get(self, stem: str) -> tuple[npt.NDArray[np.int64], FloatArray] | None:
        """Return the passages and scores of ``stem`` here where ``other`` lacks it."""
        if stem in self._memo:
            return self._memo[stem]
        mine = self._field.sparse(stem)
        if mine is None:
            return None  # not memoised: the stems of every query would pile up
        where, data = mine
        theirs = self._other.sparse(stem)
        if theirs is not None:
            # A mask over all passages: ~20x cheaper than np.isin on these short arrays, which
            # matters for a query's first, unseen stems.
            lacks = np.ones(self._field.size, dtype=np.bool_)
            lacks[theirs[0]] = False
            keep = lacks[where]
            where, data = where[keep], data[keep]
        got = (where, data) if len(where) else None
        self._memo[stem] = got
        return got
