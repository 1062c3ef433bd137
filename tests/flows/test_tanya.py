"""Tanya as a conversation: the answer first, "Membantu? 👍 / 👎", more, the admin, calculators.

The answers come from ``knowledge.ask.answer_question`` on the real index (what the chat shows
is exactly ``Answer.text``); a calculator answer uses a fixed ``Answer`` where noted.
"""

from __future__ import annotations

import pytest

from handlers.domain.records import Profile
from handlers.events import ChoiceIn
from handlers.feedback import RecordQuestion
from handlers.flow import Services
from handlers.flows import Registry, load_flows
from handlers.flows.tanya import Tanya
from knowledge.ask.answer import answer_question
from knowledge.ask.model import Answer, CalculatorOffer
from knowledge.search import default_index
from knowledge.search.engine import SearchIndex
from tests.fakes.chat import Chat
from tests.fakes.user_data import FakeUserData

QUESTION = "penera boleh gak nerima hadiah?"
OUTSIDE = "zqxv blorft wug"


def answer_to(question: str) -> Answer:
    """Return what the chat must show for ``question``."""
    return answer_question(default_index(), question)


def records(c: Chat) -> list[RecordQuestion]:
    """Return the stored-question effects of the last event."""
    return [e for e in c.effects if isinstance(e, RecordQuestion)]


def test_the_answer_comes_first_then_membantu() -> None:
    c = Chat()
    c.send(QUESTION)
    expected = answer_to(QUESTION)
    assert expected.status == "answered"
    assert c.state.flow == "tanya"
    assert c.texts[0] == expected.text
    assert c.last_question is not None and c.last_question.text == "Membantu? 👍 / 👎"
    assert c.options[:2] == ["👍 Membantu", "👎 Tidak membantu"]
    assert len(c.options) <= 3  # WhatsApp reply buttons
    assert records(c) == []  # nothing stored until the user rates it


def test_thumbs_up_is_stored_with_the_question_and_the_passages_shown() -> None:
    c = Chat()
    c.send(QUESTION)
    c.press("👍 Membantu")
    assert c.texts[0] == "Terima kasih atas masukan Anda."
    [record] = records(c)
    assert record.question == QUESTION and record.helpful is True and not record.forward
    assert record.passage_ids == answer_to(QUESTION).shown_ids[:1]
    assert record.status == "answered"
    assert "👍 Membantu" not in c.options and "Teruskan ke admin" not in c.options


def test_thumbs_down_offers_the_admin_and_forwarding_is_stored_once() -> None:
    c = Chat()
    c.send(QUESTION)
    ref = c.state.answers["ref"]
    c.press("👎 Tidak membantu")
    [down] = records(c)
    assert down.helpful is False and down.ref == ref
    assert "Teruskan ke admin" in c.options
    c.press("Teruskan ke admin")
    assert c.texts[0].startswith("Pertanyaan Anda sudah diteruskan ke admin.")
    [forward] = records(c)
    assert forward.forward and forward.ref == ref and forward.question == QUESTION
    assert "Teruskan ke admin" not in c.options


def test_lihat_lainnya_pages_through_the_further_results_and_kembali_goes_back() -> None:
    more = answer_to(QUESTION).more
    assert len(more) >= 2
    c = Chat()
    c.send(QUESTION)
    c.press("Lihat lainnya")
    assert c.texts[0] == f"Hasil lain (1 dari {len(more)}):\n\n{more[0]}"
    c.press("Lihat lainnya")
    assert c.texts[0].endswith(more[1])
    c.send("/kembali")
    assert c.texts[0].endswith(more[0])
    c.send("/kembali")
    assert c.texts[0] == answer_to(QUESTION).text
    c.press("👎 Tidak membantu")  # the passages shown so far are stored with the rating
    shown = answer_to(QUESTION).shown_ids
    assert len(set(shown[:3])) == 3  # the answer and two further results, each passage once
    assert records(c)[0].passage_ids == shown[:3]


