"""The benchmark's peer: the exam flow as a plain python-telegram-bot bot, and its load generator.

    .venv/bin/python bench/ptb_peer.py --bench [--users 200] [--updates 5000] [--seed 1]
    .venv/bin/python bench/ptb_peer.py --port 8099 --bot-api http://127.0.0.1:P/bot --workdir D

The peer is what a developer would write without this project: the "Nilai uji kompetensi"
flow (``handlers/flows/exam.py``: CAT, three seminar and three praktik elements, wawancara,
UKMSK, the optional rekomendasi date, the result) as one ``ConversationHandler`` with
``PicklePersistence``, receiving Telegram webhooks at ``http://127.0.0.1:PORT/telegram`` (a
minimal aiohttp server putting each update on PTB's ``update_queue`` and answering 200, as
PTB's own ``run_webhook`` does) and sending replies to the Bot API base URL it is given.
The result is computed by ``knowledge.calc.exam.run`` with the same request as our flow, so
both bots send identical results. Updates are processed one at a time, PTB's default: with
``concurrent_updates`` a user's next update can arrive before the ``ConversationHandler``
stored the state its previous one moved to (the reply is sent before the callback returns),
and is then handled as an answer to the old question; PTB has no per-chat ordering.

Reusable by ``bench/scale_bench.py`` (issue 13): ``start_peer`` starts the peer as a
subprocess; ``exam_scripts`` builds the per-user conversations; ``drive`` sends them as
webhooks (each update to a random target URL, the next one of a user only after the reply to
the previous one reached the fake Bot API) and returns updates/s and reply latency. The
standalone ``--bench`` run starts the fake Bot API (``tests/fakes/telegram_api.py``) in this
process, the peer as a child process, drives it and prints the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXAM = "Nilai uji kompetensi"
SKIP = "Lewati"
MENU = "Menu utama"
SECRET = "bench-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# One conversation round after the first /start (the same walk as bench/telegram_bench.py):
# it ends at the menu again, so it repeats.
CYCLE: list[tuple[str, str]] = [
    ("press", EXAM),
    *[("say", s) for s in ("80", "8", "48", "24", "24", "32", "24", "80, 90, 70", "75")],
    ("press", SKIP),
    ("press", MENU),
]
Action = tuple[str, str]  # ("say", text) or ("press", button label)


# --------------------------------------------------------------------------------------------
# The peer bot
# --------------------------------------------------------------------------------------------

def _exam_steps() -> list[tuple[str, str, int]]:
    """(answer key, question, maximum) of the number steps, maxima from Lampiran VIII data."""
    from knowledge.calc import exam

    ref = exam.reference()
    high = int(ref["cat"]["nilai_maksimal"])
    steps = [("cat", "Nilai CAT (Computer Assisted Test)?", high)]
    steps += [(f"seminar:{k}", f"Nilai seminar, elemen {k} (maksimal {m})?", int(m))
              for k, m in ref["seminar"].items()]
    steps += [(f"praktik:{k}", f"Nilai praktik, elemen {k} (maksimal {m})?", int(m))
              for k, m in ref["praktik"].items()]
    return steps


def _number(text: str, maximum: int) -> str | None:
    """The typed score as a plain decimal string ("80,5" → "80.5"), None when not 0..maximum."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or not 0 <= value <= maximum:
        return None
    return str(value.normalize()) if value != value.to_integral() else str(int(value))


