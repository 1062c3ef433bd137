"""Answer quality on the TUNING half of tests/ask_devset.json stays above its floors.

The blind half is never asserted on (it would become a tuning target); bench/ask_bench.py
reports both halves. The tuning halves' questions are in the index (knowledge/search/asked.json):
each set's tuning half is answered by an index that leaves that set's questions out, as
``bench/ask_bench.py --cv`` does, so that the floors still measure questions the index has not
seen.
"""

from __future__ import annotations

import functools
from collections import Counter
from pathlib import Path

import pytest

from knowledge.ask.evaluate import (
    AskItem,
    AskQuality,
    VerdictQuality,
    evaluate_answers,
    load_ask_devset,
    load_verdict_set,
    verdict_quality,
)
from knowledge.corpus import all_passages
from knowledge.search import SearchIndex, default_index
from tools.build_asked import index_without

DEVSET = Path(__file__).resolve().parents[1] / "ask_devset.json"
# A little under what the tuning half measured (recall@1 0.80, recall@3 0.98, abstained 0.90,
# answered 0.991, calculator 1.00 with no false offer, verdict 0.92).
FLOORS = {
    "recall_at_1": 0.77,
    "recall_at_3": 0.95,
    "abstain_out_of_scope": 0.85,
    "answered_in_scope": 0.97,
    "calculator_accuracy": 0.93,
    "verdict_accuracy": 0.88,
}
CALCULATOR_FALSE_CEILING = 0.03


@functools.cache
def _index_without(name: str) -> SearchIndex:
    """Return an index whose asked questions leave out the dev set ``name``'s."""
    return index_without(DEVSET.with_name(name))


@pytest.fixture(scope="module")
def tune_quality() -> AskQuality:
    items = [it for it in load_ask_devset(DEVSET) if it.half == "tune"]
    return evaluate_answers(_index_without(DEVSET.name), items)


def test_devset_shape_and_fixed_split() -> None:
    items = load_ask_devset(DEVSET)
    assert len(items) >= 200
    assert len({it.q for it in items}) == len(items)
    counts = Counter(it.category for it in items)
    minimum = {"conduct": 60, "regulation": 40, "out_of_scope": 30, "calculator": 20,
               "informal": 20}
    assert all(counts[c] >= n for c, n in minimum.items()), counts
    assert {it.half for it in items} == {"tune", "blind"}
    _check_split_and_ids(items)


def _check_split_and_ids(items: list[AskItem]) -> None:
    """Check the README's split rule — within each category, alternate in id order (1st tune,
    2nd blind …) — and that every relevant passage id exists."""
    for cat in {it.category for it in items}:
        ids = sorted((it.id, it.half) for it in items if it.category == cat)
        assert [h for _, h in ids] == [("tune", "blind")[i % 2] for i in range(len(ids))]
    known = {p.id for p in all_passages()}
    assert sorted({r for it in items for r in it.relevant} - known) == []


@pytest.mark.parametrize("figure", sorted(FLOORS))
def test_tuning_half_stays_above_its_floor(tune_quality: AskQuality, figure: str) -> None:
    got = getattr(tune_quality, figure)
    key = {"recall_at_1": "recall@1", "recall_at_3": "recall@3",
           "abstain_out_of_scope": "abstain", "answered_in_scope": "answered",
           "calculator_accuracy": "calculator", "verdict_accuracy": "verdict"}[figure]
    assert got >= FLOORS[figure], (got, tune_quality.misses[key])


def test_calculator_is_rarely_offered_where_none_was_asked(tune_quality: AskQuality) -> None:
    assert tune_quality.calculator_false <= CALCULATOR_FALSE_CEILING, \
        tune_quality.misses["calculator_false"]


