"""Cost of refusing bad calculator requests (issue 10: no input may cost more than 50 ms).

    .venv/bin/python bench/calc_bad_input_bench.py [--repeat 5]

Each request goes through the real CLI entry point in-process (``bot.cli.main`` with stdin
replaced, after one warm-up run so imports and data loading are not counted). Prints the
exit status and the slowest of ``--repeat`` runs per case, in milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.cli import main  # noqa: E402

GOOD = {"jf": "analis_perdagangan",
        "outputs": [{"id": "analis_perdagangan-keahlian-01", "volume": 30}]}


def _volume(text: str) -> str:
    return json.dumps(GOOD).replace('"volume": 30', f'"volume": {text}')


CASES = {
    "NaN": _volume("NaN"),
    "Infinity": _volume("Infinity"),
    "1e309": _volume("1e309"),
    "1e999999": _volume("1e999999"),
    "5.000-digit integer": _volume("9" * 5000),
    "5.000-digit string": _volume('"' + "9" * 5000 + '"'),
    "nested 100.000 deep": "[" * 100_000 + "]" * 100_000,
    "10 MB instansi": json.dumps({**GOOD, "instansi": "x" * 10_000_000}),
    "bezetting 10^30": json.dumps({**GOOD, "bezetting": {"ahli_pertama": 10**30}}),
    "unknown field": json.dumps({**GOOD, "bulann": 6}),
    "valid request (reference)": json.dumps(GOOD),
}


def _once(stdin: str) -> tuple[int, float]:
    sys.stdin = io.StringIO(stdin)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        start = time.perf_counter()
        code = main(["calc", "formation", "--json"])
        elapsed = time.perf_counter() - start
    return code, elapsed * 1000


def run(repeat: int) -> None:
    """Print a README-ready table of exit status and worst time per case."""
    _once(json.dumps(GOOD))  # warm-up: imports, data files
    print(f"| request | exit | worst of {repeat} (ms) |")
    print("|---|---|---|")
    for name, stdin in CASES.items():
        results = [_once(stdin) for _ in range(repeat)]
        print(f"| {name} | {results[0][0]} | {max(t for _, t in results):.1f} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    run(parser.parse_args().repeat)
