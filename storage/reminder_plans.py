"""Planning reminders: saving them, materialising their deliveries, re-planning, fan-out.

Every function takes the caller's ``Session`` (or a bare ``Connection``) and never commits,
like ``storage.repo``. Deliveries are inserted with ``ON CONFLICT DO NOTHING`` on
(reminder_id, occurrence), so planning again, even concurrently, adds nothing twice; what
happens to them afterwards is ``storage.reminder_claims`` (docs/reminders_ledger.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from storage.models import REMINDER_KINDS, Reminder, UTCDateTime, utcnow
from storage.reminder_tables import CHAT_USER as _U
from storage.reminder_tables import DELIVERY as _D
from storage.reminder_tables import REMINDER as _R
from storage.reminder_tables import aware as _aware
from storage.reminder_tables import ids_in
from storage.repo import Bind, connection_of, insert_on_conflict

# Days before the reminder's due_at at which each kind is sent unless the caller says
# otherwise (0 = on the due time itself).
DEFAULT_OFFSETS: dict[str, tuple[int, ...]] = {
    "angka_kredit": (0,),
    "predikat_tahunan": (0,),
    "ukom_pendaftaran": (14, 7, 1),
    "ukom_ujian": (1,),
    "rekomendasi": (90, 30),
    "pribadi": (0,),
    "siaran": (0,),
    "jawaban": (0,),
}
INSERT_CHUNK = 500


@dataclass(frozen=True)
class Occurrence:
    """One planned send of a reminder: its key (unique per reminder) and due time."""

    key: str
    due_at: datetime


def save_reminder(
    session: Bind,
    user_id: int,
    kind: str,
    source_key: str,
    due_at: datetime,
    *,
    timezone: str = "Asia/Jakarta",
    offsets: Sequence[int] | None = None,
    title: str | None = None,
    now: datetime | None = None,
    schedule_id: int | None = None,
    broadcast_id: int | None = None,
    question_id: int | None = None,
) -> Reminder:
    """Create the reminder (user, kind, source_key) unless it exists; return the stored row.

    Idempotent: an existing row is returned unchanged (a changed date needs a new
    ``source_key``, and the old reminder stopped). ``title`` is for "pribadi" only.
    """
    if kind not in REMINDER_KINDS:
        raise ValueError(f"unknown reminder kind {kind!r}; expected one of {REMINDER_KINDS}")
    if title is not None and kind != "pribadi":
        raise ValueError("only 'pribadi' reminders carry a title")
    ZoneInfo(timezone)  # refuse an unknown zone now, not when the first send is computed
    days = list(DEFAULT_OFFSETS[kind] if offsets is None else offsets)
    if any(day < 0 for day in days):
        raise ValueError("offsets are days before due_at and cannot be negative")
    connection = connection_of(session)
    stmt = (
        insert_on_conflict(connection, _R)
        .values(
            user_id=user_id,
            kind=kind,
            source_key=source_key,
            title=title,
            due_at=_aware(due_at, "due_at"),
            timezone=timezone,
            offsets=days,
            status="active",
            created_at=now or utcnow(),
            schedule_id=schedule_id,
            broadcast_id=broadcast_id,
            question_id=question_id,
        )
        .on_conflict_do_nothing(index_elements=["user_id", "kind", "source_key"])
    )
    connection.execute(stmt)
    row = connection.execute(
        sa.select(_R).where(
            _R.c.user_id == user_id, _R.c.kind == kind, _R.c.source_key == source_key
        )
    ).one()
    return Reminder(**dict(row._mapping))


def occurrences(reminder: Reminder) -> list[Occurrence]:
    """The sends of ``reminder`` from its offsets: "D-14" is 14 local days before due_at.

    Days are counted on the user's wall clock (``timezone``), so the send keeps the local
    time of day even across a daylight-saving change.
    """
    zone = ZoneInfo(reminder.timezone)
    local_due = reminder.due_at.astimezone(zone)
    planned = []
    for days in sorted(set(reminder.offsets), reverse=True):
        local = (local_due.replace(tzinfo=None) - timedelta(days=days)).replace(tzinfo=zone)
        planned.append(Occurrence("D" if days == 0 else f"D-{days}", local.astimezone(UTC)))
    return planned


def _delivery_rows(
    reminder: Reminder, planned: Iterable[Occurrence], skip_before: datetime | None
) -> list[dict[str, Any]]:
    return [
        {
            "reminder_id": reminder.id,
            "user_id": reminder.user_id,
            "occurrence": item.key,
            "due_at": _aware(item.due_at, "due_at"),
            "available_at": item.due_at,
            "status": "pending",
            "attempts": 0,
        }
        for item in planned
        if skip_before is None or item.due_at >= skip_before
    ]


_INSERT_DELIVERY: dict[str, Any] = {}  # per dialect name, built on first use
_DELIVERY_COLUMNS = (
    "reminder_id", "user_id", "channel", "occurrence", "due_at", "available_at", "status",
    "attempts",
)
# PostgreSQL: one statement per chunk with one array parameter per column (unnest), so the
# SQL text stays short (psycopg parses every placeholder of a statement on the client).
_PG_INSERT_DELIVERIES = sa.text(
    "INSERT INTO reminder_delivery (reminder_id, user_id, channel, occurrence, due_at,"
    " available_at, status, attempts) SELECT * FROM unnest(CAST(:reminder_id AS integer[]),"
    " CAST(:user_id AS integer[]), CAST(:channel AS varchar[]),"
    " CAST(:occurrence AS varchar[]), CAST(:due_at AS timestamptz[]),"
    " CAST(:available_at AS timestamptz[]), CAST(:status AS varchar[]),"
    " CAST(:attempts AS integer[]))"
    " ON CONFLICT (reminder_id, occurrence) DO NOTHING RETURNING id"
)
PG_INSERT_CHUNK = 10_000


def user_channels(session: Bind, user_ids: Iterable[int]) -> dict[int, str]:
    """The channel of each of ``user_ids`` that exists (one query per 10,000 ids)."""
    connection = connection_of(session)
    wanted = sorted(set(user_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 10_000):
        chunk = wanted[start : start + 10_000]
        found.update(
            (int(row.id), str(row.channel))
            for row in connection.execute(
                sa.select(_U.c.id, _U.c.channel).where(ids_in(connection, _U.c.id, chunk))
            )
        )
    return found


def _with_channels(connection: sa.Connection,
                   rows: Sequence[dict[str, Any]]) -> Sequence[dict[str, Any]]:
    """``rows`` with each one's ``channel`` filled from its user where it is missing."""
    missing = {row["user_id"] for row in rows if row.get("channel") is None}
    if not missing:
        return rows
    channels = user_channels(connection, missing)
    unknown = missing - channels.keys()
    if unknown:
        raise ValueError(f"deliveries for unknown users: {sorted(unknown)[:5]}")
    return [
        row if row.get("channel") is not None else {**row, "channel": channels[row["user_id"]]}
        for row in rows
    ]


