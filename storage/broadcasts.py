"""Admin broadcasts (table ``broadcast``) and their progress, counted from the ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from handlers.domain.records import BroadcastProgress
from storage.models import Broadcast, Delivery, Reminder
from storage.repo import Bind, connection_of

_B = Broadcast.__table__  # type: ignore[attr-defined]
_R = Reminder.__table__  # type: ignore[attr-defined]
_D = Delivery.__table__  # type: ignore[attr-defined]
MAX_TEXT = 1000


@dataclass(frozen=True)
class BroadcastRow:
    """A stored broadcast."""

    id: int
    text: str
    jf: str | None
    jenjang: str | None
    admin_user_id: int | None
    report_of: int | None
    created_at: datetime
    fanned_out_at: datetime | None
    reported_half: bool
    reported_done: bool


def _row(row: Any) -> BroadcastRow:
    return BroadcastRow(
        id=row.id, text=row.text, jf=row.jf, jenjang=row.jenjang,
        admin_user_id=row.admin_user_id, report_of=row.report_of, created_at=row.created_at,
        fanned_out_at=row.fanned_out_at, reported_half=bool(row.reported_half),
        reported_done=bool(row.reported_done),
    )


def create_broadcast(
    session: Bind,
    text: str,
    jf: str | None,
    jenjang: str | None,
    admin_user_id: int | None,
    now: datetime,
    *,
    report_of: int | None = None,
) -> int:
    """Store a broadcast (or, with ``report_of``, a report to its admin); return its id."""
    if not text.strip() or len(text) > MAX_TEXT:
        raise ValueError(f"broadcast text must be 1 to {MAX_TEXT} characters")
    return int(
        connection_of(session).execute(
            sa.insert(_B)
            .values(
                text=text, jf=jf, jenjang=jenjang, admin_user_id=admin_user_id,
                report_of=report_of, created_at=now, fanned_out_at=None,
                reported_half=False, reported_done=False,
            )
            .returning(_B.c.id)
        ).scalar_one()
    )


def not_fanned_out(session: Bind) -> list[BroadcastRow]:
    """Return the broadcasts not yet fanned out into the ledger, oldest first."""
    rows = connection_of(session).execute(
        sa.select(_B).where(_B.c.fanned_out_at.is_(None)).order_by(_B.c.id)
    ).all()
    return [_row(row) for row in rows]


def mark_fanned_out(session: Bind, broadcast_id: int, now: datetime) -> None:
    """Record that the broadcast's deliveries are in the ledger."""
    connection_of(session).execute(
        sa.update(_B).where(_B.c.id == broadcast_id).values(fanned_out_at=now)
    )


def unreported(session: Bind) -> list[BroadcastRow]:
    """Return fanned-out broadcasts (not reports) whose final report is still to be made."""
    rows = connection_of(session).execute(
        sa.select(_B)
        .where(_B.c.fanned_out_at.is_not(None), _B.c.report_of.is_(None),
               _B.c.reported_done.is_(False))
        .order_by(_B.c.id)
    ).all()
    return [_row(row) for row in rows]


def set_reported(session: Bind, broadcast_id: int, *, half: bool, done: bool) -> None:
    """Record which reports of the broadcast were made."""
    connection_of(session).execute(
        sa.update(_B).where(_B.c.id == broadcast_id)
        .values(reported_half=half, reported_done=done)
    )


def progress(session: Bind, broadcast_ids: list[int]) -> dict[int, BroadcastProgress]:
    """Return the delivery counts of each broadcast (one grouped query)."""
    if not broadcast_ids:
        return {}
    connection = connection_of(session)
    created: dict[int, datetime] = {
        int(bid): at
        for bid, at in connection.execute(
            sa.select(_B.c.id, _B.c.created_at).where(_B.c.id.in_(broadcast_ids))
        ).all()
    }
    counts: dict[int, dict[str, int]] = {bid: {} for bid in created}
    rows = connection.execute(
        sa.select(_R.c.broadcast_id, _D.c.status, sa.func.count())
        .select_from(_D.join(_R, _R.c.id == _D.c.reminder_id))
        .where(_R.c.broadcast_id.in_(broadcast_ids))
        .group_by(_R.c.broadcast_id, _D.c.status)
    ).all()
    for bid, status, count in rows:
        counts[bid][status] = int(count)
    return {
        bid: BroadcastProgress(
            id=bid,
            total=sum(by.values()),
            sent=by.get("sent", 0),
            failed=by.get("failed", 0),
            pending=by.get("pending", 0) + by.get("claimed", 0),
            created_at=created[bid],
        )
        for bid, by in counts.items()
    }


def recent(session: Bind, limit: int = 5) -> list[int]:
    """Return the ids of the latest broadcasts (not reports), newest first."""
    return list(
        connection_of(session).execute(
            sa.select(_B.c.id).where(_B.c.report_of.is_(None))
            .order_by(_B.c.id.desc()).limit(limit)
        ).scalars()
    )
