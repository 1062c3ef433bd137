"""The planning job: fan out ukom schedules and broadcasts, report broadcast progress,
and re-plan every profile (called by the clock's APScheduler jobs, docs/reminders.md).

Every fan-out is set-based (``storage.reminder_plans.fan_out``: a few statements per schedule or
broadcast, whatever the number of users) and idempotent, so a crash between two steps is
repaired by the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.effects import plan_profile
from handlers.domain.records import ZONES
from handlers.reminders import plan
from knowledge import fmt
from storage import broadcasts, profiles, reminder_plans, schedules
from storage.models import ChatUser, UserProfile
from storage.repo import Bind

log = logging.getLogger("bot.reminder_planning")

REPLAN_CHUNK = 500
_U = ChatUser.__table__  # type: ignore[attr-defined]
_P = UserProfile.__table__  # type: ignore[attr-defined]

Sessions = sessionmaker[Session] | Engine


@dataclass(frozen=True)
class PlanReport:
    """What one planning run did."""

    schedules: int = 0  # schedule revisions fanned out
    broadcasts: int = 0  # broadcasts (and reports) fanned out
    reports: int = 0  # progress reports created for admins
    deliveries: int = 0  # new deliveries planned
    stopped: int = 0  # reminders stopped (edited schedules, users no longer matching)


def _transaction(sessions: Sessions) -> Any:
    """A committing unit of work: a Session (session factory) or a Connection (engine)."""
    return sessions.begin()


def half_report_text(broadcast_id: int, sent: int, total: int) -> str:
    """Return the 50 % progress message of a broadcast for its admin."""
    return f"Siaran #{broadcast_id}: {fmt.number(sent)} dari {fmt.number(total)} terkirim."


def done_report_text(broadcast_id: int, sent: int, failed: int) -> str:
    """Return the final message of a broadcast for its admin."""
    return (f"Siaran #{broadcast_id} selesai: {fmt.number(sent)} terkirim, "
            f"{fmt.number(failed)} gagal.")


def _fan_out_schedules(bind: Bind, now: datetime) -> tuple[int, int, int]:
    done = created = stopped = 0
    for schedule, revision in schedules.unplanned_schedules(bind):
        assert schedule.id is not None
        members = profiles.schedule_audience(schedule.jf, schedule.jenjang)
        by_zone = {zone: plan.schedule_reminders(schedule, zone) for zone in ZONES}
        keys = sorted({spec.source_key for specs in by_zone.values() for spec in specs})
        user_ids = sa.select(members.subquery().c.user_id)
        stopped += reminder_plans.stop_schedule_reminders(bind, schedule.id, keys, user_ids,
                                                          now=now)
        created += reminder_plans.fan_out(bind, members, by_zone, now, schedule_id=schedule.id)
        schedules.mark_planned(bind, schedule.id, revision)
        done += 1
    return done, created, stopped


def _audience(row: broadcasts.BroadcastRow) -> sa.Select[Any]:
    if row.report_of is not None:
        return profiles.audience(None, None).where(_U.c.id == row.admin_user_id)
    return profiles.audience(row.jf, row.jenjang)


def _fan_out_broadcasts(bind: Bind, now: datetime) -> tuple[int, int]:
    done = created = 0
    for row in broadcasts.not_fanned_out(bind):
        by_zone = {zone: [plan.broadcast_spec(row.id, now, zone)] for zone in ZONES}
        created += reminder_plans.fan_out(bind, _audience(row), by_zone, now, broadcast_id=row.id)
        broadcasts.mark_fanned_out(bind, row.id, now)
        done += 1
    return done, created


def _report(bind: Bind, now: datetime) -> int:
    pending = broadcasts.unreported(bind)
    found = broadcasts.progress(bind, [row.id for row in pending])
    made = 0
    for row in pending:
        counts = found[row.id]
        finished = counts.pending == 0
        half = row.reported_half or finished or counts.sent * 2 >= counts.total
        text = None
        if finished:
            text = done_report_text(row.id, counts.sent, counts.failed)
        elif half and not row.reported_half:
            text = half_report_text(row.id, counts.sent, counts.total)
        if text is None:
            continue
        if row.admin_user_id is not None:
            broadcasts.create_broadcast(bind, text, None, None, row.admin_user_id, now,
                                        report_of=row.id)
            made += 1
        broadcasts.set_reported(bind, row.id, half=half, done=finished)
    return made


def plan_once(sessions: Sessions, now: datetime) -> PlanReport:
    """Fan out new or edited schedules and new broadcasts; make broadcast reports.

    Three short transactions (schedules, reports, broadcasts incl. the new reports).
    """
    with _transaction(sessions) as bind:
        n_schedules, created, stopped = _fan_out_schedules(bind, now)
    with _transaction(sessions) as bind:
        reports = _report(bind, now)
    with _transaction(sessions) as bind:
        n_broadcasts, fanned = _fan_out_broadcasts(bind, now)
    report = PlanReport(n_schedules, n_broadcasts, reports, created + fanned, stopped)
    if report != PlanReport():
        log.info("planning: %s", report)
    return report


def replan_profiles(sessions: Sessions, now: datetime) -> int:
    """Re-plan every active user's profile reminders (in chunks); return how many users.

    The clock runs this at every start-up (and daily), so a change of the planning rules in
    ``handlers.reminders.plan`` reaches every stored profile at the first start after the
    upgrade: reminders of the old rules stop, the current ones are planned. No migration and
    no stored rules version are needed (tests/integration/test_replan_after_upgrade.py).
    """
    done = 0
    after = 0
    while True:
        with _transaction(sessions) as bind:
            rows = bind.execute(
                sa.select(_P)
                .join(_U, _U.c.id == _P.c.user_id)
                .where(_U.c.active.is_(True), _P.c.user_id > after)
                .order_by(_P.c.user_id)
                .limit(REPLAN_CHUNK)
            ).all()
            for row in rows:
                plan_profile(bind, row.user_id, profiles.profile_of_row(row), now)
        if not rows:
            return done
        done += len(rows)
        after = rows[-1].user_id
