"""A real ``python -m bot telegram`` process SIGKILLed again and again: nothing lost or doubled.

Polling: the process is killed when one of its ``getUpdates`` carrying a new offset arrives,
i.e. at the moment it confirms the previous batch to Telegram; at random the fake first
applies that offset (Telegram had the confirmation) or not (it never arrived). PTB's own
updater sends that request right after queueing the batch, before processing it, so a kill
there lost the confirmed updates (issue 9); ``bot.telegram_app.Poller`` confirms only after
processing. Webhook: killed right after a reply reached the fake, before the 200; the test
(Telegram) delivers the update again. Every update is "/menu", answered with exactly one
message: each chat must receive exactly as many replies as it sent updates.

Kill points are protocol moments, not random instants: a kill between an update's COMMIT and
its reply's arrival loses that reply by design (docs/runtime.md, "Limits").
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from storage.db import make_engine
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    TOKEN,
    Call,
    FakeBotAPI,
    fake_bot_api_fixture,
    message_update,
)

ROOT = Path(__file__).resolve().parents[2]
TEXT = "/menu"  # one reply message, whatever the state
SECRET = "rahasia-webhook"
DEADLINE = 100.0  # seconds for a whole scenario (a busy machine starts Python slowly)


def _env(tmp_path: Path, url: str, fake: FakeBotAPI, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WHATSAPP_"))}
    env.update(
        DATABASE_URL=url, DOCUMENTS_DIR=str(tmp_path / "dokumen"),
        LOG_FILE=str(tmp_path / "bot.log"), PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, **extra)
    return env


class Bot:
    """The bot process under test; ``kill`` may be called from the fake's server threads."""

    def __init__(self, tmp_path: Path, env: dict[str, str], args: list[str]) -> None:
        self._tmp, self._env, self._args = tmp_path, env, args
        self._lock = threading.Lock()
        self.proc: subprocess.Popen[bytes] | None = None
        self.kills = 0
        self.starts = 0
        self.polled = False  # the running process has called getUpdates (it is serving)

    def ensure_running(self) -> None:
        """Start the process unless it runs."""
        with self._lock:
            if self.proc is not None and self.proc.poll() is None:
                return
            self.starts += 1
            self.polled = False
            err = open(self._tmp / f"stderr-{self.starts}.txt", "wb")  # noqa: SIM115
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "telegram", *self._args], cwd=self._tmp,
                env=self._env, stdout=subprocess.DEVNULL, stderr=err)
            err.close()

    def kill(self) -> None:
        """SIGKILL the running process and reap it."""
        with self._lock:
            if self.proc is None or self.proc.poll() is not None:
                return
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
            self.kills += 1

    def stop(self) -> int | None:
        """SIGTERM (a graceful stop); the exit status."""
        with self._lock:
            if self.proc is None:
                return None
            if self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
            return self.proc.wait(30)

    def stderr(self) -> str:
        """What the processes wrote to stderr."""
        return "\n".join(p.read_text(errors="replace") for p in sorted(self._tmp.glob("stderr-*")))


def _replies(fake: FakeBotAPI) -> Counter[int]:
    return Counter(c.chat_id for c in fake.sent() if c.chat_id is not None)


