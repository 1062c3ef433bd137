"""Load for several ``python -m bot serve`` workers: users, webhooks, processes, transcripts.

Shared by ``tests/integration/test_serve_scale.py`` and ``bench/scale_bench.py``.

- ``SCRIPT``: what every user types — the Nilai uji kompetensi conversation
  (``handlers/flows/exam.py``) from ``/start`` to the result, again and again;
- ``Load``: who sends how many updates (users alternate Telegram / WhatsApp) and which
  updates are delivered twice;
- ``Driver``: plays the load against worker base URLs like the platforms do — each user's
  updates one after the other (the next only after the 200), each delivery to a random
  worker, a duplicate delivered at the same time to another worker, a delivery that fails
  (connection cut, 5xx) retried on another worker; it records the latency of every update
  (first delivery sent → first 200) and what is in flight on each worker;
- ``ServeProcess``: one real ``python -m bot serve`` subprocess (``serve_env`` builds its
  environment for the fake Bot API and the fake Graph API);
- ``reference``/``telegram_transcript``/``whatsapp_transcript``: what each chat must have
  received (the first line of every message, computed with the pure engine and the real
  renderers) and what it did receive.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import aiohttp
import httpx

from tests.fakes import whatsapp_payloads as wa
from tests.fakes.telegram_api import TOKEN, FakeBotAPI, message_update
from tests.fakes.whatsapp_api import FakeGraphAPI

ROOT = Path(__file__).resolve().parents[2]
SECRET = "rahasia-webhook-skala"
TELEGRAM_PATH = "/telegram/webhook"
WHATSAPP_PATH = "/webhook/whatsapp"
EXAM = ["/start", "Nilai uji kompetensi", "80", "8", "50", "25", "25", "35", "28",
        "80, 90, 70", "70", "1 April 2025"]
SCRIPT = EXAM
FIRST_TELEGRAM_CHAT = 7_000_000
FIRST_WA_ID = 6281300000000


# -- the load ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ChatId:
    """One simulated user: channel and chat id (Telegram chat id / WhatsApp wa_id)."""

    channel: str
    external_id: str


@dataclass
class Load:
    """``updates`` updates from ``users`` users; ``duplicates`` of them delivered twice."""

    users: int = 200
    updates: int = 5000
    duplicates: float = 0.05
    seed: int = 13
    channels: tuple[str, ...] = ("telegram", "whatsapp")

    def chats(self) -> list[ChatId]:
        """The users, alternating over ``channels``."""
        out = []
        for i in range(self.users):
            channel = self.channels[i % len(self.channels)]
            ext = FIRST_TELEGRAM_CHAT + i if channel == "telegram" else FIRST_WA_ID + i
            out.append(ChatId(channel, str(ext)))
        return out

    def counts(self) -> list[int]:
        """How many updates each user sends (as even as possible)."""
        base, extra = divmod(self.updates, self.users)
        return [base + (1 if i < extra else 0) for i in range(self.users)]


def script_for(count: int) -> list[str]:
    """A user's messages: ``SCRIPT`` repeated, cut at ``count``."""
    return list(itertools.islice(itertools.cycle(SCRIPT), count))


# -- what each chat must receive -----------------------------------------------------------
def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


@cache
def reference(channel: str, count: int) -> tuple[tuple[str, ...], ...]:
    """Per update of ``script_for(count)``: the first line of every message it must get."""
    from bot.telegram_render import CallbackCodec, OutText, render
    from bot.whatsapp_render import ButtonsOut, ListOut, TextOut, plan
    from handlers.engine import advance, default_services
    from handlers.events import TextIn
    from handlers.state import ChatState

    state, services = ChatState(), default_services()
    now = dt.datetime(2026, 1, 5, 3, tzinfo=dt.UTC)
    out: list[tuple[str, ...]] = []
    for text in script_for(count):
        outcome = advance(state, TextIn(text), now=now, services=services)
        state = outcome.state
        if channel == "telegram":
            lines = [_first_line(m.text) for m in render(outcome.prompts, CallbackCodec())
                     if isinstance(m, OutText)]
        else:
            lines = [_first_line(m.body) for m in plan(outcome.prompts)
                     if isinstance(m, TextOut | ButtonsOut | ListOut)]
        out.append(tuple(lines))
    return tuple(out)


