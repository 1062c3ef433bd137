"""Reminder planning: profile, ukom schedule and broadcast specs, and recording a predikat."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from handlers.domain.records import (
    KIND_AK,
    KIND_PREDIKAT,
    KIND_REKOMENDASI,
    KIND_SIARAN,
    KIND_UKOM_DAFTAR,
    KIND_UKOM_UJIAN,
    Profile,
    ReminderSpec,
    UkomSchedule,
)
from handlers.reminders import plan
from knowledge.calc.credit import run
from knowledge.errors import InputError

UTC = dt.UTC
NOW = dt.datetime(2027, 4, 1, 8, 0, tzinfo=UTC)  # 15.00 WIB, 16.00 WITA, 17.00 WIT
# 09.00 local in UTC: WIB = UTC+7, WITA = UTC+8, WIT = UTC+9.
NINE_UTC = {"WIB": 2, "WITA": 1, "WIT": 0}
IANA = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
ZONE_KEYS = list(IANA)

AK_PROFILE = Profile(jf="analis_perdagangan", jenjang="ahli_pertama", golongan="III/a",
                     ak=Decimal("10"), ak_date=dt.date(2027, 1, 1), predikat="baik")


def _nine(day: dt.date, zone: str) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, NINE_UTC[zone], tzinfo=UTC)


def _by_key(specs: list[ReminderSpec]) -> dict[str, ReminderSpec]:
    return {s.source_key: s for s in specs}


def _targets(profile: Profile) -> list[dict[str, Any]]:
    request = {"jenjang": profile.jenjang, "predikat": profile.predikat,
               "golongan": profile.golongan, "ak_saat_ini": str(profile.ak),
               "tanggal": str(profile.ak_date)}
    targets: list[dict[str, Any]] = run(request).json["proyeksi"]["target"]
    return targets


def test_constants() -> None:
    assert plan.DUE_HOUR == 9
    assert plan.UKOM_DAFTAR_OFFSETS == (14, 7, 1)
    assert plan.UKOM_UJIAN_OFFSETS == (1,)
    assert plan.REKOMENDASI_OFFSETS == (90, 30)
    assert plan.AK_PERIODE_OFFSETS == (60, 30, 14)


@pytest.mark.parametrize("zone", ZONE_KEYS)
def test_ak_reminders_follow_the_credit_projection(zone: str) -> None:
    profile = dataclasses.replace(AK_PROFILE, zone=zone)
    specs = [s for s in plan.profile_reminders(profile, NOW) if s.kind == KIND_AK]
    pangkat, jenjang = _targets(profile)
    expected = {}
    for target, ke in ((pangkat, pangkat["ke_golongan"]), (jenjang, jenjang["ke_jenjang"])):
        reached = dt.date.fromisoformat(target["tanggal_tercapai"])
        period = dt.date.fromisoformat(target["periode_kenaikan_pangkat"])
        expected[f"ak:capai:{ke}:{reached}"] = (_nine(reached, zone), (0,))
        expected[f"ak:periode:{ke}:{period}"] = (_nine(period, zone), (60, 30, 14))
    assert {s.source_key: (s.due_at, s.offsets) for s in specs} == expected
    assert all(s.timezone == IANA[zone] and s.due_at.tzinfo is not None for s in specs)
    assert all(s.due_at.astimezone(plan_zone(zone)).hour == 9 for s in specs)
    # The keys name the target: the next golongan and the next jenjang.
    assert {k.split(":")[2] for k in expected} == {"III/b", "ahli_muda"}


def plan_zone(zone: str) -> dt.tzinfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(IANA[zone])


def test_ak_capai_already_past_gives_only_the_period() -> None:
    # 50 AK already on 2027-03-15 (>= the III/b minimum): reached "in month 0" = the past.
    profile = dataclasses.replace(AK_PROFILE, ak=Decimal(50), ak_date=dt.date(2027, 3, 15))
    pangkat = _targets(profile)[0]
    assert pangkat["bulan_ke"] == 0
    keys = [s.source_key for s in plan.profile_reminders(profile, NOW) if s.kind == KIND_AK]
    assert not any(k.startswith("ak:capai:III/b:") for k in keys)
    # Its period (1 April 2027) sends at D-60, D-30 and D-14, all past: skipped too.
    assert not any(k.startswith("ak:periode:III/b:") for k in keys)
    later = dataclasses.replace(profile, ak_date=dt.date(2027, 6, 15))
    period = dt.date.fromisoformat(_targets(later)[0]["periode_kenaikan_pangkat"])
    keys = [s.source_key for s in plan.profile_reminders(later, NOW) if s.kind == KIND_AK]
    assert f"ak:periode:III/b:{period}" in keys


@pytest.mark.parametrize("missing", ["jenjang", "golongan", "ak", "ak_date", "predikat"])
def test_missing_fields_give_no_ak_reminders(missing: str) -> None:
    changes: dict[str, Any] = {missing: None}
    profile = dataclasses.replace(AK_PROFILE, **changes)
    assert [s for s in plan.profile_reminders(profile, NOW) if s.kind == KIND_AK] == []


def test_golongan_outside_jenjang_gives_no_ak_reminders() -> None:
    profile = dataclasses.replace(AK_PROFILE, golongan="IV/a")
    assert [s for s in plan.profile_reminders(profile, NOW) if s.kind == KIND_AK] == []


def test_top_of_career_has_no_ak_targets() -> None:
    profile = dataclasses.replace(AK_PROFILE, jenjang="ahli_utama", golongan="IV/e")
    assert _targets(profile) == []
    assert [s for s in plan.profile_reminders(profile, NOW) if s.kind == KIND_AK] == []


@pytest.mark.parametrize("zone", ZONE_KEYS)
def test_predikat_next_15_january(zone: str) -> None:
    specs = _by_key(plan.profile_reminders(Profile(zone=zone), NOW))
    spec = specs["predikat:2027"]
    assert (spec.kind, spec.offsets) == (KIND_PREDIKAT, (0,))
    assert spec.due_at == _nine(dt.date(2028, 1, 15), zone)


@pytest.mark.parametrize("zone", ZONE_KEYS)
def test_predikat_on_the_day_before_and_after_nine(zone: str) -> None:
    nine = _nine(dt.date(2028, 1, 15), zone)
    before = plan.profile_reminders(Profile(zone=zone), nine - dt.timedelta(minutes=1))
    assert _by_key(before)["predikat:2027"].due_at == nine
    at = plan.profile_reminders(Profile(zone=zone), nine)
    assert _by_key(at)["predikat:2027"].due_at == nine
    after = plan.profile_reminders(Profile(zone=zone), nine + dt.timedelta(minutes=1))
    assert _by_key(after)["predikat:2028"].due_at == _nine(dt.date(2029, 1, 15), zone)
    assert "predikat:2027" not in _by_key(after)


def test_predikat_year_uses_local_new_year() -> None:
    # 31 Dec 2027 20.00 UTC is already 1 Jan 2028 05.00 WIT: next is 15 Jan 2028 either way.
    now = dt.datetime(2027, 12, 31, 20, 0, tzinfo=UTC)
    assert "predikat:2027" in _by_key(plan.profile_reminders(Profile(zone="WIT"), now))
    assert "predikat:2027" in _by_key(plan.profile_reminders(Profile(zone="WIB"), now))


@pytest.mark.parametrize("zone", ZONE_KEYS)
def test_rekomendasi_expiry_and_offsets(zone: str) -> None:
    profile = Profile(zone=zone, rekomendasi_date=dt.date(2026, 5, 20))
    spec = _by_key(plan.profile_reminders(profile, NOW))["rekomendasi:2028-05-20"]
    assert (spec.kind, spec.offsets, spec.timezone) == (KIND_REKOMENDASI, (90, 30), IANA[zone])
    assert spec.due_at == _nine(dt.date(2028, 5, 20), zone)
    sends = plan.send_times(spec)
    assert sends == [_nine(dt.date(2028, 2, 20), zone), _nine(dt.date(2028, 4, 20), zone)]


def test_rekomendasi_leap_day() -> None:
    assert plan.rekomendasi_expiry(dt.date(2028, 2, 29)) == dt.date(2030, 2, 28)
    assert plan.rekomendasi_expiry(dt.date(2025, 4, 1)) == dt.date(2027, 4, 1)
    assert plan.rekomendasi_expiry(dt.date(2026, 2, 28)) == dt.date(2028, 2, 28)
    profile = Profile(rekomendasi_date=dt.date(2028, 2, 29))
    now = dt.datetime(2029, 1, 1, tzinfo=UTC)
    assert "rekomendasi:2030-02-28" in _by_key(plan.profile_reminders(profile, now))


def test_past_rekomendasi_gives_nothing() -> None:
    profile = Profile(rekomendasi_date=dt.date(2024, 1, 10))  # expired 10 January 2026
    assert [s for s in plan.profile_reminders(profile, NOW) if s.kind == KIND_REKOMENDASI] == []
    # Last send (D-30) at 09.00 WIB exactly now: still planned; a minute later: not.
    profile = Profile(rekomendasi_date=dt.date(2025, 5, 1))  # expiry 1 May 2027, D-30 1 April
    d30 = _nine(dt.date(2027, 4, 1), "WIB")
    assert _by_key(plan.profile_reminders(profile, d30))
    assert "rekomendasi:2027-05-01" in _by_key(plan.profile_reminders(profile, d30))
    later = d30 + dt.timedelta(minutes=1)
    assert "rekomendasi:2027-05-01" not in _by_key(plan.profile_reminders(profile, later))


def test_naive_now_refused() -> None:
    with pytest.raises(ValueError):
        plan.profile_reminders(Profile(), dt.datetime(2027, 1, 1))


SCHEDULE = UkomSchedule(id=7, jf="penera", jenjang="terampil",
                        registration_deadline=dt.date(2027, 3, 1),
                        exam_date=dt.date(2027, 3, 20), notes="Di Balai Pengujian.")


def test_schedule_matches() -> None:
    assert plan.schedule_matches(SCHEDULE, Profile(jf="penera", jenjang="terampil"))
    assert not plan.schedule_matches(SCHEDULE, Profile(jf="penera", jenjang="mahir"))
    assert not plan.schedule_matches(SCHEDULE, Profile(jf="penera"))
    assert not plan.schedule_matches(SCHEDULE, Profile(jf="analis_perdagangan",
                                                       jenjang="terampil"))
    assert not plan.schedule_matches(SCHEDULE, Profile())
    every = dataclasses.replace(SCHEDULE, jenjang=None)
    assert plan.schedule_matches(every, Profile(jf="penera", jenjang="mahir"))
    assert plan.schedule_matches(every, Profile(jf="penera"))
    assert not plan.schedule_matches(every, Profile(jf="pengamat_tera"))


@pytest.mark.parametrize("zone", ZONE_KEYS)
def test_schedule_reminders_d14_d7_d1_through_zone(zone: str) -> None:
    daftar, ujian = plan.schedule_reminders(SCHEDULE, zone)
    assert (daftar.kind, daftar.source_key, daftar.offsets) == (
        KIND_UKOM_DAFTAR, "ukom:7:daftar:2027-03-01", (14, 7, 1))
    assert (ujian.kind, ujian.source_key, ujian.offsets) == (
        KIND_UKOM_UJIAN, "ukom:7:ujian:2027-03-20", (1,))
    assert daftar.timezone == ujian.timezone == IANA[zone]
    assert daftar.due_at == _nine(dt.date(2027, 3, 1), zone)
    # D-14, D-7, D-1 of 1 March 2027 cross the end of February (28 days in 2027).
    assert plan.send_times(daftar) == [_nine(dt.date(2027, 2, 15), zone),
                                       _nine(dt.date(2027, 2, 22), zone),
                                       _nine(dt.date(2027, 2, 28), zone)]
    assert plan.send_times(ujian) == [_nine(dt.date(2027, 3, 19), zone)]


def test_schedule_without_id_refused() -> None:
    with pytest.raises(ValueError):
        plan.schedule_reminders(dataclasses.replace(SCHEDULE, id=None), "WIB")


def test_unknown_zone_falls_back_to_wib() -> None:
    daftar, _ = plan.schedule_reminders(SCHEDULE, "XYZ")
    assert daftar.timezone == "Asia/Jakarta"


@pytest.mark.parametrize("zone", ZONE_KEYS)
def test_broadcast_spec(zone: str) -> None:
    spec = plan.broadcast_spec(42, NOW, zone)
    assert (spec.kind, spec.source_key, spec.offsets, spec.timezone) == (
        KIND_SIARAN, "siaran:42", (0,), IANA[zone])
    assert spec.due_at == NOW and spec.due_at.tzinfo is not None
    assert spec.title is None


def test_record_predikat_adds_one_year_via_credit() -> None:
    profile = dataclasses.replace(AK_PROFILE, ak=Decimal("20.5"), ak_date=dt.date(2026, 1, 1))
    out = plan.record_predikat(profile, 2026, "sangat_baik")
    annual = Decimal(str(run({"jenjang": "ahli_pertama", "predikat": "sangat_baik",
                              "bulan": 12}).json["angka_kredit"]))
    assert out.ak == Decimal("20.5") + annual
    assert out.ak_date == dt.date(2026, 12, 31)
    assert out.predikat == "baik"  # the expected predikat is kept
    assert (out.jf, out.jenjang, out.golongan, out.zone) == (
        profile.jf, profile.jenjang, profile.golongan, profile.zone)


def test_record_predikat_sets_expected_when_none() -> None:
    profile = dataclasses.replace(AK_PROFILE, predikat=None, ak_date=None)
    out = plan.record_predikat(profile, 2026, "butuh_perbaikan")
    assert out.predikat == "butuh_perbaikan"
    assert out.ak_date == dt.date(2026, 12, 31)


@pytest.mark.parametrize(("change", "field"), [
    ({"jenjang": None}, "jenjang"),
    ({"ak": None}, "ak"),
    ({"ak_date": dt.date(2027, 1, 1)}, "ak_date"),
])
def test_record_predikat_refuses(change: dict[str, Any], field: str) -> None:
    profile = dataclasses.replace(AK_PROFILE, **change)
    with pytest.raises(InputError) as info:
        plan.record_predikat(profile, 2026, "baik")
    assert info.value.field == field
    assert info.value.message.endswith(".")
    assert ("/profil" in info.value.message) == (field != "ak_date")


def test_record_predikat_unknown_predikat() -> None:
    with pytest.raises(InputError) as info:
        plan.record_predikat(AK_PROFILE, 2027, "luar_biasa")
    assert info.value.field == "predikat"
    assert "Sangat Baik" in info.value.message


def test_a_passed_period_is_replaced_by_the_next_one_and_listed_as_passed() -> None:
    # AK 10 on 1 January 2024 with Sangat Baik: III/b's minimum is reached 1 March 2026 and
    # its period (Peraturan BKN 4/2025: 1 March 2026) lies before NOW (1 April 2027).
    profile = dataclasses.replace(AK_PROFILE, ak_date=dt.date(2024, 1, 1),
                                  predikat="sangat_baik")
    (pangkat, _) = _targets(profile)
    period = dt.date.fromisoformat(pangkat["periode_kenaikan_pangkat"])
    today = plan.local_today(NOW, profile.zone)
    assert period < today
    items = {(i.item, i.target): i for i in plan.profile_plan(profile, NOW)}
    passed = items[(plan.ITEM_PERIODE, "III/b")]
    assert passed.passed and passed.day == period
    assert passed.next_day is not None and passed.next_day >= today
    assert items[(plan.ITEM_CAPAI, "III/b")].passed
    assert not items[(plan.ITEM_PERIODE, "ahli_muda")].passed
    keys = [s.source_key for s in plan.profile_reminders(profile, NOW)]
    assert f"ak:periode:III/b:{period}" not in keys
    # Every period planned is today or later: a passed period is never the next one.
    planned = [dt.date.fromisoformat(k.split(":")[3]) for k in keys if k.startswith("ak:periode")]
    assert all(day >= today for day in planned)


def test_an_expired_rekomendasi_is_a_passed_item_and_no_reminder() -> None:
    profile = dataclasses.replace(AK_PROFILE, rekomendasi_date=dt.date(2025, 3, 31))
    (item,) = [i for i in plan.profile_plan(profile, NOW) if i.item == plan.ITEM_REKOMENDASI]
    assert item.passed and item.day == dt.date(2027, 3, 31)
    assert plan.rekomendasi_void_from(item.day) == dt.date(2027, 4, 1)
    assert not any(s.kind == KIND_REKOMENDASI for s in plan.profile_reminders(profile, NOW))
    on_the_day = dataclasses.replace(AK_PROFILE, rekomendasi_date=dt.date(2025, 4, 1))
    (today,) = [i for i in plan.profile_plan(on_the_day, NOW) if i.item == plan.ITEM_REKOMENDASI]
    assert not today.passed  # valid until today inclusive
