"""Throughput and reply latency of 1, 2 and 3 ``python -m bot serve`` workers on PostgreSQL.

For each worker count: a fresh PostgreSQL database, ``python -m bot migrate``, N workers
(real processes) with the fake Telegram Bot API and the fake WhatsApp Graph API on loopback;
then ``tests.fakes.scale.Driver`` sends the exam conversation (handlers/flows/exam.py) from
``--users`` users — each user's next message only after the previous one was answered, each
delivery to a random worker, 5 % delivered twice — and reports updates/s and the p50/p99 of
the time from sending an update to its 200 (the webhooks answer after the reply was sent).
Every run is checked: each chat must have received exactly the messages of its script.

    .venv/bin/python bench/scale_bench.py                     # 5,000 updates, 1/2/3 workers
    .venv/bin/python bench/scale_bench.py --workers 1 --updates 1000 --channels telegram

A peer (e.g. ``bench/ptb_peer.py``) receiving Telegram webhooks at its own URLs is driven with
the same load by ``drive_telegram_urls(urls, load)`` (same users, same script, same fake
Bot API when the peer is pointed at ``bot_api.base_url``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ptb_peer.py

import psycopg  # noqa: E402
import ptb_peer  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from tests.fakes.scale import (  # noqa: E402
    Driver,
    DriveResult,
    FakeProcess,
    Load,
    ServeProcess,
    Target,
    migrate,
    reference,
    serve_env,
    telegram_transcripts,
    whatsapp_transcripts,
)

ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new PostgreSQL database (dropped afterwards); its URL."""
    name = f"asisten_bench_{uuid.uuid4().hex[:10]}"
    admin = make_url(ADMIN_URL).set(drivername="postgresql").render_as_string(
        hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def drive(targets: list[Target], load: Load, **driver: Any) -> DriveResult:
    """Play ``load`` against ``targets`` and return what was measured."""
    return asyncio.run(Driver(targets, load, **driver).run())


def telegram_only(load: Load) -> Load:
    """The same users, script, duplicates and seed, Telegram only (what the peer serves)."""
    return Load(users=load.users, updates=load.updates, duplicates=load.duplicates,
                seed=load.seed, channels=("telegram",))


def drive_telegram_urls(urls: list[str], load: Load, secret: str | None = None) -> DriveResult:
    """The peer's entry: the same load, Telegram only, to webhook ``urls`` (full URLs)."""
    driver = {} if secret is None else {"secret": secret}
    return drive([Target(url) for url in urls], telegram_only(load), **driver)


def run_peer(start: Callable[[str], tuple[list[str], Callable[[], None]]],
             load: Load) -> tuple[DriveResult, int]:
    """A peer bot under the same load, Telegram only: (result, chats whose replies differ).

    ``start(bot_api_base_url)`` launches the peer against this run's fake Bot API (a
    ``FakeBotAPI.base_url``, the token is ``tests.fakes.telegram_api.TOKEN``) and returns its
    webhook URLs and a function stopping it. The check compares with our renderer's first
    lines, so a peer that words its messages differently shows up as "differ".
    """
    bot = FakeProcess("telegram")
    urls, stop = start(bot.start())
    try:
        result = drive_telegram_urls(urls, load, secret=ptb_peer.SECRET)
    finally:
        stop()
        sends = bot.finish()
    return result, check(telegram_only(load), sends, [])


def check(load: Load, telegram: list[tuple[int, str]], whatsapp: list[dict[str, Any]]) -> int:
    """How many chats did not receive exactly their script's replies (0 expected)."""
    wa_got = whatsapp_transcripts(whatsapp, "\x00")
    tg_got = telegram_transcripts(telegram, "\x00")
    wrong = 0
    for chat, count in zip(load.chats(), load.counts(), strict=True):
        expected = [line for update in reference(chat.channel, count) for line in update]
        got = (tg_got if chat.channel == "telegram" else wa_got).get(chat.external_id, [])
        if got != expected:
            wrong += 1
            pairs = enumerate(zip(expected, got, strict=False))
            at = next((i for i, (a, b) in pairs if a != b), min(len(expected), len(got)))
            print(f"  {chat}: expected {len(expected)} messages, got {len(got)}; first "
                  f"difference at {at}: {expected[at:at + 2]} vs {got[at:at + 2]}", flush=True)
    return wrong


def run_workers(count: int, load: Load, tmp: Path) -> tuple[DriveResult, int]:
    """``count`` serve workers on a fresh database under ``load``; (result, wrong chats)."""
    bot, graph = FakeProcess("telegram"), FakeProcess("whatsapp")
    with fresh_database() as url:
        env = serve_env(tmp, url, bot.start(), graph.start(), DISPATCH_PROCESSES=str(count))
        done = migrate(env)
        if done.returncode != 0:
            raise SystemExit(done.stderr)
        workers = [ServeProcess(env, tmp / f"w{count}-{i}.log").start() for i in range(count)]
        try:
            for worker in workers:
                worker.wait_ready()
            result = drive([Target.serve(w.base) for w in workers], load)
        finally:
            for worker in workers:
                worker.stop()
            sends, messages = bot.finish(), graph.finish()
        return result, check(load, sends, messages)


def main() -> int:
    """Run the benchmark and print one line per worker count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", default="1,2,3", help="comma-separated worker counts")
    parser.add_argument("--channels", default="telegram,whatsapp")
    parser.add_argument("--logs", type=Path, default=None, help="keep the workers' logs here")
    parser.add_argument("--peer", action="store_true",
                        help="Telegram only, then the same load on bench/ptb_peer.py; the ratio")
    args = parser.parse_args()
    load = Load(users=args.users, updates=args.updates,
                channels=tuple(args.channels.split(",")))
    if args.peer:  # the peer serves Telegram only: both sides get the Telegram-only load
        load = telegram_only(load)
    print(f"{load.updates} updates from {load.users} users ({'+'.join(load.channels)}), "
          f"{load.duplicates:.0%} delivered twice; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        logs = args.logs or Path(tmp)
        logs.mkdir(parents=True, exist_ok=True)
        ours: dict[int, DriveResult] = {}
        for count in (int(n) for n in args.workers.split(",")):
            result, wrong = run_workers(count, load, logs)
            ours[count] = result
            print(f"{count} worker(s): {result.summary()}; chats wrong: {wrong}", flush=True)
        if args.peer:
            # The peer speaks its own buttons, so it gets its own driver (bench/ptb_peer.py):
            # the same users, the same number of updates and the same exam walk, in this run.
            # (Driven by our scale driver, it only answered "Pilih menu:": not comparable.)
            peer = ptb_peer.bench(load.users, load.updates, load.seed)
            print(f"PTB ConversationHandler + PicklePersistence: {ptb_peer.report('peer', peer)}",
                  flush=True)
            for count, result in ours.items():
                print(f"ratio, {count} worker(s) / peer: "
                      f"{result.per_second / peer.per_second:.2f} × updates/s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