def is_reminder(text: str, marker: str) -> bool:
    """True for a reminder/broadcast message (its text carries ``marker``)."""
    return marker in text


def telegram_sends(fake: FakeBotAPI) -> list[tuple[int, str]]:
    """(chat id, text) of every message the fake delivered, in order."""
    return [(int(c.chat_id or 0), c.text or "") for c in fake.sent() if c.method == "sendMessage"]


def telegram_transcripts(sends: list[tuple[int, str]], marker: str) -> dict[str, list[str]]:
    """Per chat: first lines of the conversation messages among ``sends``."""
    out: dict[str, list[str]] = {}
    for chat, text in sends:
        if not is_reminder(text, marker):
            out.setdefault(str(chat), []).append(_first_line(text))
    return out


def telegram_transcript(fake: FakeBotAPI, chat: str, marker: str) -> list[str]:
    """First lines of the conversation messages the fake delivered to ``chat``."""
    return telegram_transcripts(telegram_sends(fake), marker).get(chat, [])


def whatsapp_text(body: dict[str, Any]) -> str:
    """The visible text of a WhatsApp message body (text, interactive body, template)."""
    if body.get("type") == "text":
        return str(body["text"]["body"])
    if body.get("type") == "interactive":
        return str(body["interactive"]["body"]["text"])
    return json.dumps(body, ensure_ascii=False)


def whatsapp_transcripts(fake: FakeGraphAPI | list[dict[str, Any]],
                         marker: str) -> dict[str, list[str]]:
    """Per wa_id: first lines of the conversation messages the fake accepted."""
    out: dict[str, list[str]] = {}
    for body in fake if isinstance(fake, list) else fake.messages():
        text = whatsapp_text(body)
        if not is_reminder(text, marker):
            out.setdefault(str(body.get("to")), []).append(_first_line(text))
    return out


def reminders_received(bot: FakeBotAPI, graph: FakeGraphAPI, marker: str) -> dict[str, int]:
    """How many messages carrying ``marker`` each chat received (both channels)."""
    seen: dict[str, int] = {}
    for call in bot.sent():
        if call.method == "sendMessage" and marker in (call.text or ""):
            key = str(call.chat_id)
            seen[key] = seen.get(key, 0) + 1
    for body in graph.messages():
        if marker in whatsapp_text(body):
            key = str(body.get("to"))
            seen[key] = seen.get(key, 0) + 1
    return seen


# -- playing it -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """One worker: the full webhook URLs it serves (None: the channel is not served)."""

    telegram: str | None
    whatsapp: str | None = None

    @classmethod
    def serve(cls, base: str) -> Target:
        """A ``python -m bot serve`` worker at ``base`` (``http://127.0.0.1:PORT``)."""
        return cls(base + TELEGRAM_PATH, base + WHATSAPP_PATH)


@dataclass
class DriveResult:
    """What a run measured."""

    updates: int
    deliveries: int
    retries: int
    seconds: float
    latencies: list[float] = field(repr=False)
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        """Updates answered per second."""
        return self.updates / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency percentile ``q`` (0-100) in seconds."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]

    def summary(self) -> str:
        """One line for a report."""
        return (f"{self.updates} updates in {self.seconds:.1f} s = {self.per_second:.0f}/s; "
                f"p50 {self.percentile(50) * 1000:.0f} ms, p99 {self.percentile(99) * 1000:.0f}"
                f" ms (mean {statistics.fmean(self.latencies) * 1000:.0f} ms); "
                f"{self.deliveries} deliveries, {self.retries} retried"
                + (f" {self.failures}" if self.failures else ""))


