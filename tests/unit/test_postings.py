"""Postings and Lacking against plain set arithmetic over a few token lists."""

from __future__ import annotations

import pytest

from knowledge.search.postings import Lacking, Postings

TEXT = [["hadiah", "uttp"], ["kajian"], ["hadiah"], [], ["tera", "uttp"]]
SAID = [["hadiah", "amplop"], ["amplop"], ["hadiah", "parsel"], ["amplop", "parsel"], ["uttp"]]


def test_sparse_holds_exactly_the_passages_with_the_stem() -> None:
    """Each stem's sparse postings are the passages holding it, with positive scores."""
    field = Postings(SAID)
    for stem in {t for doc in SAID for t in doc}:
        got = field.sparse(stem)
        assert got is not None
        assert sorted(got[0].tolist()) == [i for i, doc in enumerate(SAID) if stem in doc]
        assert (got[1] > 0).all()
    assert field.sparse("tidakada") is None


def test_lacking_keeps_only_passages_whose_text_lacks_the_stem() -> None:
    """Lacking.get is the field's postings minus the passages whose text has the stem."""
    said, text = Postings(SAID), Postings(TEXT)
    lacking = Lacking(said, text)
    for stem in {t for doc in SAID for t in doc}:
        want = [i for i, doc in enumerate(SAID) if stem in doc and stem not in TEXT[i]]
        got = lacking.get(stem)
        assert (sorted(got[0].tolist()) if got is not None else []) == want
        if got is not None:  # the scores are the field's own, unchanged
            full = said.scores(stem)
            assert full is not None
            assert got[1].tolist() == full[got[0]].tolist()
        assert lacking.get(stem) is got  # memoised: the same arrays the second time
    assert lacking.get("uttp") is None  # passage 4 has it in both fields


def test_lacking_refuses_fields_over_different_passages() -> None:
    """Two fields over different passage counts cannot be compared."""
    with pytest.raises(ValueError):
        Lacking(Postings(SAID), Postings(TEXT[:3]))
