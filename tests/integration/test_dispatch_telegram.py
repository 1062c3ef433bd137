"""The dispatcher with the real Telegram sender (PTB over loopback) and the fake Bot API.

- a 429 storm and a blocked user on virtual time (in process);
- SIGKILL in the middle of a fan-out (a subprocess killed when request N+1 arrives), then a
  restart: every delivery reaches the fake exactly once;
- two worker processes on PostgreSQL sharing 1,000 deliveries: each received exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select
from telegram import Bot

from bot.dispatch import Dispatcher
from bot.senders.telegram import TelegramSender
from storage import reminder_plans, repo
from storage.db import session_scope
from storage.models import Delivery
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    TOKEN,
    Call,
    FakeBotAPI,
    fake_bot_api_fixture,
)

T = TypeVar("T")
Sessions = sessionmaker[Session]
ROOT = Path(__file__).resolve().parents[2]

# The worker process: one ``run_once`` with the real Telegram sender, real clock shifted by
# argv[3] seconds (so a restart sees the killed worker's leases as expired).
WORKER = """
import asyncio, sys
from datetime import UTC, datetime, timedelta
from telegram import Bot
from bot.dispatch import Dispatcher
from bot.senders.telegram import TelegramSender
from storage.db import make_engine, session_factory

url, base_url, shift, worker = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
TOKEN = sys.argv[5]

def clock():
    return datetime.now(UTC) + timedelta(seconds=shift)

async def main():
    engine = make_engine(url)
    bot = Bot(TOKEN, base_url=base_url)
    sender = TelegramSender(bot, clock=clock, rate=5000.0, per_chat_interval=0.0)
    dispatcher = Dispatcher(session_factory(engine), [sender], clock=clock, worker_id=worker)
    report = await dispatcher.run_once()
    await bot.shutdown()
    print(report.sent, flush=True)

