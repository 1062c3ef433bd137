"""Retrieval quality over a dev set: recall@k and MRR (used by the test and the benchmark)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.search.engine import SearchIndex

DEPTH = 10  # ranks beyond this count as a miss for MRR


@dataclass(frozen=True)
class DevItem:
    """One dev-set question with its acceptable passage ids (the first is the best)."""

    query: str
    expected: tuple[str, ...]
    jf: str | None = None


@dataclass(frozen=True)
class Quality:
    """Dev-set metrics and the items that missed the top 3."""

    n: int
    recall_at_1: float
    recall_at_3: float
    mrr: float
    misses: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]


def load_devset(path: Path) -> list[DevItem]:
    """Read a dev-set JSON file (a list of {query, expected, jf?})."""
    raw: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [DevItem(r["query"], tuple(r["expected"]), r.get("jf")) for r in raw]


def rank_of(index: SearchIndex, item: DevItem) -> int | None:
    """Return the 1-based rank of the first acceptable passage, or None beyond DEPTH."""
    hits = index.search(item.query, jf=item.jf, limit=DEPTH)
    for rank, hit in enumerate(hits, 1):
        if hit.passage.id in item.expected:
            return rank
    return None


def _top3(index: SearchIndex, item: DevItem) -> tuple[str, ...]:
    return tuple(h.passage.id for h in index.search(item.query, jf=item.jf, limit=3))


def evaluate(index: SearchIndex, items: list[DevItem]) -> Quality:
    """Return recall@1, recall@3 and MRR of the index over the dev-set items."""
    ranks = [rank_of(index, it) for it in items]
    n = len(items)
    misses = tuple(
        (it.query, it.expected[:1], _top3(index, it))
        for it, r in zip(items, ranks, strict=True)
        if r is None or r > 3
    )
    return Quality(
        n=n,
        recall_at_1=sum(1 for r in ranks if r == 1) / n if n else 0.0,
        recall_at_3=sum(1 for r in ranks if r is not None and r <= 3) / n if n else 0.0,
        mrr=sum(1 / r for r in ranks if r is not None) / n if n else 0.0,
        misses=misses,
    )
