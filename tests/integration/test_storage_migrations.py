"""Alembic migrations on real SQLite and PostgreSQL: migrated schema == SQLModel metadata."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - registers the tables on SQLModel.metadata
from storage import repo
from storage.db import (
    MIGRATION_ADVISORY_LOCK,
    MIGRATIONS_DIR,
    MigrationIntegrityError,
    alembic_config,
    current_revision,
    downgrade_to,
    make_engine,
    session_factory,
    session_scope,
    upgrade_to_head,
)

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"chat_user", "conversation_state", "processed_update"}


def _schema_diff(url: str) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_every_table_is_defined_in_the_storage_package() -> None:
    # A table model defined elsewhere (e.g. in a test) would make every schema comparison
    # fail, and one defined outside storage/ may be missed by migrations/env.py.
    modules = {m.class_.__name__: m.class_.__module__ for m in SQLModel._sa_registry.mappers}
    assert {name: mod for name, mod in modules.items() if not mod.startswith("storage.")} == {}
    assert TABLES <= set(SQLModel.metadata.tables)


def test_upgrade_gives_the_schema_of_the_models(db_url: str) -> None:
    assert current_revision(db_url) is None
    upgrade_to_head(db_url)
    assert current_revision(db_url) == _head()
    assert _tables(db_url) == set(SQLModel.metadata.tables) | {"alembic_version"}
    assert _schema_diff(db_url) == []


def test_upgrade_twice_is_a_no_op(migrated_db_url: str) -> None:
    upgrade_to_head(migrated_db_url)
    assert current_revision(migrated_db_url) == _head()
    assert _schema_diff(migrated_db_url) == []


def test_schema_comparison_detects_drift(migrated_db_url: str) -> None:
    # Proves the comparison above can fail: remove one index behind Alembic's back.
    engine = make_engine(migrated_db_url)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text("DROP INDEX ix_processed_update_user_id"))
    finally:
        engine.dispose()
    diff = _schema_diff(migrated_db_url)
    assert [d[0] for d in diff] == ["add_index"]
    assert diff[0][1].name == "ix_processed_update_user_id"


def test_downgrade_to_base_then_up_again(migrated_db_url: str) -> None:
    downgrade_to(migrated_db_url, "base")
    assert current_revision(migrated_db_url) is None
    assert _tables(migrated_db_url) <= {"alembic_version"}
    upgrade_to_head(migrated_db_url)
    assert current_revision(migrated_db_url) == _head()
    assert _schema_diff(migrated_db_url) == []


def test_foreign_keys_cascade_and_names_are_stable(migrated_db_url: str) -> None:
    engine = make_engine(migrated_db_url)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            fks = {
                table: [
                    (
                        fk["name"],
                        fk["constrained_columns"],
                        fk["referred_table"],
                        fk["options"].get("ondelete"),
                    )
                    for fk in inspector.get_foreign_keys(table)
                ]
                for table in ("conversation_state", "processed_update")
            }
            uniques = {
                table: sorted(u["name"] or "" for u in inspector.get_unique_constraints(table))
                for table in ("chat_user", "processed_update")
            }
    finally:
        engine.dispose()
    assert fks == {
        "conversation_state": [
            ("fk_conversation_state_user_id_chat_user", ["user_id"], "chat_user", "CASCADE")
        ],
        "processed_update": [
            ("fk_processed_update_user_id_chat_user", ["user_id"], "chat_user", "CASCADE")
        ],
    }
    assert uniques == {
        "chat_user": ["uq_chat_user_channel_external_id"],
        "processed_update": ["uq_processed_update_channel_update_key"],
    }


def test_revisions_form_one_line_and_files_are_named_by_revision() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [_head()]
    revisions = list(script.walk_revisions())
    assert revisions[-1].down_revision is None
    for rev in revisions:
        assert rev.path is not None
        assert Path(rev.path).name.startswith(f"{rev.revision}_")
        assert Path(rev.path).parent == MIGRATIONS_DIR / "versions"


def test_migrations_need_no_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no alembic.ini, no storage/ here
    url = f"sqlite:///{tmp_path / 'elsewhere' / 'bot.sqlite3'}"
    upgrade_to_head(url)
    assert current_revision(url) == _head()


def test_developer_alembic_ini_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'dev.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"db_url={url}", "upgrade", "head"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert current_revision(url) == _head()


_RECREATE_CHAT_USER = '''"""Test-only revision: rebuild chat_user the way SQLite batch mode does."""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def _recreate() -> str:
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def upgrade() -> None:
    with op.batch_alter_table("chat_user", recreate=_recreate()) as batch:
        batch.add_column(sa.Column("extra", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chat_user", recreate=_recreate()) as batch:
        batch.drop_column("extra")
'''

_ORPHAN_ROW = '''"""Test-only revision: leaves a row whose user does not exist."""
import sqlalchemy as sa
from alembic import op

revision = "9002"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "INSERT INTO processed_update (channel, update_key, user_id, received_at, status) "
        "VALUES ('console', 'orphan', 424242, '2027-04-01 08:30:00', 'done')"
    )


def downgrade() -> None:
    pass
'''


def _migrations_with(tmp_path: Path, filename: str, text: str) -> Path:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / filename).write_text(text.format(head=_head()), encoding="utf-8")
    return copy


def test_table_rebuild_in_a_migration_keeps_child_rows(db_url: str, tmp_path: Path) -> None:
    # On SQLite, batch mode drops and recreates chat_user; with foreign keys on, that DROP
    # would cascade-delete every conversation_state and processed_update row.
    upgrade_to_head(db_url)
    engine = make_engine(db_url)
    try:
        sessions = session_factory(engine)
        with session_scope(sessions) as s:
            user_id = repo.get_or_create_user(s, "telegram", "42").id
            assert user_id is not None
            repo.save_state(s, repo.load_state(s, user_id))
            repo.record_update(s, "telegram", "1", user_id)
    finally:
        engine.dispose()
    scripts = _migrations_with(tmp_path, "9001_recreate_chat_user.py", _RECREATE_CHAT_USER)
    upgrade_to_head(db_url, script_location=scripts)
    assert current_revision(db_url) == "9001"
    downgrade_to(db_url, _head(), script_location=scripts)
    assert _schema_diff(db_url) == []
    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            counts = {
                table: connection.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
                for table in sorted(TABLES)
            }
    finally:
        engine.dispose()
    assert counts == {"chat_user": 1, "conversation_state": 1, "processed_update": 1}


def test_migration_leaving_broken_foreign_keys_is_rolled_back(
    migrated_db_url: str, tmp_path: Path
) -> None:
    scripts = _migrations_with(tmp_path, "9002_orphan_row.py", _ORPHAN_ROW)
    with pytest.raises((MigrationIntegrityError, IntegrityError)):
        upgrade_to_head(migrated_db_url, script_location=scripts)
    assert current_revision(migrated_db_url) == _head()


@contextmanager
def _migration_lock_held_elsewhere(url: str) -> Iterator[None]:
    """Hold, from another connection, the lock a migrator must take first."""
    if url.startswith("sqlite"):
        # Another bot process in a transaction: our engine began it with BEGIN IMMEDIATE.
        engine = make_engine(url)
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
                yield
                connection.rollback()
        finally:
            engine.dispose()
        return
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_ADVISORY_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_ADVISORY_LOCK,))


def test_migrators_take_turns(db_url: str) -> None:
    # Two bot processes starting together must not both create the tables: a migrator
    # waits while another holds the migration lock (SQLite: the write lock).
    errors: list[BaseException] = []

    def migrate() -> None:
        try:
            upgrade_to_head(db_url)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    with _migration_lock_held_elsewhere(db_url):
        migrator = threading.Thread(target=migrate, daemon=True)
        migrator.start()
        migrator.join(timeout=1.0)
        assert migrator.is_alive(), f"migrated while the lock was held: {errors}"
    migrator.join(timeout=30)
    assert not migrator.is_alive() and errors == []
    assert current_revision(db_url) == _head()
