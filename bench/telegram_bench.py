"""Benchmark of the whole Telegram path: updates/s and reply latency (p50/p99).

    .venv/bin/python bench/telegram_bench.py [--users 1 10 100] [--steps 600] [--profile]
        [--sqlite-synchronous FULL|NORMAL] [--think-ms MEAN] [--null-handler]

Path measured: fake Bot API on loopback (``tests/fakes/telegram_api.py``) → python-telegram-bot
long polling → ``TelegramAdapter`` → ``ChatService`` → the real engine → SQLite (a temp file) →
replies back over HTTP to the fake. The bot runs in THIS process pinned to one CPU core; the
fake Bot API and the simulated users run in a child process on another core, so the figures are
the bot's cost only.

Every simulated user walks the real "Nilai uji kompetensi" flow (menu button, nine typed
scores, the "Lewati" button, "Menu utama", again...) and sends its next update only after the
reply to the previous one arrived. Latency = from the update being queued at the fake until the
reply's question (the message a user answers) reached the fake. ``--profile`` runs cProfile
over the bot during the largest run and prints where the time goes. ``--think-ms`` makes each
user pause (exponentially distributed, mean MEAN) before its next message. See docs/telegram.md.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import heapq
import io
import multiprocessing as mp
import os
import pstats
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EXAM = "Nilai uji kompetensi"
# The walk after the first /start: it ends at the menu again, so it repeats.
CYCLE: list[tuple[str, str]] = [
    ("press", EXAM),
    *[("say", s) for s in ("80", "8", "48", "24", "24", "32", "24", "80, 90, 70", "75")],
    ("press", "Lewati"),
    ("press", "Menu utama"),
]
STEP_TIMEOUT = 30.0


def _pin(cpu: int) -> None:
    if hasattr(os, "sched_setaffinity") and cpu < (os.cpu_count() or 1):
        os.sched_setaffinity(0, {cpu})


# -- child process: fake Bot API + simulated users -------------------------------------------
@dataclass
class _User:
    chat_id: int
    step: int = -1  # -1: the first /start; then an index into CYCLE
    sent_at: float = 0.0
    keyboard: dict[str, Any] | None = None  # the last message with buttons, as sent
    latencies: list[float] = field(default_factory=list)


def _is_question(call: Any) -> bool:
    """The last message of a reply: buttons, or a numbered step of the flow."""
    return bool(call.buttons) or "Langkah " in (call.text or "")


def _users_side(conn: Connection, n_users: int, total_steps: int, first_chat: int,
                think: float = 0.0) -> None:
    _pin(1)
    from tests.fakes.telegram_api import FakeBotAPI, callback_update, message_update

    # The fake and the users are Python threads sharing one GIL: with the default 5 ms switch
    # interval a woken thread may wait that long per hand-over, which dominated the latency
    # in --think-ms runs (p99 ~280 ms even with --null-handler at 30 % bot CPU).
    sys.setswitchinterval(float(os.environ.get("BENCH_SWITCH_MS", "0.5")) / 1000)
    fake = FakeBotAPI(first_update_id=first_chat).start()
    users = {first_chat + i: _User(first_chat + i) for i in range(n_users)}
    lock = threading.Lock()
    done = threading.Event()
    counted = [0]
    first_sent = [0.0]
    last_reply = [0.0]

    def next_update(user: _User) -> dict[str, Any]:
        update_id = fake.next_update_id()
        if user.step < 0:
            return message_update(update_id, user.chat_id, "/start")
        kind, value = CYCLE[user.step]
        if kind == "say":
            return message_update(update_id, user.chat_id, value)
        assert user.keyboard is not None
        rows = user.keyboard["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in rows for b in row if b["text"] == value)
        return callback_update(update_id, user.chat_id, data, user.keyboard)

    def send(user: _User) -> None:
        update = next_update(user)
        user.sent_at = time.perf_counter()
        if not first_sent[0]:
            first_sent[0] = user.sent_at
        fake.feed(update)

    rng = random.Random(first_chat)
    # Think time: ONE scheduler thread with a heap of (due, chat_id), not a Timer thread per
    # pause (hundreds of thread starts per second in this GIL-bound process).
    due: list[tuple[float, int]] = []
    wake = threading.Condition(lock)

    def send_later(user: _User, delay: float) -> None:
        # Called with ``lock`` held.
        heapq.heappush(due, (time.perf_counter() + delay, user.chat_id))
        wake.notify()

    def scheduler() -> None:
        with lock:
            while not done.is_set():
                now = time.perf_counter()
                while due and due[0][0] <= now:
                    send(users[heapq.heappop(due)[1]])
                wake.wait(min(0.05, due[0][0] - now) if due else 0.05)

    def on_call(call: Any) -> None:
        if call.method != "sendMessage" or not _is_question(call):
            return
        with lock:
            user = users.get(call.chat_id)
            if user is None or done.is_set():
                return
            user.latencies.append(call.at - user.sent_at)
            last_reply[0] = call.at
            if call.buttons:
                user.keyboard = call.result
            user.step = (user.step + 1) % len(CYCLE)
            counted[0] += 1
            if counted[0] >= total_steps:
                done.set()
                wake.notify()
                return
            if think > 0:
                # Exponential pauses: users drift apart instead of arriving in bursts.
                send_later(user, rng.expovariate(1 / think))
            else:
                send(user)

    fake.on_call = on_call
    conn.send(fake.base_url)
    conn.recv()  # the bot is polling
    cpu0 = time.process_time()
    with lock:
        for user in users.values():
            if think > 0:  # staggered start too: no initial burst of every user at once
                send_later(user, rng.uniform(0, think))
            else:
                send(user)
    if think > 0:
        threading.Thread(target=scheduler, daemon=True).start()
    finished = done.wait(STEP_TIMEOUT + total_steps * 0.05)
    # BENCH_WARMUP=N: leave out each user's first N replies (the start-up burst of /start).
    skip = int(os.environ.get("BENCH_WARMUP", "0"))
    latencies = [x for u in users.values() for x in u.latencies[skip:]]
    conn.send({
        "fake_cpu": time.process_time() - cpu0,
        "finished": finished,
        "updates": len(latencies),
        "seconds": last_reply[0] - first_sent[0],
        "latencies": latencies,
        "calls": dict(Counter(c.method for c in fake.calls)),
    })
    conn.recv()  # the bot stopped
    fake.stop()


# -- this process: the bot ---------------------------------------------------------------------
class _InlineExecutor(ThreadPoolExecutor):
    """Runs submitted work at once in the calling thread, so cProfile sees the worker side."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn`` now and return its finished future."""
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting task
            future.set_exception(exc)
        return future


