"""One safe reader of digits (issue 9, item 3), through the pure engine and the real flows.

Every case here gave the user an error-id apology before ``knowledge.digits`` was used:
``int()`` after ``str.isdigit()`` ("²", "①", 4,301 digits), unbounded ``\\d+`` patterns, and
numbers too large for the calculators' charts and forms.
"""

from __future__ import annotations

import datetime as dt

import pytest

from handlers import texts
from handlers.domain.records import Profile
from handlers.events import ChoiceIn
from handlers.flows import difficulty, formation, pengingat, profil
from handlers.reminders.buttons import delivery_of_step_token
from knowledge.calc import difficulty_batch
from knowledge.errors import InputError
from tests.fakes.chat import Chat
from tests.fakes.clock import FakeClock
from tests.flows.test_difficulty_flow import TERA

HUGE = "9" * 4301  # one digit beyond CPython's int() string limit
NOT_DIGITS = ["²", "①", "³⁴", HUGE]


def opened(title: str) -> Chat:
    """Return a chat that started the menu item ``title``."""
    c = Chat()
    c.send("/start")
    c.press(title)
    return c


def no_apology(c: Chat) -> None:
    assert c.errors == [], c.errors
    assert not any("kesalahan" in t for t in c.texts), c.texts


def refused(c: Chat, typed: str, sentence: str | None = None) -> None:
    """Send ``typed``: the same question must come back (after ``sentence``), no apology."""
    assert c.last_question is not None
    question = c.last_question.text
    c.send(typed)
    no_apology(c)
    assert c.last_question is not None and c.last_question.text == question
    if sentence is not None:
        assert c.texts[0] == sentence


@pytest.mark.parametrize("typed", NOT_DIGITS)
def test_the_menu_reads_no_lookalike_and_no_endless_number(typed: str) -> None:
    c = Chat()
    c.send("/menu")
    c.send(typed)
    no_apology(c)
    assert c.state.flow in (None, "tanya")  # a question for Tanya, never a menu item


def test_the_menu_reads_other_scripts_digits_as_their_number() -> None:
    c = Chat()
    c.send("²")
    no_apology(c)
    c.send("/menu")
    third = c.last_question.options[2]
    c.send("٣")  # Arabic-Indic three
    no_apology(c)
    assert c.state.flow == third.token.removeprefix("flow:")


@pytest.mark.parametrize("typed", NOT_DIGITS)
def test_a_choice_step_refuses_with_one_sentence_and_asks_again(typed: str) -> None:
    c = opened("Tingkat kesulitan")
    question = c.last_question.text
    c.send(typed)
    no_apology(c)
    assert c.last_question.text == question
    assert c.state.step == "jf:0"


def test_a_choice_step_reads_devanagari_two() -> None:
    c = opened("Tingkat kesulitan")
    second = c.last_question.options[1]
    c.send("①")
    no_apology(c)
    c.send("२")
    no_apology(c)
    assert c.state.answers["jf:0"] == second.token


@pytest.mark.parametrize("step_token", ["rem:²", "rem:①", "rem:" + HUGE, "rem:٣"])
def test_a_forged_reminder_button_is_a_stale_button(step_token: str) -> None:
    c = opened("Tingkat kesulitan")
    c.event(ChoiceIn("selesai", step_token))
    no_apology(c)
    assert texts.STALE_BUTTON in c.texts
    assert c.state.step == "jf:0" and c.last_question is not None


@pytest.mark.parametrize("token", ["penera_x", "²", "", "_done"])
def test_a_forged_token_with_the_right_step_is_a_stale_button(token: str) -> None:
    c = opened("Tingkat kesulitan")
    c.event(ChoiceIn(token, c.last_question.step_token))
    no_apology(c)
    assert c.texts[0] == texts.STALE_BUTTON
    assert c.state.step == "jf:0"