def insert_deliveries(session: Bind, rows: Sequence[dict[str, Any]]) -> int:
    """Insert delivery rows (``ON CONFLICT DO NOTHING``); return how many were new.

    Each row: reminder_id, user_id, occurrence, due_at, available_at (aware), status,
    attempts, and optionally channel (the user's; looked up in chat_user when missing).
    PostgreSQL: one ``INSERT ... SELECT FROM unnest(arrays)`` per 10,000 rows; SQLite: one
    executemany per 500 rows (SQLAlchemy batches it into multi-row INSERTs).
    """
    if not rows:
        return 0
    connection = connection_of(session)
    rows = _with_channels(connection, rows)
    created = 0
    if connection.dialect.name == "postgresql":
        for start in range(0, len(rows), PG_INSERT_CHUNK):
            chunk = rows[start : start + PG_INSERT_CHUNK]
            params: dict[str, list[Any]] = {name: [] for name in _DELIVERY_COLUMNS}
            for row in chunk:
                for name in _DELIVERY_COLUMNS:
                    value = row[name]
                    if name in ("due_at", "available_at"):
                        value = _aware(value, name)
                    params[name].append(value)
            created += len(connection.execute(_PG_INSERT_DELIVERIES, params).all())
        return created
    stmt = _INSERT_DELIVERY.get(connection.dialect.name)
    if stmt is None:
        stmt = _INSERT_DELIVERY[connection.dialect.name] = (
            insert_on_conflict(connection, _D)
            .on_conflict_do_nothing(index_elements=["reminder_id", "occurrence"])
            .returning(_D.c.id)
        )
    for start in range(0, len(rows), INSERT_CHUNK):
        result = connection.execute(stmt, list(rows[start : start + INSERT_CHUNK]))
        created += len(result.all())
    return created


