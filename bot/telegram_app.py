"""The Telegram channel: python-telegram-bot ``Application`` around a ``ChatHandler``.

``TelegramAdapter`` turns a Telegram update into an event (``TextIn`` for messages and
commands, ``ChoiceIn`` for inline buttons), hands it to ``ChatHandler.handle`` and renders the
prompts (``bot.telegram_render``). Updates are processed concurrently, but one chat at a time
and in arrival order (a per-chat ``bot.keyed_lock.KeyedLock``), so replies never overtake
each other.

Two ways to receive updates (``python -m bot telegram [--webhook]``):

- long polling (default): ``Poller`` calls ``getUpdates`` itself and confirms a batch (the
  next offset) only after every update of it was processed — PTB's updater confirms before;
- webhook: a FastAPI endpoint (served by uvicorn) that checks the
  ``X-Telegram-Bot-Api-Secret-Token`` header, reads the body with a cap (413 when larger
  than ``WEBHOOK_MAX_BODY_BYTES``), acknowledges a malformed body with 200 and a log line,
  feeds ``Update.de_json`` into ``Application.process_update`` and answers 200 only after
  the update was processed — the ``ChatHandler`` recorded it durably first, so a
  redelivery gets no second reply.

Bot API failures (flood control ``RetryAfter``, network errors) are retried a bounded number of
times; a reply that still cannot be delivered is logged with an error id, never with its text.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import hmac
import importlib.util
import json
import logging
import signal
import sys
import time
import warnings
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from fastapi import FastAPI, Request, Response
from telegram import Bot, BotCommand, CallbackQuery, Update
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.errors import APOLOGY, report_unexpected
from bot.keyed_lock import KeyedLock
from bot.senders.telegram import retry_seconds
from bot.service_api import ChatHandler
from bot.settings import DEFAULT_WEBHOOK_MAX_BODY_BYTES, Settings
from bot.telegram_render import (
    CallbackCodec,
    OutDocument,
    Outgoing,
    OutPhoto,
    OutText,
    render,
    split_text,
)
from bot.webhook_body import TOO_LARGE, read_capped
from handlers.events import ChoiceIn, Event, NotText, TextIn
from handlers.flow import Flow
from handlers.flows import default_registry
from handlers.prompts import Message, Prompt

if TYPE_CHECKING:
    from bot.reminder_clock import ReminderClock

log = logging.getLogger("bot.telegram")

# httpcore tries ``import sniffio`` on EVERY request; sniffio is not installed, and a failed
# import searches sys.path again each time (a third of the CPU at 100 users). Marking it absent
# makes that import fail at once; httpcore then assumes asyncio, which is what runs here.
if importlib.util.find_spec("sniffio") is None:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]

T = TypeVar("T")
Sleep = Callable[[float], Awaitable[None]]

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]

# The engine's own commands (handlers/commands.py) in the command menu; the flows' own
# (``Flow.command_help``) come between these and /hapus_data.
ENGINE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Mulai percakapan"),
    ("menu", "Tampilkan menu utama"),
    ("batal", "Batalkan proses yang sedang berjalan"),
    ("kembali", "Kembali ke pertanyaan sebelumnya"),
    ("bantuan", "Petunjuk penggunaan"),
)
ERASE_COMMAND = ("hapus_data", "Hapus data Anda dari layanan ini")


def bot_commands(flows: list[Flow] | None = None) -> list[tuple[str, str]]:
    """Return the command menu: the engine's commands, each flow's listed one, /hapus_data."""
    listed = flows if flows is not None else default_registry().flows
    own = [(f.commands[0], f.command_help) for f in listed if f.command_help and f.commands]
    return [*ENGINE_COMMANDS, *own, ERASE_COMMAND]


# A step token no question ever has: the engine answers it politely with its current question.
STALE_STEP = "~"
OLD_BUTTON = "Tombol ini sudah tidak berlaku. Silakan gunakan pertanyaan terbaru di bawah."
STALE_BUTTON = "Pertanyaan ini sudah terjawab. Silakan lanjutkan dari pertanyaan terbaru."
ANSWER_MARK = "✅ {label}"
# Bot API methods called through ``Bot.do_api_request``: their result (the sent or edited
# Message) is never read, and PTB's parsing of it was ~8 % of the CPU at 100 chats.
RAW_METHODS = ("sendMessage", "editMessageText", "editMessageReplyMarkup")
RAW_METHODS_WARNING = rf"Please use 'Bot\.({'|'.join(RAW_METHODS)})' instead"
MAX_TRACKED_CHATS = 100_000  # chats whose current step is remembered (least recent dropped)


class TelegramAdapter:
    """PTB handlers that feed a ``ChatHandler`` and render its prompts."""

    def __init__(
        self,
        handler: ChatHandler,
        *,
        sleep: Sleep = asyncio.sleep,
        max_attempts: int = 4,
        max_retry_after: float = 30.0,
        network_backoff: float = 0.5,
        connections: int = 4,
    ) -> None:
        self.handler = handler
        self.connections = connections
        # ``Bot.do_api_request`` (see ``RAW_METHODS``) warns to use ``send_message`` etc.,
        # which would parse every reply into a ``Message`` nobody reads. Installed here
        # (idempotent) rather than at import, so it holds even where filters were reset.
        warnings.filterwarnings("ignore", message=RAW_METHODS_WARNING, category=PTBUserWarning)
        # Bot API calls wait here rather than in httpcore's pool queue, whose bookkeeping
        # grows with (waiting requests x connections) and dominated the CPU at 100 chats.
        self._http_slots = asyncio.Semaphore(connections)
        self.codec = CallbackCodec()
        self._sleep = sleep
        self._max_attempts = max_attempts
        self._max_retry_after = max_retry_after
        self._network_backoff = network_backoff
        self._chat_turns: KeyedLock[int] = KeyedLock()
        # The step token of the last question shown per chat: lets a stale button get a
        # helpful toast (the engine still judges staleness itself).
        self._current_step: OrderedDict[int, str] = OrderedDict()
        self.failed_updates: set[int] = set()
        self._edited: set[int] = set()  # callback updates whose question was edited in place
        self.on_done: Callable[[int], None] | None = None  # tests/bench: update fully handled

    # -- PTB callbacks -----------------------------------------------------------------------
    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A text message or command → ``TextIn``; anything else gets a polite sentence."""
        message, chat = update.effective_message, update.effective_chat
        if message is None or chat is None:
            log.warning("telegram update %s without a chat ignored", update.update_id)
            return
        try:
            async with self._chat_turns.hold(chat.id):
                # A photo or sticker is recorded like any update (a redelivery gets no
                # second reply); the engine answers it.
                event: Event = NotText() if message.text is None else TextIn(message.text)
                await self._process(context.bot, update.update_id, chat.id, event)
        finally:
            self._done(update.update_id)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button → ``ChoiceIn``; always answered (a toast for old/stale buttons)."""
        query = update.callback_query
        if query is None:
            return
        try:
            await self._on_callback(update.update_id, query, context.bot)
        finally:
            self._done(update.update_id)

    async def _on_callback(self, update_id: int, query: CallbackQuery, bot: Bot) -> None:
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        async with self._chat_turns.hold(chat_id):
            pressed = self.codec.decode(query.data or "")
            notice: str | None = None
            current = self._current_step.get(chat_id)
            if pressed is None or pressed.token is None:
                # Another version's button, or an index forgotten since a restart.
                notice, event = OLD_BUTTON, ChoiceIn("", STALE_STEP)
            else:
                if current is not None and current != pressed.step_token:
                    notice = STALE_BUTTON
                event = ChoiceIn(pressed.token, pressed.step_token)
            answer = asyncio.create_task(self._call(
                "answerCallbackQuery", update_id,
                lambda: bot.answer_callback_query(query.id, text=notice)))
            try:
                prompts = await self._process(bot, update_id, chat_id, event, query.message)
            finally:
                await answer
            if update_id in self._edited:  # the question was edited in place: keep its buttons
                self._edited.discard(update_id)
            elif prompts is not None and query.message is not None:
                # Mark the answer only when the conversation moved on: a toggle in a
                # multiple choice or a "next page" asks the same step again.
                moved_on = self._current_step.get(chat_id) != (pressed and pressed.step_token)
                accepted = notice is None and current is not None and moved_on
                await self._close_keyboard(bot, update_id, query, accepted)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB's error hook: log with an id (the user was already told by ``_process``)."""
        if context.error is not None:
            report_unexpected(context.error)

    # -- processing --------------------------------------------------------------------------
    async def _process(
        self, bot: Bot, update_id: int, chat_id: int, event: Event, pressed: Any = None
    ) -> list[Prompt] | None:
        started = time.perf_counter()
        try:
            prompts = await self.handler.handle(CHANNEL, str(chat_id), str(update_id), event)
        except Exception as exc:  # noqa: BLE001 - no traceback reaches a user
            error_id = report_unexpected(exc)
            if len(self.failed_updates) > 10_000:  # only the webhook reads it; keep it bounded
                self.failed_updates.clear()
            self.failed_updates.add(update_id)
            await self._send(bot, update_id, chat_id, [Message(APOLOGY.format(error_id=error_id))])
            return None
        if prompts is None:
            log.info("telegram update %s already processed: nothing sent", update_id)
            return None
        await self._send(bot, update_id, chat_id, prompts, pressed)
        log.debug("telegram update %s handled in %.1f ms", update_id,
                  (time.perf_counter() - started) * 1000)
        return prompts

    async def _send(self, bot: Bot, update_id: int, chat_id: int, prompts: list[Prompt],
                    pressed: Any = None) -> None:
        items = render(prompts, self.codec)
        replacing = next((i for i in items if isinstance(i, OutText) and i.replaces), None)
        if replacing is not None and pressed is not None and getattr(pressed, "text", None):
            # The same question after a pick (a tick, another page): edit the message the
            # button was pressed on; the lines acknowledging the pick are what the edit shows.
            edited = await self._call("editMessageText", update_id, lambda: bot.do_api_request(
                "editMessageText", api_kwargs={
                    "chat_id": pressed.chat.id, "message_id": pressed.message_id,
                    "text": replacing.text, "reply_markup": replacing.keyboard}))
            if edited is not None:
                self._edited.add(update_id)
                items = items[items.index(replacing) + 1:]
                self._remember_step(chat_id, replacing.step_token)
        for item in items:
            await self._send_one(bot, update_id, chat_id, item)
            if isinstance(item, OutText):
                self._remember_step(chat_id, item.step_token)

    def _remember_step(self, chat_id: int, step_token: str | None) -> None:
        if step_token is not None:
            self._current_step[chat_id] = step_token
            self._current_step.move_to_end(chat_id)
            if len(self._current_step) > MAX_TRACKED_CHATS:
                self._current_step.popitem(last=False)

    async def _send_one(self, bot: Bot, update_id: int, chat_id: int, item: Outgoing) -> None:
        if isinstance(item, OutText):
            # Raw call (RAW_METHODS): the returned Message is not parsed.
            await self._call("sendMessage", update_id, lambda: bot.do_api_request(
                "sendMessage", api_kwargs={"chat_id": chat_id, "text": item.text,
                                           "reply_markup": item.keyboard}))
        elif isinstance(item, OutDocument):
            await self._call("sendDocument", update_id, lambda: bot.send_document(
                chat_id, item.data, filename=item.filename, caption=item.caption))
        elif isinstance(item, OutPhoto):
            await self._call("sendPhoto", update_id, lambda: bot.send_photo(
                chat_id, item.data, filename=item.filename, caption=item.caption))

    async def _close_keyboard(self, bot: Bot, update_id: int, query: Any, accepted: bool) -> None:
        """Take the buttons off the answered question so they cannot be pressed twice."""
        message = query.message
        label = None
        markup = getattr(message, "reply_markup", None)  # absent on an InaccessibleMessage
        if accepted and markup is not None:
            for row in markup.inline_keyboard:
                for button in row:
                    if button.callback_data == query.data:
                        label = button.text
        text = getattr(message, "text", None)
        if label is not None and text:
            marked = f"{text}\n\n{ANSWER_MARK.format(label=label)}"
            if len(split_text(marked)) == 1:
                # Keeping the chosen answer visible under the question reads like a chat.
                await self._call("editMessageText", update_id, lambda: bot.do_api_request(
                    "editMessageText", api_kwargs={
                        "text": marked, "chat_id": message.chat.id,
                        "message_id": message.message_id}))
                return
        await self._call("editMessageReplyMarkup", update_id, lambda: bot.do_api_request(
            "editMessageReplyMarkup", api_kwargs={
                "chat_id": message.chat.id, "message_id": message.message_id}))

    async def _call(self, what: str, update_id: int, send: Callable[[], Awaitable[T]]) -> T | None:
        """Run one Bot API call with bounded retries; log (never raise) a final failure."""
        for attempt in range(1, self._max_attempts + 1):
            try:
                async with self._http_slots:
                    return await send()
            except RetryAfter as exc:
                delay = retry_seconds(exc)
                if attempt == self._max_attempts or delay > self._max_retry_after:
                    self._give_up(what, update_id, attempt, exc)
                    return None
                log.warning("telegram %s flood control: retry in %.0f s (update %s)",
                            what, delay, update_id)
                await self._sleep(delay)
            except (BadRequest, Forbidden) as exc:
                # Not transient (e.g. "message is not modified", the user blocked the bot).
                log.warning("telegram %s refused for update %s: %s", what, update_id,
                            type(exc).__name__)
                return None
            except NetworkError as exc:  # includes TimedOut
                if attempt == self._max_attempts:
                    self._give_up(what, update_id, attempt, exc)
                    return None
                await self._sleep(self._network_backoff * attempt)
            except TelegramError as exc:
                self._give_up(what, update_id, attempt, exc)
                return None
        return None

    def _give_up(self, what: str, update_id: int, attempts: int, exc: BaseException) -> None:
        error_id = report_unexpected(exc)
        log.error("telegram %s for update %s lost after %d attempt(s) (error %s)",
                  what, update_id, attempts, error_id)

    def _done(self, update_id: int) -> None:
        if self.on_done is not None:
            self.on_done(update_id)

    # -- lifecycle helpers -------------------------------------------------------------------
    async def register_commands(self, bot: Bot) -> None:
        """Publish the command menu (Indonesian descriptions); a failure is only logged."""
        commands = [BotCommand(name, text) for name, text in bot_commands()]
        await self._call("setMyCommands", 0, lambda: bot.set_my_commands(commands))