class Driver:
    """Plays a ``Load`` against ``targets`` (see the module docstring)."""

    def __init__(self, targets: list[Target], load: Load, *, secret: str = SECRET,
                 retry_for: float = 120.0) -> None:
        self.targets = targets
        self.load = load
        self.secret = secret
        self.retry_for = retry_for
        self.rng = random.Random(load.seed)
        self.excluded: set[int] = set()
        self.inflight: list[int] = [0] * len(targets)
        self.done = 0
        self.deliveries = 0
        self.retries = 0
        self.failures: dict[str, int] = {}  # why deliveries were retried (status or error)
        self.latencies: list[float] = []
        self._update_ids = itertools.count(1)
        self._client: aiohttp.ClientSession | None = None
        self.progress_hooks: list[tuple[float, Callable[[], Any]]] = []

    def at(self, fraction: float, hook: Callable[[], Any]) -> None:
        """Run ``hook`` (a coroutine function) once ``fraction`` of the updates are done."""
        self.progress_hooks.append((fraction, hook))

    def _pick(self, channel: str, avoid: int | None = None) -> int:
        usable = [i for i, t in enumerate(self.targets)
                  if i not in self.excluded and getattr(t, channel) is not None]
        if avoid is not None and len(usable) > 1:
            usable = [i for i in usable if i != avoid]
        return self.rng.choice(usable)

    def _request(self, chat: ChatId, text: str) -> tuple[str, bytes, dict[str, str]]:
        if chat.channel == "telegram":
            update = message_update(next(self._update_ids), int(chat.external_id), text)
            body = json.dumps(update).encode()
            headers = {"Content-Type": "application/json",
                       "X-Telegram-Bot-Api-Secret-Token": self.secret}
            return "telegram", body, headers
        payload = wa.text_message(text, wa_id=chat.external_id, bsuid=f"ID.{chat.external_id}")
        raw = wa.encode(payload)
        return "whatsapp", raw, wa.signed_headers(raw)

    async def _deliver(self, channel: str, body: bytes, headers: dict[str, str],
                       first: int) -> None:
        """Deliver one copy until a worker answers 200 (as the platforms retry)."""
        assert self._client is not None
        worker, deadline = first, time.monotonic() + self.retry_for
        while True:
            url = getattr(self.targets[worker], channel)
            self.deliveries += 1
            self.inflight[worker] += 1
            try:
                async with self._client.post(url, data=body, headers=headers) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                status = 0
                why = type(exc).__name__
            else:
                why = str(status)
            finally:
                self.inflight[worker] -= 1
            if status == 200:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"{channel} update not accepted (last status {status})")
            self.retries += 1
            self.failures[why] = self.failures.get(why, 0) + 1
            await asyncio.sleep(0.05)
            worker = self._pick(channel, avoid=worker)

    async def _user(self, chat: ChatId, count: int) -> None:
        for text in script_for(count):
            channel, body, headers = self._request(chat, text)
            started = time.perf_counter()
            first = self._pick(channel)
            copies = [self._deliver(channel, body, headers, first)]
            if self.rng.random() < self.load.duplicates:
                copies.append(self._deliver(channel, body, headers,
                                            self._pick(channel, avoid=first)))
            await asyncio.gather(*copies)
            self.latencies.append(time.perf_counter() - started)
            self.done += 1
            await self._progress()

    async def _progress(self) -> None:
        fraction = self.done / max(1, self.load.updates)
        due = [h for h in self.progress_hooks if h[0] <= fraction]
        for item in due:
            self.progress_hooks.remove(item)
            asyncio.ensure_future(item[1]())

    async def drain(self, worker: int, timeout: float = 30.0) -> None:
        """Route nothing new to ``worker`` and wait until nothing is in flight there."""
        self.excluded.add(worker)
        deadline = time.monotonic() + timeout
        while self.inflight[worker] and time.monotonic() < deadline:
            await asyncio.sleep(0.002)

    async def run(self) -> DriveResult:
        """Play the whole load; return the measurements."""
        # aiohttp, not httpx: the driver must cost the machine less than the workers it loads
        # (httpx's client took as much CPU as one worker).
        connector = aiohttp.TCPConnector(limit=self.load.users * 2 + 10)
        started = time.perf_counter()
        async with aiohttp.ClientSession(connector=connector,
                                         timeout=aiohttp.ClientTimeout(total=60.0)) as client:
            self._client = client
            await asyncio.gather(*(self._user(chat, n) for chat, n in
                                   zip(self.load.chats(), self.load.counts(), strict=True)))
        return DriveResult(self.done, self.deliveries, self.retries,
                           time.perf_counter() - started, self.latencies, self.failures)