def materialise(
    session: Bind,
    reminder: Reminder,
    planned: Iterable[Occurrence] | None = None,
    *,
    skip_before: datetime | None = None,
) -> int:
    """Insert the reminder's missing deliveries; return how many were new.

    ``planned`` defaults to ``occurrences(reminder)``. ``INSERT ... ON CONFLICT DO NOTHING``
    on (reminder_id, occurrence): running it again, even concurrently, adds nothing. A
    stopped reminder gets nothing; occurrences due before ``skip_before`` are left out (a
    reminder set 5 days before the deadline must not send its D-14 and D-7 at once).
    """
    if reminder.id is None or reminder.status != "active":
        return 0
    items = occurrences(reminder) if planned is None else planned
    return insert_deliveries(session, _delivery_rows(reminder, items, skip_before))


def materialise_many(
    session: Bind, reminders: Iterable[Reminder], *, skip_before: datetime | None = None
) -> int:
    """``materialise`` for many reminders at once (their default occurrences); return new rows."""
    rows: list[dict[str, Any]] = []
    for reminder in reminders:
        if reminder.id is not None and reminder.status == "active":
            rows.extend(_delivery_rows(reminder, occurrences(reminder), skip_before))
    return insert_deliveries(session, rows)  # channels: one lookup for all the users


class SpecLike(Protocol):
    """What ``sync_reminders`` reads of a spec (handlers.domain.records.ReminderSpec)."""

    @property
    def kind(self) -> str: ...  # noqa: D102
    @property
    def source_key(self) -> str: ...  # noqa: D102
    @property
    def due_at(self) -> datetime: ...  # noqa: D102
    @property
    def timezone(self) -> str: ...  # noqa: D102
    @property
    def offsets(self) -> tuple[int, ...]: ...  # noqa: D102
    @property
    def title(self) -> str | None: ...  # noqa: D102


def _stop_where(connection: sa.Connection, now: datetime, *conditions: Any) -> int:
    """Stop the active reminders matching ``conditions``; cancel their pending sends after now.

    Pending deliveries already due (``due_at <= now``: late sends, or retries after a failed
    attempt) still go out: the planner no longer plans a send whose time passed, so
    re-planning must not take it away from the user.
    """
    ids = list(
        connection.execute(
            sa.update(_R)
            .where(_R.c.status == "active", *conditions)
            .values(status="stopped")
            .returning(_R.c.id)
        ).scalars()
    )
    for start in range(0, len(ids), 10_000):
        chunk = ids[start : start + 10_000]
        connection.execute(
            sa.update(_D)
            .where(ids_in(connection, _D.c.reminder_id, chunk), _D.c.status == "pending",
                   _D.c.due_at > now)
            .values(status="cancelled")
        )
    return len(ids)


def _drop_future_sends(connection: sa.Connection, reminder_id: int, now: datetime) -> set[str]:
    """Delete the planned (not snoozed) pending deliveries due after ``now``; return their keys.

    Deleted, not cancelled, so ``materialise`` can plan the same occurrence key again at
    its new time. Sent, claimed, cancelled, already due and "tunda:" rows stay.
    """
    return set(
        connection.execute(
            sa.delete(_D)
            .where(
                _D.c.reminder_id == reminder_id,
                _D.c.status == "pending",
                _D.c.due_at > now,
                _D.c.occurrence.not_like("tunda:%"),
            )
            .returning(_D.c.occurrence)
        ).scalars()
    )


def _same_plan(reminder: Reminder, spec: SpecLike) -> bool:
    return (
        reminder.due_at == _aware(spec.due_at, "due_at")
        and reminder.timezone == spec.timezone
        and sorted(set(reminder.offsets)) == sorted(set(spec.offsets))
    )