def file_url(base_url: str) -> str:
    """PTB ``base_file_url`` for a ``base_url`` like ``https://api.telegram.org/bot``."""
    head, sep, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if sep else f"{base_url.rstrip('/')}/file/bot"


def build_application(
    settings: Settings, adapter: TelegramAdapter, *, concurrency: int = 256,
    http: str = "aiohttp",
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The PTB Application wired to ``adapter`` (Bot API at TELEGRAM_API_BASE_URL)."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url = settings.telegram_api_base_url
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(base_url)
        .base_file_url(file_url(base_url))
        .concurrent_updates(concurrency)
        .job_queue(None)  # reminders are scheduled elsewhere; PTB's JobQueue is not used
    )
    if http == "aiohttp":
        from bot.telegram_http import AiohttpRequest

        builder = builder.request(AiohttpRequest(adapter.connections, pool_timeout=30.0)) \
            .get_updates_request(AiohttpRequest(1))
    else:
        # httpcore scans every pooled connection on each request: a small pool is cheaper,
        # and a Bot API call is short, so a few connections serve many chats.
        builder = builder.connection_pool_size(adapter.connections).pool_timeout(30.0)
    application = builder.build()
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, adapter.on_message))
    application.add_handler(CallbackQueryHandler(adapter.on_callback))
    application.add_error_handler(adapter.on_error)
    return application


