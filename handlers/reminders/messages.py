"""Indonesian texts of reminder messages, with their buttons (pure; see docs/reminders_pure.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from handlers.domain.records import (
    KIND_AK,
    KIND_JAWABAN,
    KIND_PREDIKAT,
    KIND_PRIBADI,
    KIND_REKOMENDASI,
    KIND_SIARAN,
    KIND_UKOM_DAFTAR,
    KIND_UKOM_UJIAN,
    ZONES,
    DueReminder,
    ReminderView,
)
from handlers.prompts import Message, Option, Prompt, Question
from handlers.reminders.buttons import (
    T_REM_DONE,
    T_REM_RECORD_PREDIKAT,
    T_REM_SNOOZE_DAY,
    T_REM_SNOOZE_WEEK,
    T_REM_STOP_KIND,
    reminder_step_token,
)
from handlers.reminders.plan import iana_zone
from knowledge import fmt

KIND_LABELS: dict[str, str] = {
    KIND_AK: "Angka kredit",
    KIND_PREDIKAT: "Predikat kinerja tahunan",
    KIND_UKOM_DAFTAR: "Pendaftaran uji kompetensi",
    KIND_UKOM_UJIAN: "Ujian kompetensi",
    KIND_REKOMENDASI: "Masa berlaku rekomendasi",
    KIND_PRIBADI: "Pengingat pribadi",
    KIND_SIARAN: "Siaran",
    KIND_JAWABAN: "Jawaban admin",
}
# Kinds whose message is the stored text itself, without buttons.
TEXT_KINDS = (KIND_SIARAN, KIND_JAWABAN)
JAWABAN_HEAD = "Jawaban admin atas pertanyaan yang Anda teruskan:"
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ZONE_ABBREVIATIONS: dict[str, str] = {iana: key for key, iana in ZONES.items()}
LATE_TEXT = "(Pengingat ini terlambat karena layanan sempat terhenti.)"
LATE_TEXT_SIARAN = "(Pesan ini terlambat karena layanan sempat terhenti.)"
MAX_TEXT = 1000  # WhatsApp template body parameter limit, with a margin
OCCURRENCE_AK_CAPAI = "D"  # angka_kredit: the day the minimum is expected (ak:capai:…)
OCCURRENCE_AK_PERIODE = "D-60"  # angka_kredit: 60 days before the period (ak:periode:…)

OPTION_RECORD = Option(T_REM_RECORD_PREDIKAT, "Catat predikat", short="Catat predikat")
OPTIONS: tuple[Option, ...] = (
    Option(T_REM_DONE, "Sudah selesai", short="Sudah selesai"),
    Option(T_REM_SNOOZE_DAY, "Ingatkan besok", short="Ingatkan besok"),
    Option(T_REM_SNOOZE_WEEK, "Ingatkan minggu depan", short="Minggu depan"),
    Option(T_REM_STOP_KIND, "Hentikan pengingat jenis ini", short="Hentikan jenis ini"),
)


def _zone(timezone: str) -> tuple[ZoneInfo, str]:
    """Return the zone and its abbreviation for an IANA name or WIB/WITA/WIT."""
    iana = iana_zone(timezone)
    return ZoneInfo(iana), ZONE_ABBREVIATIONS[iana]


def format_day(moment: dt.datetime, timezone: str) -> str:
    """Return the local date of ``moment`` as "Kamis, 10 Desember 2026"."""
    local = moment.astimezone(_zone(timezone)[0])
    return f"{DAY_NAMES[local.weekday()]}, {fmt.date(local.date())}"


def format_local(moment: dt.datetime, timezone: str) -> str:
    """Return ``moment`` as "Kamis, 10 Desember 2026 pukul 09.00 WIB" in the given zone."""
    zone, abbr = _zone(timezone)
    local = moment.astimezone(zone)
    return f"{format_day(moment, timezone)} pukul {local:%H.%M} {abbr}"


def _days_left(due: DueReminder) -> int:
    """Return the local calendar days from the send to the event (negative once past)."""
    zone = _zone(due.timezone)[0]
    return (due.event_at.astimezone(zone).date() - due.send_at.astimezone(zone).date()).days


def _when(days: int) -> str:
    if days < 0:
        return "sudah lewat"
    if days == 0:
        return "hari ini"
    if days == 1:
        return "besok"
    return f"tinggal {days} hari lagi"


def is_ak_capai(due: DueReminder) -> bool:
    """Return whether an angka_kredit delivery is the "minimum reached" one (else the period)."""
    if due.occurrence == OCCURRENCE_AK_CAPAI:
        return True
    if due.occurrence == OCCURRENCE_AK_PERIODE:
        return False
    return due.event_at <= due.send_at  # snoozed: the capai event is already past


# The January prompt's action: a button in a free-form message, a typed phrase in the
# WhatsApp template (whose buttons are fixed: bot/senders/whatsapp.py).
RECORD_PRESS = "Tekan \"Catat predikat\""
RECORD_TYPE = "Ketik \"catat predikat\""


def _main_text(due: DueReminder, record: str = RECORD_PRESS) -> str:
    day = format_day(due.event_at, due.timezone)
    days = _days_left(due)
    if due.kind == KIND_UKOM_DAFTAR:
        return (f"Batas pendaftaran uji kompetensi {_when(days)} ({day}). Siapkan berkas "
                "persyaratan dan selesaikan pendaftaran sebelum batas waktu.")
    if due.kind == KIND_UKOM_UJIAN:
        return (f"Ujian kompetensi Anda {_when(days)} ({day}). Periksa kembali jadwal, "
                "tempat, dan perlengkapan ujian.")
    if due.kind == KIND_REKOMENDASI:
        if days < 0:  # a late send (snoozed past the end): say since when it is void
            void = format_day(due.event_at + dt.timedelta(days=1), due.timezone)
            return (f"Rekomendasi uji kompetensi Anda sudah tidak berlaku sejak {void}. "
                    "Untuk kenaikan jenjang diperlukan rekomendasi baru.")
        return (f"Masa berlaku rekomendasi uji kompetensi Anda berakhir {_when(days)} ({day}). "
                "Gunakan rekomendasi ini untuk usulan kenaikan jenjang sebelum masa berlakunya "
                "habis.")
    if due.kind == KIND_PREDIKAT:
        year = due.event_at.astimezone(_zone(due.timezone)[0]).year - 1
        return (f"Sudah waktunya mencatat predikat kinerja tahun {year}. {record} agar angka "
                "kredit di profil Anda diperbarui.")
    if due.kind == KIND_AK and is_ak_capai(due):
        return (f"Menurut proyeksi profil Anda, angka kredit minimal untuk kenaikan pangkat "
                f"atau jenjang berikutnya tercapai pada {day}. Periksa angka kredit Anda dan "
                "ajukan penetapan angka kredit (PAK).")
    if due.kind == KIND_AK:
        return (f"Periode kenaikan pangkat {_when(days)} ({day}). Jika angka kredit Anda sudah "
                "cukup, siapkan PAK dan berkas usulan kenaikan pangkat sekarang.")
    if due.kind == KIND_PRIBADI:
        what = due.title or "pengingat pribadi"
        return (f"Anda meminta diingatkan: {what} "
                f"({format_local(due.event_at, due.timezone)}).")
    label = KIND_LABELS.get(due.kind, "Pengingat")
    return f"{label}: {format_local(due.event_at, due.timezone)}."


def _fit(main: str, detail: str | None, late: str | None) -> str:
    """Join the parts with blank lines, cutting the detail short to stay within ``MAX_TEXT``."""
    tail = f"\n\n{late}" if late else ""
    text = main[: MAX_TEXT - len(tail)]
    body = (detail or "").strip()
    room = MAX_TEXT - len(text) - len(tail) - 2
    if body and room > 1:
        if len(body) > room:
            body = body[: room - 1].rstrip() + "…"
        text = f"{text}\n\n{body}"
    return text + tail


def reminder_text(due: DueReminder, *, record: str = RECORD_PRESS) -> str:
    """Return the whole text of a reminder message (below ``MAX_TEXT`` characters)."""
    if due.kind == KIND_SIARAN:
        main = (due.detail or "").strip() or KIND_LABELS[KIND_SIARAN]
        return _fit(main, None, LATE_TEXT_SIARAN if due.late else None)
    if due.kind == KIND_JAWABAN:
        return _fit(JAWABAN_HEAD, due.detail, LATE_TEXT_SIARAN if due.late else None)
    detail = None if due.detail is None else f"Catatan: {due.detail.strip()}"
    return _fit(_main_text(due, record), detail, LATE_TEXT if due.late else None)


def reminder_options(kind: str) -> tuple[Option, ...]:
    """Return the buttons of a reminder of ``kind`` (none for a broadcast or a reply)."""
    if kind in TEXT_KINDS:
        return ()
    if kind == KIND_PREDIKAT:
        return (OPTION_RECORD, *OPTIONS)
    return OPTIONS


def reminder_prompts(due: DueReminder) -> list[Prompt]:
    """Return the one prompt of a delivery: a Question with buttons (broadcast, reply: a
    Message)."""
    text = reminder_text(due)
    if due.kind in TEXT_KINDS:
        return [Message(text)]
    return [Question(text, reminder_step_token(due.delivery_id), reminder_options(due.kind))]


def describe(view: ReminderView) -> str:
    """Return one list line: "<local send time> — <label>[: title]"."""
    label = KIND_LABELS.get(view.kind, "Pengingat")
    if view.kind == KIND_PRIBADI and view.title:
        label = f"{label}: {view.title}"
    return f"{format_local(view.send_at, view.timezone)} — {label}"


def whatsapp_template_text(due: DueReminder) -> str:
    """Return the reminder text as one paragraph (no newlines, tabs or runs of spaces)."""
    return " ".join(reminder_text(due, record=RECORD_TYPE).split())