asyncio.run(main())
"""


def _in(sessions: Sessions, work: Callable[[Session], T]) -> T:
    with session_scope(sessions) as session:
        return work(session)


def _deliveries(sessions: Sessions, users: int, per_user: int, due: datetime,
                first_chat: int = 1000) -> list[int]:
    """``users`` Telegram users with ``per_user`` due pribadi reminders each; the ids."""
    def work(s: Session) -> list[int]:
        ids: list[int] = []
        for u in range(users):
            user = repo.get_or_create_user(s, "telegram", str(first_chat + u), now=due)
            assert user.id is not None
            for j in range(per_user):
                reminder = reminder_plans.save_reminder(s, user.id, "pribadi", f"p{j}",
                                                        due - timedelta(seconds=j), title=f"t{j}")
                reminder_plans.materialise(s, reminder)
        return ids

    _in(sessions, work)
    return []


def _rem_id(call: Call) -> int:
    (data,) = {d.split("|")[1] for _, d in call.buttons}
    return int(data.removeprefix("rem:"))


def _received(fake: FakeBotAPI) -> Counter[int]:
    return Counter(_rem_id(c) for c in fake.calls_of("sendMessage") if c.status == 200)


def _virtual(clock: FakeClock) -> Callable[[float], Any]:
    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    return sleep


async def _run(coro: Any, timeout: float = 60) -> Any:
    async def bounded() -> Any:
        return await asyncio.wait_for(coro, timeout)

    return await bounded()


async def test_429_storm_loses_nothing_duplicates_nothing_and_keeps_the_pace(
        db_sessions: Sessions, fake_bot_api: FakeBotAPI) -> None:
    """429 for the first 3 virtual seconds: all 60 arrive once, ≤ 25/s, ≥ 1 s per chat."""
    start = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
    clock = FakeClock(start)
    _deliveries(db_sessions, users=20, per_user=3, due=start - timedelta(minutes=1))
    fake_bot_api.clock = lambda: clock().timestamp()
    fake_bot_api.fail_while("sendMessage", lambda: clock() < start + timedelta(seconds=3),
                            retry_after=2)

    async def scenario() -> int:
        runs = 0
        async with Bot(TOKEN, base_url=fake_bot_api.base_url) as bot:
            sender = TelegramSender(bot, clock=clock, sleep=_virtual(clock))
            dispatcher = Dispatcher(db_sessions, [sender], clock=clock, sleep=_virtual(clock),
                                    worker_id="storm:1", inline_db=True)
            while sum(_received(fake_bot_api).values()) < 60 and runs < 30:
                await dispatcher.run_once()
                clock.advance(timedelta(seconds=1))
                runs += 1
        return runs

    await _run(scenario())
    received = _received(fake_bot_api)
    assert len(received) == 60 and set(received.values()) == {1}
    refused = [c for c in fake_bot_api.calls_of("sendMessage") if c.status == 429]
    assert refused, "the storm happened"
    ok = [c for c in fake_bot_api.calls_of("sendMessage") if c.status == 200]
    assert min(c.at for c in ok) >= (start + timedelta(seconds=3)).timestamp()
    times = sorted(c.at for c in ok)
    assert all(sum(1 for u in times if t <= u < t + 1) <= 25 for t in times)
    for chat in {c.chat_id for c in ok}:
        mine = sorted(c.at for c in ok if c.chat_id == chat)
        assert all(b - a >= 1.0 - 1e-6 for a, b in zip(mine, mine[1:], strict=False))
    # Retries used no attempt: every delivery is sent with attempts == 1.
    statuses = _in(db_sessions, lambda s: [
        (d.status, d.attempts) for d in s.exec(select(Delivery)).all()])
    assert set(statuses) == {("sent", 1)}


async def test_403_marks_the_user_inactive_without_retries(
        db_sessions: Sessions, fake_bot_api: FakeBotAPI) -> None:
    """A blocked chat is tried once; its other deliveries fail without a call."""
    start = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
    clock = FakeClock(start)
    _deliveries(db_sessions, users=2, per_user=2, due=start - timedelta(minutes=1))
    fake_bot_api.block_chat(1000)

    async def scenario() -> None:
        async with Bot(TOKEN, base_url=fake_bot_api.base_url) as bot:
            sender = TelegramSender(bot, clock=clock, sleep=_virtual(clock))
            dispatcher = Dispatcher(db_sessions, [sender], clock=clock, sleep=_virtual(clock),
                                    worker_id="blocked:1", inline_db=True)
            await dispatcher.run_once()
            clock.advance(timedelta(days=1))
            await dispatcher.run_once()

    await _run(scenario())
    assert len(fake_bot_api.calls_of("sendMessage", chat_id=1000)) == 1
    assert len(fake_bot_api.sent(1001)) == 2
    user = _in(db_sessions, lambda s: repo.get_or_create_user(s, "telegram", "1000",
                                                             touch=False).active)
    assert user is False


def _worker(url: str, fake: FakeBotAPI, shift: float, worker: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, url, fake.base_url, str(shift), worker, TOKEN],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("kill_after", [1, 137])
def test_sigkill_mid_fan_out_then_restart_delivers_each_exactly_once(
        migrated_db_url: str, db_sessions: Sessions, fake_bot_api: FakeBotAPI,
        kill_after: int) -> None:
    """Killed when request N+1 arrives; the restart sends the rest: 300 received once each."""
    _deliveries(db_sessions, users=100, per_user=3, due=datetime.now(UTC) - timedelta(minutes=1))
    arrived = 0
    lock = threading.Lock()
    victim: list[subprocess.Popen[str]] = []

    def before_call(method: str, params: dict[str, Any]) -> bool:
        nonlocal arrived
        if method != "sendMessage" or not victim:
            return True
        with lock:
            arrived += 1
            if arrived == kill_after + 1:
                os.kill(victim[0].pid, signal.SIGKILL)
                victim.clear()
                return False  # the process died before this request reached Telegram
        return True

    fake_bot_api.before_call = before_call
    first = _worker(migrated_db_url, fake_bot_api, 0.0, "w:first")
    victim.append(first)
    first.wait(60)
    assert first.returncode == -signal.SIGKILL, first.stderr.read() if first.stderr else ""
    assert sum(_received(fake_bot_api).values()) == kill_after
    # Restart after the lease (5 minutes) of the killed worker's claims.
    second = _worker(migrated_db_url, fake_bot_api, 6 * 60.0, "w:second")
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    received = _received(fake_bot_api)
    assert len(received) == 300 and set(received.values()) == {1}
    assert int(out.split()[-1]) == 300 - kill_after


def test_two_workers_on_postgresql_share_1000_deliveries_exactly_once(
        migrated_db_url: str, db_sessions: Sessions, fake_bot_api: FakeBotAPI) -> None:
    """Two processes claim with SKIP LOCKED: every delivery received exactly once."""
    if not migrated_db_url.startswith("postgresql"):
        pytest.skip("two concurrent workers need PostgreSQL (SQLite: one bot process)")
    _deliveries(db_sessions, users=250, per_user=4, due=datetime.now(UTC) - timedelta(minutes=1))
    workers = [_worker(migrated_db_url, fake_bot_api, 0.0, f"w:{i}") for i in range(2)]
    sent = []
    for w in workers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        sent.append(int(out.split()[-1]))
    received = _received(fake_bot_api)
    assert len(received) == 1000 and set(received.values()) == {1}
    assert sum(sent) == 1000
