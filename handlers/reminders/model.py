"""Value objects, the ``UserData`` read port and the effects of the reminder features.

The engine stays pure: it reads the current user's stored data through ``UserData`` (the
runtime implements it on the update's own transaction; tests use an in-memory fake) and asks
for every write with an effect object returned in ``Outcome.effects``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from knowledge.digits import read_index

# The three Indonesian time zones a profile may choose; WIB is the default.
ZONES: Mapping[str, str] = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
DEFAULT_ZONE = "WIB"

# Ledger kinds (storage.models.REMINDER_KINDS): "siaran" is an admin broadcast.
KIND_AK = "angka_kredit"
KIND_PREDIKAT = "predikat_tahunan"
KIND_UKOM_DAFTAR = "ukom_pendaftaran"
KIND_UKOM_UJIAN = "ukom_ujian"
KIND_REKOMENDASI = "rekomendasi"
KIND_PRIBADI = "pribadi"
KIND_SIARAN = "siaran"
KIND_JAWABAN = "jawaban"  # an admin's reply to a question forwarded from Tanya
# Kinds planned from the profile (re-planned whenever it changes) and from ukom schedules.
PROFILE_KINDS = (KIND_AK, KIND_PREDIKAT, KIND_REKOMENDASI)
SCHEDULE_KINDS = (KIND_UKOM_DAFTAR, KIND_UKOM_UJIAN)


@dataclass(frozen=True)
class Profile:
    """What a user told ``/profil``; fields stay None until answered (ids: knowledge.ids)."""

    jf: str | None = None  # JF_LABELS key
    jenjang: str | None = None  # JENJANG_LABELS key
    golongan: str | None = None  # "III/a"
    jenjang_since: dt.date | None = None  # date of entering the current jenjang (TMT)
    ak: Decimal | None = None  # AK kumulatif in the current jenjang ...
    ak_date: dt.date | None = None  # ... as of this date
    predikat: str | None = None  # PREDIKAT_LABELS key: the predikat expected every year
    zone: str = DEFAULT_ZONE  # a key of ZONES
    rekomendasi_date: dt.date | None = None  # date of the uji kompetensi rekomendasi, if any

    def tz(self) -> ZoneInfo:
        """Return the profile's time zone."""
        return ZoneInfo(ZONES.get(self.zone, ZONES[DEFAULT_ZONE]))


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder to plan in the ledger (``storage.reminders.save_reminder`` arguments)."""

    kind: str
    source_key: str  # stable id of what it is about; a changed date gives a new key
    due_at: dt.datetime  # timezone-aware: the event itself (deadline, exam, expiry, own time)
    timezone: str  # IANA name; offsets count days on this wall clock
    offsets: tuple[int, ...]  # days before due_at to send at (0 = at due_at)
    title: str | None = None  # only for "pribadi": what the user typed


@dataclass(frozen=True)
class ReminderView:
    """One pending delivery, as ``/pengingat`` and the .ics export show it."""

    delivery_id: int
    reminder_id: int
    kind: str
    title: str | None
    occurrence: str  # "D-14", "D-1", "D", "tunda:…"
    send_at: dt.datetime  # when this delivery goes out (aware)
    event_at: dt.datetime  # the reminder's own due time (the deadline, exam, …)
    timezone: str  # IANA name of the user's zone
    detail: str | None = None  # e.g. the ukom schedule's notes or the broadcast text


@dataclass(frozen=True)
class DueReminder:
    """A delivery being sent now: what the message text needs (built by ``messages``)."""

    delivery_id: int
    kind: str
    title: str | None
    occurrence: str
    send_at: dt.datetime  # the planned send time
    event_at: dt.datetime
    timezone: str
    late: bool  # claimed well after send_at (the process was down): the text says so
    detail: str | None = None


@dataclass(frozen=True)
class UkomSchedule:
    """An uji kompetensi schedule published by an admin."""

    id: int | None
    jf: str  # JF_LABELS key
    jenjang: str | None  # None = every jenjang of the JF
    registration_deadline: dt.date
    exam_date: dt.date
    notes: str = ""


@dataclass(frozen=True)
class BroadcastProgress:
    """Counts of one admin broadcast's deliveries."""

    id: int
    total: int
    sent: int
    failed: int
    pending: int
    created_at: dt.datetime


@dataclass(frozen=True)
class Stats:
    """Admin statistics."""

    users_by_channel: Mapping[str, int] = field(default_factory=dict)
    users_by_jf: Mapping[str, int] = field(default_factory=dict)  # "" = no profile yet
    deliveries: Mapping[str, int] = field(default_factory=dict)  # status -> count
    broadcasts: tuple[BroadcastProgress, ...] = ()


