"""The committed data files are exactly what the extractors build from the sources."""

from __future__ import annotations

from knowledge.build import build_all, dump
from knowledge.data_files import all_table_names
from knowledge.paths import DATA_DIR


def test_committed_data_equals_a_fresh_build() -> None:
    built = build_all()
    stale = [
        name
        for name, content in built.items()
        if (DATA_DIR / f"{name}.json").read_text(encoding="utf-8") != dump(content)
    ]
    assert stale == [], "run `python -m bot build-knowledge` and commit the result"


def test_no_data_file_without_an_extractor() -> None:
    assert sorted(build_all()) == all_table_names()
