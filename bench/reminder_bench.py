"""Benchmark of the reminder path: ledger bookkeeping, and the paced Telegram fan-out.

    .venv/bin/python bench/reminder_bench.py [--db sqlite|postgres|both] [--users 1000]
        [--per-user 100] [--telegram N] [--projected-n 20000]

(1) Bookkeeping: ``users x per-user`` deliveries (default 1,000 users x 100 occurrences =
100,000: one "pribadi" reminder per user with 100 offsets) are materialised, then
dispatched by the real ``Dispatcher`` (claim_due in batches of 100, prompts from
``handlers.reminders.messages``, mark_sent per batch) with an instantaneous fake sender on
virtual time (no pacing), on a fresh SQLite file (synchronous=FULL) and/or a fresh
PostgreSQL database (TEST_POSTGRES_URL, default postgres@127.0.0.1). Reported: deliveries/s
of materialise and of claim + prompts + mark.

(2) ``--telegram N``: N due reminders (one per chat) through the real ``TelegramSender``
and python-telegram-bot to the fake Bot API on loopback at the real pace (25 msg/s overall,
1/s per chat), real clock and sleep, SQLite. Wall time measured; the time for
``--projected-n`` (default 20,000) is printed too, labelled as projected from the measured
rate. Prints a README-ready table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bot.dispatch import Dispatcher  # noqa: E402
from bot.pacer import Pacer  # noqa: E402
from bot.senders import Slot  # noqa: E402
from bot.senders.telegram import RATE as TELEGRAM_RATE  # noqa: E402
from handlers.domain.records import DueReminder
from handlers.prompts import Prompt  # noqa: E402
from storage import reminder_plans  # noqa: E402
from storage.db import make_engine, session_factory, session_scope, upgrade_to_head  # noqa: E402
from storage.models import ChatUser  # noqa: E402
from storage.reminder_claims import Claimed  # noqa: E402

START = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


class VirtualClock:
    """A settable clock; ``sleep`` moves it instead of waiting."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class InstantSender:
    """Accepts every reminder at once (counts them)."""

    channel = "telegram"

    def __init__(self) -> None:
        self.count = 0
        self.pacer: Pacer | None = None

    async def send(self, claimed: Claimed, due: DueReminder, prompts: list[Prompt],
                   slot: Slot) -> None:
        await slot(claimed.external_id)
        self.count += 1


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh, migrated database URL of ``kind`` ("sqlite" or "postgres"), removed after."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite3"
            upgrade_to_head(url)
            yield url
        return
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    name = f"reminder_bench_{uuid.uuid4().hex[:8]}"
    admin = make_url(ADMIN_URL).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    try:
        upgrade_to_head(url)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def _users(sessions: sessionmaker[Session], count: int, first: int = 10_000) -> list[int]:
    table = ChatUser.__table__  # type: ignore[attr-defined]
    with session_scope(sessions) as s:
        rows = [{"channel": "telegram", "external_id": str(first + i), "created_at": START,
                 "last_seen_at": START, "active": True} for i in range(count)]
        s.execute(insert(table), rows)
        return [r.id for r in s.execute(table.select().order_by(table.c.id)).all()]


def materialise(sessions: sessionmaker[Session], users: list[int], per_user: int,
                due: datetime) -> int:
    """One pribadi reminder per user with ``per_user`` offsets; materialise them all."""
    created = 0
    offsets = list(range(per_user))
    with session_scope(sessions) as s:
        for uid in users:
            reminder = reminder_plans.save_reminder(s, uid, "pribadi", "bench", due,
                                                    offsets=offsets, title="laporan", now=START)
            created += reminder_plans.materialise(s, reminder)
    return created


