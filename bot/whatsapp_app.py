"""The WhatsApp Cloud API channel: a FastAPI app receiving Meta's webhooks, replying via pywa.

``create_app(config, handler)`` builds the app; ``python -m bot whatsapp`` (``run_whatsapp``)
checks the settings and serves it with uvicorn. Routes (both at ``WEBHOOK_PATH``):

- ``GET``: Meta's subscription handshake — ``hub.mode=subscribe`` and the right
  ``hub.verify_token`` → ``hub.challenge`` echoed; anything else → 403.
- ``POST``: an update. The body is read with a cap (``WEBHOOK_MAX_BODY_BYTES``, 413 when
  larger, enforced while reading: ``bot.webhook_body``), then ``X-Hub-Signature-256`` is
  checked (missing → 401, wrong → 403, nothing processed). A signed body that is not an
  update (invalid JSON, no ``entry``, wrong types) is acknowledged with 200 and a log line
  without its content: Meta would retry a 4xx/500 for days. An update is then handled
  INSIDE the request: the ChatHandler records it durably, advances the conversation and
  the replies are sent before the 200 goes back. pywa's own FastAPI route is not used
  because it acknowledges first and works in a background task, so a crash after the 200
  would lose the message; here a failure of ``handle`` answers 500 and Meta redelivers.
  Redeliveries are recognised by the message id (``handle`` returns None).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hmac
import json
import logging
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse
from pywa.types.others import MessageType
from pywa_async import utils
from pywa_async.client import WhatsApp
from pywa_async.handlers import (
    CallbackButtonHandler,
    CallbackSelectionHandler,
    MessageHandler,
    MessageStatusHandler,
)
from pywa_async.types.callback import CallbackButton, CallbackSelection
from pywa_async.types.message import Message
from pywa_async.types.message_status import MessageStatus

from bot.errors import report_unexpected
from bot.keyed_lock import KeyedLock
from bot.senders.whatsapp import parse_group_reply
from bot.service_api import ChatHandler
from bot.settings import DEFAULT_WEBHOOK_MAX_BODY_BYTES, Settings, get_settings
from bot.webhook_body import TOO_LARGE, read_capped
from bot.whatsapp_render import (
    ButtonsOut,
    Outgoing,
    Sleep,
    TextOut,
    decode_choice,
    plan,
    send_planned,
)
from bot.whatsapp_rules import (
    OPT_IN_ALL,
    OPT_IN_BUTTONS,
    OPT_IN_QUESTION,
    OPT_IN_REPLIES,
    STOP_CONFIRMATION,
    WhatsAppRules,
    is_start,
    is_stop,
)
from handlers.events import ChoiceIn, Event, NotText, TextIn
from handlers.prompts import Prompt
from handlers.reminders.buttons import reminder_step_token

log = logging.getLogger("bot.whatsapp")

CHANNEL = "whatsapp"
WEBHOOK_PATH = "/webhook/whatsapp"
SIGNATURE_HEADER = utils.HUB_SIG  # "X-Hub-Signature-256"
# Graph API version: the newest one the installed pywa supports (part of every API URL).
GRAPH_API_VERSION = str(utils.Version.GRAPH_API)
HTTP_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
REPLY_ATTEMPTS = 4  # a reply's tries on a transient failure (bot/whatsapp_render.is_transient)

# Types that get no answer at all: a reaction is not a request.
_SILENT_TYPES = {MessageType.REACTION}


@dataclass(frozen=True)
class WhatsAppConfig:
    """What the channel needs; all four secrets/ids are mandatory."""

    phone_id: str
    token: str
    app_secret: str
    verify_token: str
    api_base_url: str | None = None
    max_body_bytes: int = DEFAULT_WEBHOOK_MAX_BODY_BYTES


class StartupError(Exception):
    """The channel cannot start; ``str(exc)`` is one line for the operator."""


def config_from_settings(settings: Settings) -> WhatsAppConfig:
    """The channel configuration, or ``StartupError`` naming every missing variable."""
    values = {
        "WHATSAPP_PHONE_ID": settings.whatsapp_phone_id,
        "WHATSAPP_TOKEN": _secret(settings.whatsapp_token),
        "WHATSAPP_APP_SECRET": _secret(settings.whatsapp_app_secret),
        "WHATSAPP_VERIFY_TOKEN": _secret(settings.whatsapp_verify_token),
    }
    missing = [name for name, value in values.items() if not value]
    if missing:
        why = (
            " Tanpa app secret, tanda tangan X-Hub-Signature-256 webhook tidak dapat diperiksa."
            if "WHATSAPP_APP_SECRET" in missing
            else ""
        )
        raise StartupError(
            f"Server WhatsApp tidak dijalankan: {', '.join(missing)} belum diisi.{why}"
        )
    return WhatsAppConfig(
        phone_id=str(values["WHATSAPP_PHONE_ID"]),
        token=str(values["WHATSAPP_TOKEN"]),
        app_secret=str(values["WHATSAPP_APP_SECRET"]),
        verify_token=str(values["WHATSAPP_VERIFY_TOKEN"]),
        api_base_url=settings.whatsapp_api_base_url,
        max_body_bytes=settings.webhook_max_body_bytes,
    )


def _secret(value: object) -> str | None:
    if value is None:
        return None
    getter = getattr(value, "get_secret_value", None)
    text = getter() if callable(getter) else value
    return str(text).strip() or None


def update_shape_problem(body: bytes) -> str | None:
    """Why ``body`` is not a webhook update (entry[].changes[] with field and value), or None."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # also non-UTF-8 bytes and absurd nesting
        return "not JSON"
    if not isinstance(data, dict):
        return "not a JSON object"
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        return "no entry list"
    for entry in entries:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list) or not changes:
            return "an entry without changes"
        for change in changes:
            if not isinstance(change, dict) or not isinstance(change.get("field"), str) \
                    or not isinstance(change.get("value"), dict):
                return "a change without field and value"
    return None


