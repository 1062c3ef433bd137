"""The runtime joining the pure engine (``handlers``) to durable storage (``storage``).

``ChatService.handle`` is what every channel adapter calls (``bot.service_api.ChatHandler``).
One incoming event is processed as ONE database transaction, in a worker thread:

    user (get or create) -> lock the user row -> record the update (dedupe)
    -> load state -> engine.advance -> save state + mark the update done -> effects -> COMMIT

Messages of one user never run at the same time: a per-user lock (``bot.keyed_lock``)
serialises them inside the process, the row lock (PostgreSQL ``SELECT ... FOR UPDATE``;
SQLite: the database write lock taken by ``BEGIN IMMEDIATE``) across processes. See
``docs/runtime.md``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot import effects
from bot.errors import APOLOGY, report_unexpected
from bot.keyed_lock import KeyedLock
from bot.settings import Settings
from bot.threads import block_process_signals
from handlers.events import Event, TextIn
from handlers.prompts import Message, Prompt
from handlers.state import ChatState
from storage import repo
from storage.db import make_engine, session_factory, session_scope, upgrade_to_head
from storage.models import ConversationState
from storage.user_data import StoredUserData

log = logging.getLogger("bot.service")

Clock = Callable[[], datetime]

START = "/start"
MAX_CACHED_USERS = 100_000  # (channel, external_id) -> user id; cleared when it grows past


def system_clock() -> datetime:
    """The current time, timezone-aware UTC (the default clock)."""
    return datetime.now(UTC)




class Outcome(Protocol):
    """What ``handlers.engine.advance`` returns (structural, so tests may pass their own)."""

    @property
    def state(self) -> ChatState: ...

    @property
    def prompts(self) -> Sequence[Prompt]: ...

    @property
    def effects(self) -> Sequence[object]: ...

    @property
    def errors(self) -> Sequence[tuple[str, BaseException]]: ...


class Advance(Protocol):
    """The engine's step function: pure, never raises, returns the new state and prompts."""

    def __call__(
        self, state: ChatState, event: Event, *, now: datetime, services: Any
    ) -> Outcome: ...


@dataclass(frozen=True)
class _Step:
    """What one unit of work decided: None = nothing to save (a duplicate, a mere look)."""

    prompts: list[Prompt] | None
    state: ChatState | None = None
    effects: Sequence[object] = ()
    errors: Sequence[tuple[str, BaseException]] = ()


# A unit of work on the loaded state: (state, now, services) -> what to save and show.
Work = Callable[[ChatState, datetime, Any], _Step]


def _to_chat_state(row: ConversationState) -> ChatState:
    record = row.model_dump()
    if row.version == 0:
        record["updated_at"] = None  # nothing saved yet: a brand-new user
    return ChatState.from_record(record)


def _default_engine(settings: Settings) -> tuple[Advance, Any]:
    """The real engine and its production services (idle limit from the settings)."""
    from handlers import engine

    return engine.advance, engine.default_services(idle_minutes=settings.idle_minutes)


