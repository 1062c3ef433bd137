"""Ask benchmark (not a test): answer quality on both halves of the ask dev set, and latency.

Run: ``.venv/bin/python bench/ask_bench.py [--rounds N] [--misses] [--tune-only] [--calibrate]``.
Also the verdict set (tests/ask_verdict_devset.json): halves ``vtune`` / ``vblind``.
Figures for the tuning half and the blind half (tests/ask_devset.json, see
tests/ask_devset_README.md). ``--misses`` lists the ids each figure missed, for the TUNING half
only: the blind half is reported as figures, never per question (never tune on it).
``--calibrate`` re-derives the abstention thresholds from the TUNING half only (answerable and
unanswerable questions together) and estimates both error rates by repeated 5-fold
cross-validation inside it.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.ask.answer import (  # noqa: E402
    CONCEPT_ONLY_SCORE,
    MIN_QUALITY,
    MIN_SCORE,
    PLAIN_QUALITY,
    PLAIN_SCORE,
    answer_question,
    answers_question,
    read_question,
)
from knowledge.ask.evaluate import (  # noqa: E402
    AskItem,
    AskQuality,
    evaluate_answers,
    load_ask_devset,
    load_verdict_set,
    score,
    verdict_quality,
)
from knowledge.ask.intent import calculator_intent  # noqa: E402
from knowledge.search import default_index  # noqa: E402
from knowledge.search.engine import Hit, SearchIndex  # noqa: E402
from knowledge.search.repeats import question_words  # noqa: E402
from tools.build_asked import (  # noqa: E402
    devset_files,
    index_without,
    outside_questions,
    tuning_questions,
)

# The first set (269 questions), a second to sixth (150 each) and a seventh (200) written by
# other helpers, also blind to the engine, an eighth to a twenty-eighth (200 each)
# (tests/ask_devset_README.md); each split once into a tuning and a blind half. Columns:
# "tune"/"blind" of the first, "tune2"/"blind2" … "tune28"/"blind28", "blind*" every blind half.
DEVSETS = {"": ROOT / "tests" / "ask_devset.json",
           **{str(n): ROOT / "tests" / f"ask_devset_v{n}.json" for n in range(2, 29)},
           # Out-of-scope questions only, all for tuning the abstention (no blind half).
           "o": ROOT / "tests" / "ask_oos_tuning.json",
           # Conduct questions only, all for tuning (no blind half).
           "c": ROOT / "tests" / "ask_conduct_tuning.json",
           # Out-of-scope questions and in-scope ones that look like them, all for tuning.
           **{"s" + p.name.removeprefix("ask_scope").removesuffix("_tuning.json"): p
              for p in sorted((ROOT / "tests").glob("ask_scope*_tuning.json"))}}
# The verdict set (tests/ask_devset_README.md, "Verdict set"): halves "vtune" / "vblind".
VERDICT_SET = ROOT / "tests" / "ask_verdict_devset.json"


def _load_halves() -> dict[str, list[AskItem]]:
    """Return the questions of every half of every dev set, keyed by column name."""
    halves: dict[str, list[AskItem]] = {}
    for suffix, path in DEVSETS.items():
        if not path.exists():
            continue
        for it in load_ask_devset(path):
            halves.setdefault(it.half + suffix, []).append(it)
    halves["blind*"] = [it for name, v in halves.items() if name.startswith("blind") for it in v]
    return halves


def _p(sorted_ms: list[float], pct: int) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, len(sorted_ms) * pct // 100)]


def _latency(index: SearchIndex, questions: list[tuple[str, str | None]], rounds: int,
             ask: bool) -> tuple[list[float], list[float]]:
    """Return every timing (ms, sorted) and each question's median over the rounds (sorted):
    the second is less sensitive to other processes on a shared machine."""
    per: list[list[float]] = [[] for _ in questions]
    for _ in range(rounds):
        for i, (q, jf) in enumerate(questions):
            t = time.perf_counter()
            if ask:
                answer_question(index, q, jf=jf)
            else:
                index.search(q, jf=jf, limit=5)
            per[i].append((time.perf_counter() - t) * 1000)
    return sorted(x for v in per for x in v), sorted(statistics.median(v) for v in per)


def _rows(q: AskQuality) -> list[tuple[str, str]]:
    return [
        ("questions", f"{q.n}"),
        ("recall@1 (expect answered)", f"{q.recall_at_1:.3f}"),
        ("recall@3 (expect answered)", f"{q.recall_at_3:.3f}"),
        ("out-of-scope abstained", f"{q.abstain_out_of_scope:.3f}"),
        ("in-scope answered", f"{q.answered_in_scope:.3f}"),
        ("calculator intent found (right flow)", f"{q.calculator_accuracy:.3f}"),
        ("calculator offered where none asked", f"{q.calculator_false:.3f}"),
        ("verdict accuracy (expect answered)", f"{q.verdict_accuracy:.3f}"),
    ]


# Abstention grid: best-hit BM25 score and coverage ("quality") thresholds, then the stricter
# pair for plain questions of fact (no JF, no boleh/wajib, no concept).
SCORE_GRID = [x / 10 for x in range(20, 61, 2)]
QUALITY_GRID = [x / 100 for x in range(0, 41, 2)]
PLAIN_QUALITY_GRID = [x / 100 for x in range(30, 76, 5)]
PLAIN_SCORE_GRID = [5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 99.0]
CONCEPT_ONLY_GRID = [x / 10 for x in range(34, 81, 2)]
# question, hits, about conduct, a concept its only sign of conduct, expects abstention
Case = tuple[str, list[Hit], bool, bool, bool]
# score, quality, plain quality, plain score, concept-only score
Thresholds = tuple[float, float, float, float, float]


def _errors(cases: list[Case], t: Thresholds) -> tuple[int, int]:
    """Return (out-of-scope questions answered, in-scope questions abstained)."""
    answered = [answers_question(q, h, conduct=c, concept_only=only, min_score=t[0],
                                 min_quality=t[1], plain_quality=t[2], plain_score=t[3],
                                 concept_only_score=t[4])
                for q, h, c, only, _ in cases]
    pairs = list(zip(answered, (oos for *_, oos in cases), strict=True))
    return sum(a for a, oos in pairs if oos), sum(not a for a, oos in pairs if not oos)


def _middle(table: dict[tuple[float, float], int]) -> tuple[float, float]:
    """Return the middle of the region of a 2-D grid with the fewest errors."""
    least = min(table.values())
    tied_a = sorted({a for (a, _), e in table.items() if e == least})
    a = tied_a[len(tied_a) // 2]
    bs = sorted(b for (x, b), e in table.items() if e == least and x == a)
    return a, (bs[0] + bs[-1]) / 2


def _fit(cases: list[Case]) -> Thresholds:
    """Return the thresholds with the fewest wrong decisions, fitted in three steps: the score
    and coverage of every question, the stricter pair of plain questions of fact, then the
    score of questions whose only sign of conduct is a concept."""
    score, quality = _middle({(s, q): sum(_errors(cases, (s, q, 0.0, 0.0, 0.0)))
                              for s in SCORE_GRID for q in QUALITY_GRID})
    plain_score, plain_quality = _middle({
        (ps, pq): sum(_errors(cases, (score, quality, pq, ps, 0.0)))
        for ps in PLAIN_SCORE_GRID for pq in PLAIN_QUALITY_GRID})
    only, _ = _middle({(c, 0.0): sum(_errors(cases, (score, quality, plain_quality,
                                                      plain_score, c)))
                       for c in CONCEPT_ONLY_GRID})
    return score, quality, plain_quality, plain_score, only


def _show(t: Thresholds) -> str:
    return (f"MIN_SCORE {t[0]:.2f}, MIN_QUALITY {t[1]:.2f}, PLAIN_QUALITY {t[2]:.2f}, "
            f"PLAIN_SCORE {t[3]:.1f}, CONCEPT_ONLY_SCORE {t[4]:.1f}")


def _hits_and_conduct(index: SearchIndex, it: AskItem) -> tuple[list[Hit], bool, bool]:
    r = read_question(index, it.q, it.jf)
    return r.hits, r.signals.asks_conduct, r.signals.concept_only


def calibrate(items: list[tuple[SearchIndex, AskItem]]) -> None:
    """Print the thresholds fitted on ``items`` (the tuning halves, each with the index that
    leaves its own set's questions out) and cross-validated errors."""
    cases: list[Case] = [
        (it.q, *_hits_and_conduct(index, it), it.expect_status == "not_in_sources")
        for index, it in items
        # A calculator question gets the calculator whatever the passages: not an abstention.
        if calculator_intent(it.q, it.jf) is None
    ]
    n_oos = sum(oos for *_, oos in cases)
    n_in = len(cases) - n_oos
    fitted = _fit(cases)
    in_use = (MIN_SCORE, MIN_QUALITY, PLAIN_QUALITY, PLAIN_SCORE, CONCEPT_ONLY_SCORE)
    print(f"calibration on {len(cases)} tuning questions ({n_oos} out of scope, {n_in} in "
          "scope, calculator questions left out)")
    for name, t in (("fitted", fitted), ("in use", in_use)):
        fa, fr = _errors(cases, t)
        print(f"{name}: {_show(t)}: out-of-scope answered {fa / n_oos:.3f}, in-scope "
              f"abstained {fr / n_in:.3f}")
    rng = random.Random(11)
    fa = fr = 0
    repeats = 5
    for _ in range(repeats):
        order = list(range(len(cases)))
        rng.shuffle(order)
        for k in range(5):
            test = set(order[k::5])
            t = _fit([c for i, c in enumerate(cases) if i not in test])
            a, r = _errors([c for i, c in enumerate(cases) if i in test], t)
            fa, fr = fa + a, fr + r
    print(f"5-fold cross-validation x{repeats}: out-of-scope answered "
          f"{fa / (repeats * n_oos):.3f}, in-scope abstained {fr / (repeats * n_in):.3f}")


VERDICT_ROWS = (("questions", "n"), ("verdict right", "right"),
                ("false verdict on a harmless act", "false_verdict"),
                ("opposite verdict (decided acts)", "opposite"),
                ("verdict found (decided acts)", "found"))


def print_verdict_set(index: SearchIndex, halves: list[str]) -> None:
    """Print the verdict set's figures for the given halves ("tune", "blind")."""
    items = load_verdict_set(VERDICT_SET)
    got = {h: verdict_quality(index, [it for it in items if it.half == h]) for h in halves}
    width = max(len(k) for k, _ in VERDICT_ROWS)
    print(f"{'verdict set':<{width}}  " + "  ".join(f"{'v' + h:>7}" for h in halves))
    for label, attr in VERDICT_ROWS:
        cells = [getattr(got[h], attr) for h in halves]
        print(f"{label:<{width}}  " + "  ".join(
            f"{c:>7}" if isinstance(c, int) else f"{c:>7.3f}" for c in cells))


# A blind question sharing this share of its words (Jaccard) with a tuning question of another
# set is a near repeat: different helpers often wrote the same question ("cuaca jakarta besok
# gmn"), and its figures would flatter the asked questions (asked.json).
NEAR_REPEAT = 0.6


def _indexes_leaving_out() -> dict[str, SearchIndex]:
    """Return, per dev set (DEVSETS key), an index whose asked questions leave it out."""
    return {suffix: index_without(path) for suffix, path in DEVSETS.items()}


def leave_one_set_out(by_half: dict[str, list[AskItem]], tune_only: bool = False) -> None:
    """Print the figures of every dev set's halves answered by an index whose asked questions
    (asked.json) leave that set out: the tuning halves' questions are in the committed index,
    so its figures on a tuning half, and on a blind half written by the same helper in the
    same style, no longer measure questions nobody has seen. "blind new": the blind questions
    that repeat no other set's tuning question (NEAR_REPEAT)."""
    files = devset_files()
    indexes = _indexes_leaving_out()
    pooled: dict[str, list[AskItem]] = ({"tune": []} if tune_only
                                        else {"tune": [], "blind": [], "blind new": []})
    answers = {}
    for suffix, path in DEVSETS.items():
        others = [f for f in files if f != path]
        index = indexes[suffix]
        seen = [question_words(q) for q in [q for q, _ in tuning_questions(others)]
                + outside_questions(others)]
        for half in pooled.keys() & {"tune", "blind"}:
            for it in by_half.get(half + suffix, []):
                pooled[half].append(it)
                answers[it.id] = answer_question(index, it.q, jf=it.jf)
                mine = question_words(it.q)
                if half == "blind" and all(len(mine & w) < NEAR_REPEAT * len(mine | w)
                                           for w in seen):
                    pooled["blind new"].append(it)
    got = {h: _rows(score(items, answers)) for h, items in pooled.items()}
    width = max(len(k) for k, _ in got["tune"])
    print(f"{'leave one set out':<{width}}  " + "  ".join(f"{h:>9}" for h in got))
    for i, (k, _) in enumerate(got["tune"]):
        print(f"{k:<{width}}  " + "  ".join(f"{got[h][i][1]:>9}" for h in got))


def main() -> int:
    """Print the benchmark table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20, help="passes over the questions (latency)")
    ap.add_argument("--misses", action="store_true", help="list the tuning half's misses")
    ap.add_argument("--tune-only", action="store_true",
                    help="skip the blind half (while tuning: its figures are for the end)")
    ap.add_argument("--calibrate", action="store_true",
                    help="fit the abstention thresholds on the tuning half and cross-validate")
    ap.add_argument("--cv", action="store_true",
                    help="leave-one-set-out figures (each set's own tuning questions unseen)")
    args = ap.parse_args()

    index = default_index()
    by_half = _load_halves()
    if args.cv:
        leave_one_set_out(by_half, args.tune_only)
        return 0
    tuning = [h for h in by_half if h.startswith("tune")]
    if args.calibrate:
        # The tuning questions are in the index (asked.json): each is read by an index that
        # leaves its set out, or the thresholds would be fitted on scores it inflates.
        left_out = _indexes_leaving_out()
        calibrate([(left_out[s], it) for s in left_out for it in by_half.get("tune" + s, [])])
        return 0
    halves = tuning if args.tune_only else list(by_half)
    qualities = {h: evaluate_answers(index, by_half[h]) for h in halves}
    questions = [(it.q, it.jf) for h in by_half if h != "blind*" for it in by_half[h]]
    search_ms, search_med = _latency(index, questions, args.rounds, ask=False)
    ask_ms, ask_med = _latency(index, questions, args.rounds, ask=True)

    table = {h: _rows(q) for h, q in qualities.items()}
    width = max(len(k) for k, _ in table["tune"])
    print(f"{'figure':<{width}}  " + "  ".join(f"{h:>7}" for h in halves))
    for i, (k, _) in enumerate(table["tune"]):
        print(f"{k:<{width}}  " + "  ".join(f"{table[h][i][1]:>7}" for h in halves))
    print_verdict_set(index, ["tune"] if args.tune_only else ["tune", "blind"])
    n = len(search_ms)
    for name, every, med in (("search", search_ms, search_med), ("ask", ask_ms, ask_med)):
        print(f"{name} latency p50 / p99: {_p(every, 50):.2f} / {_p(every, 99):.2f} ms over {n} "
              f"calls; p99 of per-question medians {_p(med, 99):.2f} ms")
    if args.misses:
        for h in tuning:
            for figure, ids in qualities[h].misses.items():
                if ids:
                    print(f"{h} misses {figure}: {' '.join(ids)}")
        vtune = [it for it in load_verdict_set(VERDICT_SET) if it.half == "tune"]
        for figure, ids in verdict_quality(index, vtune).misses.items():
            if ids:
                print(f"vtune misses {figure}: {' '.join(ids)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