class _NullHandler:
    """``--null-handler``: no engine, no database; isolates the Telegram path's own cost."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str | None]] = set()

    async def handle(self, channel: str, external_id: str, update_key: str | None,
                     event: Any) -> Any:
        """Answer every event with one question carrying the buttons the walk presses."""
        from handlers.prompts import Option, Question

        if (channel, update_key) in self.seen:
            return None
        self.seen.add((channel, update_key))
        labels = (EXAM, "Lewati", "Menu utama")
        return [Question("Langkah 1 dari 1\n\nPilih:", "s1",
                         tuple(Option(f"o{i}", label) for i, label in enumerate(labels)))]


class _Timed:
    """Wraps the ChatHandler to time ``handle`` (engine + database) separately."""

    def __init__(self, inner: Any, max_handlers: int | None) -> None:
        self.inner = inner
        self.seconds: list[float] = []
        self._gate = asyncio.Semaphore(max_handlers) if max_handlers else None

    async def handle(self, *args: Any) -> Any:
        """Delegate and time one call (behind the ``--max-handlers`` gate, if any)."""
        started = time.perf_counter()
        try:
            if self._gate is None:
                return await self.inner.handle(*args)
            async with self._gate:
                return await self.inner.handle(*args)
        finally:
            self.seconds.append(time.perf_counter() - started)


async def _run_bot(
    base_url: str, conn: Connection, service: Any, profile: bool, max_handlers: int | None
) -> dict[str, Any]:
    from pydantic import SecretStr

    from bot.settings import Settings
    from bot.telegram_app import TelegramAdapter, build_application, polling
    from tests.fakes.telegram_api import TOKEN

    settings = Settings(telegram_bot_token=SecretStr(TOKEN), telegram_api_base_url=base_url)
    timed = _Timed(service, max_handlers)
    adapter = TelegramAdapter(timed, connections=int(os.environ.get("BENCH_CONNECTIONS", "4")))
    application = build_application(settings, adapter,
                                    http=os.environ.get("BENCH_HTTP", "aiohttp"))
    profiler = cProfile.Profile() if profile else None
    if profile:
        asyncio.get_running_loop().set_default_executor(_InlineExecutor())
        if getattr(service, "_executor", None) is not None:
            service._executor = _InlineExecutor()  # let cProfile see the worker's work
    async with polling(application, adapter, poll_timeout=10.0):
        conn.send("go")
        cpu0 = time.process_time()
        if profiler is not None:
            profiler.enable()
        with ThreadPoolExecutor(1) as waiter:  # not the default executor: it may be inline
            result: dict[str, Any] = await asyncio.get_running_loop().run_in_executor(
                waiter, conn.recv)
        if profiler is not None:
            profiler.disable()
        result["bot_cpu"] = time.process_time() - cpu0
    if profiler is not None:
        out = io.StringIO()
        if os.environ.get("BENCH_PROFILE_OUT"):
            profiler.dump_stats(os.environ["BENCH_PROFILE_OUT"])
        stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
        stats.print_stats(25)
        stats.sort_stats("cumulative").print_stats(
            r"service.py.*\(_process\)|engine.py.*\(advance\)|_httpxrequest.py.*do_request"
            r"|_application.py.*process_update|telegram_app.py|session_scope|_updater.py"
            r"|commit|_bot.py.*\(get_updates\)|de_json|_utils.py.*\(is_socket_readable\)")
        if os.environ.get("BENCH_CALLERS"):
            stats.print_callers(os.environ["BENCH_CALLERS"])
        result["profile"] = out.getvalue()
    result["handle_ms"] = statistics.fmean(timed.seconds) * 1000 if timed.seconds else 0.0
    return result


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(users: list[int], steps: int, profile: bool, max_handlers: int | None = None,
        synchronous: str = "FULL", null_handler: bool = False, think: float = 0.0) -> int:
    """Run every configuration, print the table; return 0."""
    _pin(0)
    from bot.service import ChatService
    from bot.settings import Settings

    ctx = mp.get_context("spawn")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        # As ``python -m bot telegram`` builds it (inline SQLite steps with NORMAL, the worker
        # thread with FULL); BENCH_INLINE=1 or 0 forces one or the other.
        inline = os.environ.get("BENCH_INLINE", "1" if synchronous == "NORMAL" else "0") == "1"
        service = ChatService(Settings(database_url=f"sqlite:///{tmp}/bench.sqlite3",
                                       sqlite_synchronous=synchronous), sqlite_inline=inline,
                              group_commit=os.environ.get(
                                  "BENCH_GROUP", "0" if inline else "1") == "1")
        handler: Any = _NullHandler() if null_handler else service
        try:
            for index, n_users in enumerate(users):
                total = max(steps, n_users * 3)
                parent, child = ctx.Pipe()
                proc = ctx.Process(target=_users_side,
                                   args=(child, n_users, total, 1_000_000 * (index + 1), think))
                proc.start()
                base_url = parent.recv()
                is_last = n_users == max(users)
                coro = _run_bot(base_url, parent, handler, profile and is_last, max_handlers)
                if os.environ.get("BENCH_UVLOOP") == "1":
                    import uvloop

                    result = uvloop.run(coro)
                else:
                    result = asyncio.run(coro)
                parent.send("stop")
                proc.join(timeout=30)
                lat = result["latencies"]
                rows.append((n_users, result["updates"], result["seconds"],
                             result["updates"] / result["seconds"] if result["seconds"] else 0,
                             _percentile(lat, 0.5) * 1000, _percentile(lat, 0.99) * 1000,
                             statistics.fmean(lat) * 1000 if lat else float("nan"),
                             result["handle_ms"],
                             100 * result["bot_cpu"] / result["seconds"],
                             100 * result["fake_cpu"] / result["seconds"],
                             result["finished"]))
                if os.environ.get("BENCH_PCTL"):
                    print("p50/90/95/98/99/99.9/max ms:", [round(_percentile(lat, q) * 1000, 1)
                          for q in (0.5, 0.9, 0.95, 0.98, 0.99, 0.999, 1.0)])
                if os.environ.get("BENCH_CALLS"):
                    print("calls:", result["calls"])
                if "profile" in result:
                    print(result["profile"])
        finally:
            service.close()
    print(f"{'users':>5} {'updates':>7} {'seconds':>7} {'upd/s':>7} {'p50 ms':>7} "
          f"{'p99 ms':>7} {'mean ms':>7} {'handle ms':>9} {'bot cpu':>7} {'fake cpu':>8}  complete")
    for n, count, secs, rate, p50, p99, mean, handle_ms, bot_cpu, fake_cpu, finished in rows:
        print(f"{n:>5} {count:>7} {secs:>7.2f} {rate:>7.0f} {p50:>7.1f} {p99:>7.1f} "
              f"{mean:>7.1f} {handle_ms:>9.1f} {bot_cpu:>6.0f}% {fake_cpu:>7.0f}%  "
              f"{'yes' if finished else 'NO (timed out)'}")
    return 0


def main() -> int:
    """Parse the arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--steps", type=int, default=600, help="updates per configuration")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest run")
    parser.add_argument("--max-handlers", type=int, default=None,
                        help="experiment: at most N ChatService.handle calls at once")
    parser.add_argument("--sqlite-synchronous", default="FULL", choices=["FULL", "NORMAL"],
                        help="SQLITE_SYNCHRONOUS of the bench database (default FULL)")
    parser.add_argument("--think-ms", type=float, default=0.0,
                        help="mean pause (exponential) of a user after a reply; 0 = none")
    parser.add_argument("--null-handler", action="store_true",
                        help="experiment: a ChatHandler without engine or database")
    args = parser.parse_args()
    return run(args.users, args.steps, args.profile, args.max_handlers, args.sqlite_synchronous,
               args.null_handler, args.think_ms / 1000)


if __name__ == "__main__":
    raise SystemExit(main())
