"""Data access functions. Each takes the caller's ``Session`` and never commits.

The caller owns the unit of work (see ``storage.db.session_scope``), so one incoming update
can be handled atomically: ``lock_user`` → ``record_update`` → ``load_state`` → ...
→ ``save_state`` → ``mark_update_done`` → commit. Functions that may hit a unique
constraint do so inside a SAVEPOINT, so a lost race leaves the caller's transaction usable
on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import (
    CHANNELS,
    ChatUser,
    ConversationState,
    ProcessedUpdate,
    UTCDateTime,
    utcnow,
)

USER_TABLE = "chat_user"
USER_COLUMN = "user_id"

# Functions on the hot path accept a Session or a bare Connection (``ChatService`` runs each
# update on a Connection: no ORM identity map, no flush, ~4 statements per update).
Bind = Session | sa.Connection


class StateConflict(Exception):
    """Another writer saved this user's conversation state since it was loaded."""

    def __init__(self, user_id: int, expected_version: int) -> None:
        super().__init__(
            f"conversation state of user {user_id} changed since version {expected_version}"
            " was loaded; reload it and apply the update again"
        )
        self.user_id = user_id
        self.expected_version = expected_version


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise ValueError(f"unknown channel {channel!r}; expected one of {CHANNELS}")


def connection_of(bind: Bind) -> sa.Connection:
    """Return the connection behind a session (or the connection itself)."""
    return bind.connection() if isinstance(bind, Session) else bind


