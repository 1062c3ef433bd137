"""The committed stem cache matches the corpus and Sastrawi (regenerate: see its module doc)."""

from __future__ import annotations

from knowledge.corpus import all_passages
from knowledge.search.stem_cache import CACHE_PATH, load_stem_cache, passage_words
from knowledge.search.textnorm import Stemmer

REGENERATE = "stale stem cache: run `.venv/bin/python -m knowledge.search.stem_cache`"


def test_stem_cache_covers_exactly_the_corpus_words() -> None:
    cache = load_stem_cache()
    assert CACHE_PATH.exists(), REGENERATE
    words = passage_words(all_passages())
    missing = sorted(words - cache.keys())
    extra = sorted(cache.keys() - words)
    assert not missing and not extra, f"{REGENERATE} (missing {missing[:5]}, extra {extra[:5]})"


def test_stem_cache_entries_are_what_sastrawi_gives() -> None:
    fresh = Stemmer()  # no preset: every word goes through Sastrawi (or the exceptions)
    cache = load_stem_cache()
    wrong = {w: s for w, s in cache.items() if fresh.stem(w) != s}
    assert wrong == {}, REGENERATE


def test_stem_cache_spot_checks() -> None:
    cache = load_stem_cache()
    # Hand-checked against Sastrawi's rules: me-/pe-/ber-/-an/-kan affixes stripped.
    assert cache["menerima"] == "terima"
    assert cache["pelayanan"] == "layan"
    assert cache["perdagangan"] == "dagang"
    # Protected words keep their form (see STEM_EXCEPTIONS).
    assert cache["penera"] == "penera" and cache["pemilu"] == "pemilu"
