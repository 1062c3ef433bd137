"""How people say a rule (``expansions.json``): chat phrasings searched beside each rule's text.

The behaviour guide words a rule formally ("Menolak pengembangan kompetensi dengan alasan
senioritas"); users tell their situation ("ogah ikut diklat, udh senior"). Each guide item and
general rule carries a few phrases of the second kind, written without seeing any question of
the dev sets (docs/search.md, "Expansions"). They are matched, never shown.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

EXPANSIONS_FILE = Path(__file__).with_name("expansions.json")
# Situations in which each guide rule applies, told in chat (a third round, 4 per rule).
SITUATIONS_FILE = Path(__file__).with_name("situations.json")
ASKED_FILE = Path(__file__).with_name("asked.json")


@cache
def expansions(path: Path = EXPANSIONS_FILE) -> dict[str, tuple[str, ...]]:
    """Return passage id → its chat phrasings (raises ValueError when malformed)."""
    return _phrases(_read(path), path.name)


@cache
def situations(path: Path = SITUATIONS_FILE) -> dict[str, tuple[str, ...]]:
    """Return passage id → the situations told in chat in which the rule applies."""
    return _phrases(_read(path), path.name)


@cache
def asked_questions(path: Path = ASKED_FILE) -> dict[str, tuple[str, ...]]:
    """Return passage id → the tuning halves' questions it answers."""
    return _phrases(_read(path), path.name) if path.exists() else {}


@cache
def outside_questions(path: Path = ASKED_FILE) -> tuple[str, ...]:
    """Return the tuning halves' questions that are outside the sources."""
    if not path.exists():
        return ()
    outside = _read(path)["outside"]
    if not isinstance(outside, list) or not all(isinstance(q, str) for q in outside):
        raise ValueError(f"{path.name}: outside must be a list of questions")
    return tuple(outside)


@cache
def _read(path: Path) -> dict[str, Any]:
    """Return a phrasing file's JSON (asked.json serves two tables: read once)."""
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return raw


def _phrases(raw: dict[str, Any], name: str) -> dict[str, tuple[str, ...]]:
    table = raw["phrases"]
    if not isinstance(table, dict) or not all(
        isinstance(v, list) and v and all(isinstance(p, str) and p.strip() for p in v)
        for v in table.values()
    ):
        raise ValueError(f"{name}: phrases must map a passage id to non-empty strings")
    return {pid: tuple(v) for pid, v in table.items()}
