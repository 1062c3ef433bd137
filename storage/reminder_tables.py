"""What the reminder ledger's modules share: the tables, ``aware`` and ``ids_in``.

The ledger is split along its seams (docs/reminders_ledger.md): ``storage.reminder_plans``
(saving reminders, planning their deliveries), ``storage.reminder_claims`` (exactly-once
claiming of due sends, leases, outcomes) and ``storage.reminder_actions`` (what a user does
with their own reminders: snooze, done, stop, the upcoming list).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from storage.models import Broadcast, ChatUser, Delivery, Reminder, TanyaQuestion, UkomScheduleRow

REMINDER = Reminder.__table__  # type: ignore[attr-defined]
DELIVERY = Delivery.__table__  # type: ignore[attr-defined]
CHAT_USER = ChatUser.__table__  # type: ignore[attr-defined]
SCHEDULE = UkomScheduleRow.__table__  # type: ignore[attr-defined]
BROADCAST = Broadcast.__table__  # type: ignore[attr-defined]
QUESTION = TanyaQuestion.__table__  # type: ignore[attr-defined]


def aware(value: datetime, name: str) -> datetime:
    """``value`` itself; ValueError when it has no timezone (every ledger time is aware)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")
    return value


def ids_in(connection: sa.Connection, column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids``: one array parameter on PostgreSQL (``= ANY``), else expanding IN."""
    if connection.dialect.name == "postgresql":
        return column == sa.any_(
            sa.bindparam(None, list(ids), type_=postgresql.ARRAY(sa.Integer))
        )
    return column.in_(list(ids))
