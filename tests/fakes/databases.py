"""Pytest fixtures giving tests real databases: a SQLite file and a PostgreSQL database.

Loaded for every test through ``pytest_plugins`` in ``tests/conftest.py``. Fixtures:

- ``db_url``: URL of an EMPTY database, parametrised ``[sqlite]`` / ``[postgresql]``.
  SQLite: a fresh file under ``tmp_path``. PostgreSQL: one fresh database per test module
  (unique name, dropped afterwards) whose ``public`` schema is recreated before each test.
- ``migrated_db_url``: the same, upgraded to the Alembic head.
- ``db_engine`` / ``db_sessions``: an engine and a session factory on the migrated database
  (disposed after the test).

PostgreSQL is reached at ``TEST_POSTGRES_URL`` (default
``postgresql://postgres@127.0.0.1:5432/postgres``, an admin connection able to CREATE
DATABASE). When it is unreachable the ``[postgresql]`` cases are SKIPPED with the reason
shown by ``pytest -ra``; set ``TEST_REQUIRE_POSTGRES=1`` to make that a failure instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from storage.db import make_engine, session_factory, upgrade_to_head

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BACKENDS = ["sqlite", "postgresql"]


def _admin_url() -> str:
    return os.environ.get("TEST_POSTGRES_URL", DEFAULT_ADMIN_URL)


def _libpq(url: str) -> str:
    # psycopg wants a plain libpq URL, without SQLAlchemy's "+driver".
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    """Admin URL of the test PostgreSQL server; skips (or fails) when it is unreachable."""
    url = _admin_url()
    try:
        with psycopg.connect(_libpq(url), connect_timeout=3, autocommit=True) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = f"PostgreSQL unreachable at {shown}: {str(exc).strip().splitlines()[0]}"
        if os.environ.get("TEST_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason} (TEST_REQUIRE_POSTGRES=1)")
        pytest.skip(f"{reason}; set TEST_POSTGRES_URL to an admin URL to run these cases")
    return url


@pytest.fixture(scope="module")
def postgres_module_db(postgres_admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one test module, dropped at the module's end."""
    name = f"asisten_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    admin = _libpq(postgres_admin_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(postgres_admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            # FORCE: a connection a test forgot to close must not leak the database.
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def _reset_schema(url: str) -> None:
    with psycopg.connect(_libpq(url), autocommit=True) as conn:
        # A leftover transaction from a previous test would block the DROP; fail fast instead.
        conn.execute("SET lock_timeout = '10s'")
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """URL of an empty database on each backend (see the module docstring)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url: str = request.getfixturevalue("postgres_module_db")
    _reset_schema(url)
    return url


@pytest.fixture
def migrated_db_url(db_url: str) -> str:
    """``db_url`` with every migration applied."""
    upgrade_to_head(db_url)
    return db_url


@pytest.fixture
def db_engine(migrated_db_url: str) -> Iterator[Engine]:
    """An engine on the migrated database, disposed after the test."""
    # A test that deadlocks on a PostgreSQL lock fails after 20 s instead of hanging.
    connect_args = {"options": "-c lock_timeout=20s"} if "postgresql" in migrated_db_url else {}
    engine = make_engine(migrated_db_url, connect_args=connect_args)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def db_sessions(db_engine: Engine) -> sessionmaker[Session]:
    """A session factory on the migrated database."""
    return session_factory(db_engine)
