"""Own reminders: typed requests, what is missing, the three-field confirmation, changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from handlers.domain.effects import SaveReminder
from handlers.domain.records import KIND_PRIBADI, Profile
from handlers.flow import Services
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock
from tests.fakes.user_data import FakeUserData
from tests.flows.engine_fixtures import SMALL_INDEX

NOW = dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)


def chat(user: FakeUserData | None = None) -> tuple[Chat, FakeUserData]:
    user = user or FakeUserData()
    return Chat(Services(user=user), clock=FakeClock(NOW)), user


def test_whole_request_confirmed_then_saved() -> None:
    c, user = chat()
    c.send("ingatkan saya 10 Desember 2026 jam 09.00 kirim berkas")
    assert c.last_question.text == (
        "Pengingat Anda:\nTanggal: Kamis, 10 Desember 2026\nJam: 09.00 WIB\nIsi: Kirim berkas\n"
        "Simpan pengingat ini?\nZona waktu: WIB (ubah lewat /profil).")
    assert c.options == ["Ya, simpan", "Ubah tanggal", "Ubah jam", "Ubah isi", "Tidak, batal"]
    c.send("iya")
    [effect] = c.effects
    assert isinstance(effect, SaveReminder)
    due = dt.datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert effect.spec.kind == KIND_PRIBADI and effect.spec.due_at == due
    assert effect.spec.source_key.startswith("pribadi:2026-12-10T02:00:")
    assert (effect.spec.timezone, effect.spec.offsets, effect.spec.title) == (
        "Asia/Jakarta", (0,), "Kirim berkas")
    assert c.texts[0] == ("Baik, pengingat disimpan.\nTanggal: Kamis, 10 Desember 2026\n"
                          "Jam: 09.00 WIB\nIsi: Kirim berkas\nUbah atau hentikan lewat /pengingat.")
    user.apply(c.effects, NOW)
    assert [v.title for v in user.upcoming()] == ["Kirim berkas"]


def test_one_chat_line_gives_date_time_and_text_apart() -> None:
    """The issue's example: nothing is asked again, the text is only "Upload SKP"."""
    c, _ = chat()
    c.send("ingetin sy tgl 31/12 jam 16.30 upload skp")
    assert c.last_question.text.startswith(
        "Pengingat Anda:\nTanggal: Kamis, 31 Desember 2026\nJam: 16.30 WIB\nIsi: Upload SKP\n")
    c.press("Ya, simpan")
    [effect] = c.effects
    assert isinstance(effect, SaveReminder)
    assert effect.spec.title == "Upload SKP"
    assert effect.spec.due_at == dt.datetime(2026, 12, 31, 16, 30, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_each_field_is_changed_before_saving() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok kirim laporan")
    c.press("Ubah jam")
    assert c.last_question.text == "Jam yang baru?"
    c.send("jam 25")
    assert c.texts == [
        "Jam tidak dikenali; tulis misalnya jam 09.00, pukul 14.30, atau jam 2 siang.",
        "Jam yang baru?"]
    c.send("pukul 4 sore")
    assert "Tanggal: Rabu, 2 Desember 2026\nJam: 16.00 WIB\nIsi: Kirim laporan" in (
        c.last_question.text)
    c.send("ubah tgl")
    assert c.last_question.text == "Tanggal yang baru?"
    c.send("kemarin")
    assert c.texts[0] == "Waktu itu sudah lewat; tulis tanggal dan jam yang akan datang."
    c.send("akhir bulan")
    assert "Tanggal: Kamis, 31 Desember 2026\nJam: 16.00 WIB" in c.last_question.text
    c.send("ganti isi")
    assert c.last_question.text == "Isi pengingat yang baru?"
    c.send("kirim laporan bulanan ke bkd")
    assert "Isi: Kirim laporan bulanan ke BKD" in c.last_question.text
    c.send("/kembali")  # back to the text question: the earlier text is shown
    assert "Jawaban sebelumnya: kirim laporan bulanan ke bkd." in c.last_text
    c.send("kirim laporan bulanan")
    c.send("ok")
    [effect] = c.effects
    assert isinstance(effect, SaveReminder)
    assert effect.spec.title == "Kirim laporan bulanan"
    assert effect.spec.due_at == dt.datetime(2026, 12, 31, 16, tzinfo=ZoneInfo("Asia/Jakarta"))


def test_missing_parts_are_asked_and_profile_zone_used() -> None:
    c, _ = chat(FakeUserData(saved_profile=Profile(zone="WITA")))
    c.send("ingatkan saya")
    assert c.last_question.text == "Kapan saya harus mengingatkan Anda?"
    c.send("kapan-kapan")
    assert c.texts[0].startswith("Tanggal tidak dikenali")
    c.send("1/1/2020")
    assert c.texts[0] == "Waktu itu sudah lewat; tulis tanggal dan jam yang akan datang."
    c.send("5/12/2026")
    assert c.last_question.text == "Tentang apa?"
    c.send("rapat tim")
    assert c.last_question.text == ("Pengingat Anda:\nTanggal: Sabtu, 5 Desember 2026\n"
                                    "Jam: 09.00 WITA\nIsi: Rapat tim\nSimpan pengingat ini?")


def test_ambiguous_and_wrong_replies_at_the_confirmation() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok kirim laporan")
    c.send("ubah")
    assert c.last_question.text == "Maksud Anda Ubah tanggal atau Ubah jam atau Ubah isi?"
    c.send("jam")
    assert c.last_question.text == "Jam yang baru?"
    c.send("14.30")
    assert "Jam: 14.30 WIB" in c.last_question.text
    c.send("mungkin")
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    c.send("gak jadi")
    assert c.texts[0] == "Baik, pengingat tidak disimpan."
    assert c.effects == []


def test_request_in_tanya_starts_it_and_past_time_is_explained() -> None:
    c = Chat(Services(search=SMALL_INDEX, user=FakeUserData()), clock=FakeClock(NOW))
    c.send("/menu")
    c.press("Tanya aturan & kode etik")
    c.send("ingatkan saya 1 Januari 2020 bayar iuran")
    assert c.state.flow == "ingatkan"
    assert c.last_question.text.startswith("Waktu itu sudah lewat")


def test_request_typed_at_a_choice_of_another_flow_starts_it() -> None:
    c, _ = chat()
    c.send("/profil")
    assert c.options[:2] == ["Analis Perdagangan", "Pengawas Perdagangan"]
    c.send("ingatkan saya 10 Desember 2026 jam 09.00 kirim berkas")
    assert c.texts[0] == "Baik, Profil saya dibatalkan."
    assert "Isi: Kirim berkas\nSimpan pengingat ini?" in c.last_question.text


def test_text_at_a_free_text_step_is_an_answer_not_a_request() -> None:
    c, _ = chat()
    c.send("ingatkan saya 10 Desember 2026 jam 09.00")
    assert c.last_question.text == "Tentang apa?"
    c.send("ingatkan atasan soal rapat")
    assert "Isi: Ingatkan atasan soal rapat\n" in c.last_question.text


# --- an hour that may be morning or afternoon ("jam 3") is asked once ---------------------
# NOW is 1 Desember 2026 10.00 WIB.


def question_after(request: str) -> str:
    """The question a new chat asks after ``request``."""
    c, _ = chat()
    c.send(request)
    return c.last_question.text


def test_a_request_with_jam_3_asks_pagi_or_sore_once() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok jam 3 rapat koordinasi")
    assert c.last_question.text == "Maksud Anda pukul 03.00 atau pukul 15.00?"
    assert c.options == ["pukul 03.00", "pukul 15.00"]
    c.press("pukul 15.00")
    assert c.last_question.text.startswith(
        "Pengingat Anda:\nTanggal: Rabu, 2 Desember 2026\nJam: 15.00 WIB\nIsi: Rapat koordinasi\n")


def test_jam_3_without_a_date_names_the_day_of_each_reading() -> None:
    # 03.00 has passed today: it would be tomorrow; 15.00 is still today.
    c, _ = chat()
    c.send("ingetin jam 3 upload skp")
    assert c.options == ["hari ini pukul 15.00", "besok pukul 03.00"]
    c.send("1")
    assert "Tanggal: Selasa, 1 Desember 2026\nJam: 15.00 WIB" in c.last_question.text


def test_only_one_reading_ahead_is_taken_without_asking() -> None:
    c, _ = chat()
    c.send("ingatkan saya hari ini jam 3 kirim laporan")  # 03.00 today has passed
    assert "Jam: 15.00 WIB" in c.last_question.text and c.last_question.text.startswith(
        "Pengingat Anda:")


def test_a_time_that_says_itself_is_never_asked() -> None:
    for typed, shown in [("besok jam 3 sore", "15.00"), ("besok jam 03.00", "03.00"),
                         ("besok pukul 15.30", "15.30"), ("besok jam 9", "09.00"),
                         ("besok jam 3 pagi", "03.00")]:
        assert f"Jam: {shown} WIB" in question_after(f"ingatkan saya {typed} rapat"), typed


def test_asked_date_time_and_changed_time_ask_too() -> None:
    c, _ = chat()
    c.send("ingatkan saya")
    c.send("besok jam 4")
    assert c.last_question.text == "Maksud Anda pukul 04.00 atau pukul 16.00?"
    c.send("pukul 16.00")
    c.send("rapat")
    assert "Jam: 16.00 WIB" in c.last_question.text
    c.press("Ubah jam")
    c.send("setengah 3")  # 02.30 or 14.30
    assert c.last_question.text == "Maksud Anda pukul 02.30 atau pukul 14.30?"
    c.send("2")
    assert "Jam: 14.30 WIB" in c.last_question.text


def test_the_clarification_takes_a_part_of_the_day_or_the_time_and_keeps_the_date() -> None:
    # "sore" is also a greeting: at a question asking for a time it is the answer.
    for reply in ["sore", "15.00", "jam 15", "3 sore", "kedua", "2"]:
        c, _ = chat()
        c.send("ingatkan saya")
        c.send("besok jam 3")
        c.send(reply)
        c.send("rapat")
        assert "Tanggal: Rabu, 2 Desember 2026\nJam: 15.00 WIB" in c.last_question.text, reply
    for reply in ["pagi", "03.00", "pertama"]:
        c, _ = chat()
        c.send("ingatkan saya besok jam 3 rapat")
        c.send(reply)
        assert "Tanggal: Rabu, 2 Desember 2026\nJam: 03.00 WIB" in c.last_question.text, reply


def test_the_request_s_clarification_names_both_when_the_reply_names_neither() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok jam 3 rapat")
    c.send("entahlah")
    assert c.texts[0] == "Pilih salah satu: pukul 03.00 atau pukul 15.00."
    assert c.last_question.text == "Maksud Anda pukul 03.00 atau pukul 15.00?"


def test_sore_answers_jam_yang_baru_and_its_clarification() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok jam 9 rapat")
    c.press("Ubah jam")
    c.send("sore")
    assert "Jam: 16.00 WIB" in c.last_question.text
    c.press("Ubah jam")
    c.send("5")
    assert c.last_question.text == "Maksud Anda pukul 05.00 atau pukul 17.00?"
    c.send("sore")
    assert "Tanggal: Rabu, 2 Desember 2026\nJam: 17.00 WIB" in c.last_question.text


def test_setengah_satu_is_asked_and_its_part_of_the_day_is_read() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok setengah 1 makan siang")
    assert c.last_question.text == "Maksud Anda pukul 00.30 atau pukul 12.30?"
    for typed, shown in [("besok setengah 1 siang", "12.30"), ("besok setengah 1 malam", "00.30")]:
        assert f"Jam: {shown} WIB" in question_after(f"ingatkan saya {typed} rapat"), typed


def test_a_new_time_in_another_zone_that_falls_on_another_day_is_refused() -> None:
    c, _ = chat()
    c.send("ingatkan saya 10 Desember 2026 jam 09.00 rapat")
    c.press("Ubah jam")
    c.send("00.30 WIT")  # 9 Desember 22.30 WIB: not a time of 10 Desember
    assert c.texts[0] == ("Menurut zona WIB, jam itu jatuh pada tanggal lain; tulis jamnya "
                          "menurut WIB.")
    assert c.last_question.text == "Jam yang baru?"
    c.send("10.00 WIT")
    assert "Tanggal: Kamis, 10 Desember 2026\nJam: 08.00 WIB" in c.last_question.text