def insert_on_conflict(connection: sa.Connection, table: Any) -> Any:
    """``INSERT`` with ``ON CONFLICT`` support (SQLite >= 3.35 and PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


_USERS = ChatUser.__table__  # type: ignore[attr-defined]
_UPDATES = ProcessedUpdate.__table__  # type: ignore[attr-defined]
_STATES = ConversationState.__table__  # type: ignore[attr-defined]

# Built once: SQLAlchemy then reuses the compiled SQL instead of rebuilding it per update.
_SELECT_USER_ID = sa.select(_USERS.c.id).where(
    _USERS.c.channel == sa.bindparam("channel"),
    _USERS.c.external_id == sa.bindparam("external_id"),
)
# The channel and external id are checked too: a cached id must never reach another user,
# even if SQLite reused the id of an erased user's row.
_TOUCH_USER = (
    sa.update(_USERS)
    .where(
        _USERS.c.id == sa.bindparam("b_user_id"),
        _USERS.c.channel == sa.bindparam("b_channel"),
        _USERS.c.external_id == sa.bindparam("b_external_id"),
    )
    .values(last_seen_at=sa.bindparam("seen_at", type_=UTCDateTime))
)
_SELECT_STATE = sa.select(_STATES).where(_STATES.c.user_id == sa.bindparam("user_id"))


def touch_user(
    connection: sa.Connection, user_id: int, channel: str, external_id: str, now: datetime
) -> bool:
    """Set ``last_seen_at`` of a known user id; False when that user no longer exists.

    On PostgreSQL the UPDATE also row-locks the user until the transaction ends, which is
    what ``lock_user`` does (SQLite: ``BEGIN IMMEDIATE`` already holds the write lock).
    """
    result = connection.execute(
        _TOUCH_USER,
        {"b_user_id": user_id, "b_channel": channel, "b_external_id": external_id,
         "seen_at": now},
    )
    return result.rowcount == 1


def claim_user(connection: sa.Connection, channel: str, external_id: str, now: datetime) -> int:
    """Id of the user for (channel, external_id), created if new, touched and locked."""
    _check_channel(channel)
    keys = {"channel": channel, "external_id": external_id}
    for _attempt in range(3):
        user_id = connection.execute(_SELECT_USER_ID, keys).scalar()
        if user_id is not None:
            if touch_user(connection, user_id, channel, external_id, now):
                return int(user_id)
            continue  # erased in between by another transaction: look again
        stmt = (
            insert_on_conflict(connection, _USERS)
            .values(channel=channel, external_id=external_id, created_at=now, last_seen_at=now)
            .on_conflict_do_nothing(index_elements=["channel", "external_id"])
            .returning(_USERS.c.id)
        )
        created = connection.execute(stmt).scalar()
        if created is not None:
            return int(created)
        # A concurrent transaction created the same user first: use theirs.
    raise RuntimeError(f"user ({channel}, ...) kept disappearing while being claimed")


_CLAIM_UPDATE: dict[str, Any] = {}  # per dialect name, built on first use


def claim_update(
    connection: sa.Connection,
    channel: str,
    update_key: str,
    user_id: int | None,
    *,
    status: str = "done",
) -> bool:
    """Record an update in one statement; True when new, False when already recorded.

    ``INSERT ... ON CONFLICT DO NOTHING RETURNING``: a concurrent transaction inserting the
    same key makes this wait (PostgreSQL: on the unique index; SQLite: on the write lock).
    The row becomes visible only at COMMIT, together with the state change, so the caller
    may write the final status at once (no separate ``mark_update_done``).
    """
    _check_channel(channel)
    stmt = _CLAIM_UPDATE.get(connection.dialect.name)
    if stmt is None:
        stmt = _CLAIM_UPDATE[connection.dialect.name] = (
            insert_on_conflict(connection, _UPDATES)
            .values(
                channel=sa.bindparam("b_channel"),
                update_key=sa.bindparam("b_update_key"),
                user_id=sa.bindparam("b_user_id"),
                received_at=sa.bindparam("b_received_at", type_=UTCDateTime),
                status=sa.bindparam("b_status"),
            )
            .on_conflict_do_nothing(index_elements=["channel", "update_key"])
            .returning(_UPDATES.c.id)
        )
    params = {"b_channel": channel, "b_update_key": update_key, "b_user_id": user_id,
              "b_received_at": utcnow(), "b_status": status}
    return connection.execute(stmt, params).scalar() is not None


def _find_user(session: Session, channel: str, external_id: str) -> ChatUser | None:
    stmt = select(ChatUser).where(
        col(ChatUser.channel) == channel, col(ChatUser.external_id) == external_id
    )
    return session.exec(stmt).first()


def get_or_create_user(
    session: Session,
    channel: str,
    external_id: str,
    *,
    now: datetime | None = None,
    touch: bool = True,
) -> ChatUser:
    """Return the user for (channel, external_id), creating it; race-safe on both databases.

    With ``touch`` (the default, for an incoming message) ``last_seen_at`` is set to ``now``.
    """
    _check_channel(channel)
    now = now or utcnow()
    user = _find_user(session, channel, external_id)
    if user is None:
        candidate = ChatUser(
            channel=channel, external_id=external_id, created_at=now, last_seen_at=now
        )
        try:
            with session.begin_nested():
                session.add(candidate)
            return candidate
        except IntegrityError:
            # A concurrent transaction created the same user first; use theirs.
            user = _find_user(session, channel, external_id)
            if user is None:
                raise
    if touch:
        user.last_seen_at = now
        session.add(user)
        session.flush()
    return user


def set_user_blocked(
    session: Session, user_id: int, blocked: bool, *, now: datetime | None = None
) -> None:
    """Record that the user blocked the bot (no more sends) or came back."""
    values: dict[str, Any] = (
        {"active": False, "blocked_at": now or utcnow()}
        if blocked
        else {"active": True, "blocked_at": None}
    )
    session.exec(sa.update(ChatUser).where(col(ChatUser.id) == user_id).values(**values))


def lock_user(session: Session, user_id: int) -> None:
    """Serialise work on one user until the caller's transaction ends.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on the user's row. SQLite: no row locks exist; the
    statement only starts the transaction, and ``storage.db`` begins every SQLite
    transaction with ``BEGIN IMMEDIATE``, which takes the database-wide write lock. That is
    correct but coarse, so SQLite is meant for a single bot process.
    """
    stmt = select(col(ChatUser.id)).where(col(ChatUser.id) == user_id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    session.exec(stmt)


def record_update(session: Session, channel: str, update_key: str, user_id: int | None) -> bool:
    """Record an incoming update; True when new, False when it was already recorded.

    Race-safe: the unique (channel, update_key) constraint decides. A concurrent transaction
    inserting the same key makes this call wait (PostgreSQL: on the index; SQLite: on the
    write lock) and then return False, or True if the other transaction rolled back.
    """
    _check_channel(channel)
    try:
        with session.begin_nested():
            session.exec(
                sa.insert(ProcessedUpdate).values(
                    channel=channel,
                    update_key=update_key,
                    user_id=user_id,
                    received_at=utcnow(),
                    status="received",
                )
            )
    except IntegrityError:
        if _update_exists(session, channel, update_key):
            return False
        raise  # another constraint failed (e.g. unknown user_id): a real error
    return True


def _update_exists(session: Session, channel: str, update_key: str) -> bool:
    stmt = select(col(ProcessedUpdate.id)).where(
        col(ProcessedUpdate.channel) == channel, col(ProcessedUpdate.update_key) == update_key
    )
    return session.exec(stmt).first() is not None


def mark_update_done(
    session: Session, channel: str, update_key: str, *, status: str = "done"
) -> bool:
    """Set the final status ("done" or "failed") of a recorded update; False if unknown."""
    if status not in ("done", "failed"):
        raise ValueError(f"final status must be 'done' or 'failed', not {status!r}")
    result = session.exec(
        sa.update(ProcessedUpdate)
        .where(
            col(ProcessedUpdate.channel) == channel,
            col(ProcessedUpdate.update_key) == update_key,
        )
        .values(status=status)
    )
    return result.rowcount > 0


def prune_updates(session: Session, received_before: datetime) -> int:
    """Delete update records older than ``received_before``; return how many were deleted."""
    result = session.exec(
        sa.delete(ProcessedUpdate).where(col(ProcessedUpdate.received_at) < received_before)
    )
    return result.rowcount


def load_state(session: Bind, user_id: int) -> ConversationState:
    """The user's conversation state as a detached snapshot (version 0 when none saved).

    The snapshot is not attached to the session, so changing it never writes anything by
    itself; only ``save_state`` does, with the version check.
    """
    row = connection_of(session).execute(_SELECT_STATE, {"user_id": user_id}).first()
    if row is None:
        return ConversationState(user_id=user_id, answers={}, history=[], version=0)
    return ConversationState(**dict(row._mapping))


def save_state(
    session: Bind, state: ConversationState, *, now: datetime | None = None
) -> ConversationState:
    """Store ``state`` if nobody saved since it was loaded; return the new snapshot.

    Raises ``StateConflict`` when the stored version differs from ``state.version``.
    """
    now = now or utcnow()
    values: dict[str, Any] = {
        "flow": state.flow,
        "step": state.step,
        "answers": state.answers,
        "history": state.history,
        "updated_at": now,
        "version": state.version + 1,
    }
    connection = connection_of(session)
    if state.version == 0:
        try:
            with connection.begin_nested():
                connection.execute(
                    sa.insert(ConversationState).values(user_id=state.user_id, **values))
        except IntegrityError:
            if load_state(session, state.user_id).version != 0:
                raise StateConflict(state.user_id, state.version) from None
            raise  # not a duplicate row (e.g. the user does not exist)
    else:
        result = connection.execute(
            _UPDATE_STATE,
            {
                "user_id_": state.user_id,
                "version_": state.version,
                **{f"new_{name}": values[name] for name in _STATE_FIELDS},
            },
        )
        if result.rowcount != 1:
            raise StateConflict(state.user_id, state.version)
    return ConversationState(user_id=state.user_id, **values)


def load_state_record(connection: sa.Connection, user_id: int) -> dict[str, Any]:
    """The user's state columns as a plain dict (version 0 when none saved); no ORM object.

    The hot path of ``bot.service`` (one per update): building a ``ConversationState`` and
    setting its instrumented attributes cost more than the SELECT itself.
    """
    row = connection.execute(_SELECT_STATE, {"user_id": user_id}).first()
    if row is None:
        return {"user_id": user_id, "flow": None, "step": None, "answers": {}, "history": [],
                "updated_at": None, "version": 0}
    return dict(row._mapping)


def save_state_record(
    connection: sa.Connection, user_id: int, version: int, record: dict[str, Any], *,
    now: datetime,
) -> None:
    """``save_state`` for a plain record (flow, step, answers, history) loaded at ``version``.

    Raises ``StateConflict`` when the stored version differs from ``version``.
    """
    if version == 0:  # a new user's first save: the INSERT path with its conflict check
        save_state(connection, ConversationState(
            user_id=user_id, flow=record["flow"], step=record["step"],
            answers=record["answers"], history=record["history"], version=0), now=now)
        return
    result = connection.execute(_UPDATE_STATE, {
        "user_id_": user_id, "version_": version,
        "new_flow": record["flow"], "new_step": record["step"],
        "new_answers": record["answers"], "new_history": record["history"],
        "new_updated_at": now, "new_version": version + 1,
    })
    if result.rowcount != 1:
        raise StateConflict(user_id, version)


_STATE_FIELDS = ("flow", "step", "answers", "history", "updated_at", "version")
_UPDATE_STATE = (
    sa.update(_STATES)
    .where(
        _STATES.c.user_id == sa.bindparam("user_id_"),
        _STATES.c.version == sa.bindparam("version_"),
    )
    .values({name: sa.bindparam(f"new_{name}") for name in _STATE_FIELDS})
)


def clear_state(session: Session, user_id: int) -> None:
    """Forget the user's conversation state (e.g. after IDLE_MINUTES or /batal)."""
    session.exec(sa.delete(ConversationState).where(col(ConversationState.user_id) == user_id))


