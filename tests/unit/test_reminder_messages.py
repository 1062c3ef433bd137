"""Reminder message texts and buttons (``handlers.reminders.messages``)."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.domain.records import DueReminder, ReminderView
from handlers.prompts import Message, Question
from handlers.reminders import messages
from handlers.reminders.buttons import REMINDER_STEP_PREFIX, delivery_of_step_token
from handlers.reminders.messages import (
    KIND_LABELS,
    LATE_TEXT,
    describe,
    format_local,
    reminder_prompts,
    whatsapp_template_text,
)
from storage.models import REMINDER_KINDS

UTC = dt.UTC
NINE_UTC = {"Asia/Jakarta": 2, "Asia/Makassar": 1, "Asia/Jayapura": 0}
ABBR = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _due(kind: str, occurrence: str, event_day: dt.date, *, tz: str = "Asia/Jakarta",
         late: bool = False, detail: str | None = None, title: str | None = None,
         send_at: dt.datetime | None = None) -> DueReminder:
    event = dt.datetime(event_day.year, event_day.month, event_day.day, NINE_UTC[tz],
                        tzinfo=UTC)
    if send_at is None:
        days = 0 if occurrence == "D" else int(occurrence.removeprefix("D-"))
        send_at = event - dt.timedelta(days=days)
    return DueReminder(delivery_id=31, kind=kind, title=title, occurrence=occurrence,
                       send_at=send_at, event_at=event, timezone=tz, late=late, detail=detail)


def _question(due: DueReminder) -> Question:
    prompts = reminder_prompts(due)
    assert len(prompts) == 1
    q = prompts[0]
    assert isinstance(q, Question)
    return q


def test_labels_cover_every_ledger_kind_plus_broadcast() -> None:
    assert set(KIND_LABELS) == set(REMINDER_KINDS) | {"siaran"}
    assert KIND_LABELS["ukom_pendaftaran"] == "Pendaftaran uji kompetensi"


@pytest.mark.parametrize(("tz", "utc_hour", "expected"), [
    ("Asia/Jakarta", 2, "Kamis, 10 Desember 2026 pukul 09.00 WIB"),
    ("Asia/Makassar", 1, "Kamis, 10 Desember 2026 pukul 09.00 WITA"),
    ("Asia/Jayapura", 0, "Kamis, 10 Desember 2026 pukul 09.00 WIT"),
    ("WITA", 1, "Kamis, 10 Desember 2026 pukul 09.00 WITA"),
    ("Asia/Jayapura", 15, "Jumat, 11 Desember 2026 pukul 00.00 WIT"),
    ("Asia/Jakarta", 7, "Kamis, 10 Desember 2026 pukul 14.00 WIB"),
])
def test_format_local(tz: str, utc_hour: int, expected: str) -> None:
    assert format_local(dt.datetime(2026, 12, 10, utc_hour, tzinfo=UTC), tz) == expected


def test_format_local_minutes_and_days() -> None:
    moment = dt.datetime(2027, 1, 3, 7, 5, tzinfo=UTC)  # a Sunday
    assert format_local(moment, "Asia/Jakarta") == "Minggu, 3 Januari 2027 pukul 14.05 WIB"


@pytest.mark.parametrize(("occurrence", "when"), [
    ("D-14", "tinggal 14 hari lagi"), ("D-7", "tinggal 7 hari lagi"), ("D-1", "besok")])
@pytest.mark.parametrize("tz", list(NINE_UTC))
def test_registration_deadline(occurrence: str, when: str, tz: str) -> None:
    q = _question(_due("ukom_pendaftaran", occurrence, dt.date(2026, 12, 10), tz=tz,
                       detail="Daftar lewat SIJAFUNG."))
    assert q.text.startswith(f"Batas pendaftaran uji kompetensi {when} "
                             "(Kamis, 10 Desember 2026). Siapkan ")
    assert q.text.endswith("\n\nCatatan: Daftar lewat SIJAFUNG.")
    assert LATE_TEXT not in q.text
    assert q.step_token == f"{REMINDER_STEP_PREFIX}31"
    assert delivery_of_step_token(q.step_token) == 31
    assert [o.token for o in q.options] == ["selesai", "tunda_1h", "tunda_7h", "henti"]
    assert [o.label for o in q.options] == ["Sudah selesai", "Ingatkan besok",
                                            "Ingatkan minggu depan",
                                            "Hentikan pengingat jenis ini"]
    assert all(o.short is not None and len(o.short) <= 20 for o in q.options)


def test_exam_day_before() -> None:
    q = _question(_due("ukom_ujian", "D-1", dt.date(2027, 3, 20)))
    assert q.text.startswith("Ujian kompetensi Anda besok (Sabtu, 20 Maret 2027).")


def test_rekomendasi() -> None:
    q = _question(_due("rekomendasi", "D-90", dt.date(2028, 5, 20)))
    assert q.text.startswith("Masa berlaku rekomendasi uji kompetensi Anda berakhir tinggal "
                             "90 hari lagi (Sabtu, 20 Mei 2028).")


def test_an_expired_rekomendasi_says_since_when_it_is_void() -> None:
    # Snoozed past its end (valid until 20 May 2028), the send arrives on 22 May.
    late = dt.datetime(2028, 5, 22, 2, tzinfo=UTC)
    q = _question(_due("rekomendasi", "D-30", dt.date(2028, 5, 20), send_at=late))
    assert q.text.startswith("Rekomendasi uji kompetensi Anda sudah tidak berlaku sejak "
                             "Minggu, 21 Mei 2028.")


def test_angka_kredit_capai_and_periode() -> None:
    capai = _question(_due("angka_kredit", "D", dt.date(2029, 1, 1)))
    assert "tercapai pada Senin, 1 Januari 2029" in capai.text
    assert "Periode" not in capai.text
    periode = _question(_due("angka_kredit", "D-60", dt.date(2029, 2, 1)))
    assert periode.text.startswith("Periode kenaikan pangkat tinggal 60 hari lagi "
                                   "(Kamis, 1 Februari 2029).")


def test_angka_kredit_snoozed_keeps_its_meaning() -> None:
    capai_day = dt.date(2029, 1, 1)
    snoozed = dt.datetime(2029, 1, 2, 2, tzinfo=UTC)
    due = _due("angka_kredit", "tunda:2029-01-02T02:00Z", capai_day, send_at=snoozed)
    assert messages.is_ak_capai(due)
    early = dt.datetime(2028, 12, 10, 2, tzinfo=UTC)
    due = _due("angka_kredit", "tunda:2028-12-10T02:00Z", dt.date(2029, 2, 1), send_at=early)
    assert not messages.is_ak_capai(due)
    assert "tinggal 53 hari lagi" in _question(due).text


def test_snoozed_registration_after_deadline() -> None:
    after = dt.datetime(2026, 12, 12, 2, tzinfo=UTC)
    q = _question(_due("ukom_pendaftaran", "tunda:x", dt.date(2026, 12, 10), send_at=after))
    assert q.text.startswith("Batas pendaftaran uji kompetensi sudah lewat")


def test_predikat_prompt_has_record_button_first() -> None:
    q = _question(_due("predikat_tahunan", "D", dt.date(2028, 1, 15)))
    assert q.text.startswith("Sudah waktunya mencatat predikat kinerja tahun 2027.")
    assert [o.token for o in q.options] == ["catat", "selesai", "tunda_1h", "tunda_7h",
                                            "henti"]
    assert q.options[0].label == "Catat predikat"


def test_own_reminder_shows_title_and_time() -> None:
    due = DueReminder(5, "pribadi", "kirim berkas", "D",
                      dt.datetime(2026, 12, 10, 7, 30, tzinfo=UTC),
                      dt.datetime(2026, 12, 10, 7, 30, tzinfo=UTC), "Asia/Makassar", False)
    q = _question(due)
    assert q.text == ("Anda meminta diingatkan: kirim berkas "
                      "(Kamis, 10 Desember 2026 pukul 15.30 WITA).")
    assert q.step_token == "rem:5"


@pytest.mark.parametrize("kind", ["ukom_pendaftaran", "pribadi", "angka_kredit",
                                  "predikat_tahunan", "rekomendasi", "ukom_ujian"])
def test_late_sentence(kind: str) -> None:
    q = _question(_due(kind, "D", dt.date(2027, 1, 15), late=True, title="x"))
    assert q.text.endswith(f"\n\n{LATE_TEXT}")
    assert LATE_TEXT == "(Pengingat ini terlambat karena layanan sempat terhenti.)"


def test_broadcast_is_a_plain_message() -> None:
    due = _due("siaran", "D", dt.date(2027, 1, 15), detail="Rapat koordinasi Senin.")
    prompts = reminder_prompts(due)
    assert prompts == [Message("Rapat koordinasi Senin.")]
    late = reminder_prompts(_due("siaran", "D", dt.date(2027, 1, 15), detail="A", late=True))
    assert isinstance(late[0], Message) and "terlambat" in late[0].text


@pytest.mark.parametrize("kind", ["ukom_pendaftaran", "siaran"])
def test_long_detail_is_cut_below_1000(kind: str) -> None:
    detail = "Persyaratan lengkap. " * 200
    due = _due(kind, "D-7", dt.date(2026, 12, 10), detail=detail, late=True)
    prompt = reminder_prompts(due)[0]
    assert isinstance(prompt, Message | Question)
    assert len(prompt.text) <= 1000
    assert "terlambat" in prompt.text
    assert len(whatsapp_template_text(due)) <= 1000


def test_whatsapp_template_text_is_one_paragraph() -> None:
    due = _due("ukom_pendaftaran", "D-7", dt.date(2026, 12, 10),
               detail="Baris satu.\n\tBaris    dua.", late=True)
    text = whatsapp_template_text(due)
    assert "\n" not in text and "\t" not in text and "    " not in text
    assert text.startswith("Batas pendaftaran uji kompetensi tinggal 7 hari lagi")
    assert "Catatan: Baris satu. Baris dua." in text
    assert text.endswith(LATE_TEXT)


def test_describe() -> None:
    send = dt.datetime(2026, 12, 3, 2, tzinfo=UTC)
    view = ReminderView(1, 2, "ukom_pendaftaran", None, "D-7", send,
                        send + dt.timedelta(days=7), "Asia/Jakarta")
    assert describe(view) == "Kamis, 3 Desember 2026 pukul 09.00 WIB — Pendaftaran uji kompetensi"
    own = ReminderView(1, 2, "pribadi", "kirim berkas", "D", send, send, "Asia/Jayapura")
    assert describe(own) == ("Kamis, 3 Desember 2026 pukul 11.00 WIT — Pengingat pribadi: "
                             "kirim berkas")


def test_template_text_of_the_january_prompt_asks_to_type_the_phrase() -> None:
    """The WhatsApp template has fixed buttons: "catat predikat" is typed instead."""
    due = _due("predikat_tahunan", "D", dt.date(2028, 1, 15))
    text = messages.whatsapp_template_text(due)
    assert 'Ketik "catat predikat" agar angka kredit di profil Anda diperbarui.' in text
    assert "Tekan" not in text
    assert 'Tekan "Catat predikat"' in messages.reminder_text(due)
