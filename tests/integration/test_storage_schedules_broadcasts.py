"""Ukom schedules, broadcasts and their progress, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from handlers.domain.records import UkomSchedule
from storage import broadcasts, reminder_actions, reminder_claims, reminder_plans, repo, schedules
from storage.db import session_scope

Sessions = sessionmaker[Session]
NOW = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)


def _schedule(deadline: date, jenjang: str | None = None) -> UkomSchedule:
    return UkomSchedule(None, "penera", jenjang, deadline, deadline + timedelta(days=10), "")


def test_schedules_are_listed_by_deadline_and_bump_their_revision(db_sessions: Sessions) -> None:
    with session_scope(db_sessions) as s:
        late = schedules.save_schedule(s, _schedule(date(2027, 9, 1)), NOW)
        early = schedules.save_schedule(s, _schedule(date(2027, 6, 1), "terampil"), NOW)
    with session_scope(db_sessions) as s:
        assert [x.id for x in schedules.list_schedules(s)] == [early, late]
        assert {x[0].id: x[1] for x in schedules.unplanned_schedules(s)} == {late: 1, early: 1}
        schedules.mark_planned(s, late, 1)
        edited = schedules.get_schedule(s, late)
        assert edited is not None
        schedules.save_schedule(s, UkomSchedule(late, "penera", None, date(2027, 9, 2),
                                                date(2027, 9, 12), "Ruang 2"), NOW)
    with session_scope(db_sessions) as s:
        assert {x[0].id: x[1] for x in schedules.unplanned_schedules(s)} == {late: 2, early: 1}
        got = schedules.get_schedule(s, late)
        assert got is not None and (got.registration_deadline, got.notes) == (
            date(2027, 9, 2), "Ruang 2")
        with pytest.raises(LookupError):
            schedules.save_schedule(s, UkomSchedule(999, "penera", None, date(2027, 1, 1),
                                                    date(2027, 1, 2)), NOW)
        with pytest.raises(ValueError):
            schedules.save_schedule(s, UkomSchedule(None, "penera", None, date(2027, 1, 1),
                                                    date(2027, 1, 2), "x" * 501), NOW)


def test_deleting_a_schedule_removes_its_pending_sends(db_sessions: Sessions) -> None:
    with session_scope(db_sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", "1").id
        assert user_id is not None
        sid = schedules.save_schedule(s, _schedule(date(2027, 6, 1)), NOW)
        rem = reminder_plans.save_reminder(s, user_id, "ukom_pendaftaran", f"ukom:{sid}:x",
                                           datetime(2027, 6, 1, 2, tzinfo=UTC), schedule_id=sid)
        assert reminder_plans.materialise(s, rem) == 3
    with session_scope(db_sessions) as s:
        assert schedules.delete_schedule(s, sid)
        assert not schedules.delete_schedule(s, sid)
    with session_scope(db_sessions) as s:
        assert reminder_actions.upcoming(s, user_id) == []
        assert schedules.list_schedules(s) == []


def test_broadcast_progress_counts_the_ledger(db_sessions: Sessions) -> None:
    with session_scope(db_sessions) as s:
        ids = [repo.get_or_create_user(s, "telegram", str(i)).id for i in range(4)]
        bid = broadcasts.create_broadcast(s, "Info ukom", "penera", None, ids[0], NOW)
        for user_id in ids:
            assert user_id is not None
            rem = reminder_plans.save_reminder(s, user_id, "siaran", f"siaran:{bid}", NOW,
                                               broadcast_id=bid)
            reminder_plans.materialise(s, rem)
        with pytest.raises(ValueError):
            broadcasts.create_broadcast(s, "x" * 1001, None, None, None, NOW)
    with session_scope(db_sessions) as s:
        claims = reminder_claims.claim_due(s, NOW, "w", limit=3)
    with session_scope(db_sessions) as s:
        reminder_claims.mark_sent(s, [c.delivery_id for c in claims[:2]], "w", NOW)
        reminder_claims.mark_failed(s, claims[2].delivery_id, "w", NOW, "telegram_403",
                                    permanent=True)
    with session_scope(db_sessions) as s:
        got = broadcasts.progress(s, [bid])[bid]
        assert (got.total, got.sent, got.failed, got.pending) == (4, 2, 1, 1)
        assert [b.id for b in broadcasts.not_fanned_out(s)] == [bid]
        broadcasts.mark_fanned_out(s, bid, NOW)
        assert broadcasts.not_fanned_out(s) == []
        assert [b.id for b in broadcasts.unreported(s)] == [bid]
        broadcasts.set_reported(s, bid, half=True, done=True)
        assert broadcasts.unreported(s) == []
        count = s.connection().execute(sa.text("SELECT COUNT(*) FROM broadcast")).scalar_one()
        assert count == 1
