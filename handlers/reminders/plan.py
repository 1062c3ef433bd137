"""Planning: what to remind a user of, as ``ReminderSpec``s (pure; no clock, no storage).

Decisions (docs/reminders.md, docs/reminders_pure.md): date-only events are due at
``DUE_HOUR`` local time of the profile's zone; offsets are days before the event on that wall
clock. A spec whose every send lies before ``now`` is not returned; a kenaikan pangkat period
already past is replaced by the next period on or after today, never offered as the next one.
``profile_plan`` lists every dated item of a profile, passed ones marked passed, so the
profile's plan can say "sudah lewat" instead of silently dropping them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from handlers.domain.records import (
    DEFAULT_ZONE,
    KIND_AK,
    KIND_PREDIKAT,
    KIND_REKOMENDASI,
    KIND_SIARAN,
    KIND_UKOM_DAFTAR,
    KIND_UKOM_UJIAN,
    ZONES,
    Profile,
    ReminderSpec,
    UkomSchedule,
)
from knowledge import fmt
from knowledge.calc import credit, exam
from knowledge.calc._credit_data import first_period_on_or_after
from knowledge.errors import InputError
from knowledge.ids import JENJANG_LABELS, PREDIKAT_LABELS

DUE_HOUR = 9  # date-only events are due at 09.00 local time
AK_CAPAI_OFFSETS: tuple[int, ...] = (0,)  # on the day the AK minimum is expected
AK_PERIODE_DAYS = 60  # days before the kenaikan pangkat period (PAK and documents ready)
# Two later nudges too: a profile saved (or an AK reached) less than 60 days before the period
# must still hear of it, and sends already past when planned are skipped, never bunched.
AK_PERIODE_OFFSETS: tuple[int, ...] = (AK_PERIODE_DAYS, 30, 14)
PREDIKAT_MONTH = 1
PREDIKAT_DAY = 15  # every 15 January: record last year's predikat
PREDIKAT_OFFSETS: tuple[int, ...] = (0,)
REKOMENDASI_OFFSETS: tuple[int, ...] = (90, 30)
UKOM_DAFTAR_OFFSETS: tuple[int, ...] = (14, 7, 1)
UKOM_UJIAN_OFFSETS: tuple[int, ...] = (1,)
PRIBADI_OFFSETS: tuple[int, ...] = (0,)
SIARAN_OFFSETS: tuple[int, ...] = (0,)
MONTHS_PER_YEAR = 12

_MILESTONE_PANGKAT = "kenaikan_pangkat"
_MILESTONE_JENJANG = "kenaikan_jenjang"
ITEM_CAPAI, ITEM_PERIODE, ITEM_REKOMENDASI = "capai", "periode", "rekomendasi"


@dataclasses.dataclass(frozen=True)
class PlanItem:
    """One dated item of a profile's plan: an AK minimum reached (``capai``), a kenaikan
    pangkat period (``periode``) or a rekomendasi's last day of validity (``rekomendasi``).

    ``target`` is the next golongan or jenjang (AK items); ``passed`` is True when ``day`` lies
    before the profile's local today; ``next_day`` is, for a passed period, the next period on
    or after today.
    """

    item: str
    day: dt.date
    passed: bool
    target: str | None = None
    next_day: dt.date | None = None


def iana_zone(zone: str) -> str:
    """Return the IANA name of a zone key ("WITA") or IANA name; WIB when unknown."""
    if zone in ZONES:
        return ZONES[zone]
    if zone in ZONES.values():
        return zone
    return ZONES[DEFAULT_ZONE]


def due_at(day: dt.date, zone: str) -> dt.datetime:
    """Return ``day`` at ``DUE_HOUR`` local time in ``zone`` (key or IANA name), aware."""
    return dt.datetime(day.year, day.month, day.day, DUE_HOUR, tzinfo=ZoneInfo(iana_zone(zone)))


def send_times(spec: ReminderSpec) -> list[dt.datetime]:
    """Return the spec's send moments (offsets counted in local calendar days), earliest first."""
    zone = ZoneInfo(spec.timezone)
    local = spec.due_at.astimezone(zone).replace(tzinfo=None)
    return [(local - dt.timedelta(days=d)).replace(tzinfo=zone)
            for d in sorted(set(spec.offsets), reverse=True)]


