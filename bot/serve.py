"""``python -m bot serve``: one ASGI app with every channel, health, readiness and metrics.

Routes (FastAPI, served by uvicorn; docs/deploy.md):

- the Telegram webhook (``bot.telegram_app.webhook_app``: secret header, capped body, 200
  after the reply) at the path of TELEGRAM_WEBHOOK_URL (default ``/telegram/webhook``), when
  TELEGRAM_BOT_TOKEN is set;
- the WhatsApp webhook (``bot.whatsapp_app.create_app``: body capped, signature first, 200
  after the reply) at ``/webhook/whatsapp``, when any WHATSAPP_* variable is set;
- ``GET /healthz``: the process is alive (200, no database access);
- ``GET /readyz``: the database answers and is at the Alembic head → 200, else 503 with a
  short reason (``{"ready": false, "reason": "migrations pending: 0003 → 0004"}``);
- ``GET /metrics``: Prometheus text format (``bot.metrics``).

Several worker processes may serve one PostgreSQL database. Every process dispatches due
reminders (claims are ``FOR UPDATE SKIP LOCKED``, marks check the claim: one delivery is sent
by one worker); the planning jobs (fan-out, re-plan) run only in the clock leader
(``bot.leader``). The process does not migrate: ``python -m bot migrate`` does, once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot import metrics
from bot.leader import Leadership
from bot.reminder_clock import JOB_DISPATCH, JOB_PLAN, JOB_REPLAN, ReminderClock
from bot.senders import Sender
from bot.service import ChatService, system_clock
from bot.settings import Settings

log = logging.getLogger("bot.serve")

Clock = Callable[[], datetime]
READY_TIMEOUT = 5.0
# Longer than a reverse proxy's idle timeout for upstream connections: with uvicorn's 5 s
# default a proxy (or the platform) reusing a connection the worker is just closing gets a
# reset and must retry (19 of 5,256 deliveries in bench/scale_bench.py).
KEEP_ALIVE_SECONDS = 75
WHATSAPP_SETTINGS = ("whatsapp_phone_id", "whatsapp_token", "whatsapp_app_secret",
                     "whatsapp_verify_token")


class StartupError(Exception):
    """``serve`` cannot start; ``str(exc)`` is one line for the operator (Indonesian)."""


def head_revision() -> str | None:
    """The newest Alembic revision shipped with this code."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def readiness(sessions: sessionmaker[Session], head: str | None) -> str | None:
    """Why the process cannot serve now (database down, schema behind), or None."""
    from alembic.runtime.migration import MigrationContext

    try:
        with sessions() as session:
            current = MigrationContext.configure(session.connection()).get_current_revision()
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        return f"database unreachable ({type(exc).__name__})"
    if current != head:
        return f"migrations pending: {current or 'none'} → {head}"
    return None


def _metered_service(settings: Settings, clock: Clock) -> ChatService:
    from handlers import engine
    from knowledge.search import default_index

    services = engine.default_services(idle_minutes=settings.idle_minutes)
    services = dataclasses.replace(services, search=metrics.TimedIndex(default_index))  # type: ignore[arg-type]
    inline = settings.sqlite_synchronous == "NORMAL"
    return ChatService(settings, clock=clock, migrate=False,
                       advance=metrics.timed_advance(engine.advance), services=services,
                       sqlite_inline=inline, group_commit=not inline)


def _whatsapp_wanted(settings: Settings) -> bool:
    return any(getattr(settings, name) is not None for name in WHATSAPP_SETTINGS)


@dataclasses.dataclass
class Served:
    """What ``build_app`` made: the app and the parts tests and shutdown need."""

    app: FastAPI
    service: ChatService
    leadership: Leadership
    dispatching: ReminderClock
    planning: ReminderClock

    def close(self) -> None:
        """Release the database connections (after the app stopped)."""
        self.service.close()