def _recorded(url: str) -> set[int]:
    """The update ids the bot recorded (``processed_update``)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {int(key) for key in connection.execute(sa.text(
                "SELECT update_key FROM processed_update WHERE channel = 'telegram'")).scalars()}
    finally:
        engine.dispose()


def _assert_exactly_once(fake: FakeBotAPI, fed: list[dict[str, Any]], url: str, bot: Bot,
                         run: tuple[int, int, int | None, int]) -> None:
    """``run``: (seed, kills wanted, exit status, the status a graceful stop gives)."""
    seed, kills_wanted, status, graceful = run
    assert bot.kills == kills_wanted, f"seed {seed}: only {bot.kills} kills"
    assert status == graceful, bot.stderr()[-3000:]
    recorded = _recorded(url)
    # Lost for good: confirmed to Telegram (never redelivered) yet never processed.
    gone = {u["update_id"] for u in fed} - fake.pending_update_ids() - recorded
    assert not gone, f"{len(gone)} of {len(fed)} updates confirmed but never processed"
    sent = Counter(u["message"]["chat"]["id"] for u in fed)
    replies = _replies(fake)
    lost = sum(max(n - replies[chat], 0) for chat, n in sent.items())
    doubled = sum(max(replies[chat] - n, 0) for chat, n in sent.items())
    assert (lost, doubled) == (0, 0), (lost, doubled, bot.stderr()[-3000:])
    assert recorded == {u["update_id"] for u in fed}


def test_polling_survives_sigkills_at_every_confirmation(
        db_url: str, tmp_path: Path, fake_bot_api: FakeBotAPI) -> None:
    """8 SIGKILLs when a confirming getUpdates arrives: 0 updates lost, 0 replies doubled."""
    fake, seed = fake_bot_api, random.randrange(1 << 30)
    rng, kills_wanted = random.Random(seed), 8
    bot = Bot(tmp_path, _env(tmp_path, db_url, fake), [])

    def before_call(method: str, params: dict[str, Any]) -> bool:
        offset = int(params.get("offset") or 0)
        bot.polled = bot.polled or method == "getUpdates"
        if method != "getUpdates" or not offset or bot.kills >= kills_wanted:
            return True
        if rng.random() < 0.4:
            if rng.random() < 0.5:
                fake.confirm(offset)  # Telegram got the confirmation, then the process died
            bot.kill()
            return False
        return True

    fake.before_call = before_call
    fed: list[dict[str, Any]] = []
    deadline = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline:
            bot.ensure_running()
            if bot.kills < kills_wanted or len(fed) < 200:
                for _ in range(rng.randint(1, 4)):
                    fed.append(message_update(fake.next_update_id(),
                                              7000 + rng.randrange(20), TEXT))
                    fake.feed(fed[-1])
            elif bot.polled and sum(_replies(fake).values()) >= len(fed):
                break
            time.sleep(0.03)
        status = bot.stop()
    finally:
        fake.before_call = None
        bot.kill()
    _assert_exactly_once(fake, fed, db_url, bot, (seed, kills_wanted, status, 0))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, update: dict[str, Any]) -> int:
    """One webhook delivery as Telegram makes it; the HTTP status, 0 when refused/cut."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("POST", "/telegram/webhook", json.dumps(update), {
            "Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})
        return connection.getresponse().status
    except OSError:
        return 0
    finally:
        connection.close()


def test_webhook_survives_sigkills_after_replies(
        db_url: str, tmp_path: Path, fake_bot_api: FakeBotAPI) -> None:
    """5 SIGKILLs after a reply left, before the 200: redelivered, answered once."""
    fake, seed = fake_bot_api, random.randrange(1 << 30)
    rng, kills_wanted, port = random.Random(seed), 5, _free_port()
    env = _env(tmp_path, db_url, fake, TELEGRAM_WEBHOOK_SECRET=SECRET,
               TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/telegram/webhook")
    bot = Bot(tmp_path, env, ["--webhook", "--host", "127.0.0.1", "--port", str(port)])

    def on_call(call: Call) -> None:
        if call.method == "sendMessage" and bot.kills < kills_wanted and rng.random() < 0.1:
            bot.kill()

    fake.on_call = on_call
    fed: list[dict[str, Any]] = []
    deadline = time.monotonic() + DEADLINE
    try:
        while time.monotonic() < deadline and (bot.kills < kills_wanted or len(fed) < 80):
            update = message_update(fake.next_update_id(), 8000 + rng.randrange(15), TEXT)
            fed.append(update)
            while _post(port, update) != 200 and time.monotonic() < deadline:
                bot.ensure_running()  # Telegram retries until the bot answers 200
                time.sleep(0.05)
        status = bot.stop()
    finally:
        fake.on_call = None
        bot.kill()
    # uvicorn re-raises the signal it handled once it has shut down gracefully.
    _assert_exactly_once(fake, fed, db_url, bot, (seed, kills_wanted, status, -signal.SIGTERM))