def _replan(connection: sa.Connection, reminder: Reminder, spec: SpecLike,
            now: datetime) -> tuple[Reminder, int]:
    """Move an active reminder to the spec's time, zone and offsets (same source key).

    Its future planned sends are deleted and planned again at their new times; an
    occurrence already sent keeps its UNIQUE row and is not sent twice. A send that was
    still to come but whose new time has just passed (e.g. WIB -> WIT at 10.00 WIT) goes
    out now instead of being lost. Returns the row and the new deliveries.
    """
    assert reminder.id is not None
    days = list(spec.offsets)
    if any(day < 0 for day in days):
        raise ValueError("offsets are days before due_at and cannot be negative")
    ZoneInfo(spec.timezone)
    connection.execute(
        sa.update(_R)
        .where(_R.c.id == reminder.id)
        .values(due_at=_aware(spec.due_at, "due_at"), timezone=spec.timezone, offsets=days)
    )
    dropped = _drop_future_sends(connection, reminder.id, now)
    row = connection.execute(sa.select(_R).where(_R.c.id == reminder.id)).one()
    moved = Reminder(**dict(row._mapping))
    created = materialise(connection, moved, skip_before=now)
    overdue = [Occurrence(item.key, now) for item in occurrences(moved)
               if item.key in dropped and item.due_at < now]
    created += materialise(connection, moved, overdue)
    return moved, created


def sync_reminders(
    session: Bind,
    user_id: int,
    specs: Iterable[SpecLike],
    kinds: Iterable[str],
    now: datetime,
    *,
    schedule_id: int | None = None,
    broadcast_id: int | None = None,
) -> tuple[int, int]:
    """Make ``specs`` the user's active reminders of ``kinds``; return (new deliveries, stopped).

    Each spec is saved (idempotent) and materialised without sends already past; an
    ACTIVE reminder of the same key with another time, zone or offsets (the user changed
    zone) is moved in place and its future sends planned again. Every other ACTIVE reminder
    of ``kinds`` (of ``schedule_id`` only, when given) is stopped and its pending
    deliveries due after ``now`` cancelled (already due ones still go out). A reminder the
    user stopped stays stopped, also when its time changed.
    """
    _aware(now, "now")
    connection = connection_of(session)
    keys: list[str] = []
    created = 0
    for spec in specs:
        reminder = save_reminder(
            connection, user_id, spec.kind, spec.source_key, spec.due_at,
            timezone=spec.timezone, offsets=spec.offsets, title=spec.title, now=now,
            schedule_id=schedule_id, broadcast_id=broadcast_id,
        )
        if reminder.status == "active" and not _same_plan(reminder, spec):
            reminder, new = _replan(connection, reminder, spec, now)
            created += new
        else:
            created += materialise(connection, reminder, skip_before=now)
        keys.append(spec.source_key)
    conditions = [_R.c.user_id == user_id, _R.c.kind.in_(list(kinds))]
    if keys:
        conditions.append(_R.c.source_key.not_in(keys))
    if schedule_id is not None:
        conditions.append(_R.c.schedule_id == schedule_id)
    return created, _stop_where(connection, now, *conditions)


