"""Stored profiles are re-planned by the start-up re-plan after an upgrade of the planning
rules (no migration): reminders planned under the old rules stop, the current ones are
planned, and no kenaikan pangkat period before today stays active. Real SQLite/PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.reminder_planning import replan_profiles
from handlers.domain.records import KIND_AK, PROFILE_KINDS, Profile, ReminderSpec
from handlers.reminders import plan
from storage import profiles, reminder_plans, repo
from storage.db import session_scope

Sessions = sessionmaker[Session]
# Ten days into a month: the next period (two-monthly or monthly) still has a send ahead.
NOW = datetime(2027, 4, 10, 8, 0, tzinfo=UTC)
# AK 10 on 1 January 2024: III/b's minimum was reached and its period passed before NOW, so
# the plan has passed items and a period replaced by the next one; the rekomendasi expired.
PROFILE = Profile(jf="analis_perdagangan", jenjang="ahli_pertama", golongan="III/a",
                  ak=Decimal("10"), ak_date=date(2024, 1, 1), predikat="sangat_baik",
                  zone="WIB", rekomendasi_date=date(2024, 6, 1))
# What an older version of the rules planned: a period two months off the current ones.
OLD_KEY = "ak:periode:III/b:2027-08-01"


def _active(sessions: Sessions, user_id: int) -> dict[str, datetime]:
    with session_scope(sessions) as s:
        rows = s.connection().execute(sa.text(
            "SELECT source_key, due_at FROM reminder WHERE user_id = :u AND status = 'active'"),
            {"u": user_id}).all()
    return {key: datetime.fromisoformat(str(at)) for key, at in rows}


def test_start_up_replan_replaces_reminders_planned_by_older_rules(
        db_sessions: Sessions) -> None:
    with session_scope(db_sessions) as s:
        user_id = repo.claim_user(s.connection(), "telegram", "77", NOW)
        profiles.save_profile(s, user_id, PROFILE, NOW)
        old = ReminderSpec(KIND_AK, OLD_KEY, plan.due_at(date(2027, 8, 1), "Asia/Jakarta"),
                           "Asia/Jakarta", plan.AK_PERIODE_OFFSETS)
        reminder_plans.sync_reminders(s, user_id, [old], PROFILE_KINDS, NOW)
    assert OLD_KEY in _active(db_sessions, user_id)

    assert replan_profiles(db_sessions, NOW) == 1  # what the clock runs at every start-up

    active = _active(db_sessions, user_id)
    expected = {spec.source_key for spec in plan.profile_reminders(PROFILE, NOW)}
    assert set(active) == expected
    assert OLD_KEY not in active
    today = plan.local_today(NOW, "WIB")
    periods = [date.fromisoformat(k.split(":")[3]) for k in active if k.startswith("ak:periode")]
    assert periods and all(day >= today for day in periods)
    # The passed items are listed by the plan, not planned as reminders.
    passed = [item for item in plan.profile_plan(PROFILE, NOW) if item.passed]
    assert {item.item for item in passed} == {plan.ITEM_CAPAI, plan.ITEM_PERIODE,
                                              plan.ITEM_REKOMENDASI}
    (period,) = [item for item in passed if item.item == plan.ITEM_PERIODE]
    assert period.next_day is not None and period.next_day >= today
    assert f"ak:periode:III/b:{period.next_day.isoformat()}" in active
    assert not any(k.startswith("rekomendasi:") for k in active)
