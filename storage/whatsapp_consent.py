"""WhatsApp opt-in / opt-out per user (table ``whatsapp_consent``, docs/whatsapp.md).

No row: never asked. ``asked``: the question was shown. ``in``: the user agreed, at
``opted_in_at``, to receive reminders of ``kinds`` as templates outside the 24-hour window.
``out``: declined, or sent "STOP"/"berhenti": nothing is sent on WhatsApp (no template, no
free-form reminder) until they opt in again. Functions never commit (like ``storage.repo``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from storage.models import REMINDER_KINDS, ChatUser, Delivery
from storage.repo import Bind, connection_of, insert_on_conflict
from storage.whatsapp_models import WhatsAppConsent

_C = WhatsAppConsent.__table__  # type: ignore[attr-defined]
_D = Delivery.__table__  # type: ignore[attr-defined]
_U = ChatUser.__table__  # type: ignore[attr-defined]

ALL_KINDS: tuple[str, ...] = REMINDER_KINDS
# "Hanya pengingat saya": everything but the admins' broadcasts.
OWN_KINDS: tuple[str, ...] = tuple(k for k in REMINDER_KINDS if k != "siaran")
OPTED_OUT = "whatsapp_opted_out"
# Ledger codes of deliveries waiting for the user's next message (the window to open).
WAIT_WINDOW = "whatsapp_wait_window"
REENGAGE = "whatsapp_131047"
WAITING_CODES = (WAIT_WINDOW, REENGAGE)


@dataclass(frozen=True)
class SendState:
    """What the sender checks at the moment of sending, read in one query."""

    last_seen_at: datetime | None
    status: str | None  # None: never asked
    kinds: tuple[str, ...]
    window_closed_at: datetime | None

    @property
    def opted_out(self) -> bool:
        """True after "STOP" (or a "Tidak"): nothing may be sent on WhatsApp."""
        return self.status == "out"

    def allows_template(self, kind: str) -> bool:
        """True when the user opted in to templates of ``kind``."""
        return self.status == "in" and kind in self.kinds


def user_id_of(bind: Bind, channel: str, external_id: str) -> int | None:
    """The ``chat_user.id`` of (channel, external_id), or None."""
    found = connection_of(bind).execute(
        sa.select(_U.c.id).where(_U.c.channel == channel, _U.c.external_id == external_id)
    ).scalar()
    return None if found is None else int(found)


def get(bind: Bind, user_id: int) -> WhatsAppConsent | None:
    """The user's consent row, or None when never asked."""
    row = connection_of(bind).execute(sa.select(_C).where(_C.c.user_id == user_id)).first()
    return None if row is None else WhatsAppConsent(**dict(row._mapping))


def send_state(bind: Bind, user_id: int) -> SendState:
    """The user's last inbound message time and consent, for the send about to happen."""
    row = connection_of(bind).execute(
        sa.select(_U.c.last_seen_at, _C.c.status, _C.c.kinds, _C.c.window_closed_at)
        .select_from(_U.outerjoin(_C, _C.c.user_id == _U.c.id))
        .where(_U.c.id == user_id)
    ).first()
    if row is None:
        return SendState(None, None, (), None)
    return SendState(row.last_seen_at, row.status, tuple(row.kinds or ()), row.window_closed_at)


def _upsert(bind: Bind, user_id: int, now: datetime, **values: object) -> None:
    connection = connection_of(bind)
    stmt = insert_on_conflict(connection, _C).values(
        user_id=user_id, updated_at=now, **{"kinds": [], **values})
    connection.execute(stmt.on_conflict_do_update(
        index_elements=["user_id"], set_={"updated_at": now, **values}))


def mark_asked(bind: Bind, user_id: int, now: datetime) -> bool:
    """Record that the question was shown; False when the user had answered or been asked."""
    connection = connection_of(bind)
    result = connection.execute(
        insert_on_conflict(connection, _C)
        .values(user_id=user_id, status="asked", kinds=[], asked_at=now, updated_at=now)
        .on_conflict_do_update(
            index_elements=["user_id"], set_={"asked_at": now, "updated_at": now},
            where=sa.and_(_C.c.status == "asked", _C.c.asked_at.is_(None)))
        .returning(_C.c.user_id)
    )
    return result.first() is not None


def opt_in(bind: Bind, user_id: int, kinds: Sequence[str], now: datetime) -> None:
    """Record the user's opt-in for ``kinds`` at ``now`` (also after an earlier "STOP")."""
    unknown = set(kinds) - set(REMINDER_KINDS)
    if unknown:
        raise ValueError(f"unknown reminder kinds: {sorted(unknown)}")
    _upsert(bind, user_id, now, status="in", kinds=sorted(set(kinds)), opted_in_at=now)


def opt_out(bind: Bind, user_id: int, now: datetime) -> int:
    """Record "STOP": no more sends on WhatsApp; cancel the pending ones; return how many.

    A delivery being sent right now (claimed) is refused by the sender, which reads the
    consent at the moment of sending.
    """
    _upsert(bind, user_id, now, status="out", kinds=[], opted_out_at=now)
    result = connection_of(bind).execute(
        sa.update(_D)
        .where(_D.c.user_id == user_id, _D.c.status == "pending")
        .values(status="cancelled", last_error=OPTED_OUT)
    )
    return int(result.rowcount)


def close_window(bind: Bind, user_id: int, at: datetime) -> None:
    """Meta said the 24-hour window is closed (131047): free-form waits for a new message."""
    connection = connection_of(bind)
    connection.execute(
        insert_on_conflict(connection, _C)
        .values(user_id=user_id, status="asked", kinds=[], window_closed_at=at, updated_at=at)
        .on_conflict_do_update(index_elements=["user_id"],
                               set_={"window_closed_at": at, "updated_at": at})
    )


def release_waiting(bind: Bind, user_id: int, now: datetime) -> int:
    """The user wrote (the window opened): deliveries waiting for it are due now; how many."""
    result = connection_of(bind).execute(
        sa.update(_D)
        .where(_D.c.user_id == user_id, _D.c.status == "pending",
               _D.c.last_error.in_(WAITING_CODES), _D.c.available_at > now)
        .values(available_at=now)
    )
    return int(result.rowcount)


def has_active_reminders(bind: Bind, user_id: int) -> bool:
    """True when the user has an active reminder (the moment to ask for the opt-in)."""
    from storage.models import Reminder

    reminder = Reminder.__table__  # type: ignore[attr-defined]
    return connection_of(bind).execute(
        sa.select(reminder.c.id).where(reminder.c.user_id == user_id,
                                       reminder.c.status == "active").limit(1)
    ).first() is not None
