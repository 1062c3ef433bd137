"""Own reminders changed after saving (storage.own_reminders, through bot.effects.perform) on
real SQLite and PostgreSQL: pending sends of the old moment cancelled, one send of the new
moment, the same change twice planned once, sent history kept, only the owner's reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.effects import perform
from handlers.domain.effects import EditOwnReminder, SaveReminder, Snooze, StopReminder
from handlers.domain.records import ReminderSpec
from handlers.flows._own_reminder_parts import own_key
from storage import own_reminders, reminder_actions, reminder_claims, reminder_plans, repo
from storage.db import session_scope

Sessions = sessionmaker[Session]
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 10, 2, 0, tzinfo=UTC)  # 10 December 2026, 09.00 WIB
LATER = datetime(2026, 12, 31, 9, 30, tzinfo=UTC)  # 31 December 2026, 16.30 WIB


def _user(sessions: Sessions, external_id: str = "1") -> int:
    with session_scope(sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", external_id, now=NOW).id
        assert user_id is not None
        return user_id


def _do(sessions: Sessions, user_id: int, effect: object, now: datetime = NOW) -> None:
    with session_scope(sessions) as s:
        perform(s.connection(), user_id, effect, now=now, settings=None)


def _saved(sessions: Sessions, user_id: int, title: str = "kirim berkas") -> int:
    _do(sessions, user_id, SaveReminder(ReminderSpec("pribadi", own_key(DUE, title), DUE,
                                                     "Asia/Jakarta", (0,), title)))
    with session_scope(sessions) as s:
        (view,) = reminder_actions.upcoming(s, user_id)
    return view.reminder_id


def _deliveries(sessions: Sessions, reminder_id: int) -> list[tuple[str, str, datetime]]:
    with session_scope(sessions) as s:
        rows = s.connection().execute(sa.text(
            "SELECT occurrence, status, due_at FROM reminder_delivery WHERE reminder_id = :r "
            "ORDER BY id"), {"r": reminder_id}).all()
    return [(row[0], row[1], _utc(row[2])) for row in rows]


def _utc(value: datetime | str) -> datetime:
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _edit(reminder_id: int, due: datetime, title: str) -> EditOwnReminder:
    return EditOwnReminder(reminder_id, own_key(due, title, reminder_id), due, title)


def test_a_new_moment_cancels_the_old_send_and_plans_one_new(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    rid = _saved(db_sessions, user_id)
    effect = _edit(rid, LATER, "Upload SKP")
    _do(db_sessions, user_id, effect)
    _do(db_sessions, user_id, effect)  # the same change again (a retried update): one send
    assert _deliveries(db_sessions, rid) == [
        ("D", "cancelled", DUE), ("ubah:2026-12-31T09:30Z:D", "pending", LATER)]
    with session_scope(db_sessions) as s:
        assert reminder_claims.claim_due(s, DUE + timedelta(minutes=1), "w") == []  # old time: none
    with session_scope(db_sessions) as s:
        (claimed,) = reminder_claims.claim_due(s, LATER, "w")
    assert (claimed.reminder_id, claimed.title, _utc(claimed.reminder_due_at)) == (
        rid, "Upload SKP", LATER)
    with session_scope(db_sessions) as s:
        row = s.connection().execute(sa.text(
            "SELECT source_key, title FROM reminder WHERE id = :r"), {"r": rid}).one()
    assert tuple(row) == (effect.source_key, "Upload SKP")


def test_a_text_only_change_keeps_the_planned_send(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    rid = _saved(db_sessions, user_id)
    _do(db_sessions, user_id, _edit(rid, DUE, "Kirim berkas ke BKN"))
    assert _deliveries(db_sessions, rid) == [("D", "pending", DUE)]
    with session_scope(db_sessions) as s:
        (claimed,) = reminder_claims.claim_due(s, DUE, "w")
    assert claimed.title == "Kirim berkas ke BKN"


def test_sent_history_is_kept_and_a_snoozed_send_moves(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    rid = _saved(db_sessions, user_id)
    with session_scope(db_sessions) as s:
        (claimed,) = reminder_claims.claim_due(s, DUE, "w")
        reminder_claims.mark_sent(s, [claimed.delivery_id], "w", DUE)
    _do(db_sessions, user_id, Snooze(claimed.delivery_id, DUE + timedelta(days=1)), now=DUE)
    _do(db_sessions, user_id, _edit(rid, LATER, "kirim berkas"), now=DUE)
    assert _deliveries(db_sessions, rid) == [
        ("D", "sent", DUE), ("tunda:2026-12-11T02:00Z", "cancelled", DUE + timedelta(days=1)),
        ("ubah:2026-12-31T09:30Z:D", "pending", LATER)]
    # Moved back to the original minute: a new occurrence of its own, the sent "D" untouched.
    _do(db_sessions, user_id, _edit(rid, DUE + timedelta(days=2), "kirim berkas"), now=DUE)
    assert [d[:2] for d in _deliveries(db_sessions, rid)][-2:] == [
        ("ubah:2026-12-31T09:30Z:D", "cancelled"), ("ubah:2026-12-12T02:00Z:D", "pending")]


def test_only_the_owners_active_own_reminder_changes(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    other = _user(db_sessions, "2")
    rid = _saved(db_sessions, user_id)
    _do(db_sessions, other, _edit(rid, LATER, "punya orang lain"))
    assert _deliveries(db_sessions, rid) == [("D", "pending", DUE)]
    with session_scope(db_sessions) as s:
        reminder_plans.save_reminder(s, user_id, "rekomendasi", "rekomendasi:x", DUE, now=NOW)
        ids = s.connection().execute(sa.text(
            "SELECT id FROM reminder WHERE kind = 'rekomendasi'")).scalars().all()
        assert own_reminders.edit_own_reminder(
            s, user_id, ids[0], source_key="x", due_at=LATER, title="x", now=NOW) is None
    _do(db_sessions, user_id, StopReminder(rid))
    with session_scope(db_sessions) as s:
        assert own_reminders.edit_own_reminder(
            s, user_id, rid, source_key="y", due_at=LATER, title="y", now=NOW) is None


def test_naive_times_and_bad_titles_are_refused(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    rid = _saved(db_sessions, user_id)
    with session_scope(db_sessions) as s:
        with pytest.raises(ValueError):
            own_reminders.edit_own_reminder(s, user_id, rid, source_key="k",
                                            due_at=LATER.replace(tzinfo=None), title="t", now=NOW)
        with pytest.raises(ValueError):
            own_reminders.edit_own_reminder(s, user_id, rid, source_key="k", due_at=LATER,
                                            title="", now=NOW)
