"""The Profil flow: first filling, editing field by field, dependent fields, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from handlers.domain.effects import SaveProfile
from handlers.domain.records import KIND_AK, KIND_PREDIKAT, Profile
from handlers.flow import Services
from tests.fakes.chat import Chat
from tests.fakes.user_data import FakeUserData

FIRST = ["Penera", "Ahli Muda", "III/d", "1 Januari 2024", "20,5", "1/1/2025", "Baik", "WITA",
         "lewati"]
SAVED = Profile(jf="penera", jenjang="ahli_muda", golongan="III/d",
                jenjang_since=dt.date(2024, 1, 1), ak=Decimal("20.5"),
                ak_date=dt.date(2025, 1, 1), predikat="baik", zone="WITA")


def chat(user: FakeUserData) -> Chat:
    return Chat(Services(user=user))


def test_first_time_asks_every_field_then_saves_and_lists_the_plan() -> None:
    user = FakeUserData()
    c = chat(user)
    c.send("profil")
    assert c.last_question.text == "Jabatan fungsional Anda?"
    assert c.last_question.progress == "Langkah 1 dari 9"
    for answer in FIRST:
        c.send(answer)
    assert c.effects == [SaveProfile(SAVED)]
    assert "- Golongan: III/d" in c.last_text and "- Zona waktu: WITA (UTC+8)" in c.last_text
    assert "Pengingat angka kredit, predikat tahunan dan rekomendasi akan dikirim" in c.last_text
    assert "Sabtu, 15 Januari 2028 pukul 09.00 WITA: catat predikat kinerja tahun 2027" \
        in c.last_text
    user.apply(c.effects, c.clock())
    assert user.profile() == SAVED
    assert {v.kind for v in user.upcoming()} == {KIND_AK, KIND_PREDIKAT}


def test_jenjang_options_follow_the_jf_and_bad_answers_repeat_the_question() -> None:
    c = chat(FakeUserData())
    c.send("/profil")
    c.send("Analis Perdagangan")
    assert c.options == ["Ahli Pertama", "Ahli Muda", "Ahli Madya", "Ahli Utama"]
    c.send("Terampil")
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    assert c.last_question.text == "Jenjang jabatan Anda saat ini?"
    c.send("Ahli Pertama")
    c.send("IV/a")
    assert c.texts[0] == ("Golongan IV/a tidak termasuk jenjang Ahli Pertama; pilih III/a "
                          "atau III/b.")
    c.send("3b")
    c.send("1 Mei 2027")  # the clock is 1 April 2027
    assert c.texts[0] == "Tanggal tidak boleh setelah hari ini (1 April 2027)."
    c.send("1/1/2025")
    c.send("-3")
    assert c.texts[0] == "Ketik angka paling kecil 0."
    c.send("10")
    c.send("31/12/2024")
    assert c.texts[0] == ("Tanggal angka kredit tidak boleh sebelum tanggal mulai jenjang "
                          "(1 Januari 2025).")
    assert c.last_question.text == "Per tanggal berapa angka kredit itu?"


def edit_chat(profile: Profile = SAVED) -> tuple[Chat, FakeUserData]:
    user = FakeUserData(saved_profile=profile)
    c = chat(user)
    c.send("/profil")
    return c, user


def test_existing_profile_lists_fields_with_values_and_edits_one() -> None:
    c, user = edit_chat()
    assert c.last_question.text == "Data mana yang ingin diubah?"
    assert c.options[:3] == ["Jabatan fungsional: Penera", "Jenjang: Ahli Muda",
                             "Golongan: III/d"]
    assert c.options[-1] == "Selesai" and len(c.options) == 10
    c.press("Zona waktu")
    c.press("WIT (UTC+9)")
    assert c.texts[0] == "Tersimpan: Zona waktu WIT (UTC+9)."
    assert c.effects == [SaveProfile(Profile(**{**SAVED.__dict__, "zone": "WIT"}))]
    assert c.last_question.text == "Data mana yang ingin diubah?"
    assert "Zona waktu: WIT (UTC+9)" in c.options
    user.apply(c.effects, c.clock())
    assert user.profile() is not None and user.profile().zone == "WIT"
    c.press("Selesai")
    assert "- Zona waktu: WIT (UTC+9)" in c.last_text
    assert c.effects == []


def test_changing_jenjang_asks_the_fields_it_invalidates() -> None:
    c, _ = edit_chat()
    c.press("Jenjang")
    c.send("Ahli Madya")
    assert c.last_question.text == "Golongan Anda saat ini (Ahli Madya)?"
    c.send("IV/a")
    assert c.last_question.text == "Sejak tanggal berapa Anda menduduki jenjang ini?"
    c.send("1/3/2027")
    c.send("0")
    c.send("1/3/2027")
    saved = c.effects[0]
    assert isinstance(saved, SaveProfile)
    assert (saved.profile.jenjang, saved.profile.golongan, saved.profile.ak,
            saved.profile.ak_date) == ("ahli_madya", "IV/a", Decimal(0), dt.date(2027, 3, 1))
    assert c.last_question.text == "Data mana yang ingin diubah?"


def test_changing_jf_keeps_a_jenjang_it_still_has() -> None:
    c, _ = edit_chat()
    c.press("JF")
    c.send("Analis Perdagangan")  # Ahli Muda exists for Analis: nothing else asked
    assert c.effects == [SaveProfile(Profile(**{**SAVED.__dict__, "jf": "analis_perdagangan"}))]
    c.press("JF")
    c.send("Pengamat Tera")  # keterampilan only: jenjang, golongan, dates and AK again
    assert c.last_question.text == "Jenjang jabatan Anda saat ini?"
    assert c.options == ["Pemula", "Terampil", "Mahir", "Penyelia"]


def test_earlier_sejak_than_ak_date_is_kept_later_one_asks_the_ak_date() -> None:
    c, _ = edit_chat()
    c.press("Mulai jenjang")
    c.send("1/6/2025")  # after the AK date 1 Januari 2025
    assert c.last_question.text == "Per tanggal berapa angka kredit itu?"
    c.send("1/1/2025")
    assert "tidak boleh sebelum tanggal mulai jenjang" in c.texts[0]
    c.send("1/7/2025")
    assert isinstance(c.effects[0], SaveProfile)
    assert c.effects[0].profile.ak_date == dt.date(2025, 7, 1)


def test_the_edit_list_rejects_unknown_text() -> None:
    c, _ = edit_chat()
    c.send("warna favorit")
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    assert c.last_question.text == "Data mana yang ingin diubah?"


def test_the_plan_lists_passed_milestones_and_an_expired_rekomendasi() -> None:
    # Analis Ahli Pertama III/a, AK 10 on 1 January 2024, Sangat Baik; the clock is 1 April
    # 2027: III/b's AK minimum (1 March 2026) and its period (monthly since 1 Oktober 2025,
    # Peraturan BKN 4/2025: 1 March 2026) have passed; the rekomendasi of 1 June 2024 was
    # valid until 1 June 2026.
    c = chat(FakeUserData())
    c.send("profil")
    for answer in ["Analis Perdagangan", "Ahli Pertama", "III/a", "1 Januari 2023", "10",
                   "1/1/2024", "Sangat Baik", "WIB", "1 Juni 2024"]:
        c.send(answer)
    summary, planned = c.texts[0], c.texts[1]
    assert ("- Tanggal rekomendasi ukom: 1 Juni 2024 (berlaku sampai 1 Juni 2026; sudah tidak "
            "berlaku sejak 2 Juni 2026)") in summary
    assert "Sudah lewat:" in planned
    assert "- AK minimal untuk III/b diperkirakan tercapai 1 Maret 2026" in planned
    passed_period = next(line for line in planned.splitlines()
                         if line.startswith("- periode kenaikan pangkat ke III/b"))
    # The next period is on or after today (1 April 2027: a period itself), never the passed one.
    assert passed_period == ("- periode kenaikan pangkat ke III/b 1 Maret 2026; periode "
                             "berikutnya 1 April 2027")


def test_the_number_of_the_skip_option_skips_an_optional_date() -> None:
    # A third attacker's finding: "1. Lewati" was shown but "1" was read as a date.
    user = FakeUserData()
    c = chat(user)
    c.send("profil")
    for answer in FIRST[:-1]:
        c.send(answer)
    assert c.last_question.text == "Tanggal rekomendasi uji kompetensi Anda, bila ada?"
    assert c.options == ["Lewati"]
    c.send("1")
    assert c.effects == [SaveProfile(SAVED)]
