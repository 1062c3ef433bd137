"""Load the committed data files (``knowledge/data/**/*.json``): the single source of truth."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from knowledge.paths import DATA_DIR


@cache
def load_table(name: str) -> Any:
    """Return a data file by its path relative to ``knowledge/data`` without ``.json``."""
    path = DATA_DIR / f"{name}.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def all_table_names() -> list[str]:
    """Return the names of every committed data file, sorted."""
    return sorted(
        str(p.relative_to(DATA_DIR).with_suffix("")) for p in DATA_DIR.rglob("*.json")
    )