def _ahead(spec: ReminderSpec, now: dt.datetime) -> bool:
    """Return whether at least one send of ``spec`` is at or after ``now``."""
    return any(t >= now for t in send_times(spec))


def rekomendasi_expiry(day: dt.date) -> dt.date:
    """Return the last day of validity of a rekomendasi dated ``day`` (knowledge.calc.exam)."""
    return exam.expiry(day)


def _projection_targets(profile: Profile) -> list[dict[str, Any]]:
    """Return knowledge.calc.credit's projection targets for the profile, [] when it can't."""
    if (profile.jenjang is None or profile.golongan is None or profile.ak is None
            or profile.ak_date is None or profile.predikat is None):
        return []
    request = {
        "jenjang": profile.jenjang,
        "predikat": profile.predikat,
        "golongan": profile.golongan,
        "ak_saat_ini": str(profile.ak),
        "tanggal": profile.ak_date.isoformat(),
    }
    try:
        targets = credit.run(request).json["proyeksi"]["target"]
    except InputError:
        return []  # e.g. a golongan outside the jenjang's range: no AK reminders
    return list(targets)


def local_today(now: dt.datetime, zone: str) -> dt.date:
    """Return the date at ``now`` on the wall clock of ``zone`` (key or IANA name)."""
    return now.astimezone(ZoneInfo(iana_zone(zone))).date()


def _ak_items(profile: Profile, today: dt.date) -> list[PlanItem]:
    """Return the AK items of the projection: per target its reach date and its period."""
    targets = _projection_targets(profile)
    chosen = [next((t for t in targets if t["jenis"] == jenis), None)
              for jenis in (_MILESTONE_PANGKAT, _MILESTONE_JENJANG)]
    items: list[PlanItem] = []
    for target in chosen:
        if target is None:
            continue
        ke = target["ke_golongan"] if target["jenis"] == _MILESTONE_PANGKAT \
            else target["ke_jenjang"]
        reached = target["tanggal_tercapai"]
        if reached is not None:
            day = dt.date.fromisoformat(reached)
            items.append(PlanItem(ITEM_CAPAI, day, day < today, ke))
        period = target["periode_kenaikan_pangkat"]
        if period is not None:
            day = dt.date.fromisoformat(period)
            passed = day < today
            # A period already past is never the next one: the next is on or after today.
            items.append(PlanItem(ITEM_PERIODE, day, passed, ke,
                                  first_period_on_or_after(today) if passed else None))
    return items


def profile_plan(profile: Profile, now: dt.datetime) -> list[PlanItem]:
    """Return the profile's dated AK and rekomendasi items, passed ones included (marked)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    today = local_today(now, profile.zone)
    items = _ak_items(profile, today)
    if profile.rekomendasi_date is not None:
        expiry = rekomendasi_expiry(profile.rekomendasi_date)
        items.append(PlanItem(ITEM_REKOMENDASI, expiry, expiry < today))
    return items


def rekomendasi_void_from(expiry: dt.date) -> dt.date:
    """Return the first day a rekomendasi valid until ``expiry`` is no longer valid."""
    return expiry + dt.timedelta(days=1)


def _ak_specs(profile: Profile, zone: str, now: dt.datetime) -> list[ReminderSpec]:
    specs: list[ReminderSpec] = []
    for item in _ak_items(profile, local_today(now, zone)):
        if item.item == ITEM_CAPAI:
            specs.append(ReminderSpec(KIND_AK, f"ak:capai:{item.target}:{item.day.isoformat()}",
                                      due_at(item.day, zone), zone, AK_CAPAI_OFFSETS))
            continue
        day = item.next_day if item.passed else item.day
        if day is not None:
            specs.append(ReminderSpec(KIND_AK, f"ak:periode:{item.target}:{day.isoformat()}",
                                      due_at(day, zone), zone, AK_PERIODE_OFFSETS))
    return specs


def next_predikat_due(now: dt.datetime, zone: str) -> dt.datetime:
    """Return the next 15 January 09.00 local at or after ``now``."""
    year = now.astimezone(ZoneInfo(iana_zone(zone))).year
    moment = due_at(dt.date(year, PREDIKAT_MONTH, PREDIKAT_DAY), zone)
    if moment < now:
        moment = due_at(dt.date(year + 1, PREDIKAT_MONTH, PREDIKAT_DAY), zone)
    return moment


def profile_reminders(profile: Profile, now: dt.datetime) -> list[ReminderSpec]:
    """Return the AK, predikat and rekomendasi reminders of a profile that still have a send."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = iana_zone(profile.zone)
    specs = _ak_specs(profile, zone, now)
    predikat_due = next_predikat_due(now, zone)
    specs.append(ReminderSpec(KIND_PREDIKAT, f"predikat:{predikat_due.year - 1}", predikat_due,
                              zone, PREDIKAT_OFFSETS))
    if profile.rekomendasi_date is not None:
        expiry = rekomendasi_expiry(profile.rekomendasi_date)
        specs.append(ReminderSpec(KIND_REKOMENDASI, f"rekomendasi:{expiry.isoformat()}",
                                  due_at(expiry, zone), zone, REKOMENDASI_OFFSETS))
    return [s for s in specs if _ahead(s, now)]