# -- the fakes in processes of their own (benchmark) -----------------------------------------
class FakeProcess:
    """``FakeBotAPI`` or ``FakeGraphAPI`` in a child process: its CPU is not the driver's.

    ``start()`` returns the base URL; ``finish()`` stops it and returns what it recorded:
    ``telegram_sends`` for "telegram", the message bodies for "whatsapp".
    """

    def __init__(self, kind: str) -> None:
        import multiprocessing

        self.kind = kind
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_fake, args=(kind, child), daemon=True)

    def start(self) -> str:
        """Start the child; its base URL."""
        self._proc.start()
        url: str = self._conn.recv()
        return url

    def finish(self) -> Any:
        """Stop the child; what it recorded."""
        self._conn.send("stop")
        data = self._conn.recv()
        self._proc.join(10)
        return data


def _serve_fake(kind: str, conn: Any) -> None:
    if kind == "telegram":
        with FakeBotAPI() as bot:
            conn.send(bot.base_url)
            conn.recv()
            conn.send(telegram_sends(bot))
    else:
        with FakeGraphAPI(wa.ACCESS_TOKEN) as graph:
            conn.send(graph.base_url)
            conn.recv()
            conn.send(graph.messages())


# -- worker processes -----------------------------------------------------------------------
def serve_env(tmp: Path, database_url: str, bot_api_url: str, graph_url: str | None,
              **extra: str) -> dict[str, str]:
    """The environment of a ``python -m bot serve`` worker talking to the fakes.

    ``bot_api_url`` is ``FakeBotAPI.base_url``, ``graph_url`` ``FakeGraphAPI.base_url``
    (None: no WhatsApp).
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TELEGRAM_", "WHATSAPP_", "SERVE_", "LOG_"))}
    env.update(
        DATABASE_URL=database_url, DOCUMENTS_DIR=str(tmp / "dokumen"),
        LOG_FILE=str(tmp / "bot.log"), LOG_FORMAT="json", PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=bot_api_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        TELEGRAM_WEBHOOK_URL="https://bot.example.test" + TELEGRAM_PATH)
    if graph_url is not None:
        env.update(WHATSAPP_PHONE_ID=wa.PHONE_ID, WHATSAPP_TOKEN=wa.ACCESS_TOKEN,
                   WHATSAPP_APP_SECRET=wa.APP_SECRET, WHATSAPP_VERIFY_TOKEN=wa.VERIFY_TOKEN,
                   WHATSAPP_API_BASE_URL=graph_url)
    env.update(extra)
    return env


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVE_COMMAND = ["python", "-m", "bot", "serve"]  # the Dockerfile's CMD, tested there too


class ServeProcess:
    """One ``python -m bot serve`` subprocess on a free loopback port."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.port = free_port()
        self.env = {**env, "SERVE_HOST": "127.0.0.1", "SERVE_PORT": str(self.port)}
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        """The process id."""
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> ServeProcess:
        """Start the process (stderr, the JSON log, appended to ``log_path``)."""
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, *SERVE_COMMAND[1:]], cwd=ROOT,
                                         env=self.env, stdout=subprocess.DEVNULL, stderr=log)
        return self

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Wait until ``/readyz`` answers 200."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None and self.proc.poll() is None, \
                f"serve exited with {self.proc and self.proc.returncode}: see {self.log_path}"
            try:
                if httpx.get(self.base + "/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"serve on port {self.port} not ready: see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL and reap."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM, wait (then SIGKILL); the exit status."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode


def migrate(env: dict[str, str], timeout: float = 120.0) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot migrate`` once (the compose file's one-shot service)."""
    return subprocess.run([sys.executable, "-m", "bot", "migrate"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
