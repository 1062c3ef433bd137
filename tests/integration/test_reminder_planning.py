"""The planning job (bot.reminder_planning) on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.effects import perform
from bot.reminder_planning import done_report_text, half_report_text, plan_once, replan_profiles
from handlers.domain.effects import SaveProfile, StartBroadcast
from handlers.domain.records import Profile, UkomSchedule
from storage import profiles, reminder_claims, repo, schedules
from storage.db import session_scope

Sessions = sessionmaker[Session]
NOW = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
ZONES = ("WIB", "WITA", "WIT")


def _users(sessions: Sessions, n: int, jf: str | None, start: int = 0) -> list[int]:
    """Create n users (external ids start..), with a profile of ``jf`` unless None."""
    ids = []
    with session_scope(sessions) as s:
        for i in range(start, start + n):
            user_id = repo.claim_user(s.connection(), "telegram", str(i), NOW)
            if jf is not None:
                profiles.save_profile(s, user_id, Profile(jf=jf, jenjang="terampil",
                                                          zone=ZONES[i % 3]), NOW)
            ids.append(user_id)
    return ids


def _count(sessions: Sessions, sql: str, **params: object) -> int:
    with session_scope(sessions) as s:
        return int(s.connection().execute(sa.text(sql), params).scalar_one())


def test_schedule_fan_out_is_set_based_and_follows_edits(
    db_sessions: Sessions, db_engine: Engine
) -> None:
    penera = _users(db_sessions, 60, "penera")
    _users(db_sessions, 5, "analis_perdagangan", start=100)
    with session_scope(db_sessions) as s:
        sid = schedules.save_schedule(s, UkomSchedule(None, "penera", None, date(2027, 6, 1),
                                                      date(2027, 6, 10)), NOW)
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    sa.event.listen(db_engine, "before_cursor_execute", count)
    report = plan_once(db_sessions, NOW)
    sa.event.remove(db_engine, "before_cursor_execute", count)
    assert (report.schedules, report.deliveries) == (1, 60 * 4)
    assert len(statements) < 60  # a few per zone and occurrence, not per user
    assert _count(db_sessions, "SELECT COUNT(*) FROM reminder WHERE schedule_id = :s",
                  s=sid) == 120
    # 09.00 local D-1 of the exam: WIB 02.00, WITA 01.00, WIT 00.00 UTC.
    with session_scope(db_sessions) as s:
        rows = s.connection().execute(sa.text(
            "SELECT r.timezone, d.due_at FROM reminder_delivery d JOIN reminder r "
            "ON r.id = d.reminder_id WHERE r.kind = 'ukom_ujian' AND r.user_id IN (:a, :b, :c)"),
            {"a": penera[0], "b": penera[1], "c": penera[2]}).all()
    hours = sorted((tz, datetime.fromisoformat(str(at)).hour) for tz, at in rows)
    assert hours == [("Asia/Jakarta", 2), ("Asia/Jayapura", 0), ("Asia/Makassar", 1)]
    assert plan_once(db_sessions, NOW).schedules == 0  # nothing new
    # One user changes JF (the profile effect stops their schedule reminders), and the
    # admin moves the deadline: old keys stop, new ones are planned for the others.
    with session_scope(db_sessions) as s:
        perform(s, penera[0], SaveProfile(Profile(jf="penera_x")), now=NOW, settings=None)
        profiles.save_profile(s, penera[1], Profile(jf="analis_perdagangan"), NOW)
        schedules.save_schedule(s, UkomSchedule(sid, "penera", None, date(2027, 6, 3),
                                                date(2027, 6, 10)), NOW)
    report = plan_once(db_sessions, NOW)
    assert report.schedules == 1
    active = "SELECT COUNT(*) FROM reminder WHERE schedule_id = :s AND status = 'active'"
    assert _count(db_sessions, active, s=sid) == 58 * 2
    assert _count(db_sessions, active + " AND user_id IN (:a, :b)", s=sid, a=penera[0],
                  b=penera[1]) == 0
    assert _count(db_sessions, active + " AND source_key LIKE '%2027-06-01'", s=sid) == 0
    assert _count(db_sessions, "SELECT COUNT(*) FROM reminder_delivery d JOIN reminder r ON "
                  "r.id = d.reminder_id WHERE r.user_id = :u AND d.status = 'pending'",
                  u=penera[1]) == 0


def test_broadcast_fans_out_reports_half_and_done(db_sessions: Sessions) -> None:
    penera = _users(db_sessions, 4, "penera")
    others = _users(db_sessions, 2, None, start=50)
    with session_scope(db_sessions) as s:
        repo.set_user_blocked(s, others[1], True, now=NOW)
        perform(s, penera[0], StartBroadcast("Ukom dibuka."), now=NOW, settings=None)
        perform(s, penera[0], StartBroadcast("Khusus penera.", "penera"), now=NOW,
                settings=None)
    report = plan_once(db_sessions, NOW)
    assert (report.broadcasts, report.deliveries) == (2, 5 + 4)
    assert plan_once(db_sessions, NOW).deliveries == 0  # idempotent
    with session_scope(db_sessions) as s:
        claims = reminder_claims.claim_due(s, NOW, "w", limit=100)
    by_text: dict[str, list[int]] = {}
    for claim in claims:
        assert claim.kind == "siaran" and claim.detail is not None
        by_text.setdefault(claim.detail, []).append(claim.delivery_id)
    assert {k: len(v) for k, v in by_text.items()} == {"Ukom dibuka.": 5, "Khusus penera.": 4}
    with session_scope(db_sessions) as s:
        reminder_claims.mark_sent(s, by_text["Ukom dibuka."][:3], "w", NOW)
        reminder_claims.mark_sent(s, by_text["Khusus penera."][:1], "w", NOW)
    later = NOW + timedelta(minutes=1)
    assert plan_once(db_sessions, later).reports == 1  # 3 of 5 sent; 1 of 4 is not half
    with session_scope(db_sessions) as s:
        reminder_claims.mark_sent(s, by_text["Ukom dibuka."][3:], "w", later)
        reminder_claims.mark_sent(s, by_text["Khusus penera."][1:3], "w", later)
        reminder_claims.mark_failed(s, by_text["Khusus penera."][3], "w", later, "telegram_403",
                                    permanent=True)
    assert plan_once(db_sessions, later).reports == 2  # both finished
    assert plan_once(db_sessions, later).reports == 0
    with session_scope(db_sessions) as s:
        texts = [c.detail for c in reminder_claims.claim_due(s, later, "w", limit=100)]
        admin = {c.user_id for c in reminder_claims.claim_due(s, later + timedelta(hours=1), "w")}
    assert sorted(texts, key=str) == sorted([
        half_report_text(1, 3, 5), done_report_text(1, 5, 0), done_report_text(2, 3, 1),
    ], key=str)
    assert admin <= {penera[0]}


def test_report_texts_use_indonesian_numbers() -> None:
    assert half_report_text(3, 1000, 2000) == "Siaran #3: 1.000 dari 2.000 terkirim."
    assert done_report_text(3, 1980, 20) == "Siaran #3 selesai: 1.980 terkirim, 20 gagal."


def test_replan_profiles_covers_every_active_profile(db_sessions: Sessions) -> None:
    users = _users(db_sessions, 7, "penera")
    with session_scope(db_sessions) as s:
        repo.set_user_blocked(s, users[0], True, now=NOW)
    assert replan_profiles(db_sessions, NOW) == 6
    assert _count(db_sessions, "SELECT COUNT(DISTINCT user_id) FROM reminder "
                  "WHERE kind = 'predikat_tahunan' AND status = 'active'") == 6
    # A year later the predikat chain moves on: the old one stops, the next is planned.
    next_year = NOW + timedelta(days=365)
    assert replan_profiles(db_sessions, next_year) == 6
    assert _count(db_sessions, "SELECT COUNT(*) FROM reminder WHERE kind = 'predikat_tahunan'"
                  " AND status = 'active' AND source_key = 'predikat:2028'") == 6