def fan_out(
    session: Bind,
    audience: Any,
    specs_by_zone: Mapping[str, Sequence[SpecLike]],
    now: datetime,
    *,
    schedule_id: int | None = None,
    broadcast_id: int | None = None,
) -> int:
    """Plan the same reminders for a whole audience, set-based; return new deliveries.

    ``audience`` is a SELECT of (user_id, zone) with zone a key of ``specs_by_zone``
    ("WIB" ...). Per zone and spec: one ``INSERT INTO reminder ... SELECT`` over the
    audience, then per occurrence (not before ``now``) one ``INSERT INTO reminder_delivery
    ... SELECT`` over the active reminders of that key: a handful of statements for any
    number of users, idempotent (``ON CONFLICT DO NOTHING``) like ``save_reminder``.
    """
    _aware(now, "now")
    connection = connection_of(session)
    members = audience.subquery("audience")
    created = 0
    for zone, specs in specs_by_zone.items():
        for spec in specs:
            if spec.kind not in REMINDER_KINDS:
                raise ValueError(f"unknown reminder kind {spec.kind!r}")
            ZoneInfo(spec.timezone)
            due = _aware(spec.due_at, "due_at")
            rows = sa.select(
                members.c[0],
                sa.literal(spec.kind, sa.String),
                sa.literal(spec.source_key, sa.String),
                sa.literal(spec.title, sa.String),
                sa.literal(due, UTCDateTime),
                sa.literal(spec.timezone, sa.String),
                sa.literal(list(spec.offsets), sa.JSON),
                sa.literal("active", sa.String),
                sa.literal(now, UTCDateTime),
                sa.literal(schedule_id, sa.Integer),
                sa.literal(broadcast_id, sa.Integer),
            ).where(members.c[1] == zone)
            # Members whose reminder of this key is planned on another zone or time (they
            # changed zone since): move it in place; its future sends are planned again below.
            moved = list(
                connection.execute(
                    sa.update(_R)
                    .where(
                        _R.c.kind == spec.kind,
                        _R.c.source_key == spec.source_key,
                        _R.c.status == "active",
                        _R.c.user_id.in_(sa.select(members.c[0]).where(members.c[1] == zone)),
                        sa.or_(_R.c.timezone != spec.timezone, _R.c.due_at != due),
                    )
                    .values(due_at=due, timezone=spec.timezone, offsets=list(spec.offsets))
                    .returning(_R.c.id)
                ).scalars()
            )
            for reminder_id in moved:
                _drop_future_sends(connection, reminder_id, now)
            connection.execute(
                insert_on_conflict(connection, _R)
                .from_select(
                    ["user_id", "kind", "source_key", "title", "due_at", "timezone", "offsets",
                     "status", "created_at", "schedule_id", "broadcast_id"],
                    rows,
                )
                .on_conflict_do_nothing(index_elements=["user_id", "kind", "source_key"])
            )
            prototype = Reminder(
                user_id=0, kind=spec.kind, source_key=spec.source_key, due_at=due,
                timezone=spec.timezone, offsets=list(spec.offsets),
            )
            for item in occurrences(prototype):
                if item.due_at < now:
                    continue
                result = connection.execute(
                    insert_on_conflict(connection, _D)
                    .from_select(
                        ["reminder_id", "user_id", "channel", "occurrence", "due_at",
                         "available_at", "status", "attempts"],
                        sa.select(
                            _R.c.id,
                            _R.c.user_id,
                            _U.c.channel,
                            sa.literal(item.key, sa.String),
                            sa.literal(item.due_at, UTCDateTime),
                            sa.literal(item.due_at, UTCDateTime),
                            sa.literal("pending", sa.String),
                            sa.literal(0, sa.Integer),
                        )
                        .join(_U, _U.c.id == _R.c.user_id)
                        .where(
                            _R.c.kind == spec.kind,
                            _R.c.source_key == spec.source_key,
                            _R.c.timezone == spec.timezone,
                            _R.c.status == "active",
                        ),
                    )
                    .on_conflict_do_nothing(index_elements=["reminder_id", "occurrence"])
                    .returning(_D.c.id)  # rowcount of INSERT ... SELECT is -1 on psycopg
                )
                created += len(result.all())
    return created


def stop_schedule_reminders(
    session: Bind,
    schedule_id: int,
    keep_keys: Sequence[str],
    audience_ids: Any,
    *,
    now: datetime | None = None,
) -> int:
    """Stop the schedule's active reminders with another key or of users outside the audience.

    ``audience_ids`` is a SELECT of user ids. Pending deliveries due after ``now`` (default:
    the current time) are cancelled; already due ones still go out. Returns how many
    reminders were stopped.
    """
    at = utcnow() if now is None else _aware(now, "now")
    conditions: list[Any] = [_R.c.user_id.not_in(audience_ids)]
    if keep_keys:
        conditions.append(_R.c.source_key.not_in(list(keep_keys)))
    return _stop_where(connection_of(session), at, _R.c.schedule_id == schedule_id,
                       sa.or_(*conditions))
