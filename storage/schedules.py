"""Uji kompetensi schedules published by admins (table ``ukom_schedule``).

Saving bumps ``revision``; the planning job (``bot.reminder_planning``) fans out every
schedule whose ``revision`` differs from ``planned_revision`` and then records it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from handlers.domain.records import UkomSchedule
from storage.models import Reminder, UkomScheduleRow
from storage.repo import Bind, connection_of

_S = UkomScheduleRow.__table__  # type: ignore[attr-defined]
MAX_NOTES = 500


def _schedule(row: Any) -> UkomSchedule:
    return UkomSchedule(
        id=row.id, jf=row.jf, jenjang=row.jenjang,
        registration_deadline=row.registration_deadline, exam_date=row.exam_date,
        notes=row.notes,
    )


def list_schedules(session: Bind) -> list[UkomSchedule]:
    """Return every schedule, soonest registration deadline first."""
    rows = connection_of(session).execute(
        sa.select(_S).order_by(_S.c.registration_deadline, _S.c.exam_date, _S.c.id)
    ).all()
    return [_schedule(row) for row in rows]


def get_schedule(session: Bind, schedule_id: int) -> UkomSchedule | None:
    """Return one schedule, or None."""
    row = connection_of(session).execute(sa.select(_S).where(_S.c.id == schedule_id)).first()
    return None if row is None else _schedule(row)


def save_schedule(session: Bind, schedule: UkomSchedule, now: datetime) -> int:
    """Create (id None) or update a schedule, bumping its revision; return its id.

    Raises ``LookupError`` when updating an id that does not exist.
    """
    if len(schedule.notes) > MAX_NOTES:
        raise ValueError(f"notes are at most {MAX_NOTES} characters")
    values = {
        "jf": schedule.jf, "jenjang": schedule.jenjang,
        "registration_deadline": schedule.registration_deadline,
        "exam_date": schedule.exam_date, "notes": schedule.notes, "updated_at": now,
    }
    connection = connection_of(session)
    if schedule.id is None:
        return int(
            connection.execute(
                sa.insert(_S)
                .values(revision=1, planned_revision=0, created_at=now, **values)
                .returning(_S.c.id)
            ).scalar_one()
        )
    result = connection.execute(
        sa.update(_S).where(_S.c.id == schedule.id)
        .values(revision=_S.c.revision + 1, **values)
    )
    if result.rowcount != 1:
        raise LookupError(f"no ukom schedule {schedule.id}")
    return schedule.id


def delete_schedule(session: Bind, schedule_id: int) -> bool:
    """Delete a schedule; its reminders and their deliveries go with it (ON DELETE CASCADE)."""
    connection = connection_of(session)
    reminders = Reminder.__table__  # type: ignore[attr-defined]
    connection.execute(sa.delete(reminders).where(reminders.c.schedule_id == schedule_id))
    return int(connection.execute(sa.delete(_S).where(_S.c.id == schedule_id)).rowcount) == 1


def unplanned_schedules(session: Bind) -> list[tuple[UkomSchedule, int]]:
    """Return (schedule, revision) of every schedule whose latest revision is not fanned out."""
    rows = connection_of(session).execute(
        sa.select(_S).where(_S.c.revision != _S.c.planned_revision).order_by(_S.c.id)
    ).all()
    return [(_schedule(row), int(row.revision)) for row in rows]


def mark_planned(session: Bind, schedule_id: int, revision: int) -> None:
    """Record that ``revision`` of the schedule was fanned out."""
    connection_of(session).execute(
        sa.update(_S).where(_S.c.id == schedule_id).values(planned_revision=revision)
    )
