"""A graceful stop (SIGINT/SIGTERM) gives the unsent reminder claims back at once (issue 9).

A real ``python -m bot telegram`` process (polling the fake Bot API) starts sending 200 due
reminders, paced at 24 messages/s; when 20 have arrived it gets SIGINT. It must exit 0 having
returned every claim it did not send: no delivery is left ``claimed``, the rest are pending
and due now, so another worker claims them immediately (not after the 5-minute lease) and
sends them; in the end every reminder reached the fake exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, select
from telegram import Bot

from bot.dispatch import Dispatcher
from bot.senders.telegram import TelegramSender
from storage.models import Delivery
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    TOKEN,
    FakeBotAPI,
    fake_bot_api_fixture,
)
from tests.integration.test_dispatch_telegram import _deliveries, _in, _received

ROOT = Path(__file__).resolve().parents[2]
DELIVERIES = 200
STOP_AFTER = 20
Sessions = sessionmaker[Session]


def _statuses(sessions: Sessions) -> Counter[str]:
    return _in(sessions, lambda s: Counter(d.status for d in s.exec(select(Delivery)).all()))


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
async def test_stopped_mid_batch_the_unsent_claims_are_claimable_at_once(
        migrated_db_url: str, db_sessions: Sessions, fake_bot_api: FakeBotAPI, tmp_path: Path,
        signum: signal.Signals) -> None:
    """Stopped after 20 of 200 sends: 0 left claimed; a second worker sends the rest now."""
    if signum == signal.SIGTERM and migrated_db_url.startswith("postgresql"):
        pytest.skip("one signal on PostgreSQL is enough: the path is the same (saves 10 s)")
    _deliveries(db_sessions, users=DELIVERIES, per_user=1,
                due=datetime.now(UTC) - timedelta(minutes=1))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WHATSAPP_"))}
    env.update(DATABASE_URL=migrated_db_url, PYTHONPATH=str(ROOT),
               LOG_FILE=str(tmp_path / "bot.log"), DOCUMENTS_DIR=str(tmp_path / "dokumen"),
               TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake_bot_api.base_url)
    proc = subprocess.Popen([sys.executable, "-m", "bot", "telegram"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert fake_bot_api.wait_for(
            lambda: sum(_received(fake_bot_api).values()) >= STOP_AFTER, timeout=60)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    first = _received(fake_bot_api)
    assert STOP_AFTER <= sum(first.values()) < DELIVERIES  # stopped mid-batch
    statuses = _statuses(db_sessions)
    assert statuses["claimed"] == 0, statuses
    assert statuses["sent"] == len(first)
    assert statuses["pending"] == DELIVERIES - len(first)

    async def second_worker() -> int:
        async with Bot(TOKEN, base_url=fake_bot_api.base_url) as bot:
            now = datetime.now(UTC)  # no lease to wait for
            sender = TelegramSender(bot, clock=lambda: datetime.now(UTC), rate=5000.0,
                                    per_chat_interval=0.0)
            dispatcher = Dispatcher(db_sessions, [sender], clock=lambda: datetime.now(UTC),
                                    worker_id="second:1")
            return (await dispatcher.run_once(now)).sent

    assert await asyncio.wait_for(second_worker(), 60) == DELIVERIES - len(first)
    received = _received(fake_bot_api)
    assert len(received) == DELIVERIES and set(received.values()) == {1}
    assert _statuses(db_sessions) == Counter({"sent": DELIVERIES})
