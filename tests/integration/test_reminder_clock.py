"""The reminder clock (bot.reminder_clock): job ids, triggers, coalescing, start-up runs."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.reminder_clock import (
    JOB_DISPATCH,
    JOB_PLAN,
    JOB_REPLAN,
    ClockThread,
    ReminderClock,
    build_scheduler,
)
from bot.senders.console import ConsoleSender
from storage import reminder_plans, repo
from storage.db import session_scope
from tests.fakes.clock import FakeClock

Sessions = sessionmaker[Session]


async def test_jobs_have_fixed_ids_triggers_and_coalesce() -> None:
    """Three jobs as docs/reminders.md says; each runs once at start-up."""
    clock = FakeClock()

    async def job(now: datetime) -> None:
        return None

    async def inspect() -> None:
        scheduler = build_scheduler(job, job, job, clock=clock)
        jobs = {j.id: j for j in scheduler.get_jobs()}
        assert set(jobs) == {JOB_DISPATCH, JOB_PLAN, JOB_REPLAN}
        for j in jobs.values():
            assert j.coalesce is True and j.max_instances == 1
        dispatch, plan, replan = jobs[JOB_DISPATCH], jobs[JOB_PLAN], jobs[JOB_REPLAN]
        assert isinstance(dispatch.trigger, IntervalTrigger)
        assert dispatch.trigger.interval == timedelta(seconds=15)
        assert isinstance(plan.trigger, IntervalTrigger)
        assert plan.trigger.interval == timedelta(seconds=60)
        assert isinstance(replan.trigger, CronTrigger)
        fields = {f.name: str(f) for f in replan.trigger.fields}
        assert (fields["hour"], fields["minute"]) == ("1", "0")
        assert (dispatch.misfire_grace_time, plan.misfire_grace_time,
                replan.misfire_grace_time) == (300, 300, 86400)

    await inspect()


async def test_start_up_runs_every_job_with_the_injected_now() -> None:
    """Started in the loop: dispatch, plan and replan each run at once with clock()."""
    clock = FakeClock(datetime(2027, 1, 15, 1, 0, tzinfo=UTC))
    seen: dict[str, datetime] = {}

    async def scenario() -> None:
        done = asyncio.Event()

        def recorder(name: str):  # type: ignore[no-untyped-def]
            async def job(now: datetime) -> None:
                seen[name] = now
                if len(seen) == 3:
                    done.set()
            return job

        clock_obj = ReminderClock(
            sessionmaker(class_=Session), [], clock=clock,
            plan=lambda s, now: seen.__setitem__("plan", now),
            replan=lambda s, now: seen.__setitem__("replan", now))
        clock_obj.dispatch = recorder("dispatch")  # type: ignore[method-assign]
        clock_obj.start()
        try:
            async with asyncio.timeout(10):
                while len(seen) < 3:
                    await asyncio.sleep(0.01)
        finally:
            clock_obj.shutdown()

    await scenario()
    assert seen == {"dispatch": clock(), "plan": clock(), "replan": clock()}


async def test_a_failing_job_is_logged_and_the_clock_keeps_running() -> None:
    """An exception in a job does not stop the scheduler."""
    clock = FakeClock()
    calls: list[str] = []

    async def bad(now: datetime) -> None:
        calls.append("bad")
        raise RuntimeError("boom")

    async def good(now: datetime) -> None:
        calls.append("good")

    async def scenario() -> None:
        scheduler = build_scheduler(bad, good, good, clock=clock)
        scheduler.start()
        try:
            async with asyncio.timeout(10):
                while len(calls) < 3:
                    await asyncio.sleep(0.01)
            assert scheduler.running
        finally:
            scheduler.shutdown(wait=False)

    await scenario()
    assert sorted(calls) == ["bad", "good", "good"]


async def test_console_clock_thread_shows_the_users_due_reminder(db_sessions: Sessions) -> None:
    """The console's clock thread dispatches at start-up and prints the reminder."""
    clock = FakeClock()
    with session_scope(db_sessions) as s:
        user = repo.get_or_create_user(s, "console", "sari")
        assert user.id is not None
        reminder = reminder_plans.save_reminder(s, user.id, "pribadi", "p",
                                                clock() - timedelta(minutes=5),
                                                title="kirim berkas")
        reminder_plans.materialise(s, reminder)
    out = io.StringIO()
    planned: list[datetime] = []
    thread = ClockThread(lambda: ReminderClock(
        db_sessions, [ConsoleSender(out, "sari")], clock=clock,
        plan=lambda s, now: planned.append(now), replan=lambda s, now: None)).start()
    try:
        deadline = await _wait_for(lambda: "kirim berkas" in out.getvalue())
    finally:
        thread.stop()
    assert deadline, out.getvalue()
    assert planned == [clock()]


async def _wait_for(predicate, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    try:
        async with asyncio.timeout(timeout):
            while not predicate():
                await asyncio.sleep(0.01)
    except TimeoutError:
        return False
    return True