def build_application(bot_api_url: str, token: str, workdir: Path) -> Any:
    """The PTB ``Application``: one ``ConversationHandler`` (persistent) for the exam flow."""
    from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
    from telegram.ext import (
        ApplicationBuilder,
        CallbackQueryHandler,
        CommandHandler,
        ContextTypes,
        ConversationHandler,
        MessageHandler,
        PicklePersistence,
        filters,
    )
    from telegram.warnings import PTBUserWarning

    from knowledge.calc import exam

    numbers = _exam_steps()
    wawancara, ukmsk, tanggal = len(numbers), len(numbers) + 1, len(numbers) + 2
    total = len(numbers) + 3
    menu = InlineKeyboardMarkup([[InlineKeyboardButton(EXAM, callback_data="exam")]])

    def question(state: int) -> str:
        if state < len(numbers):
            text = numbers[state][1]
        else:
            text = {wawancara: "Nilai wawancara per kompetensi (pisahkan dengan koma)?",
                    ukmsk: "Nilai UKMSK?",
                    tanggal: "Tanggal surat rekomendasi (misalnya 1 April 2027)?"}[state]
        return f"Langkah {state + 1}/{total} · {text}"

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.effective_chat is not None
        await context.bot.send_message(update.effective_chat.id, "Pilih menu:",
                                       reply_markup=menu)
        return ConversationHandler.END

    async def begin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.callback_query is not None and update.effective_chat is not None
        await update.callback_query.answer()
        assert context.user_data is not None
        context.user_data.clear()
        await context.bot.send_message(update.effective_chat.id, question(0))
        return 0

    def number_step(state: int) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Any]:
        key, _, maximum = numbers[state]

        async def step(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
            assert update.message is not None and context.user_data is not None
            value = _number(update.message.text or "", maximum)
            if value is None:
                await update.message.reply_text(
                    f"Ketik angka 0 sampai {maximum}.\n{question(state)}")
                return state
            context.user_data[key] = value
            await update.message.reply_text(question(state + 1))
            return state + 1

        return step

    async def on_wawancara(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.message is not None and context.user_data is not None
        parts = [p for p in (update.message.text or "").replace(";", " ").replace(", ", " ")
                 .split() if p]
        scores = [_number(p, 100) for p in parts]
        if not scores or any(s is None for s in scores):
            await update.message.reply_text(
                f"Ketik nilai wawancara dipisah koma, misalnya 80, 90, 70.\n"
                f"{question(wawancara)}")
            return wawancara
        context.user_data["wawancara"] = scores
        await update.message.reply_text(question(ukmsk))
        return ukmsk

    async def on_ukmsk(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.message is not None and context.user_data is not None
        value = _number(update.message.text or "", 100)
        if value is None:
            await update.message.reply_text(f"Ketik angka 0 sampai 100.\n{question(ukmsk)}")
            return ukmsk
        context.user_data["ukmsk"] = value
        await update.message.reply_text(
            question(tanggal),
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(SKIP,
                                                                     callback_data="skip")]]))
        return tanggal

    async def on_skip(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
        assert update.callback_query is not None and update.effective_chat is not None
        assert context.user_data is not None
        await update.callback_query.answer()
        answers = context.user_data
        request: dict[str, Any] = {
            "cat": answers["cat"],
            "seminar": {k.split(":", 1)[1]: v for k, v in answers.items()
                        if k.startswith("seminar:")},
            "praktik": {k.split(":", 1)[1]: v for k, v in answers.items()
                        if k.startswith("praktik:")},
            "wawancara": answers["wawancara"],
            "ukmsk": answers["ukmsk"],
            "hari_ini": date.today().isoformat(),
        }
        result = exam.run(request).text
        await context.bot.send_message(
            update.effective_chat.id, result,
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(MENU,
                                                                     callback_data="menu")]]))
        return ConversationHandler.END

    async def on_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None and update.effective_chat is not None
        await update.callback_query.answer()
        await context.bot.send_message(update.effective_chat.id, "Pilih menu:",
                                       reply_markup=menu)

    # The per_message warning: CallbackQueryHandlers track the chat's state, which is meant.
    warnings.filterwarnings("ignore", message="If 'per_message=False'", category=PTBUserWarning)
    text = filters.TEXT & ~filters.COMMAND
    states: dict[object, list[Any]] = {
        i: [MessageHandler(text, number_step(i))] for i in range(len(numbers))}
    states[wawancara] = [MessageHandler(text, on_wawancara)]
    states[ukmsk] = [MessageHandler(text, on_ukmsk)]
    states[tanggal] = [CallbackQueryHandler(on_skip, pattern="^skip$")]
    conversation = ConversationHandler(  # per_message=False: one state per chat and user
        entry_points=[CallbackQueryHandler(begin, pattern="^exam$")],
        states=states,
        fallbacks=[CommandHandler("start", start)],
        name="exam",
        persistent=True,
    )
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(bot_api_url)
        .persistence(PicklePersistence(filepath=workdir / "ptb_peer.pickle"))
        .updater(None)
        .build()
    )
    application.add_handler(conversation)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(on_menu, pattern="^menu$"))
    return application


