"""Commands, the main menu, keyword routing, erasing data, and the input parsers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from handlers.commands import Command, parse_command
from handlers.domain.records import Profile
from handlers.events import ChoiceIn, NotText, TextIn
from handlers.flow import option_token, parse_date, parse_decimal, read_yes_no
from handlers.flows import default_registry
from handlers.prompts import Option
from handlers.turn import EraseUserData
from tests.fakes.user_data import FakeUserData
from tests.flows.engine_fixtures import FORMATION, ORDER, chat


def test_start_welcomes_and_shows_only_registered_flows() -> None:
    c = chat(ORDER)
    c.send("/start")
    assert c.texts[0].startswith("Selamat datang di Asisten JF Perdagangan.")
    assert "Menu utama" in c.last_text
    assert c.options == ["Pesan buah", "Tanya aturan & kode etik", "Bantuan"]
    c.send("menu")
    assert c.texts == ["Menu utama — silakan pilih:"]


def test_default_menu_follows_the_registry() -> None:
    flows = default_registry().flows
    assert [f.id for f in flows] == sorted((f.id for f in flows),
                                           key=lambda i: default_registry().get(i).menu_position)
    assert "exam" in [f.id for f in flows]


def test_menu_number_and_bantuan() -> None:
    c = chat(ORDER)
    c.send("/menu")
    c.send("3")  # Bantuan
    assert "Pilih menu atau ketik pertanyaan Anda langsung" in c.texts[0]
    assert c.last_question.text == "Menu utama — silakan pilih:"
    c.send("1")
    assert c.state.flow == "order"


def test_bantuan_outside_a_flow_and_unknown_slash_command() -> None:
    c = chat(ORDER)
    c.send("/bantuan")
    assert "Perintah: menu, batal" in c.texts[0]
    c.send("/entah")
    assert "Perintah: menu, batal" in c.texts[0]


@pytest.mark.parametrize("text", ["hitung formasi", "Kebutuhan JF", "formasi?"])
def test_text_naming_a_flow_starts_it(text: str) -> None:
    c = chat(ORDER, FORMATION)
    c.send(text)
    assert c.state.flow == "formation"
    assert c.last_question.text == "Volume?"


def test_keyword_of_an_unregistered_flow_is_a_question() -> None:
    c = chat(ORDER)
    c.send("hitung formasi")
    assert c.state.flow == "tanya"


def test_long_text_with_a_keyword_is_a_question() -> None:
    c = chat(ORDER, FORMATION)
    c.send("bagaimana cara menghitung formasi penera di daerah")
    assert c.state.flow == "tanya"


def test_free_text_outside_a_flow_is_a_question() -> None:
    c = chat(ORDER)
    c.send("penera menerima gratifikasi")
    assert c.state.flow == "tanya"
    assert "Penera dilarang menerima gratifikasi dari pemilik alat ukur." in c.last_text
    assert "Sumber: Permendag" in c.last_text


def test_keyword_inside_tanya_starts_the_flow() -> None:
    c = chat(ORDER, FORMATION)
    c.send("penera menerima gratifikasi")
    c.send("hitung formasi")
    assert c.state.flow == "formation"


def test_hapus_data_needs_confirmation_then_returns_the_effect() -> None:
    c = chat(ORDER)
    c.send("/menu")
    c.press("Pesan buah")
    c.send("Apel")
    c.send("/hapus_data")
    assert "Hapus semua data Anda" in c.last_text
    assert c.options == ["Ya, hapus", "Tidak"]
    assert c.effects == []
    c.send("mungkin")
    assert c.texts[0] == "Jawab \"Ya\" atau \"Tidak\"."
    c.press("Ya, hapus")
    assert c.effects == [EraseUserData()]
    assert "Data Anda sudah dihapus." in c.last_text
    assert c.state.flow is None and c.state.answers == {}


def test_hapus_data_lists_what_is_stored_before_and_after() -> None:
    user = FakeUserData(saved_profile=Profile(jf="penera"))
    c = chat(ORDER)
    c.services.user = user
    c.send("/hapus_data")
    assert ("Yang akan dihapus:\n- profil jabatan (termasuk data formulir yang diingat)\n"
            "- akun Anda di asisten ini\n") in c.last_text
    c.press("Ya, hapus")
    assert c.texts[0].startswith("Data Anda sudah dihapus:\n- profil jabatan")
    assert c.effects == [EraseUserData()]


def test_hapus_data_declined_keeps_everything() -> None:
    c = chat(ORDER)
    c.send("/menu")
    c.press("Pesan buah")
    c.send("Apel")
    c.send("hapus data")
    c.send("tidak")
    assert c.effects == []
    assert c.texts[0] == "Baik, data Anda tidak dihapus."
    assert c.last_question.text == "Berapa banyak?"
    assert c.state.answers["buah"] == "apel"


def test_menu_mid_flow_leaves_it() -> None:
    c = chat(ORDER)
    c.send("/menu")
    c.press("Pesan buah")
    c.send("/menu")
    assert c.state.flow is None


def test_end_of_flow_options_and_text_after_the_result() -> None:
    c = chat(ORDER)
    c.send("/menu")
    c.press("Pesan buah")
    for answer in ("Apel", "3", "tidak", "lewati"):
        c.send(answer)
    c.press("Hitung lagi")
    assert c.last_question.text == "Buah apa?" and c.state.history == []
    for answer in ("Apel", "3", "tidak", "lewati"):
        c.send(answer)
    c.send("pelatihan tahunan")  # not an option: a new question outside the flow
    assert c.state.flow == "tanya"
    assert "pelatihan tahunan" in c.last_text


@pytest.mark.parametrize(("text", "command"), [
    ("/start", Command.START), ("/menu@AsistenBot", Command.MENU), ("Batal", Command.CANCEL),
    ("kembali", Command.BACK), ("/kembali", Command.BACK), ("BANTUAN", Command.HELP),
    ("/hapus_data", Command.ERASE), ("hapus data", Command.ERASE), ("/xyz", Command.HELP),
    ("menu!", Command.MENU), ("Halo", Command.GREET), ("/halo", Command.HELP),
])
def test_parse_command(text: str, command: Command) -> None:
    assert parse_command(text) is command


@pytest.mark.parametrize("text", ["kembali ke awal", "menu apa saja", "12", ""])
def test_ordinary_text_is_not_a_command(text: str) -> None:
    assert parse_command(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("12,5", "12.5"), ("0.5", "0.5"), ("1.500", "1500"), (" 80 ", "80"), ("1.234,5", "1234.5"),
    ("1,234.5", "1234.5"), ("1.234.567", "1234567"), ("-3", "-3"), ("75%", "75"),
])
def test_parse_decimal(text: str, value: str) -> None:
    assert parse_decimal(text) == Decimal(value)


# "12.5" reads two ways (12,5 or 125): a step asks, parse_decimal gives None.
@pytest.mark.parametrize("text", ["abc", "12,5,3", "1..2", "", "1e5", "12 ,5x", "12.5"])
def test_parse_decimal_rejects(text: str) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize("text", [
    "1 April 2027", "1 april 2027", "01 Apr 2027", "1/4/2027", "01-04-2027", "2027-04-01",
    "1.4.2027", "1-Apr-2027",
])
def test_parse_date(text: str) -> None:
    assert parse_date(text) == dt.date(2027, 4, 1)


@pytest.mark.parametrize("text", ["31/2/2027", "1 Foo 2027", "2027", "besok"])
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("ya", True), ("  Iya ", True), ("ya,  hapus", True), ("tdk", False), ("Tidak", False),
    ("mungkin", None), ("", None),
])
def test_read_yes_no(text: str, value: bool | None) -> None:
    assert read_yes_no(text) is value


def test_option_token_reads_buttons_numbers_and_labels() -> None:
    options = (Option("a", "Analis Perdagangan"), Option("p", "Penera"), Option("x", "Lainnya"))
    assert option_token(ChoiceIn("p", "s1"), options) == "p"
    assert option_token(ChoiceIn("z", "s1"), options) is None  # not a button of this question
    assert option_token(TextIn(" 3 "), options) == "x"
    assert option_token(TextIn("4"), options) is None
    assert option_token(TextIn("PENERA"), options) == "p"
    assert option_token(TextIn("analis"), options) is None
    assert option_token(TextIn("analis"), options, partial=True) == "a"


def test_greeting_welcomes_outside_a_flow_and_repeats_the_question_inside() -> None:
    c = chat(ORDER)
    c.send("Halo")
    assert c.texts[0].startswith("Selamat datang")
    assert c.last_question.text == "Menu utama — silakan pilih:"
    c.send("1")
    c.send("Apel")
    c.send("selamat pagi")
    assert c.texts == ["Berapa banyak?"]
    assert c.state.answers["buah"] == "apel"


def test_a_photo_gets_one_sentence_and_the_same_question() -> None:
    c = chat(ORDER)
    c.send("/menu")
    c.send("1")
    before = c.last_question
    c.event(NotText())
    assert c.texts[0] == ("Maaf, saya hanya dapat membaca pesan teks dan pilihan tombol. "
                          "Silakan ketik jawaban Anda.")
    assert c.last_question == before
    assert c.state.flow == "order"