# -- processing one update -------------------------------------------------------------------
@dataclass
class _Outcome:
    """Filled while pywa dispatches one POST; pywa swallows callback errors, we must not."""

    error_id: str | None = None


_outcome: contextvars.ContextVar[_Outcome] = contextvars.ContextVar("whatsapp_outcome")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _user_id(update: Message | CallbackButton[str] | CallbackSelection[str]) -> str:
    # The phone number (wa_id) is what the issue keys users by; a user who hides it behind a
    # username only has the business-scoped id (BSUID), which the Cloud API also accepts as "to".
    user = update.from_user
    return user.wa_id or user.bsuid


class _Channel:
    """The pywa callbacks: turn updates into events, call the handler, send the replies.

    With ``rules`` (a database behind the handler) WhatsApp's own rules are kept here, before
    the engine: "STOP"/"IZINKAN" and the opt-in answer, status webhooks into the ledger, the
    merged template's quick replies applied to each of its reminders, and the opt-in question
    asked once a user has reminders (docs/whatsapp.md, "Rules for reminders").
    """

    def __init__(self, handler: ChatHandler, rules: WhatsAppRules | None = None,
                 clock: Callable[[], datetime] = _utcnow, sleep: Sleep = asyncio.sleep) -> None:
        self.handler = handler
        self.rules = rules
        self.clock = clock
        self._sleep = sleep
        # One lock per user around handle + send, so the replies to two quick messages
        # (a double tap) go out one conversation turn after the other, never interleaved.
        self._turns: KeyedLock[str] = KeyedLock()

    async def on_message(self, wa: WhatsApp, msg: Message) -> None:
        """Text → TextIn; other message types get a polite note (reactions get nothing)."""
        if msg.type == MessageType.TEXT and msg.text is not None:
            if self.rules is not None and (is_stop(msg.text) or is_start(msg.text)):
                choice = "stop" if is_stop(msg.text) else OPT_IN_ALL
                await self._consent(wa, _user_id(msg), msg.id, choice)
                return
            await self._process(wa, _user_id(msg), msg.id, TextIn(msg.text))
        elif msg.type not in _SILENT_TYPES:
            # Recorded like any message (a redelivery gets no second reply); the engine
            # answers with one sentence and the current question.
            await self._process(wa, _user_id(msg), msg.id, NotText())

    async def on_button(self, wa: WhatsApp, button: CallbackButton[str]) -> None:
        """A reply button (or a template quick reply) → ChoiceIn."""
        data = str(button.data)
        if self.rules is not None and data in OPT_IN_REPLIES:
            await self._consent(wa, _user_id(button), button.id, data)
            return
        group = parse_group_reply(data)
        if group is not None:
            await self._group(wa, _user_id(button), button.id, *group)
            return
        await self._process(wa, _user_id(button), button.id, decode_choice(data))

    async def on_selection(self, wa: WhatsApp, selection: CallbackSelection[str]) -> None:
        """A list row → ChoiceIn."""
        await self._process(wa, _user_id(selection), selection.id,
                            decode_choice(str(selection.data)))

    async def on_status(self, wa: WhatsApp, status: MessageStatus[str]) -> None:
        """sent / delivered / read / failed of a message we sent → the reminder ledger."""
        if self.rules is None:
            return
        code = status.error.code if status.error is not None else None
        try:
            await self.rules.status(status.id, str(status.status.value), status.timestamp,
                                    code)
        except Exception as exc:  # noqa: BLE001 - answer 500 so that Meta redelivers
            self._failed(report_unexpected(exc))

    @staticmethod
    def _failed(error_id: str) -> None:
        outcome = _outcome.get(None)
        if outcome is not None:
            outcome.error_id = error_id

    async def _consent(self, wa: WhatsApp, user: str, update_key: str, choice: str) -> None:
        """"STOP", "IZINKAN" or an opt-in button: recorded once, confirmed in one sentence."""
        assert self.rules is not None
        async with self._turns.hold(user):
            now = self.clock()
            try:
                if choice == "stop":
                    new = await self.rules.stop(user, update_key, now)
                    reply = STOP_CONFIRMATION
                else:
                    new = await self.rules.answer(user, update_key, choice, now)
                    reply = OPT_IN_REPLIES[choice]
            except Exception as exc:  # noqa: BLE001 - answer 500 so that Meta redelivers
                self._failed(report_unexpected(exc))
                return
            if not new:
                log.info("duplicate whatsapp update ignored")
                return
            await self._send(wa, user, [reply])

    async def _group(self, wa: WhatsApp, user: str, update_key: str, ids: list[int],
                     token: str) -> None:
        """A merged template's quick reply: the same action for each of its reminders."""
        async with self._turns.hold(user):
            prompts: list[Prompt] = []
            for index, delivery_id in enumerate(ids):
                event = ChoiceIn(token=token, step_token=reminder_step_token(delivery_id))
                key = update_key if index == 0 else f"{update_key}#{index}"
                try:
                    got = await self.handler.handle(CHANNEL, user, key, event)
                except Exception as exc:  # noqa: BLE001 - answer 500 so that Meta redelivers
                    self._failed(report_unexpected(exc))
                    return
                prompts += got or []
            if prompts:
                try:
                    await self._reply(wa, user, plan(prompts[-1:]))
                except Exception as exc:  # noqa: BLE001 - recorded already
                    report_unexpected(exc)

    async def _process(self, wa: WhatsApp, user: str, update_key: str, event: Event) -> None:
        async with self._turns.hold(user):
            await self._process_turn(wa, user, update_key, event)

    async def _process_turn(
        self, wa: WhatsApp, user: str, update_key: str, event: Event
    ) -> None:
        try:
            prompts = await self.handler.handle(CHANNEL, user, update_key, event)
        except Exception as exc:  # noqa: BLE001 - answer 500 so that Meta redelivers
            self._failed(report_unexpected(exc))
            return
        if prompts is None:
            log.info("duplicate whatsapp update ignored")
            return
        try:
            await self._reply(wa, user, plan(prompts))
        except Exception as exc:  # noqa: BLE001 - recorded already: a redelivery cannot help
            report_unexpected(exc)
        await self._after(wa, user)

    async def _reply(self, wa: WhatsApp, user: str, outgoing: list[Outgoing]) -> None:
        """Send a reply; a hiccup of the connection or of Meta sends that message again.

        The update is recorded already (a redelivery gets no reply), so a reset connection
        must not lose the answer: ``REPLY_ATTEMPTS`` tries, like the Telegram adapter's.
        """
        await send_planned(wa, user, outgoing, attempts=REPLY_ATTEMPTS, sleep=self._sleep)

    async def _after(self, wa: WhatsApp, user: str) -> None:
        """The window is open now: release waiting reminders; ask the opt-in once."""
        if self.rules is None:
            return
        try:
            ask = await self.rules.after_message(user, self.clock())
            if ask:
                await self._reply(wa, user, [ButtonsOut(OPT_IN_QUESTION, OPT_IN_BUTTONS)])
        except Exception as exc:  # noqa: BLE001 - the message itself was handled
            report_unexpected(exc)

    async def _send(self, wa: WhatsApp, user: str, texts: list[str]) -> None:
        try:
            await self._reply(wa, user, [TextOut(text) for text in texts])
        except Exception as exc:  # noqa: BLE001
            report_unexpected(exc)


