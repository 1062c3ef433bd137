"""The reminders acceptance scenario, shared by the console, Telegram and WhatsApp tests.

A channel test provides a ``Driver`` for the user and one for an admin (typing and pressing
as a person would on that channel) and a ``World``: the FakeClock, the real ChatService, a
Dispatcher with the channel's real sender, and ``inbox()`` returning the reminders the user
received since the last call. ``run_scenario`` then plays the issue's story:

1. the user fills ``/profil`` (zone chosen per channel, rekomendasi date set);
2. the admin publishes an uji kompetensi schedule for the user's JF/jenjang via ``/admin``;
3. the user asks "ingatkan saya 15 April 2027 jam 14.00 kirim berkas" and confirms;
4. the clock jumps to one minute before and to each expected send (computed with
   ``handlers.reminders.plan`` for the same profile and schedule, never by hand), running
   ``plan_once``, ``replan_profiles`` and ``Dispatcher.run_once`` each time: nothing before,
   exactly the expected kinds at the moment, on 09.00 (14.00 for the own one) LOCAL time;
   "Ingatkan besok" brings one back a day later, "Hentikan pengingat jenis ini" ends a kind;
5. ``/hapus_data`` leaves no row of the user in any table of ``SQLModel.metadata``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import SQLModel

from bot.dispatch import Dispatcher
from bot.reminder_planning import plan_once, replan_profiles
from bot.service import ChatService
from handlers.domain.records import (
    KIND_AK,
    KIND_PREDIKAT,
    KIND_PRIBADI,
    KIND_REKOMENDASI,
    KIND_UKOM_DAFTAR,
    KIND_UKOM_UJIAN,
    ZONES,
    Profile,
    ReminderSpec,
    UkomSchedule,
)
from handlers.reminders import plan
from knowledge import fmt
from storage import profiles, schedules
from storage.models import ChatUser
from tests.fakes.clock import FakeClock

ZONE_LABELS = {"WIB": "WIB (UTC+7)", "WITA": "WITA (UTC+8)", "WIT": "WIT (UTC+9)"}
SNOOZE_LABEL = "Ingatkan besok"
STOP_KIND_LABEL = "Hentikan pengingat jenis ini"
REMINDER_BUTTONS = ("Sudah selesai", SNOOZE_LABEL, STOP_KIND_LABEL)
# Every check runs to this moment at most: covers the first angka kredit milestone.
HORIZON = dt.datetime(2029, 7, 1, tzinfo=dt.UTC)
# What each kind's text says (Indonesian), to recognise a received reminder.
KIND_PHRASES: dict[str, tuple[str, ...]] = {
    KIND_UKOM_DAFTAR: ("Batas pendaftaran uji kompetensi",),
    KIND_UKOM_UJIAN: ("Ujian kompetensi Anda",),
    KIND_REKOMENDASI: ("Masa berlaku rekomendasi uji kompetensi",),
    KIND_PREDIKAT: ("mencatat predikat kinerja tahun",),
    KIND_AK: ("angka kredit minimal", "Periode kenaikan pangkat"),
    KIND_PRIBADI: ("Anda meminta diingatkan: Kirim berkas",),
}

# The user's answers to /profil (the zone is chosen per channel).
PROFILE = Profile(
    jf="analis_perdagangan", jenjang="ahli_pertama", golongan="III/a",
    jenjang_since=dt.date(2025, 1, 1), ak=Decimal("20"), ak_date=dt.date(2026, 12, 31),
    predikat="baik", rekomendasi_date=dt.date(2025, 9, 1))
DEADLINE = dt.date(2027, 5, 10)
EXAM = dt.date(2027, 5, 20)
OWN_DAY = dt.date(2027, 4, 15)
OWN_HOUR = 14


@dataclass
class Shown:
    """One message the user saw: its text, its button labels, and the channel's raw form."""

    text: str
    buttons: list[str] = field(default_factory=list)
    raw: Any = None


class Driver(Protocol):
    """A person on one channel: types text and presses buttons by their label."""

    async def say(self, text: str) -> list[Shown]:
        """Type ``text``; return what the bot answered."""
        ...

    async def press(self, label: str, on: Shown | None = None) -> list[Shown]:
        """Press the button ``label`` on ``on`` (default: the last buttons); return replies."""
        ...


@dataclass
class World:
    """The runtime of one channel on a FakeClock (see the module docstring)."""

    clock: FakeClock
    service: ChatService
    dispatcher: Dispatcher
    inbox: Callable[[], Awaitable[list[Shown]]]
    channel: str
    user_id: str  # the user's external id on the channel


@dataclass
class Expected:
    """A send the user must receive: when (UTC), what kind, and the event's local date."""

    at: dt.datetime
    kind: str
    event_day: str  # "10 Mei 2027", as the text shows it