def bookkeeping(kind: str, users: int, per_user: int) -> dict[str, Any]:
    """Part (1) on one backend: rates of materialise and of dispatch."""
    with database(kind) as url:
        engine = make_engine(url)
        sessions = session_factory(engine)
        ids = _users(sessions, users)
        due = START + timedelta(days=per_user + 1)
        t0 = time.perf_counter()
        created = materialise(sessions, ids, per_user, due)
        t_mat = time.perf_counter() - t0
        clock = VirtualClock(due + timedelta(minutes=1))  # everything is due
        sender = InstantSender()
        dispatcher = Dispatcher(sessions, [sender], clock=clock, sleep=clock.sleep,
                                worker_id="bench:1", inline_db=True)
        t0 = time.perf_counter()
        report = asyncio.run(dispatcher.run_once())
        t_disp = time.perf_counter() - t0
        engine.dispose()
    assert report.sent == created == sender.count, (report, created, sender.count)
    return {"db": kind, "deliveries": created, "materialise_s": t_mat,
            "materialise_rate": created / t_mat, "dispatch_s": t_disp,
            "dispatch_rate": created / t_disp}


def telegram(n: int) -> dict[str, Any]:
    """Part (2): N reminders through the real sender and PTB to the fake Bot API, paced."""
    from telegram import Bot

    from bot.senders.telegram import TelegramSender
    from tests.fakes.telegram_api import TOKEN, FakeBotAPI

    with database("sqlite") as url, FakeBotAPI() as fake:
        engine = make_engine(url)
        sessions = session_factory(engine)
        ids = _users(sessions, n)
        now = datetime.now(UTC)
        with session_scope(sessions) as s:
            for uid in ids:
                reminder = reminder_plans.save_reminder(s, uid, "pribadi", "bench",
                                                        now - timedelta(minutes=1), title="laporan")
                reminder_plans.materialise(s, reminder)

        def clock() -> datetime:
            return datetime.now(UTC)

        async def run() -> float:
            async with Bot(TOKEN, base_url=fake.base_url) as bot:
                sender = TelegramSender(bot, clock=clock)
                dispatcher = Dispatcher(sessions, [sender], clock=clock, worker_id="bench:tg")
                t0 = time.perf_counter()
                report = await dispatcher.run_once()
                elapsed = time.perf_counter() - t0
            assert report.sent == n, report
            return elapsed

        elapsed = asyncio.run(run())
        sent = fake.sent()
        engine.dispose()
    assert len(sent) == n
    times = sorted(c.at for c in sent)
    worst = max(sum(1 for u in times if t <= u < t + 1) for t in times)
    return {"n": n, "wall_s": elapsed, "rate": n / elapsed, "max_in_1s": worst}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--users", type=int, default=1000)
    p.add_argument("--per-user", type=int, default=100)
    p.add_argument("--telegram", type=int, default=0, metavar="N",
                   help="also send N reminders through the paced Telegram sender")
    p.add_argument("--projected-n", type=int, default=20_000)
    p.add_argument("--skip-bookkeeping", action="store_true")
    args = p.parse_args(argv)
    if not args.skip_bookkeeping:
        kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
        print("| Backend | Deliveries | Materialise | Claim + prompts + mark |")
        print("|---|---|---|---|")
        for kind in kinds:
            r = bookkeeping(kind, args.users, args.per_user)
            print(f"| {'SQLite' if kind == 'sqlite' else 'PostgreSQL'} | {r['deliveries']:,} | "
                  f"{r['materialise_rate']:,.0f} /s ({r['materialise_s']:.1f} s) | "
                  f"{r['dispatch_rate']:,.0f} /s ({r['dispatch_s']:.1f} s) |", flush=True)
    if args.telegram:
        r = telegram(args.telegram)
        projected = args.projected_n / r["rate"]
        print()
        print(f"| Telegram fan-out (real PTB → fake Bot API, paced at {TELEGRAM_RATE:g}/s) "
              "| Wall time |")
        print("|---|---|")
        print(f"| {r['n']:,} reminders, measured | {r['wall_s']:.1f} s "
              f"({r['rate']:.1f} msg/s, at most {r['max_in_1s']} in any 1 s) |")
        if args.projected_n != r["n"]:
            print(f"| {args.projected_n:,} reminders, PROJECTED from the measured rate | "
                  f"{projected:.0f} s ({projected / 60:.1f} min) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
