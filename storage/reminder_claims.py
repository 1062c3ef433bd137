"""Exactly-once claiming of due reminder deliveries: claims, leases and their outcomes.

Every function takes the caller's ``Session`` (or a bare ``Connection``) and never commits,
like ``storage.repo``. The sending protocol (docs/reminders_ledger.md):

1. ``claim_due`` in its own short transaction, then COMMIT: the claimed rows now carry a
   lease (``status='claimed'``, ``available_at`` = lease end, ``claimed_by`` = worker).
2. Send each message outside any transaction.
3. ``mark_sent`` / ``mark_failed`` (or ``retry_later`` / ``release_claims``) in another
   short transaction.


A worker that dies between 1 and 3 leaves its claims behind; they become claimable again
when the lease ends. PostgreSQL claims with ``SELECT ... FOR UPDATE SKIP LOCKED`` so several
processes can claim at once without waiting for each other or taking the same row; SQLite
transactions begin with ``BEGIN IMMEDIATE`` (``storage.db``), so claims are serialised.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from storage.models import CHANNELS
from storage.reminder_tables import BROADCAST as _B
from storage.reminder_tables import CHAT_USER as _U
from storage.reminder_tables import DELIVERY as _D
from storage.reminder_tables import QUESTION as _Q
from storage.reminder_tables import REMINDER as _R
from storage.reminder_tables import SCHEDULE as _S
from storage.reminder_tables import aware as _aware
from storage.reminder_tables import ids_in
from storage.repo import Bind, connection_of

MAX_ATTEMPTS = 5
DEFAULT_LEASE = timedelta(minutes=5)
# A delivery claimed more than this after its due time is "late" (the process was down).
LATE_AFTER = timedelta(minutes=30)
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
# Error codes only (e.g. "telegram_403", "timeout"): never message text or user data.
_ERROR_CODE = re.compile(r"[a-z0-9_.:-]{1,64}")
# Spelled with literals so both databases can use the partial index on it (a bound
# parameter cannot prove the index predicate).
CLAIMABLE = sa.text("reminder_delivery.status IN ('pending', 'claimed')")
LEASED = sa.text("reminder_delivery.status = 'claimed'")


@dataclass(frozen=True)
class Claimed:
    """A delivery this worker now holds a lease on, with what the sender needs."""

    delivery_id: int
    reminder_id: int
    user_id: int
    kind: str
    title: str | None
    occurrence: str
    due_at: datetime
    reminder_due_at: datetime
    timezone: str
    attempts: int
    late: bool
    channel: str
    external_id: str
    user_active: bool
    source_key: str
    last_seen_at: datetime  # the user's last inbound message (WhatsApp 24-hour window)
    detail: str | None = None  # the broadcast text or the ukom schedule's notes


# A delivery's extra text: the broadcast's text, the schedule's notes or the admin's reply.
DETAIL = sa.func.coalesce(_B.c.text, sa.func.nullif(_S.c.notes, ""), _Q.c.reply).label("detail")


def _claim_columns(delivery: Any) -> tuple[Any, ...]:
    return (
        delivery.c.id,
        delivery.c.reminder_id,
        delivery.c.user_id,
        _R.c.kind,
        _R.c.title,
        _R.c.source_key,
        delivery.c.occurrence,
        delivery.c.due_at,
        _R.c.due_at.label("reminder_due_at"),
        _R.c.timezone,
        delivery.c.attempts,
        _U.c.channel,
        _U.c.external_id,
        _U.c.active,
        _U.c.last_seen_at,
        DETAIL,
    )


def join_detail_sources(query: Any) -> Any:
    """``query`` (already joined to reminder) outer-joined to the tables ``DETAIL`` reads."""
    return (
        query.outerjoin(_S, _S.c.id == _R.c.schedule_id)
        .outerjoin(_B, _B.c.id == _R.c.broadcast_id)
        .outerjoin(_Q, _Q.c.id == _R.c.question_id)
    )


def _with_details(delivery: Any) -> Any:
    return join_detail_sources(
        sa.select(*_claim_columns(delivery))
        .select_from(delivery)
        .join(_R, _R.c.id == delivery.c.reminder_id)
        .join(_U, _U.c.id == delivery.c.user_id)
    )


def _due_walk(channel: str, now: datetime, max_attempts: int, limit: int) -> Any:
    """SELECT id, available_at of ``channel``'s due deliveries, oldest first, ``limit`` rows."""
    return (
        sa.select(_D.c.id, _D.c.available_at)
        .where(CLAIMABLE, _D.c.channel == channel, _D.c.available_at <= now,
               _D.c.attempts < max_attempts)
        .order_by(_D.c.available_at, _D.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def claim_due(
    session: Bind,
    now: datetime,
    worker: str,
    limit: int = 100,
    lease: timedelta = DEFAULT_LEASE,
    *,
    late_after: timedelta = LATE_AFTER,
    max_attempts: int = MAX_ATTEMPTS,
    channels: Sequence[str] | None = None,
) -> list[Claimed]:
    """Claim up to ``limit`` due deliveries for ``worker`` until ``now + lease``.

    Due means pending with ``available_at <= now`` or claimed with an expired lease (its
    worker died). Expired claims that used up ``max_attempts`` become ``failed`` instead.
    ``channels`` (None = all) claims only deliveries of users on those channels, so a
    process claims only what it has senders for. The caller must COMMIT before sending.
    Returns the claims oldest first; ``late`` is set when the delivery was due more than
    ``late_after`` before ``now``.
    """
    if not 0 < len(worker) <= 64:
        raise ValueError("worker must be 1 to 64 characters")
    _aware(now, "now")
    connection = connection_of(session)
    connection.execute(
        sa.update(_D)
        .where(LEASED, _D.c.available_at <= now, _D.c.attempts >= max_attempts)
        .values(status="failed", last_error="lease_expired")
    )
    # UPDATE ... WHERE id IN (SELECT ... LIMIT n [FOR UPDATE SKIP LOCKED]) RETURNING.
    # SKIP LOCKED: rows another worker is claiming right now are passed over, not waited
    # for; SQLite renders no FOR UPDATE (BEGIN IMMEDIATE already excludes other writers).
    # One walk of ix_reminder_delivery_claimable (channel, available_at, id) per channel:
    # each reads ``limit`` rows in order whatever the backlog of the other channels. Several
    # channels: the walks' rows merged oldest first (up to channels x limit rows are locked
    # until COMMIT, then the ones not taken are free again).
    wanted = list(CHANNELS) if channels is None else sorted(set(channels))
    if not wanted:
        return []
    walks = [_due_walk(channel, now, max_attempts, limit) for channel in wanted]
    if len(walks) == 1:
        due = walks[0].with_only_columns(_D.c.id)
    else:
        merged = sa.union_all(
            *[sa.select(walk.c.id, walk.c.available_at)
              for walk in (w.subquery(f"due_{i}") for i, w in enumerate(walks))]
        ).subquery("due")
        due = sa.select(merged.c.id).order_by(merged.c.available_at, merged.c.id).limit(limit)
    claim = (
        sa.update(_D)
        .where(_D.c.id.in_(due.scalar_subquery()))
        .values(
            status="claimed",
            claimed_by=worker,
            available_at=now + lease,
            attempts=_D.c.attempts + 1,
        )
    )
    if connection.dialect.name == "postgresql":
        # One statement: the UPDATE's RETURNING joined to what the sender needs.
        claimed = claim.returning(
            _D.c.id, _D.c.reminder_id, _D.c.user_id, _D.c.occurrence, _D.c.due_at,
            _D.c.attempts,
        ).cte("claimed")
        rows = connection.execute(_with_details(claimed)).all()
    else:
        ids = list(connection.execute(claim.returning(_D.c.id)).scalars())
        if not ids:
            return []
        rows = connection.execute(_with_details(_D).where(_D.c.id.in_(ids))).all()
    late_before = now - late_after
    claims = [
        Claimed(
            delivery_id=row.id,
            reminder_id=row.reminder_id,
            user_id=row.user_id,
            kind=row.kind,
            title=row.title,
            occurrence=row.occurrence,
            due_at=row.due_at,
            reminder_due_at=row.reminder_due_at,
            timezone=row.timezone,
            attempts=row.attempts,
            late=row.due_at < late_before,
            channel=row.channel,
            external_id=row.external_id,
            user_active=bool(row.active),
            source_key=row.source_key,
            last_seen_at=row.last_seen_at,
            detail=row.detail,
        )
        for row in rows
    ]
    claims.sort(key=lambda c: (c.due_at, c.delivery_id))
    return claims


def mark_sent(session: Bind, delivery_ids: Iterable[int], worker: str, now: datetime) -> int:
    """Record deliveries ``worker`` sent (one UPDATE); return how many were still its own.

    A delivery whose lease expired and was claimed by another worker is not changed: the
    count tells the caller that a second send may happen (see the lease rule in the docs).
    """
    return _update_own_claims(session, delivery_ids, worker,
                              status="sent", sent_at=_aware(now, "now"), last_error=None)


def _update_own_claims(
    session: Bind, delivery_ids: Iterable[int], worker: str, **values: Any
) -> int:
    """One UPDATE of the deliveries among ``delivery_ids`` still claimed by ``worker``."""
    ids = list(delivery_ids)
    if not ids:
        return 0
    connection = connection_of(session)
    result = connection.execute(
        sa.update(_D)
        .where(ids_in(connection, _D.c.id, ids), LEASED, _D.c.claimed_by == worker)
        .values(**values)
    )
    return int(result.rowcount)


# The claim's attempt is given back (a rate limit or a stop is not a failed attempt).
_ATTEMPT_GIVEN_BACK = sa.case((_D.c.attempts > 0, _D.c.attempts - 1), else_=0)


def retry_later(
    session: Bind, delivery_id: int, worker: str, now: datetime, retry_at: datetime, error: str
) -> bool:
    """Put ``worker``'s claimed delivery back to pending at ``retry_at`` without using an attempt.

    For rate limits (HTTP 429 / RetryAfter): the claim's attempt is given back
    (``attempts - 1``). ``error`` is a short code. False when the delivery is not this
    worker's claim (any more).
    """
    if not _ERROR_CODE.fullmatch(error):
        raise ValueError("error must be a short code: lowercase letters, digits, _.:-")
    _aware(now, "now")
    result = connection_of(session).execute(
        sa.update(_D)
        .where(_D.c.id == delivery_id, _D.c.status == "claimed", _D.c.claimed_by == worker)
        .values(
            status="pending",
            available_at=_aware(retry_at, "retry_at"),
            claimed_by=None,
            attempts=_ATTEMPT_GIVEN_BACK,
            last_error=error,
        )
    )
    return int(result.rowcount) == 1


def release_claims(
    session: Bind, delivery_ids: Iterable[int], worker: str, now: datetime
) -> int:
    """Give ``worker``'s unsent claims back at once (a graceful stop); return how many.

    They become pending and due at ``now``, so any worker claims them on its next run
    instead of waiting for the lease to end; the claim's attempt is given back. Deliveries
    that are no longer this worker's claim are left alone.
    """
    return _update_own_claims(session, delivery_ids, worker, status="pending",
                              available_at=_aware(now, "now"), claimed_by=None,
                              attempts=_ATTEMPT_GIVEN_BACK)


def backoff(attempts: int) -> timedelta:
    """Wait before retry number ``attempts``: 1, 2, 4, 8 ... minutes, at most 6 hours."""
    return min(BACKOFF_BASE * (1 << min(max(attempts - 1, 0), 20)), BACKOFF_CAP)


def mark_failed(
    session: Bind,
    delivery_id: int,
    worker: str,
    now: datetime,
    error: str,
    *,
    retry_at: datetime | None = None,
    permanent: bool = False,
    max_attempts: int = MAX_ATTEMPTS,
) -> str | None:
    """Record a failed send; return the new status ("pending" or "failed"), None if not ours.

    The delivery is retried at ``retry_at`` (default: ``now + backoff(attempts)``) unless
    it is ``permanent`` (e.g. the user blocked the bot) or ``max_attempts`` were used.
    ``error`` is a short code such as "telegram_403", never message text.
    """
    if not _ERROR_CODE.fullmatch(error):
        raise ValueError("error must be a short code: lowercase letters, digits, _.:-")
    connection = connection_of(session)
    attempts = connection.execute(
        sa.select(_D.c.attempts).where(
            _D.c.id == delivery_id, _D.c.status == "claimed", _D.c.claimed_by == worker
        )
    ).scalar()
    if attempts is None:
        return None
    final = permanent or attempts >= max_attempts
    status = "failed" if final else "pending"
    retry = _aware(retry_at, "retry_at") if retry_at is not None else now + backoff(attempts)
    values: dict[str, Any] = {"status": status, "last_error": error}
    if not final:
        values.update(available_at=retry, claimed_by=None)
    result = connection.execute(
        sa.update(_D)
        .where(_D.c.id == delivery_id, _D.c.status == "claimed", _D.c.claimed_by == worker)
        .values(**values)
    )
    return status if result.rowcount == 1 else None

