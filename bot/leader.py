"""Which process runs the reminder clock's planning jobs: a PostgreSQL advisory lock.

``Leadership.run`` keeps trying ``pg_try_advisory_lock(CLOCK_LOCK)`` on a connection of its
own (autocommit, TCP keepalives) every ``retry`` seconds. The process that gets it is the
leader and calls ``on_gain``; it holds the lock for as long as that connection lives and
checks it every ``retry`` seconds (``SELECT 1``). When the connection is lost (database
restart, network) it calls ``on_loss`` and tries again. When a leader dies — SIGKILL
included — its connection closes, PostgreSQL frees the lock at once, and the next attempt
of another process (within ``retry`` seconds) takes over; a leader cut off without a TCP
close (a dead host) is detected by the keepalives after about 25 s.

On SQLite there is one process (the database file is not shared between hosts): it leads
from the start and never loses it.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from storage.db import normalise_url

log = logging.getLogger("bot.leader")

# Arbitrary constant, distinct from storage.db.MIGRATION_ADVISORY_LOCK ("JFPD").
CLOCK_LOCK = 0x4A46_434C  # "JFCL"
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
              "keepalives_count": 3, "connect_timeout": 5}
Hook = Callable[[], Awaitable[None] | None]


def libpq_url(url: str) -> str | None:
    """The libpq URL psycopg connects with, or None when ``url`` is not PostgreSQL."""
    parsed = make_url(normalise_url(url))
    if parsed.get_backend_name() != "postgresql":
        return None
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def leader_name() -> str:
    """``asisten-clock:<host>:<pid>``, the lock connection's ``application_name``."""
    return f"asisten-clock:{socket.gethostname()[:40]}:{os.getpid()}"


async def _call(hook: Hook) -> None:
    result = hook()
    if inspect.isawaitable(result):
        await result


class Leadership:
    """Elects this process as clock leader while it holds the advisory lock."""

    def __init__(self, database_url: str, *, on_gain: Hook, on_loss: Hook,
                 retry: float = 5.0, key: int = CLOCK_LOCK, name: str | None = None) -> None:
        self.url = libpq_url(database_url)
        self.on_gain = on_gain
        self.on_loss = on_loss
        self.retry = retry
        self.key = key
        # Shown in pg_stat_activity: which host and process leads (docs/deploy.md).
        self.name = (name or leader_name())[:63]
        self.leading = False
        self._conn: psycopg.Connection[Any] | None = None

    # -- blocking parts (worker thread) -------------------------------------------------
    def _try_acquire(self) -> bool:
        assert self.url is not None
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.url, autocommit=True, application_name=self.name,
                                         **KEEPALIVES)  # type: ignore[arg-type]
        row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        return bool(row and row[0])

    def _still_held(self) -> bool:
        if self._conn is None or self._conn.closed:
            return False
        try:
            self._conn.execute("SELECT 1")
        except psycopg.Error:
            return False
        return True

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()  # also frees the lock
            except psycopg.Error:
                pass

    # -- the loop ----------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event) -> None:
        """Try, lead, re-check every ``retry`` seconds until ``stop``; then step down."""
        try:
            if self.url is None:
                await self._gain()
                await stop.wait()
                return
            while not stop.is_set():
                if not self.leading:
                    try:
                        got = await asyncio.to_thread(self._try_acquire)
                    except psycopg.Error as exc:
                        log.warning("clock leadership: database unreachable (%s)",
                                    type(exc).__name__)
                        await asyncio.to_thread(self._close)
                        got = False
                    if got:
                        await self._gain()
                elif not await asyncio.to_thread(self._still_held):
                    log.warning("clock leadership lost: the lock connection failed")
                    await self._lose()
                    await asyncio.to_thread(self._close)
                try:
                    await asyncio.wait_for(stop.wait(), self.retry)
                except TimeoutError:
                    pass
        finally:
            if self.leading:
                await self._lose()
            await asyncio.to_thread(self._close)

    async def _gain(self) -> None:
        self.leading = True
        log.info("clock leadership gained", extra={"leader": True})
        await _call(self.on_gain)

    async def _lose(self) -> None:
        self.leading = False
        log.info("clock leadership given up", extra={"leader": False})
        await _call(self.on_loss)
