"""Own reminders: typed requests, what is missing, the confirmation, "Ubah waktu"."""

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
        "Saya akan mengingatkan Anda pada Kamis, 10 Desember 2026 pukul 09.00 WIB: kirim "
        "berkas. Benar?\nZona waktu: WIB (ubah lewat /profil).")
    assert c.options == ["Ya", "Tidak", "Ubah waktu"]
    c.press("Ya")
    [effect] = c.effects
    assert isinstance(effect, SaveReminder)
    due = dt.datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert effect.spec.kind == KIND_PRIBADI and effect.spec.due_at == due
    assert effect.spec.source_key.startswith("pribadi:2026-12-10T02:00:")
    assert (effect.spec.timezone, effect.spec.offsets, effect.spec.title) == (
        "Asia/Jakarta", (0,), "kirim berkas")
    user.apply(c.effects, NOW)
    assert [v.title for v in user.upcoming()] == ["kirim berkas"]


def test_missing_parts_are_asked_and_profile_zone_used() -> None:
    c, _ = chat(FakeUserData(saved_profile=Profile(zone="WITA")))
    c.send("ingatkan saya")
    assert c.last_question.text == "Kapan saya harus mengingatkan Anda?"
    c.send("kemarin sore")
    assert c.texts[0].startswith("Tanggal tidak dikenali")
    c.send("1/1/2020")
    assert c.texts[0] == "Waktu itu sudah lewat; tulis tanggal dan jam yang akan datang."
    c.send("5/12/2026")
    assert c.last_question.text == "Tentang apa?"
    c.send("rapat tim")
    assert c.last_question.text == ("Saya akan mengingatkan Anda pada Sabtu, 5 Desember 2026 "
                                    "pukul 09.00 WITA: rapat tim. Benar?")


def test_change_time_then_no_saves_nothing() -> None:
    c, _ = chat()
    c.send("ingatkan saya besok kirim laporan")
    c.press("Ubah waktu")
    assert c.last_question.text == "Kapan saya harus mengingatkan Anda?"
    c.send("3/12/2026 jam 14.30")
    assert "Kamis, 3 Desember 2026 pukul 14.30 WIB: kirim laporan" in c.last_question.text
    c.send("mungkin")
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    c.press("Tidak")
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
    assert "kirim berkas. Benar?" in c.last_question.text


def test_text_at_a_free_text_step_is_an_answer_not_a_request() -> None:
    c, _ = chat()
    c.send("ingatkan saya 10 Desember 2026 jam 09.00")
    assert c.last_question.text == "Tentang apa?"
    c.send("ingatkan atasan soal rapat")
    assert "ingatkan atasan soal rapat. Benar?" in c.last_question.text
