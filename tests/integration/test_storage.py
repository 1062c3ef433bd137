"""storage.db and storage.repo on real SQLite and PostgreSQL (``db_url`` runs both)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel, col, select

from storage import reminder_plans, repo
from storage.db import make_engine, normalise_url, session_factory, session_scope
from storage.models import ChatUser, ConversationState, ProcessedUpdate

T = TypeVar("T")
Sessions = sessionmaker[Session]
T0 = datetime(2027, 4, 1, 8, 30, tzinfo=UTC)
# How long a lock holder keeps its transaction open while a rival waits for it.
HOLD_SECONDS = 0.4


def _in_session(sessions: Sessions, work: Callable[[Session], T]) -> T:
    with session_scope(sessions) as session:
        return work(session)


def _new_user(sessions: Sessions, external_id: str = "42", channel: str = "telegram") -> int:
    def work(s: Session) -> int:
        user_id = repo.get_or_create_user(s, channel, external_id).id
        assert user_id is not None
        return user_id

    return _in_session(sessions, work)


def _count(sessions: Sessions, table: str, where: str = "1=1", **params: Any) -> int:
    def work(s: Session) -> int:
        query = sa.text(f"SELECT COUNT(*) FROM {table} WHERE {where}")
        return int(s.connection().execute(query, params).scalar_one())

    return _in_session(sessions, work)


# --- URLs and engines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h:5432/d", "postgresql+psycopg://u:p@h:5432/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///var/asisten.sqlite3", "sqlite:///var/asisten.sqlite3"),
    ],
)
def test_postgres_urls_are_pointed_at_psycopg3(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_sqlite_engine_pragmas_and_parent_folder(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new' / 'folder' / 'x.sqlite3'}")
    try:
        with engine.connect() as connection:
            pragma = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()
                for name in ("journal_mode", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10_000}
    assert (tmp_path / "new" / "folder" / "x.sqlite3").exists()


def test_engine_driver(db_engine: sa.Engine) -> None:
    assert db_engine.dialect.driver in {"pysqlite", "psycopg"}
    if db_engine.dialect.name == "postgresql":
        assert db_engine.dialect.driver == "psycopg"


def test_session_scope_commits_or_rolls_back(db_sessions: Sessions) -> None:
    with pytest.raises(RuntimeError), session_scope(db_sessions) as session:
        repo.get_or_create_user(session, "console", "rolled-back")
        raise RuntimeError("boom")
    _new_user(db_sessions, "kept", "console")
    assert _count(db_sessions, "chat_user") == 1
    assert _count(db_sessions, "chat_user", "external_id = :e", e="kept") == 1


# --- users --------------------------------------------------------------------------------


def test_get_or_create_user_returns_the_same_user_and_touches_it(db_sessions: Sessions) -> None:
    with session_scope(db_sessions) as s:
        first = repo.get_or_create_user(s, "telegram", "42", now=T0)
    later = T0 + timedelta(hours=3)
    with session_scope(db_sessions) as s:
        again = repo.get_or_create_user(s, "telegram", "42", now=later)
        other_channel = repo.get_or_create_user(s, "whatsapp", "42", now=later)
    with session_scope(db_sessions) as s:
        untouched = repo.get_or_create_user(s, "telegram", "42", now=T0, touch=False)
    assert again.id == first.id == untouched.id
    assert other_channel.id != first.id
    assert untouched.created_at == T0 and untouched.last_seen_at == later
    assert untouched.active is True and untouched.blocked_at is None


def test_timestamps_come_back_timezone_aware_in_utc(db_sessions: Sessions) -> None:
    wib = timezone(timedelta(hours=7))
    with session_scope(db_sessions) as s:
        repo.get_or_create_user(s, "console", "tz", now=datetime(2027, 4, 1, 15, 30, tzinfo=wib))
    with session_scope(db_sessions) as s:
        user = s.exec(select(ChatUser)).one()
    # 15:30 WIB (UTC+7) is 08:30 UTC.
    assert user.created_at == T0
    assert user.created_at.tzinfo is not None and user.created_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(db_sessions: Sessions) -> None:
    with pytest.raises(StatementError, match="naive datetime"), session_scope(db_sessions) as s:
        repo.get_or_create_user(s, "console", "naive", now=datetime(2027, 4, 1, 8, 30))


def test_unknown_channel_is_refused(db_sessions: Sessions) -> None:
    with pytest.raises(ValueError, match="unknown channel"), session_scope(db_sessions) as s:
        repo.get_or_create_user(s, "sms", "1")
    # The database refuses it too (CHECK constraint), whoever writes.
    with pytest.raises(IntegrityError), session_scope(db_sessions) as s:
        s.add(ChatUser(channel="sms", external_id="1"))
        s.flush()


def test_channel_and_external_id_are_unique(db_sessions: Sessions) -> None:
    _new_user(db_sessions, "42")
    with pytest.raises(IntegrityError), session_scope(db_sessions) as s:
        s.add(ChatUser(channel="telegram", external_id="42"))
        s.flush()
    assert _count(db_sessions, "chat_user") == 1


def test_set_user_blocked_and_back(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    _in_session(db_sessions, lambda s: repo.set_user_blocked(s, user_id, True, now=T0))
    user = _in_session(db_sessions, lambda s: s.get(ChatUser, user_id))
    assert user is not None and user.active is False and user.blocked_at == T0
    _in_session(db_sessions, lambda s: repo.set_user_blocked(s, user_id, False))
    user = _in_session(db_sessions, lambda s: s.get(ChatUser, user_id))
    assert user is not None and user.active is True and user.blocked_at is None


def test_racing_get_or_create_makes_one_user(db_sessions: Sessions) -> None:
    barrier = threading.Barrier(6, timeout=20)

    def create(_: int) -> int | None:
        barrier.wait()
        return _in_session(db_sessions, lambda s: repo.get_or_create_user(s, "whatsapp", "628").id)

    with ThreadPoolExecutor(6) as pool:
        ids = list(pool.map(create, range(6)))
    assert len(set(ids)) == 1 and ids[0] is not None
    assert _count(db_sessions, "chat_user") == 1


# --- processed updates --------------------------------------------------------------------


def test_duplicate_update_is_recorded_once(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    assert _in_session(db_sessions, lambda s: repo.record_update(s, "telegram", "1001", user_id))
    assert not _in_session(db_sessions, lambda s: repo.record_update(s, "telegram", "1001", None))
    # Same key on another channel is another update.
    assert _in_session(db_sessions, lambda s: repo.record_update(s, "whatsapp", "1001", None))
    with session_scope(db_sessions) as s:
        assert repo.record_update(s, "telegram", "1002", user_id)
        assert not repo.record_update(s, "telegram", "1002", user_id)  # same transaction
        assert repo.record_update(s, "telegram", "1003", user_id)  # and it is still usable
    assert _count(db_sessions, "processed_update") == 4


def test_mark_update_done_or_failed(db_sessions: Sessions) -> None:
    _in_session(db_sessions, lambda s: repo.record_update(s, "console", "a", None))
    _in_session(db_sessions, lambda s: repo.record_update(s, "console", "b", None))
    assert _in_session(db_sessions, lambda s: repo.mark_update_done(s, "console", "a"))
    assert _in_session(
        db_sessions, lambda s: repo.mark_update_done(s, "console", "b", status="failed")
    )
    assert not _in_session(db_sessions, lambda s: repo.mark_update_done(s, "console", "zz"))
    with pytest.raises(ValueError, match="final status"), session_scope(db_sessions) as s:
        repo.mark_update_done(s, "console", "a", status="received")
    rows = _in_session(
        db_sessions,
        lambda s: sorted((u.update_key, u.status) for u in s.exec(select(ProcessedUpdate))),
    )
    assert rows == [("a", "done"), ("b", "failed")]


def test_record_update_for_unknown_user_is_an_error_not_a_duplicate(
    db_sessions: Sessions,
) -> None:
    with pytest.raises(IntegrityError), session_scope(db_sessions) as s:
        repo.record_update(s, "telegram", "1", 999_999)


def test_prune_updates(db_sessions: Sessions) -> None:
    _in_session(db_sessions, lambda s: repo.record_update(s, "console", "old", None))
    cutoff = datetime.now(UTC) + timedelta(seconds=1)
    assert _in_session(db_sessions, lambda s: repo.prune_updates(s, cutoff)) == 1
    assert _count(db_sessions, "processed_update") == 0


def test_racing_threads_record_the_same_key_exactly_once(db_sessions: Sessions) -> None:
    barrier = threading.Barrier(8, timeout=20)

    def record(_: int) -> bool:
        barrier.wait()
        return _in_session(db_sessions, lambda s: repo.record_update(s, "telegram", "777", None))

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(record, range(8)))
    assert sorted(results) == [False] * 7 + [True]
    assert _count(db_sessions, "processed_update") == 1


@pytest.mark.parametrize("holder_commits", [True, False])
def test_rival_waits_for_the_holder_of_the_same_key(
    db_sessions: Sessions, holder_commits: bool
) -> None:
    # The holder records the key and keeps its transaction open; the rival's attempt must
    # wait for it, then see the outcome: False if the holder committed, True if it rolled back.
    recorded = threading.Event()
    rival_finished_at: list[float] = []

    def holder() -> float:
        session = db_sessions()
        try:
            assert repo.record_update(session, "telegram", "555", None)
            recorded.set()
            time.sleep(HOLD_SECONDS)
            ended = time.monotonic()
            session.commit() if holder_commits else session.rollback()
            return ended
        finally:
            session.close()

    def rival() -> bool:
        recorded.wait(5)
        result = _in_session(db_sessions, lambda s: repo.record_update(s, "telegram", "555", None))
        rival_finished_at.append(time.monotonic())
        return result

    with ThreadPoolExecutor(2) as pool:
        holder_ended = pool.submit(holder)
        rival_result = pool.submit(rival)
        assert rival_result.result(timeout=30) is (not holder_commits)
        assert rival_finished_at[0] >= holder_ended.result(timeout=30)
    assert _count(db_sessions, "processed_update") == 1


def test_lock_user_serialises_two_transactions(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    locked = threading.Event()
    events: list[str] = []

    def first() -> None:
        with session_scope(db_sessions) as s:
            repo.lock_user(s, user_id)
            locked.set()
            time.sleep(HOLD_SECONDS)
            events.append("first done")

    def second() -> None:
        locked.wait(5)
        with session_scope(db_sessions) as s:
            repo.lock_user(s, user_id)
            events.append("second locked")

    with ThreadPoolExecutor(2) as pool:
        for future in [pool.submit(first), pool.submit(second)]:
            future.result(timeout=30)
    assert events == ["first done", "second locked"]


# --- conversation state -------------------------------------------------------------------


def test_state_is_saved_and_reloaded(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    fresh = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    assert (fresh.flow, fresh.step, fresh.answers, fresh.history, fresh.version) == (
        None,
        None,
        {},
        [],
        0,
    )
    fresh.flow, fresh.step = "angka_kredit", "predikat"
    fresh.answers = {"jf": "penera", "jenjang": "terampil", "nilai": "28,13", "n": [1, 2.5]}
    fresh.history = [["jf", "penera"], ["jenjang", "terampil"]]
    saved = _in_session(db_sessions, lambda s: repo.save_state(s, fresh, now=T0))
    assert saved.version == 1
    loaded = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    assert loaded.model_dump() == {
        "user_id": user_id,
        "flow": "angka_kredit",
        "step": "predikat",
        "answers": {"jf": "penera", "jenjang": "terampil", "nilai": "28,13", "n": [1, 2.5]},
        "history": [["jf", "penera"], ["jenjang", "terampil"]],
        "updated_at": T0,
        "version": 1,
    }
    loaded.step = None
    assert _in_session(db_sessions, lambda s: repo.save_state(s, loaded)).version == 2
    assert _in_session(db_sessions, lambda s: repo.load_state(s, user_id)).step is None


def test_loaded_state_is_detached_from_the_session(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    _in_session(db_sessions, lambda s: repo.save_state(s, repo.load_state(s, user_id)))

    def change_without_saving(s: Session) -> None:
        state = repo.load_state(s, user_id)
        state.flow = "sneaky"
        s.flush()

    _in_session(db_sessions, change_without_saving)
    assert _in_session(db_sessions, lambda s: repo.load_state(s, user_id)).flow is None


def test_version_conflict_is_detected(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    _in_session(db_sessions, lambda s: repo.save_state(s, repo.load_state(s, user_id)))
    mine = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    theirs = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    theirs.step = "theirs"
    _in_session(db_sessions, lambda s: repo.save_state(s, theirs))
    mine.step = "mine"
    with pytest.raises(repo.StateConflict, match="since version 1") as caught:
        _in_session(db_sessions, lambda s: repo.save_state(s, mine))
    assert (caught.value.user_id, caught.value.expected_version) == (user_id, 1)
    stored = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    assert (stored.step, stored.version) == ("theirs", 2)


def test_conflict_on_first_save_keeps_the_transaction_usable(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    mine = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    theirs = _in_session(db_sessions, lambda s: repo.load_state(s, user_id))
    _in_session(db_sessions, lambda s: repo.save_state(s, theirs))
    with session_scope(db_sessions) as s:
        with pytest.raises(repo.StateConflict, match="since version 0"):
            repo.save_state(s, mine)
        assert repo.record_update(s, "telegram", "after-conflict", user_id)
    assert _count(db_sessions, "processed_update") == 1


def test_saving_state_of_an_unknown_user_is_an_error_not_a_conflict(
    db_sessions: Sessions,
) -> None:
    ghost = ConversationState(user_id=999_999, answers={}, history=[], version=0)
    with pytest.raises(IntegrityError), session_scope(db_sessions) as s:
        repo.save_state(s, ghost)


def test_clear_state(db_sessions: Sessions) -> None:
    user_id = _new_user(db_sessions)
    _in_session(db_sessions, lambda s: repo.save_state(s, repo.load_state(s, user_id)))
    _in_session(db_sessions, lambda s: repo.clear_state(s, user_id))
    assert _in_session(db_sessions, lambda s: repo.load_state(s, user_id)).version == 0


# --- erasure and cascade ------------------------------------------------------------------


def _user_with_data(sessions: Sessions, external_id: str) -> int:
    user_id = _new_user(sessions, external_id)

    def work(s: Session) -> None:
        state = repo.load_state(s, user_id)
        state.flow = "formasi"
        repo.save_state(s, state)
        repo.record_update(s, "telegram", f"{external_id}-1", user_id)
        repo.record_update(s, "telegram", f"{external_id}-2", user_id)
        reminder = reminder_plans.save_reminder(s, user_id, "ukom_pendaftaran", "ukom:2027-1", T0)
        reminder_plans.materialise(s, reminder)  # D-14, D-7, D-1

    _in_session(sessions, work)
    return user_id


def _rows_about(sessions: Sessions, user_id: int) -> dict[str, int]:
    columns = _in_session(sessions, lambda s: repo.user_data_columns(s.connection()))
    return {
        f"{table}.{column}": _count(sessions, table, f"{column} = :u", u=user_id)
        for table, column in columns
    }


def test_user_data_columns_cover_every_user_table_of_the_models(db_sessions: Sessions) -> None:
    columns = _in_session(db_sessions, lambda s: repo.user_data_columns(s.connection()))
    assert columns[0] == ("chat_user", "id")
    expected = {
        (table.name, "user_id")
        for table in SQLModel.metadata.tables.values()
        if "user_id" in table.c
    }
    assert set(columns[1:]) == expected
    assert {"conversation_state", "processed_update", "reminder", "reminder_delivery"} <= {
        t for t, _ in columns
    }


def test_erase_user_leaves_no_row_about_that_user(db_sessions: Sessions) -> None:
    gone = _user_with_data(db_sessions, "111")
    kept = _user_with_data(db_sessions, "222")
    assert _rows_about(db_sessions, gone) == {
        "chat_user.id": 1,
        "conversation_state.user_id": 1,
        "processed_update.user_id": 2,
        "profile.user_id": 0,
        "reminder.user_id": 1,
        "reminder_delivery.user_id": 3,
        "tanya_question.user_id": 0,
        "whatsapp_consent.user_id": 0,
        "whatsapp_message.user_id": 0,
        "whatsapp_template_recipient.user_id": 0,
    }
    deleted = _in_session(db_sessions, lambda s: repo.erase_user(s, gone))
    assert deleted == {
        "processed_update": 2,
        "conversation_state": 1,
        "reminder_delivery": 3,
        "reminder": 1,
        "profile": 0,
        "tanya_question": 0,
        "whatsapp_consent": 0,
        "whatsapp_message": 0,
        "whatsapp_template_recipient": 0,
        "chat_user": 1,
    }
    assert set(_rows_about(db_sessions, gone).values()) == {0}
    assert _rows_about(db_sessions, kept) == {
        "chat_user.id": 1,
        "conversation_state.user_id": 1,
        "processed_update.user_id": 2,
        "profile.user_id": 0,
        "reminder.user_id": 1,
        "reminder_delivery.user_id": 3,
        "tanya_question.user_id": 0,
        "whatsapp_consent.user_id": 0,
        "whatsapp_message.user_id": 0,
        "whatsapp_template_recipient.user_id": 0,
    }


def test_erase_user_also_clears_a_table_without_cascade(db_sessions: Sessions) -> None:
    # A later migration that forgets ON DELETE CASCADE must not break /hapus_data.
    with session_scope(db_sessions) as s:
        s.connection().execute(
            sa.text(
                "CREATE TABLE extra_note (id INTEGER PRIMARY KEY, "
                "user_id INTEGER NOT NULL REFERENCES chat_user (id))"
            )
        )
    gone = _user_with_data(db_sessions, "111")
    with session_scope(db_sessions) as s:
        s.connection().execute(sa.text("INSERT INTO extra_note VALUES (1, :u)"), {"u": gone})
    deleted = _in_session(db_sessions, lambda s: repo.erase_user(s, gone))
    assert deleted["extra_note"] == 1 and deleted["chat_user"] == 1
    assert set(_rows_about(db_sessions, gone).values()) == {0}


def test_erase_of_an_unknown_user_deletes_nothing(db_sessions: Sessions) -> None:
    _user_with_data(db_sessions, "111")
    deleted = _in_session(db_sessions, lambda s: repo.erase_user(s, 999_999))
    assert set(deleted.values()) == {0}
    assert _count(db_sessions, "chat_user") == 1


def test_deleting_a_user_cascades(db_sessions: Sessions) -> None:
    user_id = _user_with_data(db_sessions, "111")
    with session_scope(db_sessions) as s:
        s.exec(sa.delete(ChatUser).where(col(ChatUser.id) == user_id))
    assert _count(db_sessions, "conversation_state") == 0
    assert _count(db_sessions, "processed_update") == 0
    assert _count(db_sessions, "reminder") == 0
    assert _count(db_sessions, "reminder_delivery") == 0


def test_session_factory_keeps_objects_readable_after_commit(db_engine: sa.Engine) -> None:
    sessions = session_factory(db_engine)
    with session_scope(sessions) as s:
        user = repo.get_or_create_user(s, "console", "x")
    assert user.external_id == "x" and user.id is not None
