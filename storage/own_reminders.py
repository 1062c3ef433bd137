"""Own reminders ("pribadi") changed after saving: a new moment or text for one reminder.

Kept apart from the ledger modules (``storage.reminder_plans`` …); it uses their functions and
keeps its rules (docs/reminders_ledger.md): a delivery is never deleted once planned, pending
sends of the old moment are cancelled, and the new send is a delivery of its own occurrence
``ubah:<UTC minute>:<offset key>`` — unique per reminder, so applying the same change twice
plans one send, and a send of the old moment that already went out (or is going out right
now, claimed) is never repeated or taken back.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from storage.models import Delivery, Reminder
from storage.reminder_plans import Occurrence, materialise, occurrences
from storage.repo import Bind, connection_of

_R = Reminder.__table__  # type: ignore[attr-defined]
_D = Delivery.__table__  # type: ignore[attr-defined]
KIND = "pribadi"
TITLE_MAX = 100


def _aware(value: datetime, name: str) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def edit_own_reminder(session: Bind, user_id: int, reminder_id: int, *, source_key: str,
                      due_at: datetime, title: str, now: datetime) -> int | None:
    """Give the user's ACTIVE own reminder a new moment and text; return the new deliveries.

    None when it is not this user's active "pribadi" reminder (another user's, stopped,
    erased). A changed moment cancels every pending send of the reminder (planned, snoozed,
    already due) and plans the sends of the new moment; a text-only change keeps the sends
    (the text is read when a send goes out).
    """
    _aware(now, "now")
    due = _aware(due_at, "due_at").astimezone(UTC)
    if not title or len(title) > TITLE_MAX:
        raise ValueError(f"title must have 1 to {TITLE_MAX} characters")
    connection = connection_of(session)
    row = connection.execute(
        sa.select(_R).where(_R.c.id == reminder_id, _R.c.user_id == user_id,
                            _R.c.kind == KIND, _R.c.status == "active")
    ).first()
    if row is None:
        return None
    old = Reminder(**dict(row._mapping))
    connection.execute(sa.update(_R).where(_R.c.id == reminder_id)
                       .values(source_key=source_key, title=title, due_at=due))
    if old.due_at == due:
        return 0
    connection.execute(
        sa.update(_D)
        .where(_D.c.reminder_id == reminder_id, _D.c.status == "pending")
        .values(status="cancelled")
    )
    moved = Reminder(**{**dict(row._mapping), "source_key": source_key, "title": title,
                        "due_at": due})
    planned = [Occurrence(f"ubah:{due:%Y-%m-%dT%H:%MZ}:{item.key}", item.due_at)
               for item in occurrences(moved)]
    return materialise(connection, moved, planned)