# The later sets (150 questions each, written blind to the engine and to the earlier sets):
# floors a little under what their tuning halves measured after tuning on them (6 December:
# v2 recall@1 0.61, recall@3 0.82, abstained 0.92, answered 0.98, calculator 1.00, verdict
# 0.91; v3 0.70, 0.84, 0.92, 0.98, 0.88, 0.77; v4, with the expansions, 0.62, 0.84, 0.85,
# 0.97, 1.00, 0.82; later that day v4 0.75, 0.91, 1.00, 0.98, 1.00, 0.91 and v5 (tuned on from
# that day) 0.71, 0.95, 0.92, 0.98, 1.00, 0.82).
LATER_SETS: dict[str, dict[str, float]] = {
    "ask_devset_v2.json": {"recall_at_1": 0.57, "recall_at_3": 0.76,
                           # 0.95: r094 (a plain question covered by half) is not answered
                           # since the abstention was fitted with the out-of-scope set.
                           "abstain_out_of_scope": 0.84, "answered_in_scope": 0.95,
                           "calculator_accuracy": 0.87, "verdict_accuracy": 0.85},
    "ask_devset_v3.json": {"recall_at_1": 0.66, "recall_at_3": 0.80,
                           "abstain_out_of_scope": 0.84, "answered_in_scope": 0.96,
                           "calculator_accuracy": 0.85, "verdict_accuracy": 0.73},
    "ask_devset_v4.json": {"recall_at_1": 0.70, "recall_at_3": 0.86,
                           "abstain_out_of_scope": 0.92, "answered_in_scope": 0.95,
                           "calculator_accuracy": 0.87, "verdict_accuracy": 0.85},
    "ask_devset_v5.json": {"recall_at_1": 0.66, "recall_at_3": 0.89,
                           "abstain_out_of_scope": 0.84, "answered_in_scope": 0.95,
                           "calculator_accuracy": 0.87, "verdict_accuracy": 0.78},
    # Read once as a blind set on 6 December, tuned on from the next session (0.77, 0.96,
    # 0.85, 1.00, 0.75, 0.80 after it).
    "ask_devset_v6.json": {"recall_at_1": 0.72, "recall_at_3": 0.92,
                           "abstain_out_of_scope": 0.80, "answered_in_scope": 0.96,
                           "calculator_accuracy": 0.70, "verdict_accuracy": 0.76},
}
LATER_COUNTS = {"conduct": 55, "informal": 20, "regulation": 35, "calculator": 15,
                "out_of_scope": 25}


@pytest.mark.parametrize("name", sorted(LATER_SETS))
def test_later_devsets_shape_and_fixed_split(name: str) -> None:
    items = load_ask_devset(DEVSET.with_name(name))
    assert len(items) == 150 and len({it.q for it in items}) == 150
    assert Counter(it.category for it in items) == LATER_COUNTS
    earlier = [DEVSET, *(DEVSET.with_name(n) for n in sorted(LATER_SETS) if n < name)]
    assert not {it.q for it in items} & {it.q for path in earlier
                                         for it in load_ask_devset(path)}
    _check_split_and_ids(items)


@functools.cache
def _tune_quality(name: str) -> AskQuality:
    items = [it for it in load_ask_devset(DEVSET.with_name(name)) if it.half == "tune"]
    return evaluate_answers(_index_without(name), items)


# The seventh set (200 questions, tests/ask_devset_README.md): tuned on from the session that
# added it (tuning half then 0.69, 0.83, 0.94, 0.96, 0.92, 0.78).
SEVENTH = DEVSET.with_name("ask_devset_v7.json")
SEVENTH_COUNTS = {"conduct": 70, "informal": 25, "regulation": 45, "calculator": 25,
                  "out_of_scope": 35}
SEVENTH_FLOORS = {"recall_at_1": 0.64, "recall_at_3": 0.79, "abstain_out_of_scope": 0.88,
                  "answered_in_scope": 0.93, "calculator_accuracy": 0.84,
                  "verdict_accuracy": 0.73}


def test_seventh_devset_shape_and_fixed_split() -> None:
    items = load_ask_devset(SEVENTH)
    assert len(items) == 200 and len({it.q for it in items}) == 200
    assert Counter(it.category for it in items) == SEVENTH_COUNTS
    earlier = [DEVSET, *(DEVSET.with_name(n) for n in LATER_SETS)]
    # One short wording came out the same as the fifth set's, written independently.
    assert {it.q for it in items} & {it.q for path in earlier
                                     for it in load_ask_devset(path)} == {
        "ASN blh like postingan caleg di IG?"}
    _check_split_and_ids(items)