def test_not_in_sources_says_so_offers_the_admin_and_is_kept_for_the_admins() -> None:
    c = Chat()
    c.send(OUTSIDE)
    expected = answer_to(OUTSIDE)
    assert expected.status == "not_in_sources"
    # One sentence says it and offers the admin (it was said twice: "… meneruskannya ke admin
    # …" then "Saya dapat meneruskan pertanyaan ini ke admin …").
    assert c.texts[0] == expected.text and c.texts[0].count("admin") == 1
    assert c.options == ["Teruskan ke admin", "Pertanyaan baru", "Menu"]
    [record] = records(c)
    assert record.status == "not_in_sources" and record.helpful is None and not record.forward
    c.send("1")  # the number of "Teruskan ke admin" (the console shows numbers)
    [record] = records(c)
    assert record.forward and record.question == OUTSIDE


def test_a_long_question_is_kept_short_and_never_echoed() -> None:
    c = Chat()
    long = "penera boleh menerima hadiah " * 60
    c.send(long)
    assert all(long.strip() not in text for text in c.texts)
    c.press("👎 Tidak membantu")
    assert len(records(c)[0].question) <= 500


def test_typed_text_is_a_new_question_and_a_calculator_name_opens_it() -> None:
    c = Chat()
    c.send(QUESTION)
    c.send("hadiah dari pelaku usaha")
    assert c.state.flow == "tanya" and c.state.answers["q"] == "hadiah dari pelaku usaha"
    c.send("hitung formasi")
    assert c.state.flow == "formation"


def test_pertanyaan_baru_menu_batal_and_no_idle_offer() -> None:
    c = Chat()
    c.send("/menu")
    c.press("Tanya aturan & kode etik")
    assert c.texts[0].startswith("Silakan tulis pertanyaan Anda")
    c.send(QUESTION)
    c.press("👍 Membantu")
    c.press("Menu")
    assert c.state.flow is None
    c.send(OUTSIDE)
    c.press("Pertanyaan baru")
    assert c.state.step == "tanya"
    c.advance(minutes=120)
    c.send(QUESTION)
    assert c.texts[0] == answer_to(QUESTION).text  # a question needs no "Lanjutkan"
    c.send("/batal")
    assert c.texts[0] == "Baik, Tanya aturan & kode etik dibatalkan."


def test_an_old_button_gets_the_current_question() -> None:
    c = Chat()
    c.send(QUESTION)
    old = c.last_question
    assert old is not None
    c.press("👍 Membantu")
    c.event(ChoiceIn("_down", old.step_token))
    assert records(c) == []
    assert c.state.answers["fb"] == "up"


def fixed(answer: Answer) -> Services:
    """Services whose Tanya answers every question with ``answer``."""
    def answerer(index: SearchIndex, question: str, own_jf: str | None) -> Answer:
        return answer
    registry = Registry(load_flows(), conversations={"tanya": Tanya(answerer)})
    return Services(registry=registry)


def test_a_calculator_answer_opens_the_flow_with_what_was_understood() -> None:
    answer = Answer(status="calculator", text="Angka kredit dihitung dari predikat kinerja.",
                    quote="Predikat Baik memberi 100% koefisien angka kredit tahunan.",
                    calculator=CalculatorOffer("credit", {}))
    c = Chat(services=fixed(answer))
    c.send("brp ak sy kalo predikat baik")
    assert c.texts[0] == f"{answer.text}\n\n{answer.quote}"  # the rule still quoted
    assert c.options[0] == "Buka Angka kredit"
    assert len(c.options) == 3
    c.press("Buka Angka kredit")
    assert c.state.flow == "credit"


def test_a_calculator_offer_passes_over_the_questions_it_answers() -> None:
    plain = Chat()
    plain.send("/menu")
    plain.press("Kebutuhan JF (formasi)")
    first = plain.state.step
    assert first is not None
    option = plain.last_question.options[0] if plain.last_question else None
    assert option is not None
    answer = Answer(status="calculator", text="Formasi dihitung dari volume hasil kerja.",
                    calculator=CalculatorOffer("formation", {first: option.token}))
    c = Chat(services=fixed(answer))
    c.send("hitung formasi penera dong")
    c.press(c.options[0])
    assert c.state.flow == "formation"
    assert c.state.answers[first] == option.token
    assert c.state.step != first and first in c.state.history


