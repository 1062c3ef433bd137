"""Engines, sessions and programmatic Alembic migrations for SQLite and PostgreSQL.

SQLite connections run in WAL mode with foreign keys on and a busy timeout, and every
transaction starts with ``BEGIN IMMEDIATE``: the first statement of a session takes the
database-wide write lock, so concurrent writers (threads or processes) queue up behind
``busy_timeout`` instead of failing half-way. That is what makes ``repo.lock_user`` a
documented no-op on SQLite. PostgreSQL uses psycopg 3 and row locks.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Arbitrary constant key: bot processes starting together migrate one after the other.
MIGRATION_ADVISORY_LOCK = 0x4A46_5044


def normalise_url(url: str) -> str:
    """Return ``url`` with PostgreSQL URLs pointed at the psycopg 3 driver."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


SQLITE_SYNCHRONOUS_MODES = ("FULL", "NORMAL")


def _sqlite_on_connect(
    dbapi_connection: sqlite3.Connection,
    _record: Any,
    *,
    foreign_keys: bool,
    synchronous: str = "FULL",
) -> None:
    # Driver-level autocommit: pysqlite's own implicit BEGIN handling breaks SAVEPOINTs;
    # SQLAlchemy's "begin" event below emits the BEGIN instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL must wait for other connections too.
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        # FULL: every COMMIT is fsynced (durable against power loss). NORMAL in WAL mode:
        # durable against a crash of the process, not of the machine (docs/storage.md).
        cursor.execute(f"PRAGMA synchronous={synchronous}")
    finally:
        cursor.close()


def _sqlite_on_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(
    url: str,
    *,
    sqlite_foreign_keys: bool = True,
    sqlite_synchronous: str = "FULL",
    **kwargs: Any,
) -> Engine:
    """Create an engine for ``url`` (SQLite file/memory or PostgreSQL) with our settings.

    ``sqlite_foreign_keys=False`` is for migrations only (see ``_run``);
    ``sqlite_synchronous`` is ``FULL`` or ``NORMAL`` (setting ``SQLITE_SYNCHRONOUS``).
    """
    if sqlite_synchronous not in SQLITE_SYNCHRONOUS_MODES:
        raise ValueError(f"sqlite_synchronous must be one of {SQLITE_SYNCHRONOUS_MODES}")
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database not in ("", ":memory:") and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"check_same_thread": False, **kwargs.pop("connect_args", {})}
        engine = create_engine(url, connect_args=connect_args, **kwargs)
        event.listen(
            engine,
            "connect",
            partial(
                _sqlite_on_connect,
                foreign_keys=sqlite_foreign_keys,
                synchronous=sqlite_synchronous,
            ),
        )
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A factory of SQLModel sessions; objects stay readable after commit."""
    return sessionmaker(bind=engine, class_=Session, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any exception, always close."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(
    connection: Connection | None = None, script_location: Path = MIGRATIONS_DIR
) -> Config:
    """An Alembic config for the shipped migrations, independent of the working directory."""
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


class MigrationIntegrityError(RuntimeError):
    """A SQLite migration left rows whose foreign keys point nowhere; it was rolled back."""


def _run(url: str, action: str, revision: str, script_location: Path) -> None:
    # SQLite ALTERs by copying a table, dropping the original and renaming the copy. With
    # foreign keys on, that DROP would cascade-delete every child row (all states, all
    # updates...). So keys are off while migrating and checked before committing.
    engine = make_engine(url, sqlite_foreign_keys=False)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # SQLite needs nothing: BEGIN IMMEDIATE already serialises migrators.
                connection.exec_driver_sql(
                    f"SELECT pg_advisory_xact_lock({MIGRATION_ADVISORY_LOCK})"
                )
            config = alembic_config(connection, script_location)
            if action == "upgrade":
                command.upgrade(config, revision)
            else:
                command.downgrade(config, revision)
            check_foreign_keys(connection)
    finally:
        engine.dispose()


def check_foreign_keys(connection: Connection) -> None:
    """On SQLite, raise ``MigrationIntegrityError`` if any row's foreign key points nowhere."""
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise MigrationIntegrityError(f"foreign key violations: {broken[:5]}")


def upgrade_to_head(url: str, *, script_location: Path = MIGRATIONS_DIR) -> None:
    """Apply every migration not yet applied to the database at ``url``, in one transaction."""
    _run(url, "upgrade", "head", script_location)


def downgrade_to(
    url: str, revision: str = "base", *, script_location: Path = MIGRATIONS_DIR
) -> None:
    """Revert the database at ``url`` to ``revision`` (``base`` drops every table)."""
    _run(url, "downgrade", revision, script_location)


def current_revision(url: str) -> str | None:
    """The Alembic revision the database at ``url`` is at (None when never migrated)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