def _v(n: int) -> Path:
    """Return the path of the n-th dev set (``ask_devset_vN.json``)."""
    return DEVSET.with_name(f"ask_devset_v{n}.json")


def _floors(recall_1: float, recall_3: float, abstain: float, answered: float,
            calculator: float, verdict: float) -> dict[str, float]:
    """Return a tuning half's floors, in the bench's row order."""
    return {"recall_at_1": recall_1, "recall_at_3": recall_3, "abstain_out_of_scope": abstain,
            "answered_in_scope": answered, "calculator_accuracy": calculator,
            "verdict_accuracy": verdict}


# The eighth to twenty-eighth sets: 200 questions each, the seventh's categories.
LATEST = range(8, 29)


@pytest.mark.parametrize("n", LATEST, ids=[f"v{n}" for n in LATEST])
def test_eighth_to_twenty_eighth_devset_shape_and_fixed_split(n: int) -> None:
    items = load_ask_devset(_v(n))
    assert len(items) == 200 and len({it.q for it in items}) == 200
    assert Counter(it.category for it in items) == SEVENTH_COUNTS
    _check_split_and_ids(items)


# The eighth to nineteenth sets, tuned on from the session that read each first:
# - v8: its tuning half on the sixth session's first commit 0.73 / 0.85 / 0.72 / 0.96
#   (recall@1 / recall@3 / abstaining / answered);
# - v11: first read on 7 December 0.69 / 0.87 / 0.94 / 0.98, calculator 0.92, verdict 0.73;
#   later that day 0.75 / 0.94 / 0.94 / 1.00, 1.00, 0.76;
# - v12: first read on f2d812f 0.75 / 0.93 / 0.89 / 0.99, calculator 0.85, verdict 0.76;
# - v13: first read on da3128c 0.69 / 0.85 / 0.89 / 0.99, calculator 0.85, verdict 0.75;
# - v14: first read on 263c200 0.75 / 0.83 / 0.94 / 0.98, calculator 0.85, verdict 0.73;
# - v15: first read on 3877665 0.70 / 0.83 / 0.94 / 0.96 (tuned on in the eighth session);
# - v16, v17: first read on 65e8ae0 0.63 / 0.76 / 0.89 / 0.96 and 0.72 / 0.82 / 0.94 / 0.98;
# - v18, v19: first read on b2b7b93 0.79 / 0.86 / 0.89 / 0.96 and 0.78 / 0.90 / 1.00 / 0.96.
LATEST_FLOORS = {
    _v(8).name: _floors(0.70, 0.85, 0.88, 0.95, 0.92, 0.75),
    _v(9).name: _floors(0.74, 0.89, 0.88, 0.97, 0.92, 0.85),
    _v(10).name: _floors(0.78, 0.89, 0.83, 0.97, 0.92, 0.80),
    _v(11).name: _floors(0.71, 0.91, 0.88, 0.97, 0.92, 0.73),
    _v(12).name: _floors(0.72, 0.90, 0.88, 0.97, 0.92, 0.73),
    # Verdict 0.72 → 0.70 and, for v18, abstaining 0.88 → 0.83 and verdict 0.79 → 0.78 (one
    # question each) with the asked questions, answered by an index leaving the set out: over
    # all tuning halves so answered, verdict 0.817 → 0.820, abstaining 0.948 → 0.950.
    _v(13).name: _floors(0.66, 0.83, 0.88, 0.97, 0.92, 0.70),
    # v14 answered 0.96 → 0.95 and v22 recall@1 0.81 → 0.80 (one question each) when v26-v28
    # joined: their outside questions moved the leaning (repeats.AskedBefore.leans_outside).
    _v(14).name: _floors(0.72, 0.81, 0.94, 0.95, 0.90, 0.70),
    _v(15).name: _floors(0.72, 0.85, 0.94, 0.97, 0.92, 0.76),
    _v(16).name: _floors(0.60, 0.78, 0.88, 0.95, 0.92, 0.72),
    _v(17).name: _floors(0.71, 0.84, 0.94, 0.97, 0.92, 0.80),
    _v(18).name: _floors(0.78, 0.85, 0.83, 0.97, 0.92, 0.78),
    _v(19).name: _floors(0.75, 0.88, 0.94, 0.97, 0.92, 0.71),
    # v20, v21 first read at the eighth session's end; v22, v23 at the ninth's (with v23's
    # everyday words much harder); each tuned on from the ninth session, as its questions
    # joined the index: leaving each set out then 0.83 / 0.94 / 0.94 / 0.99, 0.92 / 0.94 /
    # 0.89 / 0.99, 0.85 / 0.96 / 0.94 / 0.99 and 0.69 / 0.80 / 1.00 / 0.94.
    _v(20).name: _floors(0.80, 0.92, 0.88, 0.97, 0.90, 0.73),
    _v(21).name: _floors(0.88, 0.92, 0.83, 0.97, 0.92, 0.78),
    _v(22).name: _floors(0.80, 0.93, 0.88, 0.97, 0.92, 0.78),
    _v(23).name: _floors(0.66, 0.77, 0.94, 0.92, 0.92, 0.69),
    # v24, v25: written late in the ninth session, read once on its final engine; leaving
    # each set out then 0.97 / 0.99 / 0.94 / 0.99 and 0.83 / 0.93 / 1.00 / 1.00.
    _v(24).name: _floors(0.94, 0.96, 0.88, 0.97, 0.90, 0.90),
    _v(25).name: _floors(0.80, 0.90, 0.94, 0.97, 0.90, 0.85),
    # v26-v28: written at the tenth session's start; their tuning halves read (and tuned on)
    # during it, their blind halves once on its final engine; leaving each set out then
    # 0.96 / 0.99 / 0.94 / 0.99, 0.85 / 0.94 / 1.00 / 0.99 and 0.85 / 0.97 / 1.00 / 0.99.
    _v(26).name: _floors(0.93, 0.96, 0.94, 0.96, 0.92, 0.78),
    _v(27).name: _floors(0.82, 0.92, 0.94, 0.96, 0.92, 0.71),
    _v(28).name: _floors(0.82, 0.95, 0.94, 0.96, 0.80, 0.72),
}
# Every set whose tuning half was tuned on, with its floors.
TUNING_FLOORS = {**LATER_SETS, SEVENTH.name: SEVENTH_FLOORS, **LATEST_FLOORS}


