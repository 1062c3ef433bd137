"""Benchmark of the typed-number reader: the cost of ordinary replies and of hostile ones.

    .venv/bin/python bench/typed_numbers_bench.py [--repeat 2000]

Every form of the unit-test table (tests/unit/test_typed_numbers.py) and a set of hostile
replies (5,000 digits, a long run of thousands groups, 1,000 number words, a 1 MB reply) are
read ``--repeat`` times each (after one warm-up reading of each); reported per group: mean,
p99 and max of single readings, in microseconds (the max includes scheduler noise). Prints
a README-ready table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from knowledge.typed_numbers import NumberError, read_number  # noqa: E402
from tests.unit.test_typed_numbers import TABLE  # noqa: E402

HOSTILE = ["9" * 5000, "1" + ".000" * 2000, "dua " * 1000, "7" * 1_000_000,
           "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"]


def _time(forms: list[tuple[str, str | None]], repeat: int) -> tuple[float, float, float]:
    """Return (mean, p99, max) microseconds of one reading over every form."""
    took: list[float] = []
    for text, unit in forms:
        for _ in range(repeat):
            start = time.perf_counter()
            try:
                read_number(text, unit)
            except NumberError:
                pass
            took.append(time.perf_counter() - start)
    took.sort()
    return (sum(took) / len(took) * 1e6, took[int(len(took) * 0.99)] * 1e6, took[-1] * 1e6)


def main() -> None:
    """Run both groups and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    ordinary = [(t, u) for t, u, _ in TABLE]
    hostile: list[tuple[str, str | None]] = [(t, None) for t in HOSTILE]
    _time(ordinary + hostile, 1)  # warm-up: compiled patterns, caches
    print("| replies | forms | mean | p99 | max |")
    print("|---|---:|---:|---:|---:|")
    for name, forms in (("table of typed forms", ordinary), ("hostile", hostile)):
        mean, p99, most = _time(forms, args.repeat)
        print(f"| {name} | {len(forms)} | {mean:.1f} µs | {p99:.1f} µs | {most:.1f} µs |")


if __name__ == "__main__":
    main()
