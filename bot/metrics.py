"""Prometheus metrics of one ``python -m bot serve`` process (``GET /metrics``).

Each worker exposes its own numbers (Prometheus scrapes every replica; sum them there).

| metric | type | what |
|---|---|---|
| ``asisten_updates_in_total{channel}`` | counter | events handed to the runtime |
| ``asisten_updates_answered_total{channel}`` | counter | events answered (prompts returned) |
| ``asisten_updates_duplicate_total{channel}`` | counter | redeliveries recognised (no reply) |
| ``asisten_reply_seconds{channel}`` | histogram | webhook POST received → 200 (reply sent) |
| ``asisten_reminder_deliveries_total{status}`` | counter | dispatch outcomes (sent, retried, …) |
| ``asisten_reminder_backlog`` | gauge | deliveries due now and not yet sent (read at scrape) |
| ``asisten_search_seconds`` | histogram | one knowledge search (``SearchIndex.search``) |
| ``asisten_ask_seconds`` | histogram | one engine step that searched (a Tanya answer) |
| ``asisten_clock_leader`` | gauge | 1 while this process runs the planning jobs |
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
)
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.dispatch import Dispatcher, DispatchReport
from bot.service_api import ChatHandler
from handlers.events import Event
from handlers.prompts import Prompt
from storage.models import Delivery

log = logging.getLogger("bot.updates")

# The "_created" series double the page and nobody reads them.
disable_created_metrics()  # type: ignore[no-untyped-call]
REGISTRY = CollectorRegistry()
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

UPDATES_IN = Counter("asisten_updates_in", "Events handed to the runtime", ["channel"],
                     registry=REGISTRY)
UPDATES_ANSWERED = Counter("asisten_updates_answered", "Events answered", ["channel"],
                           registry=REGISTRY)
UPDATES_DUPLICATE = Counter("asisten_updates_duplicate", "Redeliveries recognised",
                            ["channel"], registry=REGISTRY)
REPLY_SECONDS = Histogram("asisten_reply_seconds", "Webhook received to answered",
                          ["channel"], buckets=LATENCY_BUCKETS, registry=REGISTRY)
REMINDER_DELIVERIES = Counter("asisten_reminder_deliveries", "Reminder dispatch outcomes",
                              ["status"], registry=REGISTRY)
REMINDER_BACKLOG = Gauge("asisten_reminder_backlog", "Deliveries due and not yet sent",
                         registry=REGISTRY)
SEARCH_SECONDS = Histogram("asisten_search_seconds", "One knowledge search",
                           buckets=LATENCY_BUCKETS, registry=REGISTRY)
ASK_SECONDS = Histogram("asisten_ask_seconds", "One engine step that searched",
                        buckets=LATENCY_BUCKETS, registry=REGISTRY)
CLOCK_LEADER = Gauge("asisten_clock_leader", "1 while this process runs the planning jobs",
                     registry=REGISTRY)

_D = Delivery.__table__  # type: ignore[attr-defined]
_searched = threading.local()  # set by TimedIndex.search in the worker thread of a step


class MeteredHandler:
    """A ``ChatHandler`` counting what passes through it per channel."""

    def __init__(self, inner: ChatHandler) -> None:
        self.inner = inner

    async def handle(
        self, channel: str, external_id: str, update_key: str | None, event: Event
    ) -> list[Prompt] | None:
        """Count the event, delegate, count the outcome."""
        UPDATES_IN.labels(channel).inc()
        started = time.perf_counter()
        prompts = await self.inner.handle(channel, external_id, update_key, event)
        (UPDATES_DUPLICATE if prompts is None else UPDATES_ANSWERED).labels(channel).inc()
        # ``user`` is hashed by bot.json_logs; no text of the event or the prompts.
        log.info("update %s", "duplicate" if prompts is None else "handled", extra={
            "channel": channel, "user": external_id,
            "ms": round((time.perf_counter() - started) * 1000, 1)})
        return prompts


class TimedIndex:
    """Wraps a ``SearchIndex``: ``search`` is timed, everything else passes through."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._inner: Any = None
        self._lock = threading.Lock()

    def _index(self) -> Any:
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    self._inner = self._make()
        return self._inner

    def search(self, *args: Any, **kwargs: Any) -> Any:
        """The wrapped index's search, observed in ``asisten_search_seconds``."""
        index = self._index()
        started = time.perf_counter()
        try:
            return index.search(*args, **kwargs)
        finally:
            SEARCH_SECONDS.observe(time.perf_counter() - started)
            _searched.flag = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index(), name)


def timed_advance(advance: Callable[..., Any]) -> Callable[..., Any]:
    """The engine's ``advance``, observed in ``asisten_ask_seconds`` when a step searched."""

    def run(state: Any, event: Any, *, now: datetime, services: Any) -> Any:
        _searched.flag = False
        started = time.perf_counter()
        outcome = advance(state, event, now=now, services=services)
        if getattr(_searched, "flag", False):
            ASK_SECONDS.observe(time.perf_counter() - started)
        return outcome

    return run


class MeteredDispatcher(Dispatcher):
    """A ``Dispatcher`` adding each run's outcomes to ``asisten_reminder_deliveries_total``."""

    async def run_once(self, now: datetime | None = None) -> DispatchReport:
        """``Dispatcher.run_once``, counted."""
        report = await super().run_once(now)
        for status in ("sent", "retried", "failed", "blocked", "deferred", "lost_claims"):
            count = getattr(report, status)
            if count:
                REMINDER_DELIVERIES.labels(status).inc(count)
        return report


def backlog(sessions: sessionmaker[Session], now: datetime) -> int:
    """Deliveries due at ``now`` and not yet sent (pending, or claimed past their lease)."""
    with sessions() as session:
        count = session.connection().execute(
            sa.select(sa.func.count()).select_from(_D).where(
                _D.c.status.in_(("pending", "claimed")), _D.c.available_at <= now)
        ).scalar_one()
    return int(count)


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Scope]]
Send = Callable[[Scope], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ReplyTimer:
    """ASGI middleware: times POSTs to the webhook paths into ``asisten_reply_seconds``.

    The webhooks answer only after the reply was sent, so request time is reply latency.
    """

    def __init__(self, app: ASGIApp, paths: dict[str, str]) -> None:
        self.app = app
        self.paths = paths  # path -> channel

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; observe its duration when it is a webhook POST."""
        channel = self.paths.get(scope.get("path", "")) if scope["type"] == "http" \
            and scope.get("method") == "POST" else None
        if channel is None:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            REPLY_SECONDS.labels(channel).observe(time.perf_counter() - started)
