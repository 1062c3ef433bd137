"""The reviewed concept layer (``concepts.json``): everyday words → the words of the sources.

A concept maps triggers ("amplop", "parsel", "grup wa") to terms the behaviour guide and the
codes of ethics use ("gratifikasi", "kerahasiaan"). Also the informal names of each JF and the
passages ranked lower (noise). See docs/search.md, "Concepts".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from knowledge.ids import JF_LABELS

CONCEPTS_FILE = Path(__file__).with_name("concepts.json")
# Demoted passages keep this share of their score.
DEMOTE_FACTOR = 0.35


@dataclass(frozen=True)
class Concept:
    """One concept: its id, the sources' words for it and the everyday words that mean it."""

    id: str
    terms: tuple[str, ...]
    triggers: tuple[str, ...]


@dataclass(frozen=True)
class ConceptTable:
    """The whole concept layer, validated."""

    concepts: tuple[Concept, ...]
    jf_aliases: dict[str, tuple[str, ...]]
    demote: dict[str, str]
    outside: frozenset[str] = frozenset()
    # Demoted passage → concepts whose question lifts its demotion.
    demote_unless: dict[str, frozenset[str]] = field(default_factory=dict)
    # One-word trigger → words after which it is no trigger ("calon agen").
    not_before: dict[str, frozenset[str]] = field(default_factory=dict)
    # One-word trigger → words one of which the question must hold for it to count ("like"
    # is about an election only beside "caleg", "partai", "kampanye" …).
    needs: dict[str, frozenset[str]] = field(default_factory=dict)
    # One-word trigger → words before which it is no trigger ("pranata komputer" names a JF,
    # not a computer).
    not_after: dict[str, frozenset[str]] = field(default_factory=dict)


def _phrase(text: str) -> str:
    words = text.split()
    if not words or text != " ".join(words) or text != text.lower():
        raise ValueError(f"concepts.json: {text!r} must be lowercase words separated by spaces")
    return text


@cache
def concept_table(path: Path = CONCEPTS_FILE) -> ConceptTable:
    """Return the concept layer from ``concepts.json`` (raises ValueError when malformed)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    concepts = tuple(
        Concept(c["id"], tuple(_phrase(t) for t in c["terms"]),
                tuple(_phrase(t) for t in c["triggers"]))
        for c in raw["concepts"]
    )
    ids = [c.id for c in concepts]
    if len(set(ids)) != len(ids) or any(not c.terms or not c.triggers for c in concepts):
        raise ValueError("concepts.json: concept ids must be unique, terms and triggers non-empty")
    for c in concepts:
        if set(c.terms) & set(c.triggers):
            raise ValueError(f"concepts.json: {c.id}: a term is not also a trigger")
    aliases = {jf: tuple(_phrase(a) for a in names) for jf, names in raw["jf_aliases"].items()}
    if not set(aliases) <= set(JF_LABELS):
        unknown = set(aliases) - set(JF_LABELS)
        raise ValueError(f"concepts.json: unknown JF in jf_aliases: {sorted(unknown)}")
    outside = frozenset(_phrase(w) for w in raw["outside"])
    triggers = {t for c in concepts for t in c.triggers}
    if outside & triggers:
        raise ValueError(f"concepts.json: outside words are triggers: {sorted(outside & triggers)}")
    unless = {pid: frozenset(cs) for pid, cs in raw.get("demote_unless", {}).items()}
    if not set(unless) <= set(raw["demote"]) or not {c for cs in unless.values()
                                                       for c in cs} <= set(ids):
        raise ValueError("concepts.json: demote_unless names a passage not demoted or an "
                         "unknown concept")
    not_before = {t: frozenset(ws) for t, ws in raw.get("not_before", {}).items()}
    if not set(not_before) <= triggers:
        raise ValueError("concepts.json: not_before names a word that is no trigger")
    not_after = {t: frozenset(ws) for t, ws in raw.get("not_after", {}).items()}
    if not set(not_after) <= triggers:
        raise ValueError("concepts.json: not_after names a word that is no trigger")
    # Groups of triggers sharing their words: [{"triggers": [...], "words": [...]}].
    needs = {t: frozenset(g["words"]) for g in raw.get("needs", []) for t in g["triggers"]}
    if not set(needs) <= triggers or any(not ws for ws in needs.values()):
        raise ValueError("concepts.json: needs names a word that is no trigger, or no words")
    return ConceptTable(concepts, aliases, dict(raw["demote"]), outside, unless, not_before,
                        needs, not_after)