async def serve(port: int, bot_api_url: str, token: str, workdir: Path) -> None:
    """Run the peer until SIGTERM/SIGINT: POST /telegram → PTB's update queue; GET /healthz."""
    from aiohttp import web
    from telegram import Update

    application = build_application(bot_api_url, token, workdir)

    async def webhook(request: web.Request) -> web.Response:
        if request.headers.get(SECRET_HEADER) != SECRET:
            return web.Response(status=403)
        update = Update.de_json(await request.json(), application.bot)
        await application.update_queue.put(update)
        return web.Response(text="ok")

    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/telegram", webhook)
    app.router.add_get("/healthz", healthz)
    runner = web.AppRunner(app, access_log=None)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with application:
        await application.start()
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        await stop.wait()
        await runner.cleanup()
        await application.stop()  # the persistence is flushed on shutdown (``async with``)


def start_peer(port: int, bot_api_url: str, workdir: Path, *, token: str | None = None,
               timeout: float = 30.0) -> subprocess.Popen[bytes]:
    """Start the peer as a subprocess; return it once GET /healthz answers.

    ``bot_api_url`` is the Bot API base URL up to ``/bot`` (``FakeBotAPI.base_url``).
    Stop it with ``terminate()`` (SIGTERM: persistence flushed) and ``wait()``.
    """
    from tests.fakes.telegram_api import TOKEN

    workdir.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--port", str(port),
         "--bot-api", bot_api_url, "--workdir", str(workdir), "--token", token or TOKEN],
        cwd=ROOT,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"the peer did not start on port {port}") from None
            time.sleep(0.1)


# --------------------------------------------------------------------------------------------
# The load generator (shared with bench/scale_bench.py)
# --------------------------------------------------------------------------------------------

def exam_scripts(users: int, updates: int, first_chat: int = 700_000) -> dict[int, list[Action]]:
    """Per chat id, its conversation: "/start", then the exam cycle repeated.

    ``updates`` in all, spread evenly (the first chats get one more when it does not divide).
    """
    scripts: dict[int, list[Action]] = {}
    for i in range(users):
        count = updates // users + (1 if i < updates % users else 0)
        walk: list[Action] = [("say", "/start")]
        while len(walk) < count:
            walk.extend(CYCLE)
        scripts[first_chat + i] = walk[:count]
    return scripts


def is_question(call: Any) -> bool:
    """The message that ends a reply: buttons, or a numbered step ("Langkah n/m")."""
    return call.method == "sendMessage" and call.status == 200 and (
        bool(call.buttons) or "Langkah " in (call.text or ""))