@dataclass
class Result:
    """What the scenario saw, for the channel test's own extra checks."""

    received: list[tuple[dt.datetime, str, Shown]] = field(default_factory=list)
    step_replies: dict[str, list[Shown]] = field(default_factory=dict)


def joined(shown: list[Shown]) -> str:
    """All texts of ``shown`` as one string."""
    return "\n".join(s.text for s in shown)


def kind_of(text: str) -> str:
    """The reminder kind a received text is about (AssertionError when none matches)."""
    found = [kind for kind, phrases in KIND_PHRASES.items()
             if any(p in text for p in phrases)]
    assert len(found) == 1, f"not a recognisable reminder: {text!r}"
    return found[0]


def _shown_as(kind: str, event: dt.datetime, zone: ZoneInfo) -> str:
    """What the text says of the event: its local date, or for predikat the year to record."""
    local = event.astimezone(zone).date()
    return f"tahun {local.year - 1}" if kind == KIND_PREDIKAT else fmt.date(local)


def _sends(spec: ReminderSpec, after: dt.datetime) -> list[Expected]:
    day = _shown_as(spec.kind, spec.due_at, ZoneInfo(spec.timezone))
    return [Expected(t.astimezone(dt.UTC), spec.kind, day) for t in plan.send_times(spec)
            if after <= t <= HORIZON]


def expected_sends(profile: Profile, schedule_id: int, now: dt.datetime) -> list[Expected]:
    """Every send of the story up to ``HORIZON``, computed with ``handlers.reminders.plan``."""
    out: list[Expected] = []
    for spec in plan.profile_reminders(profile, now):
        out += _sends(spec, now)
    # The daily re-plan keeps the predikat chain going: every later 15 January.
    moment = plan.next_predikat_due(now, profile.zone)
    while True:
        moment = plan.next_predikat_due(moment + dt.timedelta(minutes=1), profile.zone)
        if moment > HORIZON:
            break
        out.append(Expected(moment.astimezone(dt.UTC), KIND_PREDIKAT,
                            _shown_as(KIND_PREDIKAT, moment, profile.tz())))
    schedule = UkomSchedule(schedule_id, "analis_perdagangan", "ahli_pertama", DEADLINE, EXAM)
    for spec in plan.schedule_reminders(schedule, profile.zone):
        out += _sends(spec, now)
    own = dt.datetime(OWN_DAY.year, OWN_DAY.month, OWN_DAY.day, OWN_HOUR, tzinfo=profile.tz())
    out.append(Expected(own.astimezone(dt.UTC), KIND_PRIBADI, fmt.date(OWN_DAY)))
    return sorted(out, key=lambda e: (e.at, e.kind))


async def fill_profile(user: Driver, zone: str) -> list[Shown]:
    """Step 1: /profil answered field by field, buttons where shown."""
    await user.say("/profil")
    await user.press("Analis Perdagangan")
    await user.press("Ahli Pertama")
    await user.press("III/a")
    await user.say("1 Januari 2025")
    replies = await user.say("dua puluhan")  # bad input: one sentence and the question again
    assert "Berapa angka kredit" in replies[-1].text, joined(replies)
    replies = await user.say("dua puluh")  # number words: read and confirmed back
    assert "Dicatat: 20." in joined(replies), joined(replies)
    await user.say("31 Desember 2026")
    await user.press("Baik")
    await user.press(ZONE_LABELS[zone])
    return await user.say("1 September 2025")


async def publish_schedule(admin: Driver) -> list[Shown]:
    """Step 2: the admin publishes the schedule through /admin."""
    await admin.say("/admin")
    await admin.press("Terbitkan jadwal uji kompetensi")
    await admin.press("Analis Perdagangan")
    await admin.press("Ahli Pertama")
    await admin.say("10 Mei 2027")
    await admin.say("20 Mei 2027")
    await admin.say("Ujian daring; unggah berkas lewat aplikasi.")
    return await admin.press("Ya")


async def ask_own_reminder(user: Driver, zone: str) -> list[Shown]:
    """Step 3: the own reminder, typed and confirmed."""
    replies = await user.say("ingatkan saya 15 April 2027 jam 14.00 kirim berkas")
    assert (f"Tanggal: Kamis, 15 April 2027\nJam: 14.00 {zone}\nIsi: Kirim berkas\n"
            "Simpan pengingat ini?") in joined(replies)
    return await user.say("ya")


def user_row_id(service: ChatService, channel: str, external_id: str) -> int | None:
    """The user's ``chat_user.id``, or None."""
    with service.sessions() as s:
        found = s.execute(sa.select(ChatUser.id).where(  # type: ignore[call-overload]
            ChatUser.channel == channel, ChatUser.external_id == external_id)).scalar()
    return None if found is None else int(found)


