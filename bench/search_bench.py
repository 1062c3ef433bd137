"""Search benchmark (not a test): dev-set quality, query latency, start-up time, peak RSS.

Run: ``.venv/bin/python bench/search_bench.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.search import SearchIndex, default_index  # noqa: E402
from knowledge.search.evaluate import evaluate, load_devset  # noqa: E402
from knowledge.search.textnorm import raw_tokens  # noqa: E402

DEVSET = ROOT / "tests" / "search_devset.json"
STARTUP_SNIPPET = (
    "import time; t = time.perf_counter(); "
    "from knowledge.search import default_index; default_index(); "
    "print(time.perf_counter() - t)"
)


def _startup(runs: int) -> tuple[float, float]:
    """Return the median (import + index build) time and the median whole-process wall time."""
    inner, wall = [], []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", STARTUP_SNIPPET], cwd=ROOT, capture_output=True, text=True,
            check=True,
        )
        wall.append(time.perf_counter() - t)
        inner.append(float(out.stdout.strip()))
    return statistics.median(inner), statistics.median(wall)


def _time_queries(index: SearchIndex, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        index.search(q, limit=5)
        out.append((time.perf_counter() - t) * 1000)
    return sorted(out)


def _percentile(sorted_ms: list[float], pct: int) -> float:
    return sorted_ms[min(len(sorted_ms) - 1, len(sorted_ms) * pct // 100)]


def _random_queries(index: SearchIndex, n: int) -> list[str]:
    """Return n seeded queries of 2-5 corpus words, about a third of them with one typo."""
    rng = random.Random(4)
    words = sorted({w for p in index.passages for w in raw_tokens(p.text) if w.isalpha()})
    out = []
    for _ in range(n):
        picked = rng.sample(words, rng.randint(2, 5))
        if rng.random() < 0.35:
            w = picked[0]
            i = rng.randrange(len(w))
            picked[0] = w[:i] + w[i + 1 :] if len(w) > 4 else w
        out.append(" ".join(picked))
    return out


def main() -> int:
    """Print the benchmark table."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20, help="passes over the dev-set queries")
    ap.add_argument("--startup-runs", type=int, default=5)
    ap.add_argument("--random", type=int, default=1000, help="number of unseen random queries")
    args = ap.parse_args()

    startup, wall = _startup(args.startup_runs)
    t = time.perf_counter()
    index = default_index()
    build_here = time.perf_counter() - t
    items = load_devset(DEVSET)
    quality = evaluate(index, items)

    # Dev-set questions, repeated (warm caches), then unseen random queries with typos, whose
    # words go through typo repair and the stemmer for the first time.
    queries = [it.query for it in items]
    timings = _time_queries(index, queries * args.rounds)
    fresh = _time_queries(index, _random_queries(index, args.random))
    p50, p99 = _percentile(timings, 50), _percentile(timings, 99)
    f50, f99 = _percentile(fresh, 50), _percentile(fresh, 99)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    rows = [
        ("passages", f"{len(index.passages)}"),
        ("dev-set questions", f"{quality.n}"),
        ("recall@1", f"{quality.recall_at_1:.3f}"),
        ("recall@3", f"{quality.recall_at_3:.3f}"),
        ("MRR", f"{quality.mrr:.3f}"),
        ("query latency p50", f"{p50:.2f} ms ({len(timings)} dev-set queries)"),
        ("query latency p99", f"{p99:.2f} ms"),
        ("unseen query latency p50", f"{f50:.2f} ms ({len(fresh)} random queries, typos)"),
        ("unseen query latency p99", f"{f99:.2f} ms"),
        ("start-up (import + build)", f"{startup:.3f} s (median of {args.startup_runs})"),
        ("start-up (whole process)", f"{wall:.3f} s"),
        ("index build in this process", f"{build_here:.3f} s"),
        ("peak RSS", f"{rss_mb:.0f} MB"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    for query, want, got in quality.misses:
        print(f"miss@3: {query!r} want {want[0]} got {list(got)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