@dataclass(frozen=True)
class WhatsAppWebhook:
    """The webhook routes (mount ``router`` in any FastAPI app) and the HTTP client to close."""

    router: APIRouter
    http: httpx.AsyncClient


def default_rules(handler: ChatHandler) -> WhatsAppRules | None:
    """The rules on the handler's database (None for a handler without one, e.g. tests)."""
    sessions = getattr(handler, "sessions", None)
    return None if sessions is None else WhatsAppRules(sessions)


def webhook_routes(
    config: WhatsAppConfig, handler: ChatHandler, *, session: httpx.AsyncClient | None = None,
    rules: WhatsAppRules | None = None, clock: Callable[[], datetime] = _utcnow,
    sleep: Sleep = asyncio.sleep,
) -> WhatsAppWebhook:
    """GET/POST ``WEBHOOK_PATH`` for ``config``, answering through ``handler``; ``rules``
    (default: on the handler's database) enforce WhatsApp's rules for reminders."""
    if not config.app_secret:
        raise StartupError("WHATSAPP_APP_SECRET belum diisi.")
    http = session or httpx.AsyncClient(timeout=HTTP_TIMEOUT)
    wa = WhatsApp(
        phone_id=config.phone_id,
        token=config.token,
        session=http,
        verify_token=config.verify_token,
        app_secret=config.app_secret,
        validate_updates=True,
        # Deduplication is durable in the ChatHandler; pywa's in-memory cache would also drop
        # the redelivery of an update whose first attempt failed with a 500.
        skip_duplicate_updates=False,
        filter_updates=True,  # ignore updates addressed to another phone number id
        api_version=GRAPH_API_VERSION,
    )
    if config.api_base_url:
        # pywa builds "https://graph.facebook.com/v<N>/" on the session; keep the version path.
        http.base_url = config.api_base_url.rstrip("/") + http.base_url.path
    channel = _Channel(handler, rules if rules is not None else default_rules(handler), clock,
                       sleep)
    # pywa_async's handler signatures are typed against the sync client: hence the ignores.
    wa.add_handlers(
        MessageHandler(channel.on_message),  # type: ignore[arg-type]
        CallbackButtonHandler(channel.on_button),  # type: ignore[arg-type]
        CallbackSelectionHandler(channel.on_selection),  # type: ignore[arg-type]
        MessageStatusHandler(channel.on_status),  # type: ignore[arg-type]
    )
    app = APIRouter()
    headers = {"X-Content-Type-Options": "nosniff"}

    @app.get(WEBHOOK_PATH)
    async def verify(request: Request) -> PlainTextResponse:
        """Meta's subscription handshake: echo the challenge for the right verify token."""
        query = request.query_params
        token = query.get("hub.verify_token", "")
        challenge = query.get("hub.challenge", "")
        if (
            query.get("hub.mode") == "subscribe"
            and challenge
            and hmac.compare_digest(token.encode(), config.verify_token.encode())
        ):
            return PlainTextResponse(challenge, headers=headers)
        log.warning("whatsapp webhook verification refused")
        return PlainTextResponse("Forbidden", status_code=403, headers=headers)

    @app.post(WEBHOOK_PATH)
    async def receive(request: Request) -> PlainTextResponse:
        """One update: cap the body, verify the signature, handle it completely, acknowledge."""
        body = await read_capped(request, config.max_body_bytes)
        if body is None:
            log.warning("whatsapp webhook: body over %d bytes refused", config.max_body_bytes)
            return PlainTextResponse("Payload Too Large", status_code=TOO_LARGE,
                                     headers=headers)
        refused = await wa.webhook_update_validator(body, request.headers.get(SIGNATURE_HEADER))
        if refused is not None:
            return PlainTextResponse(refused[0], status_code=refused[1], headers=headers)
        # A signed body Meta would send again and again if refused: acknowledge what cannot
        # be an update (logged without its content) instead of answering 4xx/500.
        problem = update_shape_problem(body)
        if problem is not None:
            log.warning("whatsapp webhook: malformed update ignored (%s, %d bytes)",
                        problem, len(body))
            return PlainTextResponse("ok", headers=headers)
        outcome = _Outcome()
        reset = _outcome.set(outcome)
        try:
            text, status = await wa.webhook_update_handler(body)
        except Exception as exc:  # noqa: BLE001 - pywa choking on an odd shape: not retryable
            log.warning("whatsapp webhook: update not understood (%s, %d bytes)",
                        type(exc).__name__, len(body))
            return PlainTextResponse("ok", headers=headers)
        finally:
            _outcome.reset(reset)
        if outcome.error_id is not None:
            return PlainTextResponse("Error", status_code=500, headers=headers)
        if status != 200:
            log.warning("whatsapp webhook: update refused by pywa (%d, %d bytes)",
                        status, len(body))
        return PlainTextResponse("ok", headers=headers)

    return WhatsAppWebhook(app, http)


