"""Knowledge-base search: BM25 over stemmed Indonesian passages (see docs/search.md)."""

from __future__ import annotations

from functools import cache

from knowledge.search.engine import GOOD_MATCH, Hit, SearchIndex

__all__ = ["GOOD_MATCH", "Hit", "SearchIndex", "default_index"]


@cache
def default_index() -> SearchIndex:
    """Return the index over every passage of the committed corpus (built once per process)."""
    from knowledge.corpus import all_passages

    return SearchIndex(all_passages())