def build_app(settings: Settings, *, clock: Clock = system_clock) -> Served:
    """The ASGI app of ``python -m bot serve`` for ``settings`` (see the module docstring)."""
    wants_whatsapp = _whatsapp_wanted(settings)
    if not settings.telegram_enabled and not wants_whatsapp:
        raise StartupError("Tidak ada kanal yang diatur: isi TELEGRAM_BOT_TOKEN dan/atau "
                           "variabel WHATSAPP_*.")
    if settings.telegram_enabled and settings.telegram_webhook_secret is None:
        raise StartupError("TELEGRAM_WEBHOOK_SECRET belum diisi (wajib untuk webhook).")
    whatsapp_config = None
    if wants_whatsapp:
        from bot.whatsapp_app import StartupError as WhatsAppStartupError
        from bot.whatsapp_app import config_from_settings

        try:
            whatsapp_config = config_from_settings(settings)
        except WhatsAppStartupError as exc:
            raise StartupError(str(exc)) from None

    service = _metered_service(settings, clock)
    handler = metrics.MeteredHandler(service)
    share = settings.dispatch_processes
    lifespans: list[Callable[[], Any]] = []
    senders: list[Sender] = []
    paths: dict[str, str] = {}
    app = FastAPI(title="Asisten JF Perdagangan", docs_url=None, redoc_url=None,
                  openapi_url=None)

    if settings.telegram_enabled:
        from bot.senders import telegram as telegram_sender
        from bot.telegram_app import TelegramAdapter, build_application, webhook_app

        adapter = TelegramAdapter(handler)
        application = build_application(settings, adapter)
        secret = settings.telegram_webhook_secret
        assert secret is not None
        telegram = webhook_app(application, adapter, secret=secret.get_secret_value(),
                               webhook_url=settings.telegram_webhook_url,
                               max_body_bytes=settings.webhook_max_body_bytes)
        app.router.routes.extend(telegram.router.routes)
        paths.update({route.path: "telegram" for route in telegram.router.routes
                      if hasattr(route, "path")})
        lifespans.append(lambda: telegram.router.lifespan_context(telegram))
        senders.append(telegram_sender.TelegramSender(
            application.bot, clock=clock, rate=telegram_sender.RATE / share))

    if whatsapp_config is not None:
        from bot.senders import whatsapp as whatsapp_sender
        from bot.whatsapp_app import WEBHOOK_PATH, create_app

        whatsapp = create_app(whatsapp_config, handler)
        app.router.routes.extend(whatsapp.router.routes)
        paths[WEBHOOK_PATH] = "whatsapp"
        lifespans.append(lambda: whatsapp.router.lifespan_context(whatsapp))
        senders.append(whatsapp_sender.WhatsAppSender(
            whatsapp_sender.make_client(whatsapp_config.phone_id, whatsapp_config.token,
                                        whatsapp_config.api_base_url),
            clock=clock, template_name=settings.whatsapp_template_name,
            template_language=settings.whatsapp_template_language,
            rate=whatsapp_sender.RATE / share))

    sessions = service.sessions
    dispatcher = metrics.MeteredDispatcher(
        sessions, senders, clock=clock, lease=timedelta(seconds=settings.reminder_lease_seconds))
    dispatching = ReminderClock(sessions, senders, clock=clock, dispatcher=dispatcher,
                                jobs=(JOB_DISPATCH,))
    planning = ReminderClock(sessions, [], clock=clock, dispatcher=dispatcher,
                             jobs=(JOB_PLAN, JOB_REPLAN))

    def gain() -> None:
        metrics.CLOCK_LEADER.set(1)
        planning.start()

    async def lose() -> None:
        metrics.CLOCK_LEADER.set(0)
        await planning.stop()

    leadership = Leadership(settings.database_url, on_gain=gain, on_loss=lose,
                            retry=settings.leader_retry_seconds)
    head = head_revision()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from bot.telegram_app import freeze_startup_objects

        async with AsyncExitStack() as stack:
            for enter in lifespans:
                await stack.enter_async_context(enter())
            dispatching.start()
            stop = asyncio.Event()
            electing = asyncio.create_task(leadership.run(stop))
            freeze_startup_objects()
            log.info("serving", extra={"worker": dispatcher.worker_id})
            try:
                yield
            finally:
                stop.set()
                await electing
                await dispatching.stop()

    app.router.lifespan_context = lifespan

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        """Alive: the event loop answers (no database access)."""
        return JSONResponse({"status": "ok"})

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        """Ready: database reachable and migrated to the head revision."""
        try:
            reason = await asyncio.wait_for(
                asyncio.to_thread(readiness, sessions, head), READY_TIMEOUT)
        except TimeoutError:
            reason = "database timeout"
        if reason is not None:
            return JSONResponse({"ready": False, "reason": reason}, status_code=503)
        return JSONResponse({"ready": True, "revision": head,
                             "leader": leadership.leading})

    @app.get("/metrics")
    async def metrics_page() -> Response:
        """Prometheus metrics of this process."""
        try:
            count = await asyncio.wait_for(
                asyncio.to_thread(metrics.backlog, sessions, clock()), READY_TIMEOUT)
            metrics.REMINDER_BACKLOG.set(count)
        except Exception as exc:  # noqa: BLE001 - the other metrics are still worth reading
            log.warning("metrics: backlog not read (%s)", type(exc).__name__)
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(metrics.ReplyTimer, paths=paths)
    return Served(app, service, leadership, dispatching, planning)


def run_serve(host: str | None, port: int | None, settings: Settings | None = None) -> int:
    """Serve until SIGTERM/SIGINT; 2 when the settings are incomplete."""
    import uvicorn

    from bot.json_logs import configure_json_logging
    from bot.settings import get_settings

    settings = settings or get_settings()
    if settings.log_format == "json":
        configure_json_logging(settings.log_user_salt.get_secret_value())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        served = build_app(settings)
    except StartupError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    host = host or settings.serve_host
    port = port or settings.serve_port
    log.info("listening on %s:%d", host, port)
    try:
        uvicorn.run(served.app, host=host, port=port, log_config=None, access_log=False,
                    lifespan="on", timeout_graceful_shutdown=20,
                    timeout_keep_alive=KEEP_ALIVE_SECONDS)
    except SystemExit as exc:  # uvicorn exits so when it cannot bind or start up
        if exc.code not in (0, None):
            print(f"Server tidak dapat dimulai di {host}:{port}: port terpakai, atau basis "
                  "data / API kanal belum terjangkau (lihat log).", file=sys.stderr)
            return 1
    finally:
        served.close()
    return 0


def run_migrate(settings: Settings | None = None) -> int:
    """``python -m bot migrate``: upgrade the database to the head revision once."""
    from bot.settings import get_settings
    from storage.db import current_revision, upgrade_to_head

    settings = settings or get_settings()
    upgrade_to_head(settings.database_url)
    print(f"Basis data pada revisi {current_revision(settings.database_url)}.")
    return 0