def create_app(
    config: WhatsAppConfig, handler: ChatHandler, *, session: httpx.AsyncClient | None = None,
    rules: WhatsAppRules | None = None, clock: Callable[[], datetime] = _utcnow,
    sleep: Sleep = asyncio.sleep,
) -> FastAPI:
    """The FastAPI app serving the webhook for ``config`` and answering through ``handler``."""
    webhook = webhook_routes(config, handler, session=session, rules=rules, clock=clock,
                             sleep=sleep)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await webhook.http.aclose()

    app = FastAPI(title="Asisten JF Perdagangan - WhatsApp", lifespan=lifespan,
                  docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(webhook.router)
    return app


# -- the server process ------------------------------------------------------------------------
def default_handler(settings: Settings) -> ChatHandler:
    """The real ChatService on ``DATABASE_URL`` (migrated to the current schema)."""
    from bot.service import ChatService  # late: keeps this module importable on its own

    return ChatService(settings)


def _with_reminder_clock(
    app: FastAPI, settings: Settings, config: WhatsAppConfig, handler: ChatHandler
) -> None:
    """Run the reminder clock (bot.reminder_clock) for as long as ``app`` serves."""
    from bot.reminder_clock import ReminderClock
    from bot.senders.whatsapp import WhatsAppSender, make_client
    from bot.service import system_clock

    sessions = getattr(handler, "sessions", None)
    if sessions is None:  # a handler without a database (tests): no reminders
        return
    from bot.whatsapp_rules import WhatsAppRules, tier_cap

    rules = WhatsAppRules(sessions, tier=tier_cap(settings.whatsapp_messaging_limit))
    sender = WhatsAppSender(
        make_client(config.phone_id, config.token, config.api_base_url), clock=system_clock,
        template_name=settings.whatsapp_template_name,
        template_language=settings.whatsapp_template_language, rules=rules)
    reminder_clock = ReminderClock(sessions, [sender], clock=system_clock)
    inner_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def with_reminders(application: FastAPI) -> AsyncIterator[Any]:
        async with inner_lifespan(application) as state:
            reminder_clock.start()
            try:
                yield state
            finally:
                await reminder_clock.stop()

    app.router.lifespan_context = with_reminders


def run_whatsapp(host: str, port: int, settings: Settings | None = None) -> int:
    """Serve the webhook with uvicorn until stopped; 2 when the settings are incomplete."""
    import uvicorn

    # Invalid settings were already reported by ``bot.cli`` (it reads them first).
    settings = settings or get_settings()
    try:
        config = config_from_settings(settings)
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    handler = default_handler(settings)
    app = create_app(config, handler)
    _with_reminder_clock(app, settings, config, handler)
    print(f"Server WhatsApp dimulai di http://{host}:{port}{WEBHOOK_PATH}", file=sys.stderr,
          flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
    except SystemExit as exc:  # uvicorn exits this way when it cannot bind the port
        if exc.code not in (0, None):
            print(f"Server WhatsApp tidak dapat berjalan di {host}:{port} (lihat log).",
                  file=sys.stderr)
            return 1
    finally:
        close = getattr(handler, "close", None)
        if callable(close):
            close()
    return 0