class ChatService:
    """``ChatHandler`` on the real engine and a SQLite or PostgreSQL database."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock = system_clock,
        advance: Advance | None = None,
        services: Any = None,
        migrate: bool = True,
        engine_kwargs: dict[str, Any] | None = None,
        sqlite_inline: bool = False,
        group_commit: bool = True,
    ) -> None:
        if migrate:
            upgrade_to_head(settings.database_url)
        if advance is None:
            advance, default_services = _default_engine(settings)
            services = services if services is not None else default_services
        self.settings = settings
        self._advance = advance
        self._services = services
        self._clock = clock
        self._engine: Engine = make_engine(
            settings.database_url,
            sqlite_synchronous=settings.sqlite_synchronous,
            **(engine_kwargs or {}),
        )
        self._sessions: sessionmaker[Session] = session_factory(self._engine)
        self._locks: KeyedLock[tuple[str, str]] = KeyedLock()
        # A user's row never changes its id, so the id is looked up once per process; erasing
        # the user drops the entry, and ``repo.touch_user`` re-checks it on every update.
        self._user_ids: dict[tuple[str, str], int] = {}
        # SQLite has one writer at a time (BEGIN IMMEDIATE): one worker thread runs every
        # transaction, in arrival order, instead of several threads sleeping in SQLite's busy
        # handler (that backoff made the p99 latency seconds long). PostgreSQL: a pool.
        # Worker threads block SIGINT/SIGTERM: the kernel may deliver a process signal to any
        # thread, and one caught by an idle worker would leave the main thread blocked in
        # read() on the console's stdin, so Ctrl-C would never end the chat.
        is_sqlite = self._engine.dialect.name == "sqlite"
        self._executor = ThreadPoolExecutor(
            1 if is_sqlite else None,
            thread_name_prefix="sqlite" if is_sqlite else "db",
            initializer=block_process_signals,
        )
        # ``sqlite_inline``: run SQLite steps on the event loop itself, no thread hop (the
        # Telegram bot: +15-25 % updates/s on one core, docs/runtime.md). Only where signals
        # are handled by the loop (PTB, uvicorn), so a Ctrl-C never lands mid-step.
        self._inline = sqlite_inline and is_sqlite
        # ``group_commit`` (SQLite, worker thread; the default): steps queued while the worker
        # was busy run in ONE transaction, each in its own SAVEPOINT, and are answered only
        # after the one COMMIT (one fsync for the batch). See docs/runtime.md.
        self._batcher = _GroupCommit(self) if group_commit and is_sqlite and not self._inline \
            else None

    def close(self) -> None:
        """Release the database connections (after the pending SQLite work has finished)."""
        if self._batcher is not None:
            self._batcher.close()
        self._executor.shutdown(wait=True)
        self._engine.dispose()

    @property
    def sessions(self) -> sessionmaker[Session]:
        """The session factory (for maintenance jobs and tests)."""
        return self._sessions

    async def handle(
        self, channel: str, external_id: str, update_key: str | None, event: Event
    ) -> list[Prompt] | None:
        """Process one event; None when ``update_key`` was already processed."""

        def work(state: ChatState, now: datetime, services: Any) -> _Step:
            outcome = self._advance(state, event, now=now, services=services)
            return _Step(list(outcome.prompts), outcome.state, outcome.effects, outcome.errors)

        return await self._serialised(channel, external_id, update_key, work)

    async def opening(self, channel: str, external_id: str) -> list[Prompt]:
        """What a user sees when a channel (re)opens: the menu, or where they left off.

        No flow running: the welcome and main menu (as after /start). In a flow: the current
        question again, answers intact; after a pause longer than IDLE_MINUTES the engine's
        "Lanjutkan / Mulai dari awal" offer instead.
        """
        prompts = await self._serialised(channel, external_id, None, self._opening_work)
        return prompts or []

    def _opening_work(self, state: ChatState, now: datetime, services: Any) -> _Step:
        from handlers.engine import Turn

        if state.flow is None:
            outcome = self._advance(state, TextIn(START), now=now, services=services)
        else:
            look = Turn(state.clone(), services, now)
            if not look.is_idle():
                return _Step(look.current())  # a mere look: nothing saved, idle timer kept
            # After the pause any message gets the engine's resume offer (docs/engine.md).
            outcome = self._advance(state, TextIn(""), now=now, services=services)
        return _Step(list(outcome.prompts), outcome.state, outcome.effects, outcome.errors)

    async def load_state(self, channel: str, external_id: str) -> ChatState | None:
        """The user's saved state, or None when nothing was saved for them."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._load_state, channel, external_id)

    async def _serialised(
        self, channel: str, external_id: str, update_key: str | None, work: Work
    ) -> list[Prompt] | None:
        """Run ``work`` in a worker thread (or inline) while holding the user's lock."""
        release = await self._locks.acquire((channel, external_id))
        if self._inline:
            try:
                return self._process_or_apologise(channel, external_id, update_key, work)
            finally:
                release()
        loop = asyncio.get_running_loop()
        try:
            if self._batcher is not None:
                future = self._batcher.submit(loop, channel, external_id, update_key, work)
            else:
                future = loop.run_in_executor(
                    self._executor, self._process_or_apologise, channel, external_id,
                    update_key, work)
        except BaseException:
            release()
            raise
        # The lock is released when the worker thread ends, not when this task does: a
        # cancelled caller must not let the user's next message start while this one still
        # writes.
        future.add_done_callback(lambda _: release())
        prompts: list[Prompt] | None = await asyncio.shield(future)
        return prompts

    # --- worker-thread side -------------------------------------------------------------

    def _load_state(self, channel: str, external_id: str) -> ChatState | None:
        with self._session() as session:
            user = repo.get_or_create_user(session, channel, external_id, touch=False)
            assert user.id is not None
            row = repo.load_state(session, user.id)
            return None if row.version == 0 else _to_chat_state(row)

    def _process_or_apologise(
        self, channel: str, external_id: str, update_key: str | None, work: Work
    ) -> list[Prompt] | None:
        try:
            step = self._process(channel, external_id, update_key, work)
        except Exception as exc:  # noqa: BLE001 - the user gets an apology, never a traceback
            error_id = report_unexpected(exc)
            self._mark_failed(channel, external_id, update_key)
            return [Message(APOLOGY.format(error_id=error_id))]
        for error_id, error in step.errors:
            report_unexpected(error, error_id)
        return step.prompts

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with session_scope(self._sessions) as session:
            yield session

    def _process(
        self, channel: str, external_id: str, update_key: str | None, work: Work,
        outer: Connection | None = None,
    ) -> _Step:
        """One update as one transaction on a bare Connection (Core statements, no ORM).

        With ``outer`` (group commit) the update is a SAVEPOINT inside that connection's
        transaction instead; the caller commits.
        """
        if outer is not None:
            with outer.begin_nested():
                return self._steps(outer, channel, external_id, update_key, work)
        with self._engine.begin() as connection:
            return self._steps(connection, channel, external_id, update_key, work)

    def _steps(
        self, connection: Connection, channel: str, external_id: str, update_key: str | None,
        work: Work,
    ) -> _Step:
        now = self._clock()
        key = (channel, external_id)
        # Touching the user row also row-locks it on PostgreSQL (``repo.lock_user``).
        user_id = self._user_ids.get(key)
        if user_id is None or not repo.touch_user(
            connection, user_id, channel, external_id, now
        ):
            user_id = repo.claim_user(connection, channel, external_id, now)
            if len(self._user_ids) >= MAX_CACHED_USERS:
                self._user_ids.clear()
            self._user_ids[key] = user_id
        if update_key is not None and not repo.claim_update(
            connection, channel, update_key, user_id
        ):
            log.info("duplicate update skipped (channel=%s)", channel)
            return _Step(None)
        row = repo.load_state_record(connection, user_id)
        version = int(row["version"])
        if version == 0:
            row["updated_at"] = None  # nothing saved yet: a brand-new user
        services = self._services_for(connection, user_id, external_id)
        step = work(ChatState.from_record(row), now, services)
        if step.state is not None:
            record = step.state.to_record()
            repo.save_state_record(connection, user_id, version, record,
                                   now=record["updated_at"] or now)
        for effect in step.effects:
            self._perform(connection, key, user_id, effect, now)
        return step

    def _services_for(self, connection: Connection, user_id: int, external_id: str) -> Any:
        """The engine's services with ``user`` reading this user's data on ``connection``.

        Cheap: ``StoredUserData`` queries nothing until the engine asks. Services that are
        not a dataclass with a ``user`` field (test doubles) are passed unchanged.
        """
        services = self._services
        if not dataclasses.is_dataclass(services) or isinstance(services, type):
            return services
        if "user" not in {field.name for field in dataclasses.fields(services)}:
            return services
        user = StoredUserData(connection, user_id, admin=self.settings.is_admin(external_id))
        return dataclasses.replace(services, user=user)

    def _perform(
        self, connection: Connection, key: tuple[str, str], user_id: int, effect: object,
        now: datetime,
    ) -> None:
        """Carry out one engine effect inside the update's transaction."""
        from handlers.engine import EraseUserData

        if isinstance(effect, EraseUserData):
            self._user_ids.pop(key, None)
            # A Session on the update's Connection joins its transaction (no commit here).
            # "rollback_only": also inside a group-commit SAVEPOINT the Session neither commits
            # nor undoes (at close) what it wrote; the update's transaction decides.
            with Session(bind=connection, join_transaction_mode="rollback_only") as session:
                deleted = repo.erase_user(session, user_id)
            log.info("user data erased: %s rows", sum(deleted.values()))
            return
        effects.perform(connection, user_id, effect, now=now, settings=self.settings)

    def _mark_failed(self, channel: str, external_id: str, update_key: str | None) -> None:
        """Record the update as failed, so a redelivery is not processed half again."""
        if update_key is None:
            return
        try:
            with self._session() as session:
                user = repo.get_or_create_user(session, channel, external_id, touch=False)
                repo.record_update(session, channel, update_key, user.id)
                repo.mark_update_done(session, channel, update_key, status="failed")
        except Exception as exc:  # noqa: BLE001 - the apology must still reach the user
            report_unexpected(exc)