class Poller:
    """Long polling that confirms an update to Telegram only after it was processed.

    PTB's updater confirms a batch (the next ``getUpdates`` offset) right after queueing it,
    before it is processed: a process killed in between loses those updates. Here the next
    ``getUpdates`` carries the new offset only once every update of the batch was handled by
    the ``ChatService`` (recorded with its state in one COMMIT) and answered. A process killed
    mid-batch gets the whole batch again at start-up: the updates already recorded are
    dropped by the ``processed_update`` dedupe, the others are processed, in order per chat.
    """

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        *,
        timeout: float = 10.0,
        limit: int = 100,
        backoff: float = 1.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.application = application
        self.timeout = timeout
        self.limit = limit
        self.backoff = backoff
        self._sleep = sleep
        self.offset: int | None = None  # None: start from the first unconfirmed update

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and process batches until ``stop`` is set (an in-flight batch is finished)."""
        bot = self.application.bot
        await self._until(stop, bot.delete_webhook(drop_pending_updates=False))
        failures = 0
        while not stop.is_set():
            try:
                updates = await self._until(stop, bot.get_updates(
                    offset=self.offset, timeout=dt.timedelta(seconds=self.timeout),
                    limit=self.limit, allowed_updates=ALLOWED_UPDATES))
            except InvalidToken:
                raise
            except RetryAfter as exc:
                await self._until(stop, self._sleep(retry_seconds(exc)))
                continue
            except TelegramError as exc:  # network errors, timeouts, a conflicting poller
                failures += 1
                log.warning("telegram getUpdates failed (%s); retrying", type(exc).__name__)
                await self._until(stop, self._sleep(min(self.backoff * failures, 30.0)))
                continue
            failures = 0
            if not updates:
                continue
            # Not cancelled by ``stop``: a batch half-answered would still be redelivered
            # (nothing is confirmed yet), but finishing it costs milliseconds.
            await process_batch(self.application, updates)
            self.offset = updates[-1].update_id + 1

    @staticmethod
    async def _until(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
        """Await ``work`` unless ``stop`` is set first (then cancel it and return None)."""
        task = asyncio.ensure_future(work)
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            return None
        return task.result()


def chat_of(update: Update) -> int:
    """The chat an update belongs to (the presser's private chat for an old button)."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else 0


async def process_batch(
    application: Application[Any, Any, Any, Any, Any, Any], updates: list[Update]
) -> None:
    """Process a batch: chats concurrently, each chat's updates one by one in order."""
    chats: dict[int, list[Update]] = {}
    for update in updates:
        chats.setdefault(chat_of(update), []).append(update)

    async def one_chat(mine: list[Update]) -> None:
        for update in mine:
            await application.process_update(update)

    await asyncio.gather(*(one_chat(mine) for mine in chats.values()))


@asynccontextmanager
async def running(
    application: Application[Any, Any, Any, Any, Any, Any], adapter: TelegramAdapter
) -> AsyncIterator[None]:
    """The Application initialised and started (commands registered) until the block ends."""
    await application.initialize()
    await adapter.register_commands(application.bot)
    await application.start()
    try:
        yield
    finally:
        await application.stop()
        await application.shutdown()


@asynccontextmanager
async def polling(
    application: Application[Any, Any, Any, Any, Any, Any],
    adapter: TelegramAdapter,
    *,
    poll_timeout: float = 10.0,
) -> AsyncIterator[None]:
    """Run long polling (``Poller``) inside the current event loop until the block ends."""
    async with running(application, adapter):
        stop = asyncio.Event()
        poller = asyncio.create_task(Poller(application, timeout=poll_timeout).run(stop))
        freeze_startup_objects()
        try:
            yield
        finally:
            stop.set()
            await asyncio.gather(poller, return_exceptions=True)


def freeze_startup_objects() -> None:
    """Move every object alive after start-up out of the cyclic GC's sight (``gc.freeze``).

    Modules, settings, flows and data loaded at start-up live as long as the process; left in
    the GC's generations they are scanned again by every full collection, which showed as a
    tail of 70-110 ms in the p99 latency of the benchmark (docs/telegram.md).
    """
    gc.collect()
    gc.freeze()


def webhook_path(url: str | None) -> str:
    """The local path the webhook is served at: the path of TELEGRAM_WEBHOOK_URL."""
    path = urlsplit(url).path if url else ""
    return path if path and path != "/" else "/telegram/webhook"


def webhook_app(
    application: Application[Any, Any, Any, Any, Any, Any],
    adapter: TelegramAdapter,
    *,
    secret: str,
    webhook_url: str | None,
    max_body_bytes: int = DEFAULT_WEBHOOK_MAX_BODY_BYTES,
) -> FastAPI:
    """A FastAPI app receiving Telegram's webhook POSTs (its lifespan runs the Application)."""
    if not secret:
        raise ValueError("TELEGRAM_WEBHOOK_SECRET is required in webhook mode")
    expected = secret.encode("utf-8")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with running(application, adapter):
            if webhook_url:
                await adapter._call("setWebhook", 0, lambda: application.bot.set_webhook(
                    webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES))
            yield

    api = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @api.post(webhook_path(webhook_url))
    async def receive(request: Request) -> Response:
        """One update from Telegram: 200 only after it was processed."""
        given = request.headers.get(SECRET_HEADER)
        if given is None:
            return Response(status_code=401)
        if not hmac.compare_digest(given.encode("utf-8"), expected):
            return Response(status_code=403)
        body = await read_capped(request, max_body_bytes)
        if body is None:
            log.warning("telegram webhook: body over %d bytes refused", max_body_bytes)
            return Response(status_code=TOO_LARGE)
        try:
            data = json.loads(body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an Update object")
            update = Update.de_json(data, application.bot)
        except Exception as exc:  # noqa: BLE001 - Telegram would retry a refusal forever
            log.warning("telegram webhook: malformed update ignored (%s, %d bytes)",
                        type(exc).__name__, len(body))
            return Response(status_code=200)
        await application.process_update(update)
        if update.update_id in adapter.failed_updates:
            adapter.failed_updates.discard(update.update_id)
            return Response(status_code=500)  # not processed: let Telegram deliver it again
        return Response(status_code=200)

    return api


async def serve_polling(
    application: Application[Any, Any, Any, Any, Any, Any],
    adapter: TelegramAdapter,
    reminder_clock: ReminderClock,
) -> None:
    """Poll until SIGINT/SIGTERM; then finish the batch and return the unsent reminder claims."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(application, adapter):
        reminder_clock.start()
        freeze_startup_objects()
        try:
            await Poller(application).run(stop)
        finally:
            await reminder_clock.stop()


def run(settings: Settings, *, webhook: bool, host: str, port: int) -> int:
    """``python -m bot telegram``: serve until interrupted; return the exit status."""
    from bot.service import ChatService

    # httpx logs every request URL at INFO, and a Bot API URL contains the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    # Inline SQLite steps (no thread hop) only without the per-commit fsync: with FULL the
    # worker thread lets the fsync overlap with Bot API work, which measured faster.
    # ``serve_polling`` and uvicorn handle SIGINT on the loop, so an inline step is never
    # cut short.
    # With FULL, the worker thread commits every step queued meanwhile in one transaction
    # (group commit: one fsync per batch, docs/runtime.md).
    inline = settings.sqlite_synchronous == "NORMAL"
    service = ChatService(settings, sqlite_inline=inline, group_commit=not inline)
    adapter = TelegramAdapter(service)
    application = build_application(settings, adapter)
    # -- reminder clock (bot.reminder_clock): started and stopped with the application --
    from bot.reminder_clock import ReminderClock
    from bot.senders.telegram import TelegramSender
    from bot.service import system_clock

    reminder_clock = ReminderClock(
        service.sessions, [TelegramSender(application.bot, clock=system_clock)],
        clock=system_clock)
    # -- end reminder clock --
    try:
        if webhook:
            import uvicorn

            secret = settings.telegram_webhook_secret
            api = webhook_app(
                application, adapter,
                secret=secret.get_secret_value() if secret is not None else "",
                webhook_url=settings.telegram_webhook_url,
                max_body_bytes=settings.webhook_max_body_bytes)
            inner_lifespan = api.router.lifespan_context

            @asynccontextmanager
            async def with_reminders(app: FastAPI) -> AsyncIterator[Any]:
                async with inner_lifespan(app) as state:
                    reminder_clock.start()
                    freeze_startup_objects()
                    try:
                        yield state
                    finally:
                        await reminder_clock.stop()

            api.router.lifespan_context = with_reminders
            uvicorn.run(api, host=host, port=port, log_level="warning")
        else:
            asyncio.run(serve_polling(application, adapter, reminder_clock))
    finally:
        service.close()
    return 0


def run_cli(webhook: bool, host: str, port: int) -> int:
    """Entry of ``python -m bot telegram``: check the settings, then ``run``."""
    from bot.settings import get_settings
    from knowledge.errors import InputError

    settings = get_settings()
    if settings.telegram_bot_token is None:
        raise InputError("TELEGRAM_BOT_TOKEN", "isi token bot Telegram terlebih dahulu.")
    if webhook and (settings.telegram_webhook_url is None
                    or settings.telegram_webhook_secret is None):
        raise InputError("TELEGRAM_WEBHOOK_URL", "mode webhook memerlukan "
                         "TELEGRAM_WEBHOOK_URL dan TELEGRAM_WEBHOOK_SECRET.")
    return run(settings, webhook=webhook, host=host, port=port)
