"""Every item of the three secondary documents is source text plus fixes written beside it."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge.data_files import all_table_names, load_table
from knowledge.extract._secondary_common import apply_fixes, normalize, verbatim

AREAS = ("kompeten/", "kode_etik_bengkalis/", "kode_etik_ntt/")
TABLES = [n for n in all_table_names() if n.startswith(AREAS)]


def _items(obj: Any) -> list[dict[str, Any]]:
    """Every dict that holds a text and its spans ('src'), anywhere in a data file."""
    found: list[dict[str, Any]] = []
    stack = [obj]
    while stack:
        cur = stack.pop()
        if isinstance(cur, dict):
            if "text" in cur and "src" in cur:
                found.append(cur)
            stack.extend(cur.values())
        elif isinstance(cur, list):
            stack.extend(cur)
    return found


def test_the_three_areas_have_data() -> None:
    assert {t.split("/")[0] for t in TABLES} == {a.rstrip("/") for a in AREAS}


@pytest.mark.parametrize("name", TABLES)
def test_text_is_the_spans_plus_recorded_fixes(name: str) -> None:
    table = load_table(name)
    assert table["title"] and table["notes"] and table["source"]
    items = _items(table)
    assert items
    for it in items:
        raw = verbatim(it["src"])
        assert it["text"] == apply_fixes(raw, it.get("ocr_fixes", [])), it["text"]
        for orig, fixed in it.get("ocr_fixes", []):
            # a fix is recorded only where it changes something the source really says
            assert orig in raw and orig != fixed
        assert it["text"] == normalize(it["text"])


def test_apply_fixes_refuses_a_fix_that_does_not_occur() -> None:
    with pytest.raises(LookupError):
        apply_fixes("tugasnya", [["fugasnya", "tugasnya"]])