def _fk_set_null(fk: Any) -> bool:
    return str((fk.get("options") or {}).get("ondelete", "")).upper() == "SET NULL"


def user_data_columns(connection: sa.Connection) -> list[tuple[str, str]]:
    """Every (table, column) of the live schema that holds a user id, users table first.

    That is ``chat_user.id``, every ``user_id`` column and every column with a foreign key
    to ``chat_user.id``; read from the database itself, so tables of any migration count.
    A foreign key declared ``ON DELETE SET NULL`` (e.g. ``broadcast.admin_user_id``) is a
    mere reference, not data about the user: see ``user_reference_columns``.
    """
    inspector = sa.inspect(connection)
    found: set[tuple[str, str]] = set()
    for table in inspector.get_table_names():
        references = {
            name
            for fk in inspector.get_foreign_keys(table)
            if fk["referred_table"] == USER_TABLE and _fk_set_null(fk)
            for name in fk["constrained_columns"]
        }
        found.update(
            (table, c["name"]) for c in inspector.get_columns(table)
            if c["name"] == USER_COLUMN and c["name"] not in references
        )
        for fk in inspector.get_foreign_keys(table):
            if (fk["referred_table"] == USER_TABLE and fk["referred_columns"] == ["id"]
                    and not _fk_set_null(fk)):
                found.update((table, name) for name in fk["constrained_columns"])
    found.discard((USER_TABLE, "id"))
    return [(USER_TABLE, "id"), *sorted(found)]


