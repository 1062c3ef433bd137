"""The Pengingat flow: the list, actions on one reminder, the .ics export, the empty list."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from handlers.domain.effects import EditOwnReminder, Snooze, StopKind, StopReminder
from handlers.domain.records import KIND_PRIBADI, ReminderSpec
from handlers.flow import Services
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock
from tests.fakes.user_data import FakeUserData

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)
JAKARTA = ZoneInfo("Asia/Jakarta")


def with_reminders(*titles: str) -> tuple[Chat, FakeUserData]:
    user = FakeUserData()
    for day, title in enumerate(titles, 10):
        user.add(ReminderSpec(KIND_PRIBADI, f"pribadi:{day}", dt.datetime(
            2026, 12, day, 9, 0, tzinfo=JAKARTA), "Asia/Jakarta", (0,), title), NOW)
    c = Chat(Services(user=user), clock=FakeClock(NOW))
    c.send("/pengingat")
    return c, user


def test_list_numbered_and_snooze_one() -> None:
    c, user = with_reminders("kirim berkas", "rapat")
    assert c.last_question.text.startswith("Pengingat Anda yang akan datang: 2.")
    assert c.options[0].startswith("Kamis, 10 Desember 2026 pukul 09.00 WIB — ")
    assert c.options[0].endswith(": kirim berkas")
    assert c.options[1].startswith("Jumat, 11 Desember")
    assert c.options[-2:] == ["Unduh kalender (.ics)", "Buat pengingat baru"]
    c.send("2")
    assert c.options == ["Ubah tanggal", "Ubah jam", "Ubah isi", "Tunda 1 hari",
                         "Tunda 1 minggu", "Hentikan pengingat ini",
                         "Hentikan semua pengingat jenis ini", "Kembali ke daftar"]
    c.press("Tunda 1 hari")
    second = user.upcoming()[1]
    assert c.effects == [Snooze(second.delivery_id, second.send_at + dt.timedelta(days=1))]
    assert c.texts[0] == ("Baik, pengingat ini saya kirim lagi pada Sabtu, 12 Desember 2026 "
                          "pukul 09.00 WIB.")
    assert c.options == ["Lihat pengingat lagi", "Menu utama"]


def test_back_to_list_then_stop_one_and_stop_kind() -> None:
    c, user = with_reminders("kirim berkas", "rapat")
    first = user.upcoming()[0]
    c.send("1")
    c.press("Kembali ke daftar")
    assert c.last_question.text.startswith("Pengingat Anda yang akan datang:")
    c.send("1")
    c.press("Hentikan pengingat ini")
    assert c.effects == [StopReminder(first.reminder_id)]
    user.apply(c.effects, NOW)
    assert [v.title for v in user.upcoming()] == ["rapat"]
    c.press("Lihat pengingat lagi")  # a fresh snapshot
    assert "2. " not in c.last_question.text
    c.send("1")
    c.press("Hentikan semua pengingat jenis ini")
    assert c.effects == [StopKind(KIND_PRIBADI)]
    assert c.texts[0] == "Baik, semua pengingat jenis \"Pengingat pribadi\" dihentikan."


def test_ics_export() -> None:
    c, _ = with_reminders("kirim berkas")
    c.press("Unduh kalender (.ics)")
    [doc] = c.documents
    assert (doc.filename, doc.mime) == ("pengingat.ics", "text/calendar")
    assert doc.data.startswith(b"BEGIN:VCALENDAR") and doc.data.count(b"BEGIN:VEVENT") == 1


def test_empty_list_offers_new_reminder_or_profile() -> None:
    c, _ = with_reminders()
    assert c.last_question.text.startswith("Belum ada pengingat yang terjadwal.")
    assert c.options == ["Buat pengingat baru", "Isi profil"]
    c.send("apa ini")
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    c.press("Buat pengingat baru")
    assert c.state.flow == "ingatkan"
    assert c.last_question.text == "Kapan saya harus mengingatkan Anda?"


def test_saved_own_reminder_fields_are_changed_one_by_one() -> None:
    c, user = with_reminders("kirim berkas")
    [before] = user.upcoming()
    c.send("1")
    assert c.last_question.text == ("Tanggal: Kamis, 10 Desember 2026\nJam: 09.00 WIB\n"
                                    "Isi: kirim berkas\nApa yang ingin dilakukan?")
    c.press("Ubah jam")
    assert c.last_question.text == "Jam yang baru?"
    c.send("jam 99")
    assert c.texts == [
        "Jam tidak dikenali; tulis misalnya jam 09.00, pukul 14.30, atau jam 2 siang.",
        "Jam yang baru?"]
    c.send("pukul 4 sore")
    due = dt.datetime(2026, 12, 10, 16, tzinfo=JAKARTA)
    [effect] = c.effects
    assert effect == EditOwnReminder(before.reminder_id,
                                     effect.source_key, due, "kirim berkas")
    assert effect.source_key.startswith(f"pribadi:{before.reminder_id}:2026-12-10T09:00:")
    assert c.texts[0] == ("Baik, pengingat diubah.\nTanggal: Kamis, 10 Desember 2026\n"
                          "Jam: 16.00 WIB\nIsi: kirim berkas")
    user.apply(c.effects, NOW)
    [after] = user.upcoming()
    assert (after.reminder_id, after.send_at) == (before.reminder_id, due)
    assert user.deliveries[before.delivery_id].status == "cancelled"

    c.press("Lihat pengingat lagi")
    c.send("1")
    c.send("ubah tgl")
    c.send("31/12")
    [effect] = c.effects
    assert effect.due_at == dt.datetime(2026, 12, 31, 16, tzinfo=JAKARTA)
    user.apply(c.effects, NOW)
    c.press("Lihat pengingat lagi")
    c.send("1")
    c.press("Ubah isi")
    c.send("upload skp")
    [effect] = c.effects
    assert (effect.due_at, effect.title) == (dt.datetime(2026, 12, 31, 16, tzinfo=JAKARTA),
                                             "Upload SKP")
    user.apply(c.effects, NOW)
    assert [(v.title, v.send_at) for v in user.upcoming()] == [
        ("Upload SKP", dt.datetime(2026, 12, 31, 16, tzinfo=JAKARTA))]


def test_a_past_new_date_is_refused_and_other_kinds_cannot_be_edited() -> None:
    c, user = with_reminders("kirim berkas")
    c.send("1")
    c.press("Ubah tanggal")
    c.send("kemarin")
    assert c.texts == ["Waktu itu sudah lewat; tulis tanggal dan jam yang akan datang.",
                       "Tanggal yang baru?"]
    c.send("jam 9")
    assert c.texts[0] == "Tulis tanggalnya saja, misalnya 31/12, besok, atau 1 April 2027."
    assert c.effects == []
    user.add(ReminderSpec("rekomendasi", "rekomendasi:x", dt.datetime(
        2026, 12, 20, 9, tzinfo=JAKARTA), "Asia/Jakarta", (0,)), NOW)
    c.send("/pengingat")
    c.send("2")
    assert "Ubah tanggal" not in c.options
