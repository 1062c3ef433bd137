"""What a user does with their own reminders: snooze, "sudah selesai", stop, the upcoming list.

Every function takes the caller's ``Session`` (or a bare ``Connection``), checks that the
delivery or reminder is the user's own, and never commits, like ``storage.repo``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from storage.reminder_tables import DELIVERY as _D
from storage.reminder_tables import REMINDER as _R
from storage.reminder_tables import aware as _aware
from storage.repo import Bind, connection_of, insert_on_conflict


@dataclass(frozen=True)
class Upcoming:
    """A delivery still to be sent, for the user's own list."""

    delivery_id: int
    reminder_id: int
    kind: str
    title: str | None
    occurrence: str
    due_at: datetime
    timezone: str


def snooze(session: Bind, user_id: int, delivery_id: int, until: datetime) -> bool:
    """Send the user's delivery again at ``until`` ("ingatkan lagi besok"); False if not found.

    Adds a new delivery "tunda:<until>" of the same reminder; snoozing twice to the same
    minute adds one. A delivery still pending (snoozed from ``/pengingat`` before it went
    out) is cancelled, so the reminder is sent once, at ``until``; a sent one keeps its
    history and a claimed one (being sent right now) finishes. Stopped reminders are not
    snoozed.
    """
    until = _aware(until, "until").astimezone(UTC)
    connection = connection_of(session)
    found = connection.execute(
        sa.select(_D.c.reminder_id, _D.c.channel)
        .join(_R, _R.c.id == _D.c.reminder_id)
        .where(_D.c.id == delivery_id, _D.c.user_id == user_id, _R.c.status == "active")
    ).first()
    if found is None:
        return False
    reminder_id, channel = found
    occurrence = f"tunda:{until:%Y-%m-%dT%H:%MZ}"
    connection.execute(
        insert_on_conflict(connection, _D)
        .values(
            reminder_id=reminder_id,
            user_id=user_id,
            channel=channel,
            occurrence=occurrence,
            due_at=until,
            available_at=until,
            status="pending",
            attempts=0,
        )
        .on_conflict_do_nothing(index_elements=["reminder_id", "occurrence"])
    )
    # Not the row just (re)planned: snoozing a "tunda:" delivery to its own minute keeps it.
    connection.execute(
        sa.update(_D)
        .where(_D.c.id == delivery_id, _D.c.status == "pending", _D.c.occurrence != occurrence)
        .values(status="cancelled")
    )
    return True


def _cancel_pending(connection: sa.Connection, reminder_ids: Any) -> int:
    result = connection.execute(
        sa.update(_D)
        .where(_D.c.reminder_id.in_(reminder_ids), _D.c.status == "pending")
        .values(status="cancelled")
    )
    return int(result.rowcount)


def stop_kind(session: Bind, user_id: int, kind: str) -> int:
    """Stop every reminder of ``kind`` for the user; return how many pending sends ended.

    A delivery being sent right now (claimed) is left to finish.
    """
    connection = connection_of(session)
    mine = sa.select(_R.c.id).where(_R.c.user_id == user_id, _R.c.kind == kind)
    connection.execute(sa.update(_R).where(_R.c.id.in_(mine)).values(status="stopped"))
    return _cancel_pending(connection, mine)


def stop_reminder(session: Bind, user_id: int, reminder_id: int) -> int:
    """Stop one reminder of the user; return how many pending sends were cancelled."""
    connection = connection_of(session)
    mine = sa.select(_R.c.id).where(_R.c.user_id == user_id, _R.c.id == reminder_id)
    connection.execute(sa.update(_R).where(_R.c.id.in_(mine)).values(status="stopped"))
    return _cancel_pending(connection, mine)


def upcoming(session: Bind, user_id: int, limit: int = 20) -> list[Upcoming]:
    """The user's deliveries still to be sent (pending or being sent), soonest first."""
    rows = connection_of(session).execute(
        sa.select(
            _D.c.id, _D.c.reminder_id, _R.c.kind, _R.c.title, _D.c.occurrence, _D.c.due_at,
            _R.c.timezone,
        )
        .join(_R, _R.c.id == _D.c.reminder_id)
        .where(_D.c.user_id == user_id, _D.c.status.in_(("pending", "claimed")))
        .order_by(_D.c.due_at, _D.c.id)
        .limit(limit)
    ).all()
    return [
        Upcoming(row.id, row.reminder_id, row.kind, row.title, row.occurrence, row.due_at,
                 row.timezone)
        for row in rows
    ]


def mark_done(session: Bind, user_id: int, delivery_id: int) -> bool:
    """Stop the reminder of the user's own delivery ("Sudah selesai"); False if not theirs."""
    connection = connection_of(session)
    reminder_id = connection.execute(
        sa.select(_D.c.reminder_id).where(_D.c.id == delivery_id, _D.c.user_id == user_id)
    ).scalar()
    if reminder_id is None:
        return False
    stop_reminder(connection, user_id, int(reminder_id))
    return True
