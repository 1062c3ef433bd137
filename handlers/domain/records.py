"""What the assistant keeps about a user and their reminders: profile, kinds, plans, views.

Plain frozen values shared by the flows, the storage layer and the runtime.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

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
class FormDetails:
    """What the forms carry besides the numbers, remembered with the profile for next time.

    Formasi (Lampiran III Tabel 2, Lampiran IV): instansi, unit kerja, tahun and the signing
    official; tingkat kesulitan (Formulir Klasifikasi): the standar used. None = not given
    (the form keeps its dotted placeholder).
    """

    instansi: str | None = None
    unit_kerja: str | None = None
    tahun: str | None = None  # "2027"
    pejabat_nama: str | None = None
    pejabat_nip: str | None = None  # 18 digits
    standar: str | None = None

    def merged(self, newer: FormDetails) -> FormDetails:
        """Return these details with every value ``newer`` gives replacing the old one."""
        return FormDetails(**{name: getattr(newer, name) if getattr(newer, name) is not None
                              else getattr(self, name) for name in FORM_FIELDS})


FORM_FIELDS = ("instansi", "unit_kerja", "tahun", "pejabat_nama", "pejabat_nip", "standar")


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder to plan in the ledger (``storage.reminder_plans.save_reminder`` arguments)."""

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
