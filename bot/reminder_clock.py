"""The reminder clock: APScheduler 3 jobs in the bot's event loop (docs/reminders.md, "Clock").

| id | trigger | does |
|---|---|---|
| ``reminders.dispatch`` | every 15 s, and at start-up | ``Dispatcher.run_once`` |
| ``reminders.plan`` | every 60 s, and at start-up | ``bot.reminder_planning.plan_once`` |
| ``reminders.replan`` | daily 01.00 UTC, and at start-up | ``replan_profiles`` |

Every job has a fixed id, ``replace_existing=True``, ``coalesce=True`` (a backlog of missed
runs is one run: the ledger knows what is due) and ``max_instances=1``; the interval jobs
tolerate a run 5 minutes late, the daily one a day. The jobs are async functions taking
``now`` from the injected clock; an exception is logged (type only) and the next run tries
again. The console reads standard input with blocking calls, so it runs the clock in a
thread of its own (``ClockThread``).

A normal stop writes no traceback: ``stop`` lets every running job finish (within a grace),
and a job cancelled after that ends with one log line instead of APScheduler's traceback.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections.abc import Awaitable, Callable, Collection, Iterable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.dispatch import Dispatcher
from bot.pacer import Clock
from bot.senders import Sender
from bot.threads import block_process_signals

log = logging.getLogger("bot.reminder_clock")

JOB_DISPATCH = "reminders.dispatch"
JOB_PLAN = "reminders.plan"
JOB_REPLAN = "reminders.replan"
DISPATCH_SECONDS = 15
PLAN_SECONDS = 60
INTERVAL_GRACE = 5 * 60
REPLAN_GRACE = 24 * 60 * 60
ALL_JOBS = (JOB_DISPATCH, JOB_PLAN, JOB_REPLAN)
STOP_GRACE = 5.0  # seconds a stopping dispatch may take to finish the send in progress

Job = Callable[[datetime], Awaitable[object]]
Planning = Callable[[sessionmaker[Session], datetime], Any]


def _guarded(name: str, job: Job, clock: Clock) -> Callable[[], Awaitable[None]]:
    async def run() -> None:
        try:
            await job(clock())
        except asyncio.CancelledError:
            # Only a stop cancels a job (its work is covered by leases); APScheduler would log
            # the cancellation as a failure with a traceback. The task ends here either way.
            log.warning("job %s cancelled by the stop", name)
        except Exception as exc:  # noqa: BLE001 - the next run tries again
            log.error("job %s failed: %s", name, type(exc).__name__, exc_info=log.isEnabledFor(
                logging.DEBUG))

    run.__name__ = name.replace(".", "_")
    return run


def build_scheduler(
    dispatch: Job,
    plan: Job,
    replan: Job,
    *,
    clock: Clock,
    start_up: bool = True,
    event_loop: asyncio.AbstractEventLoop | None = None,
    jobs: Collection[str] = ALL_JOBS,
) -> AsyncIOScheduler:
    """The scheduler with the three jobs (or those in ``jobs``; not started).

    ``start_up`` runs each at once. ``python -m bot serve`` runs the dispatch job in every
    process and the planning jobs only in the clock leader (``bot.leader``).
    """
    scheduler = AsyncIOScheduler(event_loop=event_loop, timezone=UTC)
    first = datetime.now(UTC) if start_up else None
    common: dict[str, Any] = {"replace_existing": True, "coalesce": True, "max_instances": 1}
    triggers: dict[str, tuple[Job, Any, int]] = {
        JOB_DISPATCH: (dispatch, IntervalTrigger(seconds=DISPATCH_SECONDS), INTERVAL_GRACE),
        JOB_PLAN: (plan, IntervalTrigger(seconds=PLAN_SECONDS), INTERVAL_GRACE),
        JOB_REPLAN: (replan, CronTrigger(hour=1, minute=0, timezone=UTC), REPLAN_GRACE),
    }
    for name, (job, trigger, grace) in triggers.items():
        if name in jobs:
            scheduler.add_job(
                _guarded(name, job, clock), trigger, id=name, misfire_grace_time=grace,
                **({"next_run_time": first} if first else {}), **common)
    return scheduler


async def call_planning(fn: Planning, sessions: sessionmaker[Session], now: datetime) -> None:
    """Run a planning function (sync in a worker thread, or async) with ``now``."""
    if inspect.iscoroutinefunction(fn):
        await fn(sessions, now)
        return
    result = await asyncio.to_thread(fn, sessions, now)
    if inspect.isawaitable(result):
        await result


def _planning() -> tuple[Planning, Planning]:
    from bot import reminder_planning

    return reminder_planning.plan_once, reminder_planning.replan_profiles


class ReminderClock:
    """The dispatcher and the three jobs for one process; ``start``/``shutdown`` with the app."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        senders: Iterable[Sender],
        *,
        clock: Clock,
        dispatcher: Dispatcher | None = None,
        plan: Planning | None = None,
        replan: Planning | None = None,
        jobs: Collection[str] = ALL_JOBS,
    ) -> None:
        self.sessions = sessions
        self.jobs = tuple(jobs)
        self.clock = clock
        self.dispatcher = dispatcher or Dispatcher(sessions, list(senders), clock=clock)
        if plan is None or replan is None:
            default_plan, default_replan = _planning()
            plan, replan = plan or default_plan, replan or default_replan
        self._plan, self._replan = plan, replan
        self.scheduler: AsyncIOScheduler | None = None
        self._dispatching: asyncio.Task[Any] | None = None
        self._running: set[asyncio.Task[Any]] = set()  # every job run in progress

    async def _tracked(self, work: Awaitable[object]) -> None:
        task = asyncio.current_task()
        if task is None:  # not in a task: nothing a stop could wait for
            await work
            return
        self._running.add(task)
        try:
            await work
        finally:
            self._running.discard(task)

    async def dispatch(self, now: datetime) -> None:
        """Job ``reminders.dispatch``."""
        self._dispatching = asyncio.current_task()
        try:
            await self._tracked(self.dispatcher.run_once(now))
        finally:
            self._dispatching = None

    async def plan(self, now: datetime) -> None:
        """Job ``reminders.plan``."""
        await self._tracked(call_planning(self._plan, self.sessions, now))

    async def replan(self, now: datetime) -> None:
        """Job ``reminders.replan``."""
        await self._tracked(call_planning(self._replan, self.sessions, now))

    def start(self, event_loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Build and start the scheduler in the running (or given) event loop."""
        self.scheduler = build_scheduler(self.dispatch, self.plan, self.replan,
                                         clock=self.clock, event_loop=event_loop, jobs=self.jobs)
        self.scheduler.start()
        log.info("reminder clock started (worker %s)", self.dispatcher.worker_id)

    def shutdown(self) -> None:
        """Stop the scheduler (running jobs are not waited for: leases cover them)."""
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """Graceful stop: no new runs; running jobs finish; a dispatch gives claims back.

        The dispatch finishes the delivery it is sending and releases the rest of its batch
        at once, so another process sends them now rather than after the lease
        (``storage.reminder_claims.release_claims``); a planning run in progress completes. Jobs
        still running after ``grace`` seconds are cancelled.
        """
        # Not ``shutdown`` first: APScheduler's asyncio executor cancels running jobs there,
        # which would cut the send in progress (its claim then waits for the lease) and log
        # every cancelled job with a traceback.
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.pause()
        task = self._dispatching
        if task is not None and not task.done():
            self.dispatcher.request_stop()
        running = {t for t in self._running if not t.done()}
        if running:
            _, late = await asyncio.wait(running, timeout=grace)
            for job in late:
                job.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        self.shutdown()


class ClockThread:
    """Runs a ``ReminderClock`` in its own event loop in a daemon thread (the console)."""

    def __init__(self, make_clock: Callable[[], ReminderClock]) -> None:
        self._make_clock = make_clock
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="reminder-clock", daemon=True)
        self.clock: ReminderClock | None = None

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        try:
            self.clock = self._make_clock()
            self.clock.start(self._loop)
        finally:
            self._ready.set()
        await self._stop.wait()
        await self.clock.stop()
        others = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def _run(self) -> None:
        # Ctrl-C must reach the console's main thread (bot/threads.py); the loop's executor
        # threads, started from here, inherit the mask.
        block_process_signals()
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._main())
            # A planning job runs in the loop's executor: let its thread end before the loop
            # closes (a result delivered to a closed loop is logged with a traceback).
            self._loop.run_until_complete(self._loop.shutdown_default_executor())
        finally:
            self._loop.close()

    def start(self) -> ClockThread:
        """Start the thread; return once the scheduler runs."""
        self._thread.start()
        self._ready.wait(10)
        return self

    def stop(self) -> None:
        """Stop the scheduler, cancel running jobs (leases cover them), end the thread."""
        if self._thread.is_alive() and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join(5)