def rows_of_user(service: ChatService, user_id: int) -> dict[str, int]:
    """Rows referring to ``user_id`` per table (every FK to chat_user.id, and chat_user)."""
    counts: dict[str, int] = {}
    with service.sessions() as s:
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                refers = any(fk.column.table.name == "chat_user" for fk in column.foreign_keys)
                is_key = table.name == "chat_user" and column.name == "id"
                if refers or is_key:
                    n = s.execute(sa.select(sa.func.count()).select_from(table)
                                  .where(column == user_id)).scalar_one()
                    counts[f"{table.name}.{column.name}"] = int(n)
    return counts


async def tick(world: World, at: dt.datetime) -> list[Shown]:
    """Set the clock, run the planning jobs and the dispatcher; return what arrived."""
    world.clock.set(at)
    sessions = world.service.sessions
    plan_once(sessions, at)
    replan_profiles(sessions, at)
    await world.dispatcher.run_once(at)
    return await world.inbox()


async def run_scenario(world: World, user: Driver, admin: Driver, zone: str, *,
                       snooze_kind: str, stop_kind: str) -> Result:
    """Play steps 1–5 (module docstring); assert each; return what was received."""
    result = Result()
    profile = dataclasses.replace(PROFILE, zone=zone)
    start = world.clock()

    summary = await fill_profile(user, zone)
    result.step_replies["profil"] = summary
    assert f"Zona waktu: {ZONE_LABELS[zone]}" in joined(summary), joined(summary)
    uid = user_row_id(world.service, world.channel, world.user_id)
    assert uid is not None
    with world.service.sessions() as s:
        assert profiles.get_profile(s, uid) == profile

    published = await publish_schedule(admin)
    result.step_replies["admin"] = published
    assert "Jadwal diterbitkan" in joined(published), joined(published)
    with world.service.sessions() as s:
        (schedule,) = schedules.list_schedules(s)
    assert schedule.id is not None
    assert (schedule.jf, schedule.jenjang) == ("analis_perdagangan", "ahli_pertama")
    assert (schedule.registration_deadline, schedule.exam_date) == (DEADLINE, EXAM)

    saved = await ask_own_reminder(user, zone)
    result.step_replies["ingatkan"] = saved
    assert "pengingat disimpan" in joined(saved), joined(saved)

    pending = expected_sends(profile, schedule.id, start)
    kinds = {e.kind for e in pending}
    assert kinds == set(KIND_PHRASES), f"the story must cover every kind: {kinds}"
    local = ZoneInfo(ZONES[zone])
    for e in pending:  # the right LOCAL hour
        assert e.at.astimezone(local).hour == (OWN_HOUR if e.kind == KIND_PRIBADI else 9), e
    snoozed = stopped = False
    while pending:
        moment = pending[0].at
        due_now = [e for e in pending if e.at == moment]
        pending = [e for e in pending if e.at != moment]
        early = await tick(world, moment - dt.timedelta(minutes=1))
        assert early == [], f"before {moment}: {[s.text for s in early]}"
        got = await tick(world, moment)
        got_kinds = Counter(kind_of(s.text) for s in got)
        assert got_kinds == Counter(e.kind for e in due_now), (moment, [s.text for s in got])
        for shown in got:
            kind = kind_of(shown.text)
            expected = next(e for e in due_now if e.kind == kind)
            assert expected.event_day in shown.text, (expected, shown.text)
            assert all(b in shown.buttons for b in REMINDER_BUTTONS), shown.buttons
            if kind == KIND_PREDIKAT:
                # A WhatsApp template's buttons are fixed: the phrase is typed instead.
                assert ("Catat predikat" in shown.buttons
                        or 'Ketik "catat predikat"' in shown.text), shown
            result.received.append((moment, kind, shown))
            if kind == snooze_kind and not snoozed:
                snoozed = True
                pressed_at = world.clock()
                replies = await user.press(SNOOZE_LABEL, on=shown)
                assert replies, "a button press is answered"
                again = Expected(pressed_at + dt.timedelta(days=1), kind, expected.event_day)
                pending = sorted([*pending, again], key=lambda e: (e.at, e.kind))
            elif kind == stop_kind and not stopped:
                stopped = True
                replies = await user.press(STOP_KIND_LABEL, on=shown)
                assert replies, "a button press is answered"
                before = len(pending)
                pending = [e for e in pending if e.kind != kind]
                assert len(pending) < before, f"{kind} had later sends to stop"
    assert snoozed and stopped
    # Nothing else comes up to the horizon (e.g. a stopped kind, a second snooze).
    assert await tick(world, HORIZON) == []

    confirm = await user.say("/hapus_data")
    assert "Hapus semua data Anda" in joined(confirm), joined(confirm)
    erased = await user.press("Ya, hapus")
    result.step_replies["hapus"] = erased
    left = {name: n for name, n in rows_of_user(world.service, uid).items() if n}
    assert left == {}, f"rows of the erased user remain: {left}"
    assert user_row_id(world.service, world.channel, world.user_id) is None
    return result
