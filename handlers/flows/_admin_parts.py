"""Pieces of the admin flow (``handlers/flows/admin.py``): the schedule snapshot kept in the
answers, option lists, labels, date checks and the statistics text.

Which jenjang a JF has comes from Lampiran I (one ruang lingkup block per JF × jenjang), never
from literals here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from handlers.domain.records import DEFAULT_ZONE, ZONES, BroadcastProgress, Stats, UkomSchedule
from handlers.domain.user_data import UserData
from handlers.flow import Answers, Context
from handlers.prompts import Option
from knowledge import fmt
from knowledge.ids import JENJANG_LABELS, JF_LABELS
from knowledge.jenjang import jenjang_of as knowledge_jenjang_of

SNAPSHOT = "daftar_jadwal"  # hidden answer: the published schedules when the flow started
ALL = "semua"  # option token of "Semua JF" / "Semua jenjang"
ALL_JF = "Semua JF"
ALL_JENJANG = "Semua jenjang"
NO_NOTES = "(tidak ada)"
NOTES_MAX = 500
BROADCAST_MAX = 1000
RECENT_BROADCASTS = 5
# "Not before today" is judged in WIB, the westernmost zone: no admin's own today is refused.
ADMIN_TODAY_ZONE = ZoneInfo(ZONES[DEFAULT_ZONE])

CHANNEL_LABELS: Mapping[str, str] = {"telegram": "Telegram", "whatsapp": "WhatsApp",
                                     "console": "Konsol"}
STATUS_LABELS: Mapping[str, str] = {"pending": "Menunggu", "claimed": "Sedang dikirim",
                                    "sent": "Terkirim", "failed": "Gagal",
                                    "cancelled": "Dibatalkan"}
ALWAYS_SHOWN_STATUSES = ("pending", "sent", "failed", "cancelled")


# --- JF and jenjang -------------------------------------------------------------------------


def jenjang_of(jf: str | None) -> tuple[str, ...]:
    """Return the jenjang a JF has (every jenjang for None or an unknown JF)."""
    return knowledge_jenjang_of(jf) or tuple(JENJANG_LABELS)


def jf_options(*, with_all: bool = False) -> list[Option]:
    """Return the six JF as options (and "Semua JF" last when ``with_all``)."""
    out = [Option(jf, label) for jf, label in JF_LABELS.items()]
    if with_all:
        out.append(Option(ALL, ALL_JF))
    return out


def jenjang_options(jf: str | None) -> list[Option]:
    """Return the jenjang of the JF (None = all JF) as options, then "Semua jenjang"."""
    out = [Option(j, JENJANG_LABELS[j]) for j in jenjang_of(jf)]
    out.append(Option(ALL, ALL_JENJANG))
    return out


def or_none(token: Any) -> str | None:
    """Return an option token, or None for "Semua" (and for a missing answer)."""
    return None if token in (None, ALL) else str(token)


def audience_label(jf: str | None, jenjang: str | None) -> str:
    """Return "Penera, Ahli Muda", "Penera, semua jenjang" or "semua JF, semua jenjang"."""
    jf_text = JF_LABELS.get(jf, jf) if jf else "semua JF"
    jenjang_text = JENJANG_LABELS.get(jenjang, jenjang) if jenjang else "semua jenjang"
    return f"{jf_text}, {jenjang_text}"


# --- the schedule snapshot ------------------------------------------------------------------


def snapshot(schedules: Sequence[UkomSchedule]) -> list[dict[str, Any]]:
    """Return the stored schedules as JSON-able dicts (those without an id are left out)."""
    return [{"id": s.id, "jf": s.jf, "jenjang": s.jenjang,
             "batas": s.registration_deadline.isoformat(), "ujian": s.exam_date.isoformat(),
             "catatan": s.notes} for s in schedules if s.id is not None]


def schedules_of(answers: Answers) -> list[UkomSchedule]:
    """Return the schedules of the snapshot kept in the answers."""
    return [UkomSchedule(id=int(d["id"]), jf=str(d["jf"]), jenjang=d.get("jenjang"),
                         registration_deadline=dt.date.fromisoformat(d["batas"]),
                         exam_date=dt.date.fromisoformat(d["ujian"]),
                         notes=str(d.get("catatan") or ""))
            for d in answers.get(SNAPSHOT) or []]


def schedule_token(schedule: UkomSchedule) -> str:
    """Return the option token of a schedule ("j12": never read as an option number)."""
    return f"j{schedule.id}"


def schedule_named(answers: Answers, token: Any) -> UkomSchedule:
    """Return the snapshot schedule an option token names."""
    return next(s for s in schedules_of(answers) if schedule_token(s) == token)


def schedule_label(schedule: UkomSchedule) -> str:
    """Return "Penera Ahli Muda — daftar s.d. 10 Desember 2026"."""
    jf = JF_LABELS.get(schedule.jf, schedule.jf)
    who = (f"{jf} {JENJANG_LABELS.get(schedule.jenjang, schedule.jenjang)}" if schedule.jenjang
           else f"{jf} (semua jenjang)")
    return f"{who} — daftar s.d. {fmt.date(schedule.registration_deadline)}"


def schedule_options(answers: Answers) -> list[Option]:
    """Return one option per snapshot schedule (channels that cut the label show it whole in
    the row description)."""
    return [Option(schedule_token(s), schedule_label(s)) for s in schedules_of(answers)]


def schedule_lines(schedule: UkomSchedule) -> list[str]:
    """Return the lines describing a schedule (JF, jenjang, dates, notes)."""
    return [
        f"JF: {JF_LABELS.get(schedule.jf, schedule.jf)}",
        "Jenjang: " + (JENJANG_LABELS.get(schedule.jenjang, schedule.jenjang)
                       if schedule.jenjang else ALL_JENJANG),
        f"Batas pendaftaran: {fmt.date(schedule.registration_deadline)}",
        f"Tanggal ujian: {fmt.date(schedule.exam_date)}",
        f"Catatan: {schedule.notes or NO_NOTES}",
    ]


# --- dates ----------------------------------------------------------------------------------


def today_of(context: Context) -> dt.date | None:
    """Return today in WIB from the engine's ``now`` (else the context's today)."""
    if context.now is not None:
        return context.now.astimezone(ADMIN_TODAY_ZONE).date()
    return context.today


def day(value: Any) -> dt.date:
    """Return the date of an ISO answer."""
    return dt.date.fromisoformat(str(value))


# --- statistics -----------------------------------------------------------------------------


def _count(n: int) -> str:
    return fmt.number(n)


def _broadcast_line(b: BroadcastProgress, zone: str) -> str:
    when = b.created_at.astimezone(ZoneInfo(ZONES.get(zone, ZONES[DEFAULT_ZONE])))
    zone_name = zone if zone in ZONES else DEFAULT_ZONE
    done = (b.sent + b.failed) * 100 // b.total if b.total else 100
    return (f"• Siaran #{b.id} ({fmt.date(when.date())} pukul {when:%H.%M} {zone_name}): "
            f"{_count(b.total)} penerima; terkirim {_count(b.sent)}, gagal {_count(b.failed)}, "
            f"menunggu {_count(b.pending)} (selesai {done}%).")


def statistics_text(user: UserData | None) -> str:
    """Return the admin statistics as one message, numbers with thousands dots."""
    stats = user.statistics() if user is not None else Stats()
    profile = user.profile() if user is not None else None
    zone = profile.zone if profile is not None else DEFAULT_ZONE
    lines = ["Statistik", "", "Pengguna per kanal:"]
    channels = dict.fromkeys(CHANNEL_LABELS, 0) | dict(stats.users_by_channel)
    lines += [f"• {CHANNEL_LABELS.get(c, c)}: {_count(n)}" for c, n in channels.items()]
    lines += ["", "Pengguna per JF:"]
    by_jf = dict(stats.users_by_jf)
    for jf, label in JF_LABELS.items():
        lines.append(f"• {label}: {_count(by_jf.pop(jf, 0))}")
    no_profile = by_jf.pop("", 0)
    lines += [f"• {jf}: {_count(n)}" for jf, n in sorted(by_jf.items())]  # unknown ids, if any
    lines.append(f"• Belum mengisi profil: {_count(no_profile)}")
    lines += ["", "Pengiriman pengingat dan siaran:"]
    statuses = dict.fromkeys(ALWAYS_SHOWN_STATUSES, 0) | dict(stats.deliveries)
    lines += [f"• {STATUS_LABELS.get(s, s)}: {_count(n)}" for s, n in statuses.items()]
    lines += ["", "Siaran terakhir:"]
    recent = sorted(stats.broadcasts, key=lambda b: b.created_at, reverse=True)
    recent = recent[:RECENT_BROADCASTS]
    lines += [_broadcast_line(b, zone) for b in recent] or ["• Belum ada siaran."]
    return "\n".join(lines)
