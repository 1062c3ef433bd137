"""Answer quality over the ask dev set (tests/ask_devset.json): used by the bench and the test.

Per half ("tune" | "blind"): recall@1 / recall@3 of the relevant passages for questions that
expect an answer, abstention on out-of-scope questions, answered rate on in-scope ones,
calculator-intent accuracy and verdict accuracy. Never tune on the blind half.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.ask.answer import answer_question
from knowledge.ask.model import Answer, Verdict
from knowledge.search.engine import SearchIndex


@dataclass(frozen=True)
class AskItem:
    """One dev-set question and what a right answer has."""

    id: str
    q: str
    jf: str | None
    category: str
    expect_status: str
    relevant: tuple[str, ...]
    verdict: str | None
    calculator_flow: str | None
    half: str


@dataclass(frozen=True)
class AskQuality:
    """The figures of one half, and the ids of the questions each figure missed."""

    n: int
    recall_at_1: float
    recall_at_3: float
    abstain_out_of_scope: float
    answered_in_scope: float
    calculator_accuracy: float
    calculator_false: float
    verdict_accuracy: float
    misses: dict[str, tuple[str, ...]]


def load_ask_devset(path: Path) -> list[AskItem]:
    """Read the dev set (a JSON list of items with the README's schema)."""
    raw: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [AskItem(r["id"], r["q"], r.get("jf"), r["category"], r["expect_status"],
                    tuple(r["relevant"]), r.get("verdict"), r.get("calculator_flow"), r["half"])
            for r in raw]


def _share(hits: int, n: int) -> float:
    return hits / n if n else 0.0


def evaluate_answers(index: SearchIndex, items: list[AskItem]) -> AskQuality:
    """Answer every item as the chat would and return the figures."""
    answers: dict[str, Answer] = {it.id: answer_question(index, it.q, jf=it.jf) for it in items}
    return score(items, answers)


def score(items: list[AskItem], answers: dict[str, Answer]) -> AskQuality:
    """Return the figures of ``answers`` (id → Answer) against the items."""
    misses: dict[str, list[str]] = {k: [] for k in (
        "recall@1", "recall@3", "abstain", "answered", "calculator", "calculator_false",
        "verdict")}
    answerable = [it for it in items if it.expect_status == "answered"]
    for it in answerable:
        top = [h.passage.id for h in answers[it.id].hits]
        if not set(top[:1]) & set(it.relevant):
            misses["recall@1"].append(it.id)
        if not set(top[:3]) & set(it.relevant):
            misses["recall@3"].append(it.id)
        if answers[it.id].verdict != it.verdict:
            misses["verdict"].append(it.id)
    out_of_scope = [it for it in items if it.expect_status == "not_in_sources"]
    in_scope = [it for it in items if it.expect_status != "not_in_sources"]
    calculators = [it for it in items if it.expect_status == "calculator"]
    others = [it for it in items if it.expect_status != "calculator"]
    for it in out_of_scope:
        if answers[it.id].status != "not_in_sources":
            misses["abstain"].append(it.id)
    for it in in_scope:
        if answers[it.id].status == "not_in_sources":
            misses["answered"].append(it.id)
    for it in calculators:
        offer = answers[it.id].calculator
        if offer is None or offer.flow != it.calculator_flow:
            misses["calculator"].append(it.id)
    for it in others:
        if answers[it.id].status == "calculator":
            misses["calculator_false"].append(it.id)
    return AskQuality(
        n=len(items),
        recall_at_1=1 - _share(len(misses["recall@1"]), len(answerable)),
        recall_at_3=1 - _share(len(misses["recall@3"]), len(answerable)),
        abstain_out_of_scope=1 - _share(len(misses["abstain"]), len(out_of_scope)),
        answered_in_scope=1 - _share(len(misses["answered"]), len(in_scope)),
        calculator_accuracy=1 - _share(len(misses["calculator"]), len(calculators)),
        calculator_false=_share(len(misses["calculator_false"]), len(others)),
        verdict_accuracy=1 - _share(len(misses["verdict"]), len(answerable)),
        misses={k: tuple(v) for k, v in misses.items()},
    )


@dataclass(frozen=True)
class VerdictItem:
    """One question of the verdict set: an act, and the verdict a right answer gives."""

    id: str
    q: str
    expect: Verdict | None  # None: a harmless act no rule decides
    half: str


@dataclass(frozen=True)
class VerdictQuality:
    """The verdict set's figures for one half, and the ids each figure missed."""

    n: int
    right: float  # the verdict given equals the expected one (no verdict for a harmless act)
    false_verdict: float  # share of harmless acts that got "Tidak boleh."/"Wajib."
    opposite: float  # share of decided acts that got the other verdict
    found: float  # share of decided acts that got their verdict
    misses: dict[str, tuple[str, ...]]


def load_verdict_set(path: Path) -> list[VerdictItem]:
    """Read the verdict set (tests/ask_devset_README.md, "Verdict set")."""
    raw: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [VerdictItem(r["id"], r["q"], None if r["expect"] == "none" else r["expect"],
                        r["half"]) for r in raw]


def verdict_quality(index: SearchIndex, items: list[VerdictItem]) -> VerdictQuality:
    """Answer every item as the chat would and return the verdict figures."""
    given = {it.id: answer_question(index, it.q).verdict for it in items}
    harmless = [it for it in items if it.expect is None]
    decided = [it for it in items if it.expect is not None]
    misses = {
        "right": tuple(it.id for it in items if given[it.id] != it.expect),
        "false_verdict": tuple(it.id for it in harmless if given[it.id] is not None),
        "opposite": tuple(it.id for it in decided
                          if given[it.id] not in (None, it.expect)),
        "found": tuple(it.id for it in decided if given[it.id] != it.expect),
    }
    return VerdictQuality(
        n=len(items),
        right=1 - _share(len(misses["right"]), len(items)),
        false_verdict=_share(len(misses["false_verdict"]), len(harmless)),
        opposite=_share(len(misses["opposite"]), len(decided)),
        found=1 - _share(len(misses["found"]), len(decided)),
        misses=misses,
    )