def user_reference_columns(connection: sa.Connection) -> list[tuple[str, str]]:
    """Every (table, column) referring to ``chat_user.id`` ``ON DELETE SET NULL``."""
    inspector = sa.inspect(connection)
    return sorted(
        (table, name)
        for table in inspector.get_table_names()
        for fk in inspector.get_foreign_keys(table)
        if fk["referred_table"] == USER_TABLE and _fk_set_null(fk)
        for name in fk["constrained_columns"]
    )


def _user_rows(connection: sa.Connection) -> list[tuple[sa.Table, list[str]]]:
    """Every table holding rows about a user with its user columns, children first.

    The one discovery both ``count_user_rows`` (what /hapus_data lists) and ``erase_user``
    (what it deletes) use, so the list shown can never drift from what is erased.
    """
    columns = user_data_columns(connection)
    metadata = sa.MetaData()
    metadata.reflect(bind=connection, only=sorted({table for table, _ in columns}))
    by_table: dict[str, list[str]] = {}
    for table, column in columns:
        by_table.setdefault(table, []).append(column)
    return [(table, by_table[table.name]) for table in reversed(metadata.sorted_tables)
            if by_table.get(table.name)]


def count_user_rows(bind: Bind, user_id: int) -> dict[str, int]:
    """Return how many rows ``erase_user`` would delete now, per table (tables with none left
    out)."""
    connection = connection_of(bind)
    counts: dict[str, int] = {}
    for table, names in _user_rows(connection):
        found = connection.execute(
            sa.select(sa.func.count()).select_from(table)
            .where(sa.or_(*(table.c[name] == user_id for name in names)))
        ).scalar_one()
        if found:
            counts[table.name] = int(found)
    return counts


def erase_user(session: Session, user_id: int) -> dict[str, int]:
    """Delete every row about the user (for /hapus_data); return deleted rows per table.

    Rows are deleted explicitly from every table found by ``user_data_columns`` (children
    before ``chat_user``) rather than trusting ``ON DELETE CASCADE`` alone, so a table whose
    foreign key was declared without cascade is still erased. References declared
    ``ON DELETE SET NULL`` (``user_reference_columns``) are set to NULL first.
    """
    connection = session.connection()
    for table_name, column in user_reference_columns(connection):
        ref = sa.table(table_name, sa.column(column))
        connection.execute(
            sa.update(ref).where(ref.c[column] == user_id).values({column: None})
        )
    deleted: dict[str, int] = {}
    for table, names in _user_rows(connection):
        result = session.exec(sa.delete(table).where(sa.or_(*(table.c[n] == user_id
                                                             for n in names))))
        deleted[table.name] = result.rowcount
    session.expire_all()  # ORM objects of the erased user must not be written back
    return deleted