class UserData(Protocol):
    """Read access to the current user's stored data (and, for admins, the global view)."""

    def profile(self) -> Profile | None:
        """Return the saved profile, or None."""
        ...

    def upcoming(self, limit: int = 20) -> list[ReminderView]:
        """Return the user's pending deliveries, soonest first."""
        ...

    def delivery(self, delivery_id: int) -> ReminderView | None:
        """Return one of THIS user's deliveries (any status), or None."""
        ...

    def is_admin(self) -> bool:
        """Return True when this user is listed in ADMIN_IDS."""
        ...

    def schedules(self) -> list[UkomSchedule]:
        """Return every published ukom schedule, soonest deadline first."""
        ...

    def audience_size(self, jf: str | None, jenjang: str | None) -> int:
        """Return how many active users with a profile match (None = any)."""
        ...

    def statistics(self) -> Stats:
        """Return the admin statistics."""
        ...


# --- effects: writes the runtime performs in the update's transaction -------------------


@dataclass(frozen=True)
class SaveProfile:
    """Store the profile and re-plan the reminders derived from it (and matching schedules)."""

    profile: Profile


@dataclass(frozen=True)
class SaveReminder:
    """Plan one own reminder ("pribadi")."""

    spec: ReminderSpec


@dataclass(frozen=True)
class Snooze:
    """Send this delivery's reminder again at ``until`` (aware)."""

    delivery_id: int
    until: dt.datetime


@dataclass(frozen=True)
class MarkDone:
    """The user handled it ("Selesai"): stop the delivery's reminder (later sends cancelled)."""

    delivery_id: int


@dataclass(frozen=True)
class StopKind:
    """Stop every reminder of this kind for the user."""

    kind: str


@dataclass(frozen=True)
class StopReminder:
    """Stop one reminder of the user."""

    reminder_id: int


@dataclass(frozen=True)
class SaveSchedule:
    """Admin: create (id None) or update an ukom schedule; matching users get reminders."""

    schedule: UkomSchedule


@dataclass(frozen=True)
class DeleteSchedule:
    """Admin: delete an ukom schedule; its pending deliveries are cancelled."""

    schedule_id: int


@dataclass(frozen=True)
class StartBroadcast:
    """Admin: send ``text`` to active users matching jf/jenjang (None = any), paced."""

    text: str
    jf: str | None = None
    jenjang: str | None = None


ReminderEffect = (SaveProfile | SaveReminder | Snooze | MarkDone | StopKind | StopReminder
                  | SaveSchedule | DeleteSchedule | StartBroadcast)


# --- reminder buttons: self-contained, so a press still works days later and after restarts -
DELIVERY_ID_MAX = 2**31 - 1  # reminder_delivery.id is an INTEGER key
DELIVERY_ID_DIGITS = 10  # digits of DELIVERY_ID_MAX
REMINDER_STEP_PREFIX = "rem:"  # Question.step_token of a reminder message: f"rem:{delivery_id}"
T_REM_DONE = "selesai"  # "Sudah selesai" -> MarkDone
T_REM_SNOOZE_DAY = "tunda_1h"  # "Ingatkan besok" -> Snooze(now + 1 day)
T_REM_SNOOZE_WEEK = "tunda_7h"  # "Ingatkan minggu depan" -> Snooze(now + 7 days)
T_REM_STOP_KIND = "henti"  # "Hentikan pengingat jenis ini" -> StopKind(kind)
T_REM_RECORD_PREDIKAT = "catat"  # January prompt only: start recording last year's predikat


def reminder_step_token(delivery_id: int) -> str:
    """Return the step token put on a reminder message's buttons."""
    return f"{REMINDER_STEP_PREFIX}{delivery_id}"


def delivery_of_step_token(step_token: str | None) -> int | None:
    """Return the delivery id of a reminder button's step token, else None."""
    if step_token is None or not step_token.startswith(REMINDER_STEP_PREFIX):
        return None
    rest = step_token[len(REMINDER_STEP_PREFIX):]
    # Our own tokens are bare ASCII digits: anything else is forged and refused, not read.
    exact = rest.isascii() and rest.isdigit()
    value = read_index(rest, max_digits=DELIVERY_ID_DIGITS) if exact else None
    # Beyond the key's range PostgreSQL refuses the query (and aborts the update).
    return value if value is not None and value <= DELIVERY_ID_MAX else None
