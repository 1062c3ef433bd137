"""Typed numbers in conversations: read the Indonesian way, asked once when ambiguous, and
confirmed back in Indonesian form before any result is computed."""

from __future__ import annotations

from handlers import texts
from tests.fakes.chat import Chat
from tests.flows.engine_fixtures import PAINT, chat


def paint_litres() -> Chat:
    """Start the paint flow and choose one colour: the next question is a Number ≥ 0."""
    c = chat(PAINT)
    c.send("/menu")
    c.press("Cat tembok")
    c.press("Warna merah")
    c.press("Selesai memilih (1 dipilih)")
    assert c.last_question.text == "Berapa liter Warna merah?"
    return c


def test_a_thousands_dot_is_one_thousand_five_hundred() -> None:
    c = paint_litres()
    c.send("1.500")
    assert c.state.answers["liter:w0"] == "1500"
    assert c.texts[:2] == ["Dicatat: 1.500.", "Total liter: 1500.0"]


def test_a_number_not_typed_in_indonesian_form_is_confirmed_back() -> None:
    c = paint_litres()
    c.send("1500")
    assert c.texts[:2] == ["Dicatat: 1.500.", "Total liter: 1500.0"]
    assert c.state.answers["liter:w0"] == "1500"


def test_a_decimal_comma_is_confirmed_and_plain_digits_need_no_echo() -> None:
    c = paint_litres()
    c.send("12,5")
    assert c.texts[:2] == ["Dicatat: 12,5.", "Total liter: 12.5"]
    c = paint_litres()
    c.send("30")
    assert c.texts[0] == "Total liter: 30.0"  # shown exactly as typed: nothing to confirm


def test_number_words_are_read_and_confirmed() -> None:
    c = paint_litres()
    c.send("dua ratus lima puluh")
    assert c.texts[0] == "Dicatat: 250."
    assert c.state.answers["liter:w0"] == "250"


def test_a_lone_dot_is_asked_once_with_both_readings() -> None:
    c = paint_litres()
    c.send("12.5")
    question = c.last_question
    assert question.text == "Maksud Anda 12,5 atau 125?"
    assert c.options == ["12,5", "125"]
    assert "liter:w0" not in c.state.answers
    c.press("125")
    assert c.state.answers["liter:w0"] == "125"
    assert c.texts[0] == "Total liter: 125.0"  # the pressed label was the reading: no echo


def test_the_reading_can_be_typed_by_its_number_or_its_form() -> None:
    c = paint_litres()
    c.send("12.5")
    c.send("1")
    assert c.state.answers["liter:w0"] == "12.5"
    c = paint_litres()
    c.send("12.5")
    c.send("125")  # a new answer that reads one way
    assert c.state.answers["liter:w0"] == "125"


def test_another_reply_at_the_clarification_answers_the_step_anew() -> None:
    c = paint_litres()
    c.send("12.5")
    c.send("entah")
    assert c.texts == [texts.NUMBER_MIN.format(kind=texts.NUMBER, low="0"),
                       "Berapa liter Warna merah?"]
    c.send("/bantuan")
    assert c.last_question.text == "Berapa liter Warna merah?"


def test_the_clarification_survives_bantuan_and_kembali_clears_it() -> None:
    c = paint_litres()
    c.send("12.5")
    c.send("/bantuan")
    assert c.last_question.text == "Maksud Anda 12,5 atau 125?"
    c.send("/kembali")
    assert "Maksud Anda" not in c.last_text


def test_a_reading_outside_the_bounds_is_not_offered() -> None:
    # CAT is 0 to 100: "80.5" can only be 80,5 (805 is out of range), so nothing is asked.
    c = Chat()
    c.send("/start")
    c.press("Nilai uji kompetensi")
    c.send("80.5")
    assert c.state.answers["cat"] == "80.5"
    assert c.texts[0] == "Dicatat: 80,5."


def test_months_with_a_unit_in_the_credit_flow() -> None:
    c = Chat()
    c.send("/start")
    c.press("Angka kredit")
    c.send("konversi")
    c.send("Ahli Madya")
    c.send("Butuh Perbaikan")
    c.send("7 bln")
    assert c.state.answers["bulan"] == "7"
    assert c.texts[0] == "Dicatat: 7 bulan."
    c.send("/kembali")
    c.send("2 tahun")
    assert c.texts[0] == "Ketik bilangan bulat dari 1 sampai 12."
    c.send("setahun")
    assert c.state.answers["bulan"] == "12"
    assert c.texts[0] == "Dicatat: 12 bulan."


def test_formation_volume_typed_with_a_thousands_dot_is_one_thousand_five_hundred() -> None:
    c = Chat()
    c.send("formasi")
    c.press("Analis Perdagangan")
    c.press("Pengelolaan Ekspor dan Impor")
    c.press("Selesai memilih")
    c.send("1.500")
    (volume,) = [v for k, v in c.state.answers.items() if k.startswith("volume:")]
    assert volume == "1500"
    c.send("/kembali")
    assert "Jawaban sebelumnya: 1.500." in c.last_text
    c.send("1500,0")
    assert c.texts[0] == "Dicatat: 1.500."


def test_a_measured_time_in_minutes_is_converted_to_hours_and_confirmed() -> None:
    from tests.flows.test_difficulty_flow import TERA, penera_tera, start

    c = start()
    penera_tera(c)
    for answer in TERA[:8]:
        c.send(answer)
    c.send("90 menit")
    assert c.texts[0] == "Dicatat: 1,5 jam."
    assert {"nilai": "1.5", "satuan": "jam"} in c.state.answers.values()


def test_a_five_thousand_digit_reply_gets_the_usual_sentence() -> None:
    c = paint_litres()
    for huge in ["9" * 5000, "1" + ".000" * 2000, "dua " * 1000]:
        c.send(huge)
        assert c.texts == [texts.NUMBER_MIN.format(kind=texts.NUMBER, low="0"),
                           "Berapa liter Warna merah?"]
        assert c.errors == []
