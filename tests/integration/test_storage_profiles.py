"""Profiles (storage.profiles) and StoredUserData on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from handlers.domain.records import Profile, UkomSchedule
from storage import broadcasts, profiles, reminder_plans, repo, schedules
from storage.db import session_scope
from storage.user_data import StoredUserData

Sessions = sessionmaker[Session]
NOW = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)
FULL = Profile(jf="analis_perdagangan", jenjang="ahli_muda", golongan="III/c",
               jenjang_since=date(2024, 1, 1), ak=Decimal("123.456"), ak_date=date(2026, 12, 31),
               predikat="baik", zone="WITA", rekomendasi_date=date(2026, 2, 28))


def _user(sessions: Sessions, external_id: str) -> int:
    with session_scope(sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", external_id, now=NOW).id
        assert user_id is not None
        return user_id


def test_profile_round_trip_is_exact_and_replaces(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions, "1")
    with session_scope(db_sessions) as s:
        assert profiles.get_profile(s, user_id) is None
        profiles.save_profile(s, user_id, FULL, NOW)
    with session_scope(db_sessions) as s:
        got = profiles.get_profile(s, user_id)
    assert got == FULL and isinstance(got.ak, Decimal) and str(got.ak) == "123.456"
    partial = Profile(jf="penera")
    with session_scope(db_sessions) as s:
        profiles.save_profile(s, user_id, partial, NOW + timedelta(days=1))
    with session_scope(db_sessions) as s:
        assert profiles.get_profile(s, user_id) == partial


def test_profile_refuses_an_unknown_zone(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions, "1")
    with pytest.raises(ValueError), session_scope(db_sessions) as s:
        profiles.save_profile(s, user_id, Profile(zone="UTC"), NOW)
    with pytest.raises(IntegrityError), session_scope(db_sessions) as s:
        s.connection().exec_driver_sql(
            "INSERT INTO profile (user_id, zone, updated_at) "
            f"VALUES ({user_id}, 'XYZ', '2027-01-01 00:00:00')")


def test_stored_user_data_reads_only_its_user(db_sessions: Sessions) -> None:
    me, other = _user(db_sessions, "1"), _user(db_sessions, "2")
    with session_scope(db_sessions) as s:
        profiles.save_profile(s, me, FULL, NOW)
        profiles.save_profile(s, other, Profile(jf="penera"), NOW)
        sid = schedules.save_schedule(s, UkomSchedule(
            None, "analis_perdagangan", None, date(2027, 6, 1), date(2027, 6, 20), "Daring"), NOW)
        rem = reminder_plans.save_reminder(s, me, "ukom_ujian", "ukom:x", datetime(
            2027, 6, 20, 1, tzinfo=UTC), timezone="Asia/Makassar", schedule_id=sid)
        reminder_plans.materialise(s, rem)
        theirs = reminder_plans.save_reminder(s, other, "pribadi", "p", NOW + timedelta(days=3),
                                              title="rapat")
        reminder_plans.materialise(s, theirs)
        broadcasts.create_broadcast(s, "Halo", None, None, me, NOW)
    with session_scope(db_sessions) as s:
        mine = StoredUserData(s.connection(), me, admin=True)
        assert mine.is_admin() and mine.profile() == FULL
        (view,) = mine.upcoming()
        assert (view.kind, view.occurrence, view.detail) == ("ukom_ujian", "D-1", "Daring")
        assert view.event_at == datetime(2027, 6, 20, 1, tzinfo=UTC)
        assert view.send_at == view.event_at - timedelta(days=1)
        assert mine.delivery(view.delivery_id) == view
        theirs_view = StoredUserData(s, other, admin=False).upcoming()[0]
        assert mine.delivery(theirs_view.delivery_id) is None
        assert [x.id for x in mine.schedules()] == [sid]
        assert mine.audience_size(None, None) == 2
        assert mine.audience_size("analis_perdagangan", "ahli_muda") == 1
        assert mine.audience_size("analis_perdagangan", "ahli_madya") == 0
        stats = mine.statistics()
        assert stats.users_by_channel == {"telegram": 2}
        assert stats.users_by_jf == {"analis_perdagangan": 1, "penera": 1}
        assert stats.deliveries == {"pending": 2}
        assert [b.total for b in stats.broadcasts] == [0]
        assert not StoredUserData(s, other, admin=False).is_admin()


def test_stored_user_data_queries_nothing_when_built(db_sessions: Sessions) -> None:
    class Exploding:
        def execute(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("queried")

    StoredUserData(Exploding(), 1, admin=False)  # type: ignore[arg-type]


def test_form_details_are_remembered_apart_from_the_profile(db_sessions: Sessions) -> None:
    from bot.effects import perform
    from handlers.domain.effects import SaveFormDetails, SaveProfile
    from handlers.domain.records import FormDetails

    uid = _user(db_sessions, "forms")
    given = FormDetails(instansi="Pemkab Siak", unit_kerja="Dinas Perdagangan", tahun="2027",
                        pejabat_nama="Budi", pejabat_nip="198001012005011001")
    with session_scope(db_sessions) as s:
        assert profiles.get_form_details(s, uid) == FormDetails()
        perform(s, uid, SaveFormDetails(given), now=NOW, settings=None)
    with session_scope(db_sessions) as s:
        # A row holding form details only is no profile: /profil still starts afresh.
        assert profiles.get_profile(s, uid) is None
        assert StoredUserData(s, uid, admin=False).form_details() == given
        perform(s, uid, SaveFormDetails(FormDetails(tahun="2028", standar="SNI 3554:2015")),
                now=NOW, settings=None)
        perform(s, uid, SaveProfile(Profile(jf="penera", jenjang="terampil")), now=NOW,
                settings=None)
    with session_scope(db_sessions) as s:
        assert profiles.get_form_details(s, uid) == FormDetails(
            instansi="Pemkab Siak", unit_kerja="Dinas Perdagangan", tahun="2028",
            pejabat_nama="Budi", pejabat_nip="198001012005011001", standar="SNI 3554:2015")
        found = profiles.get_profile(s, uid)
        assert found is not None and found.jf == "penera"
        repo.erase_user(s, uid)
    with session_scope(db_sessions) as s:
        assert profiles.get_form_details(s, uid) == FormDetails()