def test_delivery_tokens_are_ascii_digits_of_bounded_length() -> None:
    assert delivery_of_step_token("rem:12") == 12
    assert delivery_of_step_token("rem:2147483647") == 2**31 - 1
    for forged in ("rem:²", "rem:٣", "rem:" + HUGE, "rem:", "rem: 1", "rem:-1", "rem:2147483648",
                   "rem:" + "9" * 18):
        assert delivery_of_step_token(forged) is None


def test_a_huge_measurement_is_refused_with_one_sentence() -> None:
    c = opened("Tingkat kesulitan")
    for answer in ("1", "1", "Timbangan sentisimal", *TERA[:8]):
        c.send(answer)
    # "9…9 menit" was stored, then the XLSX writer overflowed a float.
    refused(c, "9" * 400 + " menit")
    refused(c, HUGE + " jam 5 menit")  # an unbounded \d+ before
    for answer in TERA[8:]:
        c.send(answer)
    c.send("tidak")
    no_apology(c)
    assert c.documents


def test_huge_volume_and_bezetting_are_refused_in_the_formation_flow() -> None:
    c = opened("Kebutuhan JF (formasi)")
    c.press("analis_perdagangan")
    c.press("h01")
    c.press("_done")
    # 10^400 was stored, then Decimal.quantize failed in the calculator.
    refused(c, "1" + "0" * 400)
    c.send("30")
    c.press("tidak")
    c.press("isi")
    refused(c, HUGE)  # int() of 4,301 digits raised ValueError
    for answer in ("1", "0", "2 + 1", "0"):
        c.send(answer)
    c.press("Isi sekarang")  # the form details: a huge year and NIP are refused too
    c.send("Dinas Perdagangan")
    c.send("lewati")
    refused(c, HUGE)
    c.send("2027")
    c.send("lewati")
    refused(c, HUGE)
    c.send("198001012005011001")
    no_apology(c)
    assert c.documents


def test_a_huge_credit_is_refused_before_the_chart() -> None:
    c = opened("Angka kredit")
    c.press("Proyeksi kenaikan pangkat/jenjang")
    c.send("Ahli Pertama")
    c.send("III/a")
    refused(c, "1" + "0" * 400)  # was stored, then matplotlib refused an infinite axis
    c.send("0")
    c.send("1 Januari 2025")
    c.send("Baik")
    no_apology(c)
    assert c.images


def test_the_planned_reminders_of_two_sends_at_one_moment() -> None:
    # The rekomendasi and predikat reminders of this profile share a send moment: sorting
    # (moment, spec) pairs compared two ReminderSpec objects and raised TypeError.
    now = FakeClock()()
    text = profil.planned_text(Profile(rekomendasi_date=dt.date(2026, 2, 14)), now)
    assert "rekomendasi uji kompetensi berakhir" in text
    assert "catat predikat kinerja" in text


def test_list_rows_calculator_fields_and_file_rows_read_digits_safely() -> None:
    items = {pengingat.LIST: [{"id": 1}, {"id": 2}]}
    assert pengingat._item(items, "r2") == {"id": 2}
    for forged in ("r²", "r" + HUGE, "r0", "r3", "x1"):
        assert pengingat._item(items, forged) is None
    assert difficulty.field_step("instrumen[0].bobot.²", {}) is None
    assert formation.parse_bezetting("2+1", {}) == {"pns": 2, "pppk": 1}
    relabelled = difficulty_batch._relabel(InputError("instrumen[²].nama", "kosong."), [5])
    assert relabelled.field == "instrumen[²].nama"
    assert difficulty_batch._relabel(InputError("instrumen[0].nama", "x"), [5]).field == \
        "baris 5, nama"


def test_control_characters_in_a_typed_name_never_reach_the_xlsx_form() -> None:
    # Found by the fuzzer: "\x0b" in an instrument name made openpyxl refuse the cell.
    c = opened("Tingkat kesulitan")
    for answer in ("1", "1", "Timbangan\x0b sentisimal\x00", *TERA, "tidak"):
        c.send(answer)
    no_apology(c)
    assert c.state.answers["nama:0"] == "Timbangan sentisimal"
    assert c.documents
