"""/hapus_data leaves no row of the erased user in ANY table of the metadata (both databases).

The test enumerates ``SQLModel.metadata.sorted_tables``: a new table with a ``user_id`` is
covered automatically, and a new table without one must be added to TABLES_WITHOUT_USER_DATA
on purpose (so nobody forgets to decide whether it holds user data).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel

from bot.effects import perform
from handlers.domain.effects import SaveProfile, StartBroadcast
from handlers.domain.records import Profile, UkomSchedule
from handlers.domain.stored_data import STORED_DATA, stored_lines
from handlers.feedback import RecordQuestion
from storage import (
    broadcasts,
    delivery_status,
    questions,
    reminder_plans,
    repo,
    schedules,
    whatsapp_consent,
)
from storage.db import session_scope

Sessions = sessionmaker[Session]
NOW = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
TABLES_WITHOUT_USER_DATA = {"ukom_schedule", "broadcast", "alembic_version"}


def _user_with_everything(sessions: Sessions, external_id: str) -> int:
    with session_scope(sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", external_id, now=NOW).id
        assert user_id is not None
        state = repo.load_state(s, user_id)
        state.flow = "profil"
        repo.save_state(s, state, now=NOW)
        repo.record_update(s, "telegram", f"{external_id}-1", user_id)
        schedules.save_schedule(s, UkomSchedule(None, "penera", None, date(2027, 6, 1),
                                                date(2027, 6, 10)), NOW)
        perform(s, user_id, SaveProfile(Profile(jf="penera", jenjang="terampil",
                                                rekomendasi_date=date(2026, 1, 5))),
                now=NOW, settings=None)
        perform(s, user_id, StartBroadcast("Halo semua"), now=NOW, settings=None)
        bid = broadcasts.create_broadcast(s, "Info", None, None, None, NOW)
        rem = reminder_plans.save_reminder(s, user_id, "siaran", f"siaran:{bid}", NOW,
                                           broadcast_id=bid)
        reminder_plans.materialise(s, rem)
        # A question forwarded from Tanya and an admin's reply to it (a "jawaban" delivery).
        perform(s, user_id, RecordQuestion("r1", "cara daftar cpns", "not_in_sources", (),
                                           forward=True), now=NOW, settings=None)
        question_id = s.connection().execute(sa.text(
            "SELECT id FROM tanya_question WHERE user_id = :u"), {"u": user_id}).scalar_one()
        assert questions.reply(s, question_id, "Lihat situs BKN.", NOW)
        # WhatsApp's rules: consent, a reminder message with its status, the tier's record.
        whatsapp_consent.opt_in(s, user_id, whatsapp_consent.ALL_KINDS, NOW)
        delivery_id = s.connection().execute(sa.text(
            "SELECT MIN(id) FROM reminder_delivery WHERE user_id = :u"), {"u": user_id}
        ).scalar_one()
        delivery_status.record_sent(s, f"wamid.{external_id}", [delivery_id], user_id, NOW,
                                    template=True)
        assert delivery_status.reserve_template(s, user_id, NOW, None)[0]
    return user_id


def _rows_of(sessions: Sessions, user_id: int) -> dict[str, int]:
    with session_scope(sessions) as s:
        connection = s.connection()
        found = {}
        for table in SQLModel.metadata.sorted_tables:
            if "user_id" in table.c:
                found[table.name] = connection.execute(
                    sa.select(sa.func.count()).select_from(table)
                    .where(table.c.user_id == user_id)).scalar_one()
        found["chat_user"] = connection.execute(sa.text(
            "SELECT COUNT(*) FROM chat_user WHERE id = :u"), {"u": user_id}).scalar_one()
        return found


def test_erase_leaves_nothing_of_the_user_in_any_table(db_sessions: Sessions) -> None:
    gone = _user_with_everything(db_sessions, "1")
    kept = _user_with_everything(db_sessions, "2")
    before = _rows_of(db_sessions, gone)
    assert all(count > 0 for count in before.values()), before  # every table really had data
    kept_before = _rows_of(db_sessions, kept)
    with session_scope(db_sessions) as s:
        repo.erase_user(s, gone)
    assert set(_rows_of(db_sessions, gone).values()) == {0}
    assert _rows_of(db_sessions, kept) == kept_before
    with session_scope(db_sessions) as s:
        admins = s.connection().execute(sa.text(
            "SELECT admin_user_id FROM broadcast WHERE text = 'Halo semua' ORDER BY id")).all()
    assert sorted((row[0] is None) for row in admins) == [False, True]
    assert {row[0] for row in admins} - {None} == {kept}


def test_every_table_is_either_about_a_user_or_listed(db_engine: sa.Engine) -> None:
    with db_engine.connect() as connection:
        live = set(sa.inspect(connection).get_table_names())
        user_tables = {t for t, _ in repo.user_data_columns(connection)}
    with_user_id = {t.name for t in SQLModel.metadata.sorted_tables if "user_id" in t.c}
    assert with_user_id | {"chat_user"} == user_tables
    assert live - user_tables == TABLES_WITHOUT_USER_DATA


def test_the_listing_counts_exactly_what_the_erase_deletes(db_sessions: Sessions) -> None:
    gone = _user_with_everything(db_sessions, "3")
    before = _rows_of(db_sessions, gone)
    with session_scope(db_sessions) as s:
        listed = repo.count_user_rows(s, gone)
        deleted = repo.erase_user(s, gone)
    assert listed == {table: n for table, n in deleted.items() if n}
    assert listed == before  # every table with the user's rows, with its count
    with session_scope(db_sessions) as s:
        assert repo.count_user_rows(s, gone) == {}


def test_every_erased_table_is_named_to_the_user(db_engine: sa.Engine) -> None:
    with db_engine.connect() as connection:
        user_tables = {t for t, _ in repo.user_data_columns(connection)}
    assert user_tables == set(STORED_DATA)
    lines = stored_lines({"reminder": 3, "profile": 1, "brand_new": 2})
    assert lines == [STORED_DATA["profile"], "3 pengingat", "2 data lain (brand_new)"]