def schedule_matches(schedule: UkomSchedule, profile: Profile) -> bool:
    """Return whether a ukom schedule concerns the profile (same JF; same jenjang if set)."""
    if profile.jf is None or profile.jf != schedule.jf:
        return False
    return schedule.jenjang is None or schedule.jenjang == profile.jenjang


def schedule_reminders(schedule: UkomSchedule, zone: str) -> list[ReminderSpec]:
    """Return the registration-deadline and exam reminders of a stored ukom schedule."""
    if schedule.id is None:
        raise ValueError("the schedule must be stored (id) before planning its reminders")
    tz = iana_zone(zone)
    deadline = schedule.registration_deadline.isoformat()
    exam_day = schedule.exam_date.isoformat()
    return [
        ReminderSpec(KIND_UKOM_DAFTAR, f"ukom:{schedule.id}:daftar:{deadline}",
                     due_at(schedule.registration_deadline, tz), tz, UKOM_DAFTAR_OFFSETS),
        ReminderSpec(KIND_UKOM_UJIAN, f"ukom:{schedule.id}:ujian:{exam_day}",
                     due_at(schedule.exam_date, tz), tz, UKOM_UJIAN_OFFSETS),
    ]


def broadcast_spec(broadcast_id: int, now: dt.datetime, zone: str) -> ReminderSpec:
    """Return the ``siaran`` reminder of one broadcast for one user, due now."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    tz = iana_zone(zone)
    return ReminderSpec(KIND_SIARAN, f"siaran:{broadcast_id}", now.astimezone(ZoneInfo(tz)), tz,
                        SIARAN_OFFSETS)


def annual_ak(jenjang: str, predikat: str) -> Decimal:
    """Return the AK of one full year with ``predikat`` in ``jenjang`` (knowledge.calc.credit)."""
    rules = credit.jenjang_rule_table()
    if jenjang not in rules:
        raise InputError("jenjang", "Lengkapi jenjang jabatan Anda di /profil terlebih dahulu.")
    if predikat not in PREDIKAT_LABELS:
        allowed = ", ".join(PREDIKAT_LABELS.values())
        raise InputError("predikat", f"Pilih salah satu predikat: {allowed}.")
    return credit.annual_ak_decimal(rules[jenjang], predikat, MONTHS_PER_YEAR)


def record_predikat(profile: Profile, year: int, predikat: str) -> Profile:
    """Return the profile with one year of ``predikat`` added to its AK, as of 31 December."""
    if profile.jenjang is None or profile.jenjang not in JENJANG_LABELS:
        raise InputError("jenjang", "Lengkapi jenjang jabatan Anda di /profil terlebih dahulu.")
    if profile.ak is None:
        raise InputError("ak", "Lengkapi angka kredit Anda di /profil terlebih dahulu.")
    year_end = dt.date(year, 12, 31)
    if profile.ak_date is not None and profile.ak_date >= year_end:
        raise InputError("ak_date", f"Angka kredit di profil Anda sudah dihitung sampai "
                         f"{fmt.date(profile.ak_date)}, jadi tahun {year} sudah termasuk.")
    added = annual_ak(profile.jenjang, predikat)
    return dataclasses.replace(
        profile,
        ak=profile.ak + added,
        ak_date=year_end,
        predikat=profile.predikat if profile.predikat is not None else predikat,
    )
