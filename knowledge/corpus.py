"""The searchable corpus: every passage that every extractor offers, from the committed data.

Each module in ``knowledge.extract`` may expose ``passages() -> list[Passage]`` that reads its
own committed data files (via ``knowledge.data_files.load_table``) — never the raw source at
query time — and returns the passages a user can be shown.
"""

from __future__ import annotations

import importlib
from collections import Counter
from functools import cache

from knowledge.build import extractor_modules
from knowledge.passage import Passage


@cache
def all_passages() -> tuple[Passage, ...]:
    """Return every passage of every document, ids unique."""
    out: list[Passage] = []
    for name in extractor_modules():
        module = importlib.import_module(name)
        if hasattr(module, "passages"):
            out.extend(module.passages())
    dupes = sorted(i for i, n in Counter(p.id for p in out).items() if n > 1)
    if dupes:
        raise RuntimeError(f"duplicate passage ids: {dupes[:10]}")
    return tuple(out)