@dataclass
class LoadResult:
    """What ``drive`` measured."""

    updates: int
    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, one per answered update
    unanswered: int = 0

    @property
    def per_second(self) -> float:
        """Answered updates per second of wall time."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """The ``q`` quantile (0..1) of the reply latency, in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def drive(
    targets: Sequence[str],
    scripts: dict[int, list[Action]],
    fake: Any,
    *,
    secret: str = SECRET,
    seed: int = 1,
    step_timeout: float = 30.0,
    done: Callable[[Any], bool] = is_question,
    connections: int = 100,
) -> LoadResult:
    """Send every user's script as webhooks, each update to a random URL of ``targets``.

    ``fake`` is the running ``FakeBotAPI`` the bots reply to. A user sends its next update
    only when ``done(call)`` held for a Bot API call to its chat after the previous one (a
    "press" uses the button of the last message with buttons sent to that chat); the
    latency is from just before the POST until that call. A step not answered within
    ``step_timeout`` ends that user's script (counted in ``unanswered``).
    """
    import aiohttp

    from tests.fakes.telegram_api import callback_update, message_update

    loop = asyncio.get_running_loop()
    rng = random.Random(seed)
    waiting: dict[int, asyncio.Future[None]] = {}
    keyboards: dict[int, dict[str, Any]] = {}

    def on_call(call: Any) -> None:  # the fake's server thread
        if call.method != "sendMessage" or call.chat_id not in scripts:
            return
        if call.buttons:
            keyboards[call.chat_id] = call.result
        if done(call):
            loop.call_soon_threadsafe(_wake, call.chat_id)

    def _wake(chat_id: int) -> None:
        future = waiting.get(chat_id)
        if future is not None and not future.done():
            future.set_result(None)

    def update_for(chat_id: int, action: Action) -> dict[str, Any]:
        kind, value = action
        update_id = fake.next_update_id()
        if kind == "say":
            return message_update(update_id, chat_id, value)
        message = keyboards[chat_id]
        rows = message["reply_markup"]["inline_keyboard"]
        data = next(b["callback_data"] for row in rows for b in row if b["text"] == value)
        return callback_update(update_id, chat_id, data, message)

    result = LoadResult(updates=sum(len(s) for s in scripts.values()), seconds=0.0)
    previous_hook = fake.on_call
    fake.on_call = on_call
    connector = aiohttp.TCPConnector(limit=connections)
    try:
        async with aiohttp.ClientSession(connector=connector) as http:

            async def user(chat_id: int, script: list[Action], order: random.Random) -> None:
                for action in script:
                    future: asyncio.Future[None] = loop.create_future()
                    waiting[chat_id] = future
                    update = update_for(chat_id, action)
                    sent = time.perf_counter()
                    async with http.post(order.choice(list(targets)), json=update,
                                         headers={SECRET_HEADER: secret}) as response:
                        await response.read()
                    try:
                        await asyncio.wait_for(future, step_timeout)
                    except TimeoutError:
                        result.unanswered += 1
                        return
                    result.latencies.append(time.perf_counter() - sent)

            began = time.perf_counter()
            await asyncio.gather(*(user(chat_id, script, random.Random(rng.random()))
                                   for chat_id, script in scripts.items()))
            result.seconds = time.perf_counter() - began
    finally:
        fake.on_call = previous_hook
    return result


def report(label: str, result: LoadResult) -> str:
    """One Markdown table row: label, updates, seconds, updates/s, p50, p99, unanswered."""
    return (f"| {label} | {len(result.latencies):,} | {result.seconds:.1f} s "
            f"| {result.per_second:,.0f} | {result.percentile(0.5):.0f} ms "
            f"| {result.percentile(0.99):.0f} ms | {result.unanswered} |")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bench(users: int, updates: int, seed: int) -> LoadResult:
    """Fake Bot API here, the peer in a child process, ``updates`` webhooks from ``users``."""
    from tests.fakes.telegram_api import FakeBotAPI

    with FakeBotAPI() as fake, tempfile.TemporaryDirectory(prefix="ptb_peer_") as tmp:
        port = free_port()
        peer = start_peer(port, fake.base_url, Path(tmp))
        try:
            result = asyncio.run(drive([f"http://127.0.0.1:{port}/telegram"],
                                       exam_scripts(users, updates), fake, seed=seed))
        finally:
            peer.terminate()
            peer.wait(timeout=30)
        results = [c.text or "" for c in fake.sent() if "Nilai akhir" in (c.text or "")]
        print(f"results sent: {len(results)}, distinct texts: {len(set(results))}")
    return result


def main() -> int:
    """Serve the peer (``--port``), or run the standalone benchmark (``--bench``)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bench", action="store_true", help="run the standalone benchmark")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--updates", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, help="serve the peer on this loopback port")
    parser.add_argument("--bot-api", help="Bot API base URL (up to /bot)")
    parser.add_argument("--workdir", type=Path, help="where the PicklePersistence file goes")
    parser.add_argument("--token", default=None)
    args = parser.parse_args()
    if args.bench:
        result = bench(args.users, args.updates, args.seed)
        print(f"ptb_peer: {args.users} users, {args.updates} webhooks, one peer process, "
              f"{os.cpu_count()} CPUs")
        print("| Bot | updates answered | wall | updates/s | p50 | p99 | unanswered |")
        print("|---|---|---|---|---|---|---|")
        print(report("PTB ConversationHandler + PicklePersistence", result))
        return 0 if result.unanswered == 0 else 1
    if args.port is None or args.bot_api is None or args.workdir is None:
        parser.error("--port, --bot-api and --workdir are needed to serve (or use --bench)")
    from tests.fakes.telegram_api import TOKEN

    asyncio.run(serve(args.port, args.bot_api, args.token or TOKEN, args.workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