def test_a_number_understood_is_used_only_where_its_step_accepts_it() -> None:
    """"cat sy 80" passes over the CAT question; "cat sy 150" and "101" (the scale ends at
    100) ask it again, saying why — never a result computed from them."""
    kept = Chat()
    kept.send("hitung nilai ukom, cat sy 80")
    kept.press("Buka Nilai uji kompetensi")
    assert kept.state.flow == "exam" and kept.state.answers["cat"] == "80"
    assert kept.state.step != "cat" and "cat" in kept.state.history
    for number in ("150", "101"):
        c = Chat()
        c.send(f"hitung nilai ukom, cat sy {number}")
        c.press("Buka Nilai uji kompetensi")
        assert c.state.flow == "exam" and c.state.step == "cat"
        assert "cat" not in c.state.answers
        assert f"Angka {number} dari pertanyaan Anda di luar batas langkah ini, jadi saya " \
               "tanyakan lagi." in c.texts, c.texts
    # Seminar scores fill their steps once the CAT score before them is answered; one over
    # its maximum (isi 60) is asked again, the next one passed over after it.
    c = Chat()
    c.send("seminar ukom: sistematika 8, isi 65, presentasi 25. totalnya?")
    c.press("Buka Nilai uji kompetensi")
    assert c.state.step == "cat"
    c.send("80")
    assert c.state.answers["seminar:sistematika"] == "8" and c.state.step == "seminar:isi"
    assert "seminar:isi" not in c.state.answers
    assert "Angka 65 dari pertanyaan Anda di luar batas langkah ini, jadi saya tanyakan " \
           "lagi." in c.texts, c.texts
    c.send("55")
    assert c.state.answers["seminar:isi"] == "55"
    assert c.state.answers["seminar:presentasi"] == "25"
    assert c.state.step == "praktik:persiapan"


def test_every_understood_answer_is_used_and_a_number_said_back() -> None:
    """Jenjang, predikat, jenis and months from the question: the result at once, the
    number used said back (the angka kredit flow showed the golongan question as step 1
    while it waited for "Apa yang ingin Anda hitung?")."""
    c = Chat()
    c.send("ahli muda predikat baik 6 bulan berapa AK?")
    c.press("Buka Angka kredit")
    assert "Dari pertanyaan Anda — Untuk berapa bulan: 6 bulan." in c.texts, c.texts
    assert any("25 × 100% × 6/12 = 12,5" in t for t in c.texts), c.texts


def test_the_users_own_answer_replaces_the_understood_one_for_good() -> None:
    """Isi corrected to 40, then an earlier score changed: isi is asked again (as any later
    answer is), never put back to the 50 of the question."""
    c = Chat()
    c.send("seminar ukom: sistematika 8, isi 50, presentasi 25. totalnya?")
    c.press("Buka Nilai uji kompetensi")
    c.send("80")
    c.send("/kembali")
    c.send("/kembali")
    assert c.state.step == "seminar:isi"
    c.send("40")
    assert c.state.answers["seminar:isi"] == "40"
    for _ in range(3):
        c.send("/kembali")
    assert c.state.step == "seminar:sistematika"
    c.send("9")
    assert c.state.step == "seminar:isi" and "seminar:isi" not in c.state.answers


def test_an_understood_number_goes_through_the_steps_own_reading() -> None:
    """Sixty digits are refused as if typed, and not shown whole."""
    c = Chat()
    c.send("ak saya " + "9" * 60 + " kapan naik pangkat ahli muda predikat baik")
    c.press("Buka Angka kredit")
    assert c.state.step == "golongan"
    c.send("1")
    assert c.state.step == "ak_saat_ini" and "ak_saat_ini" not in c.state.answers
    assert any(t.startswith("Angka " + "9" * 24 + "… dari pertanyaan Anda di luar batas")
               for t in c.texts), c.texts