@pytest.mark.parametrize(("name", "figure"),
                         [(n, f) for n in sorted(TUNING_FLOORS) for f in sorted(TUNING_FLOORS[n])])
def test_tuning_halves_stay_above_their_floors(name: str, figure: str) -> None:
    quality = _tune_quality(name)
    assert getattr(quality, figure) >= TUNING_FLOORS[name][figure], quality.misses


OOS_TUNING = DEVSET.with_name("ask_oos_tuning.json")


def test_out_of_scope_tuning_set_abstains_mostly() -> None:
    """Fitted on (bench/ask_bench.py --calibrate): 0.78 before, 0.875 after that fit."""
    items = load_ask_devset(OOS_TUNING)
    assert len(items) == 160 and len({it.q for it in items}) == 160
    assert {(it.category, it.expect_status, it.half) for it in items} == {
        ("out_of_scope", "not_in_sources", "tune")}
    quality = evaluate_answers(default_index(), items)
    assert quality.abstain_out_of_scope >= 0.84, quality.misses["abstain"]


# Out-of-scope questions and in-scope ones asked in the same words, written blind and all for
# tuning (tests/ask_devset_README.md, "Scope tuning sets"): the leaning of a question towards
# earlier outside questions (repeats.AskedBefore.leans_outside) learns from them. Each is read
# by an index leaving it out; floors a little under the figures of the session that added it.
SCOPE_SETS = {
    # 170 outside and 80 answered each (figures: abstained, answered, recall@3 before → after
    # the leaning): 0.79, 0.96, 0.975 → 0.91, 0.94, 0.975.
    "ask_scope_tuning.json": (250, {"abstain_out_of_scope": 0.88, "answered_in_scope": 0.91,
                                    "recall_at_3": 0.95}),
    # Framed as conduct ("boleh …?"): 0.67, 0.94, 0.96 → 0.77, 0.94, 0.96.
    "ask_scope2_tuning.json": (250, {"abstain_out_of_scope": 0.73, "answered_in_scope": 0.91,
                                     "recall_at_3": 0.94}),
    # Framed as facts of regulation: 0.82, 0.95, 0.96 → 0.89, 0.91, 0.96.
    "ask_scope3_tuning.json": (250, {"abstain_out_of_scope": 0.86, "answered_in_scope": 0.88,
                                     "recall_at_3": 0.94}),
}