@dataclass
class _Job:
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[list[Prompt] | None]
    channel: str
    external_id: str
    update_key: str | None
    work: Work


class _GroupCommit:
    """One SQLite writer thread that commits every step queued meanwhile in one transaction.

    Each step runs in its own SAVEPOINT: a failing step is rolled back alone and answered
    with the apology (and recorded as failed after the COMMIT); if the COMMIT itself fails,
    every step of the batch gets the apology. Futures are resolved only after the COMMIT, so
    no reply leaves before its update and state are durable.
    """

    MAX_BATCH = 64

    def __init__(self, service: ChatService) -> None:
        import queue
        import threading

        self._service = service
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="sqlite-group", daemon=True)
        self._thread.start()

    def submit(
        self, loop: asyncio.AbstractEventLoop, channel: str, external_id: str,
        update_key: str | None, work: Work,
    ) -> asyncio.Future[list[Prompt] | None]:
        """Queue one step; the future resolves after the batch's COMMIT."""
        future: asyncio.Future[list[Prompt] | None] = loop.create_future()
        self._queue.put(_Job(loop, future, channel, external_id, update_key, work))
        return future

    def close(self) -> None:
        """Finish the queued steps and stop the thread."""
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        import queue

        block_process_signals()
        stop = False
        while not stop:
            job = self._queue.get()
            if job is None:
                return
            batch = [job]
            while len(batch) < self.MAX_BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._commit(batch)

    def _commit(self, batch: list[_Job]) -> None:
        service = self._service
        results: list[tuple[_Job, list[Prompt] | None]] = []
        failed: list[_Job] = []
        try:
            with service._engine.begin() as connection:
                for job in batch:
                    try:
                        step = service._process(job.channel, job.external_id, job.update_key,
                                                job.work, outer=connection)
                    except Exception as exc:  # noqa: BLE001 - this step only: apology
                        error_id = report_unexpected(exc)
                        failed.append(job)
                        results.append((job, [Message(APOLOGY.format(error_id=error_id))]))
                        continue
                    for error_id, error in step.errors:
                        report_unexpected(error, error_id)
                    results.append((job, step.prompts))
        except Exception as exc:  # noqa: BLE001 - the COMMIT failed: nothing was saved
            error_id = report_unexpected(exc)
            failed = list(batch)
            results = [(job, [Message(APOLOGY.format(error_id=error_id))]) for job in batch]
        for job in failed:
            service._mark_failed(job.channel, job.external_id, job.update_key)
        for job, prompts in results:
            job.loop.call_soon_threadsafe(_resolve, job.future, prompts)


def _resolve(future: asyncio.Future[list[Prompt] | None], value: list[Prompt] | None) -> None:
    if not future.done():
        future.set_result(value)