@pytest.mark.parametrize("reply", ["buka", "Buka aja", "hitung dong"])
def test_a_typed_yes_to_the_offer_opens_the_calculator(reply: str) -> None:
    c = Chat()
    c.send("hitung nilai ukom, cat sy 72,5")
    c.send(reply)
    assert c.state.flow == "exam" and c.state.answers["cat"] == "72.5"


@pytest.mark.parametrize(("reply", "helpful"), [("ya", True), ("iya", True), ("tidak", False)])
def test_a_typed_yes_or_no_answers_membantu(reply: str, helpful: bool) -> None:
    """"Membantu? 👍 / 👎" answered in words is the rating, not a new question."""
    c = Chat()
    c.send(QUESTION)
    c.send(reply)
    [record] = records(c)
    assert record.helpful is helpful and c.state.flow != "exam"


def test_a_list_question_gets_the_list_and_lihat_lainnya_continues_it() -> None:
    question = "apa saja perilaku dilarang penera nilai akuntabel?"
    expected = answer_to(question)
    assert expected.listing and len(expected.more) >= 1
    c = Chat()
    c.send(question)
    assert c.texts[0] == expected.text
    assert c.texts[0].startswith("Perilaku Dilarang bagi Penera (nilai Akuntabel) ada ")
    c.press("Lihat lainnya")
    assert c.texts[0] == f"Lanjutan daftar (1 dari {len(expected.more)}):\n\n{expected.more[0]}"
    assert c.texts[0].split("\n")[2].startswith("6. ")


def test_the_askers_profile_jf_answers_a_question_naming_none() -> None:
    question = "boleh gak terima parsel lebaran dari pengusaha?"
    c = Chat()
    c.services.user = FakeUserData(saved_profile=Profile(jf="penera"))
    c.send(question)
    own = answer_question(default_index(), question, jf="penera")
    assert c.texts[0] == own.text and "Bagi Penera" in own.text
    assert c.texts[0] != answer_to(question).text  # not the anonymous answer
    # A question naming another JF is answered for that JF, whatever the profile.
    other = "wasdag boleh gak terima parsel lebaran dari pengusaha?"
    c.send(other)
    assert c.texts[0] == answer_to(other).text and "Pengawas Perdagangan" in c.texts[0]


def test_a_number_that_is_no_option_is_a_slip_not_a_question() -> None:
    c = Chat()
    c.send(QUESTION)
    c.send("7")  # three options under the answer
    assert c.texts[0] == "Ketik nomor salah satu pilihan di bawah, atau tulis pertanyaan Anda."
    assert c.last_question is not None and c.last_question.text == "Membantu? 👍 / 👎"
    assert c.state.answers["q"] == QUESTION  # the question asked stays
    c.send("/menu")
    c.send("tanya")
    c.send("٠")  # an Arabic-Indic zero where a question is asked
    assert c.texts[0].startswith("Ketik nomor salah satu pilihan")


def test_lihat_lainnya_typed_after_the_last_page_says_there_is_no_more() -> None:
    more = answer_to(QUESTION).more
    c = Chat()
    c.send(QUESTION)
    for _ in more:
        c.press("Lihat lainnya")
    assert "Lihat lainnya" not in c.options
    c.send("lihat lainnya")
    assert c.texts[0] == "Tidak ada hasil lain untuk pertanyaan ini."
    assert c.state.answers["q"] == QUESTION


def test_a_score_written_in_words_is_used_and_said_back_in_figures() -> None:
    """"cat sy tujuh puluh lima koma lima": the steps' own reader turns the words into the
    figure the flow shows."""
    c = Chat()
    c.send("hitung nilai ukom saya, cat tujuh puluh lima koma lima")
    c.press("Buka Nilai uji kompetensi")
    assert c.state.flow == "exam" and c.state.answers["cat"] == "75.5"
    assert c.state.step != "cat"
    assert any(t.startswith("Dari pertanyaan Anda — ") and "75,5" in t for t in c.texts), c.texts
