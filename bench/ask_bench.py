"""Ask benchmark (not a test): answer quality on both halves of the ask dev set, and latency.

Run: ``.venv/bin/python bench/ask_bench.py [--rounds N] [--misses]``.
Figures for the tuning half and the blind half (tests/ask_devset.json, see
tests/ask_devset_README.md). ``--misses`` lists the ids each figure missed, for the TUNING half
only: the blind half is reported as figures, never per question (never tune on it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.ask.answer import answer_question  # noqa: E402
from knowledge.ask.evaluate import AskQuality, evaluate_answers, load_ask_devset  # noqa: E402
from knowledge.search import default_index  # noqa: E402
from knowledge.search.engine import SearchIndex  # noqa: E402

DEVSET = ROOT / "tests" / "ask_devset.json"
HALVES = ("tune", "blind")


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


def main() -> int:
    """Print the benchmark table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20, help="passes over the questions (latency)")
    ap.add_argument("--misses", action="store_true", help="list the tuning half's misses")
    ap.add_argument("--tune-only", action="store_true",
                    help="skip the blind half (while tuning: its figures are for the end)")
    args = ap.parse_args()

    index = default_index()
    items = load_ask_devset(DEVSET)
    halves = ("tune",) if args.tune_only else HALVES
    qualities = {h: evaluate_answers(index, [it for it in items if it.half == h]) for h in halves}
    questions = [(it.q, it.jf) for it in items]
    search_ms, search_med = _latency(index, questions, args.rounds, ask=False)
    ask_ms, ask_med = _latency(index, questions, args.rounds, ask=True)

    table = {h: _rows(q) for h, q in qualities.items()}
    width = max(len(k) for k, _ in table["tune"])
    print(f"{'figure':<{width}}  " + "  ".join(f"{h:>7}" for h in halves))
    for i, (k, _) in enumerate(table["tune"]):
        print(f"{k:<{width}}  " + "  ".join(f"{table[h][i][1]:>7}" for h in halves))
    n = len(search_ms)
    for name, every, med in (("search", search_ms, search_med), ("ask", ask_ms, ask_med)):
        print(f"{name} latency p50 / p99: {_p(every, 50):.2f} / {_p(every, 99):.2f} ms over {n} "
              f"calls; p99 of per-question medians {_p(med, 99):.2f} ms")
    if args.misses:
        for figure, ids in qualities["tune"].misses.items():
            if ids:
                print(f"tune misses {figure}: {' '.join(ids)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
