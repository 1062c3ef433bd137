"""Long fuzz run of the REAL runtime (not a test): events, escaped exceptions, error-id apologies.

    .venv/bin/python bench/fuzz_bench.py [--events 50000] [--db sqlite|postgresql|both]
        [--seed 9] [--users 20]

Drives ``bot.service.ChatService`` on a fresh SQLite file and/or a fresh PostgreSQL database
(TEST_POSTGRES_URL, default postgres@127.0.0.1; made by ``reminder_bench.database``) with the
fuzzer of ``tests/fakes/fuzz.py``: every flow walked step by step by valid answers, with
adversarial events at every step (other scripts' digits, superscripts, zero-width and RTL
characters, 100 kB lines, numbers beyond float range, commands mid-flow, forged buttons,
admins revoked every third restart).
Prints one line per database; the exit status is 1 when anything escaped or apologised.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.reminder_bench import database  # noqa: E402
from tests.fakes.fuzz import Report, run  # noqa: E402


def one(kind: str, events: int, seed: int, users: int) -> Report:
    """Run the fuzzer on one fresh database; print its line."""
    started = time.perf_counter()

    def progress(report: Report) -> None:
        print(f"  {kind}: {report.events:,} events, {len(report.escaped)} escaped, "
              f"{len(report.apologies)} apologies", file=sys.stderr, flush=True)

    # reminder_bench names PostgreSQL "postgres"; its database is migrated already.
    with database("postgres" if kind == "postgresql" else kind) as url:
        report = asyncio.run(run(url, events=events, seed=seed, users=users,
                                 progress=progress))
    seconds = time.perf_counter() - started
    print(f"{kind:10} events {report.events:,}  escaped exceptions {len(report.escaped)}  "
          f"error-id apologies {len(report.apologies)}  empty replies {len(report.empty)}  "
          f"admin writes while revoked {len(report.revoked_writes)}  "
          f"flow steps reached {len(report.steps)}  ({seconds:.0f} s)", flush=True)
    for line in (report.escaped + report.apologies + report.empty + report.revoked_writes)[:20]:
        print("   ", line[:300])
    return report


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print; 1 when anything escaped or apologised."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000, help="events per database")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--users", type=int, default=20, help="concurrent users")
    args = parser.parse_args(argv)
    # The runtime logs every error with its traceback: keep them, away from the report.
    logging.basicConfig(level=logging.WARNING, filename=Path(tempfile.gettempdir())
                        / "fuzz_bench.log", force=True)
    kinds = ("sqlite", "postgresql") if args.db == "both" else (args.db,)
    bad = 0
    for kind in kinds:
        report = one(kind, args.events, args.seed, args.users)
        bad += len(report.escaped) + len(report.apologies) + len(report.empty)
        bad += len(report.revoked_writes)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
