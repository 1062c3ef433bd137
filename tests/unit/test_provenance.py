"""Every span in every committed data file quotes its source exactly."""

from __future__ import annotations

import pytest

from knowledge.data_files import all_table_names, load_table
from knowledge.provenance import iter_spans
from knowledge.sources_text import DOCUMENTS, source_text


def test_project_keeps_its_own_copy_of_every_source() -> None:
    for doc in DOCUMENTS:
        assert len(source_text(doc)) > 10_000


@pytest.mark.parametrize("name", all_table_names())
def test_every_span_quotes_the_source(name: str) -> None:
    table = load_table(name)
    spans = iter_spans(table)
    # A fact from outside the five documents (e.g. a BKN rule) names its regulation instead.
    if isinstance(table, dict) and table.get("external_source"):
        assert not spans
        return
    assert spans, f"{name} carries no provenance"
    for span in spans:
        assert source_text(span["doc"])[span["start"] : span["end"]] == span["text"], span
