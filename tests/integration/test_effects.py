"""bot.effects.perform for every reminder effect, on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.effects import perform
from handlers.domain.effects import (
    DeleteSchedule,
    MarkDone,
    SaveProfile,
    SaveReminder,
    SaveSchedule,
    Snooze,
    StartBroadcast,
    StopKind,
    StopReminder,
)
from handlers.domain.records import Profile, ReminderSpec, UkomSchedule
from handlers.reminders import plan
from storage import broadcasts, profiles, reminder_actions, repo, schedules
from storage.db import session_scope

Sessions = sessionmaker[Session]
NOW = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
PROFILE = Profile(jf="penera", jenjang="terampil", zone="WIT", rekomendasi_date=date(2026, 1, 5))


def _user(sessions: Sessions, external_id: str = "1") -> int:
    with session_scope(sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", external_id, now=NOW).id
        assert user_id is not None
        return user_id


def _do(sessions: Sessions, user_id: int, effect: object, now: datetime = NOW) -> None:
    with session_scope(sessions) as s:
        perform(s.connection(), user_id, effect, now=now, settings=None)


def _active(sessions: Sessions, user_id: int) -> set[tuple[str, str]]:
    with session_scope(sessions) as s:
        rows = s.connection().execute(sa.text(
            "SELECT kind, source_key FROM reminder WHERE user_id = :u AND status = 'active'"),
            {"u": user_id}).all()
    return {(row[0], row[1]) for row in rows}


def test_save_profile_plans_profile_and_matching_schedule_reminders(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    with session_scope(db_sessions) as s:
        sid = schedules.save_schedule(s, UkomSchedule(None, "penera", None, date(2027, 6, 1),
                                                      date(2027, 6, 10), "Bandung"), NOW)
        other = schedules.save_schedule(s, UkomSchedule(None, "penera", "ahli_muda",
                                                        date(2027, 6, 1), date(2027, 6, 10)), NOW)
    _do(db_sessions, user_id, SaveProfile(PROFILE))
    with session_scope(db_sessions) as s:
        assert profiles.get_profile(s, user_id) == PROFILE
        stored = schedules.get_schedule(s, sid)
        assert stored is not None
    expected = {(x.kind, x.source_key) for x in plan.profile_reminders(PROFILE, NOW)}
    expected |= {(x.kind, x.source_key) for x in plan.schedule_reminders(stored, "WIT")}
    assert _active(db_sessions, user_id) == expected
    assert not any(key.startswith(f"ukom:{other}:") for _, key in expected)
    with session_scope(db_sessions) as s:
        pending = reminder_actions.upcoming(s, user_id, limit=50)
    daftar = sorted(u.due_at for u in pending if u.kind == "ukom_pendaftaran")
    # D-14, D-7, D-1 of 1 June 2027 at 09.00 WIT (00.00 UTC)
    assert daftar == [datetime(2027, 6, 1, 0, tzinfo=UTC) - timedelta(days=d) for d in (14, 7, 1)]
    # Moving to another JF stops the schedule's reminders; the profile set is re-planned.
    _do(db_sessions, user_id, SaveProfile(Profile(jf="analis_perdagangan", zone="WIT")))
    assert not any(kind.startswith("ukom") for kind, _ in _active(db_sessions, user_id))
    assert ("rekomendasi", f"rekomendasi:{date(2028, 1, 5).isoformat()}") not in _active(
        db_sessions, user_id)


def test_own_reminder_snooze_done_and_stops(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    other = _user(db_sessions, "2")
    due = NOW + timedelta(days=2)
    _do(db_sessions, user_id, SaveReminder(ReminderSpec("pribadi", "p:1", due, "Asia/Jakarta",
                                                        (0,), "kirim berkas")))
    with session_scope(db_sessions) as s:
        (first,) = reminder_actions.upcoming(s, user_id)
    _do(db_sessions, user_id, Snooze(first.delivery_id, due + timedelta(days=1)))
    _do(db_sessions, other, Snooze(first.delivery_id, due + timedelta(days=7)))  # not theirs
    with session_scope(db_sessions) as s:
        # The pending send moved a day (not doubled); the other user's tap did nothing.
        assert [u.occurrence for u in reminder_actions.upcoming(s, user_id)] == [
            f"tunda:{due + timedelta(days=1):%Y-%m-%dT%H:%MZ}"]
    _do(db_sessions, other, MarkDone(first.delivery_id))
    assert _active(db_sessions, user_id) == {("pribadi", "p:1")}
    _do(db_sessions, user_id, MarkDone(first.delivery_id))
    assert _active(db_sessions, user_id) == set()
    _do(db_sessions, user_id, SaveProfile(PROFILE))
    assert any(kind == "rekomendasi" for kind, _ in _active(db_sessions, user_id))
    _do(db_sessions, user_id, StopKind("rekomendasi"))
    assert not any(kind == "rekomendasi" for kind, _ in _active(db_sessions, user_id))
    with session_scope(db_sessions) as s:
        rid = s.connection().execute(sa.text(
            "SELECT id FROM reminder WHERE user_id = :u AND kind = 'predikat_tahunan'"),
            {"u": user_id}).scalar_one()
    _do(db_sessions, user_id, StopReminder(rid))
    assert _active(db_sessions, user_id) == set()


def test_admin_effects_store_without_fanning_out(db_sessions: Sessions) -> None:
    admin = _user(db_sessions)
    schedule = UkomSchedule(None, "penera", None, date(2027, 6, 1), date(2027, 6, 10), "x")
    _do(db_sessions, admin, SaveSchedule(schedule))
    with session_scope(db_sessions) as s:
        (stored,) = schedules.list_schedules(s)
        assert stored.id is not None
        assert [x[1] for x in schedules.unplanned_schedules(s)] == [1]
    _do(db_sessions, admin, SaveSchedule(UkomSchedule(stored.id, "penera", None,
                                                      date(2027, 6, 2), date(2027, 6, 10))))
    with session_scope(db_sessions) as s:
        assert [x[1] for x in schedules.unplanned_schedules(s)] == [2]
    _do(db_sessions, admin, DeleteSchedule(stored.id))
    _do(db_sessions, admin, StartBroadcast("Pengumuman", "penera", None))
    with session_scope(db_sessions) as s:
        assert schedules.list_schedules(s) == []
        (row,) = broadcasts.not_fanned_out(s)
        assert (row.text, row.jf, row.admin_user_id) == ("Pengumuman", "penera", admin)
        assert s.connection().execute(sa.text("SELECT COUNT(*) FROM reminder")).scalar() == 0


def test_unknown_effect_is_refused(db_sessions: Sessions) -> None:
    with pytest.raises(TypeError):
        _do(db_sessions, _user(db_sessions), object())


def test_a_zone_change_in_the_profile_moves_its_reminders(db_sessions: Sessions) -> None:
    """WIB -> WIT: the same keys, now at 09.00 WIT; nothing stopped, nothing doubled."""
    user_id = _user(db_sessions)
    with session_scope(db_sessions) as s:
        schedules.save_schedule(s, UkomSchedule(None, "penera", None, date(2027, 6, 1),
                                                date(2027, 6, 10)), NOW)
    wib = Profile(jf="penera", jenjang="terampil", zone="WIB", rekomendasi_date=date(2026, 1, 5))
    _do(db_sessions, user_id, SaveProfile(wib))
    before = _active(db_sessions, user_id)
    _do(db_sessions, user_id, SaveProfile(Profile(**{**wib.__dict__, "zone": "WIT"})))
    assert _active(db_sessions, user_id) == before
    with session_scope(db_sessions) as s:
        pending = reminder_actions.upcoming(s, user_id, limit=50)
        zones = s.connection().execute(sa.text(
            "SELECT DISTINCT timezone FROM reminder WHERE user_id = :u"), {"u": user_id}).all()
    assert [z[0] for z in zones] == ["Asia/Jayapura"]
    assert pending and {u.due_at.astimezone(ZoneInfo("Asia/Jayapura")).hour
                        for u in pending} == {9}
    assert len({(u.reminder_id, u.occurrence) for u in pending}) == len(pending)