@pytest.mark.parametrize("name", sorted(SCOPE_SETS))
def test_scope_tuning_sets_stay_above_their_floors(name: str) -> None:
    items = load_ask_devset(DEVSET.with_name(name))
    size, floors = SCOPE_SETS[name]
    assert len(items) == size and len({it.q for it in items}) == size
    assert {it.half for it in items} == {"tune"}
    assert {it.category for it in items if it.expect_status == "not_in_sources"} == {
        "out_of_scope"}
    known = {p.id for p in all_passages()}
    assert sorted({r for it in items for r in it.relevant} - known) == []
    quality = evaluate_answers(_index_without(name), items)
    for figure, floor in floors.items():
        assert getattr(quality, figure) >= floor, (figure, quality.misses)


CONDUCT_TUNING = DEVSET.with_name("ask_conduct_tuning.json")


def test_conduct_tuning_set_stays_above_its_floors() -> None:
    """160 conduct questions written blind, all for tuning (recall@1 0.53, recall@3 0.68,
    answered 0.94 before the session that added them; 0.62, 0.82, 0.97 after it)."""
    items = load_ask_devset(CONDUCT_TUNING)
    assert len(items) == 160 and len({it.q for it in items}) == 160
    assert {it.half for it in items} == {"tune"}
    assert {it.category for it in items} == {"conduct", "informal"}
    known = {p.id for p in all_passages()}
    assert sorted({r for it in items for r in it.relevant} - known) == []
    quality = evaluate_answers(_index_without(CONDUCT_TUNING.name), items)
    assert quality.recall_at_1 >= 0.58, quality.misses["recall@1"]
    assert quality.recall_at_3 >= 0.78, quality.misses["recall@3"]
    assert quality.answered_in_scope >= 0.93, quality.misses["answered"]


VERDICT_SET = DEVSET.with_name("ask_verdict_devset.json")
# Its tuning half on 6 December: verdict right 0.71 → 0.83, false verdict on a harmless act
# 0.41 → 0.14, verdict found 0.77 → 0.81 (Hit.topical, the asking sentence, watching and
# telling one's own superior in polarity.py).
# With the expansions (docs/search.md, "Expansions"): right 0.80, false verdicts 0.23 (5 of 22),
# found 0.81 — the price of the recall they bring, kept in view by these bounds.
VERDICT_FLOORS = {"right": 0.77, "found": 0.77}
FALSE_VERDICT_CEILING = 0.24


def test_verdict_set_shape_and_fixed_split() -> None:
    items = load_verdict_set(VERDICT_SET)
    assert len(items) == 140 and len({it.q for it in items}) == 140
    counts = Counter((it.expect, it.half) for it in items)
    assert counts == {("dilarang", "tune"): 35, ("dilarang", "blind"): 35,
                      ("wajib", "tune"): 13, ("wajib", "blind"): 12,
                      (None, "tune"): 22, (None, "blind"): 23}


@pytest.fixture(scope="module")
def vtune_quality() -> VerdictQuality:
    items = [it for it in load_verdict_set(VERDICT_SET) if it.half == "tune"]
    return verdict_quality(default_index(), items)


def test_verdict_tuning_half_stays_within_its_bounds(vtune_quality: VerdictQuality) -> None:
    q = vtune_quality
    assert q.right >= VERDICT_FLOORS["right"], q.misses["right"]
    assert q.found >= VERDICT_FLOORS["found"], q.misses["found"]
    assert q.false_verdict <= FALSE_VERDICT_CEILING, q.misses["false_verdict"]


def test_question_ids_are_unique_across_every_set() -> None:
    """The benchmark keys answers by id: a helper once reused another set's ids (o001…)."""
    ids = Counter(it.id for path in sorted(DEVSET.parent.glob("ask_*.json"))
                  if path.name != VERDICT_SET.name for it in load_ask_devset(path))
    assert [i for i, n in ids.items() if n > 1] == []
