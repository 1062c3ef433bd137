"""The engine on test-only flows: navigation, validation, paging, multi-select, errors."""

from __future__ import annotations

import datetime as dt
import json

from handlers.engine import advance
from handlers.events import ChoiceIn, TextIn
from handlers.prompts import Question
from handlers.state import ChatState
from tests.fakes.chat import Chat
from tests.flows.engine_fixtures import (
    BAD_QUESTION,
    BROKEN,
    INTERIM,
    ORDER,
    PAGED,
    PAINT,
    SKIPPABLE,
    chat,
    services,
)


def start(c: Chat, flow: str) -> None:
    c.send("/menu")
    c.press(flow)


def test_whole_order_with_conditional_step_and_result() -> None:
    c = chat()
    start(c, "Pesan buah")
    assert c.last_question is not None
    assert c.last_question.text == "Buah apa?"
    assert c.last_question.progress == "Langkah 1 dari 4"
    assert c.options == ["Apel", "Belimbing", "Ceri"]
    c.send("2")  # the option's number, as typed on WhatsApp/console
    assert "Berapa banyak?" in c.last_text
    assert c.last_question.progress == "Langkah 2 dari 4"
    c.send("12,5")
    c.press("Ya")
    # The date step appears only because "kirim" is yes: the count grows to 5.
    assert c.last_question.text == "Tanggal kirim?"
    assert c.last_question.progress == "Langkah 4 dari 5"
    c.send("1 April 2027")
    assert c.options == ["Lewati"]
    c.send("lewati")
    assert "Pesanan: 12.5 belimbing, dikirim 2027-04-01." in c.last_text
    assert c.options == ["Hitung lagi", "Menu utama"]
    assert c.state.answers["jumlah"] == "12.5"
    assert c.state.answers["catatan"] is None


def test_state_record_has_exactly_the_storage_columns_and_survives_json() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Apel")
    record = c.state.to_record()
    assert set(record) == {"flow", "step", "answers", "history", "updated_at"}
    assert record["flow"] == "order" and record["step"] == "jumlah"
    assert record["history"] == ["buah"]
    assert record["updated_at"] == c.clock()
    json.dumps({k: v for k, v in record.items() if k != "updated_at"})
    naive = dict(record, updated_at=record["updated_at"].replace(tzinfo=None))
    assert ChatState.from_record(naive) == c.state


def test_label_typo_and_case_are_accepted() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("belimbng")
    assert c.state.answers["buah"] == "belimbing"


def test_kembali_repeats_back_to_the_first_step_showing_earlier_answers() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Ceri")
    c.send("7")
    c.send("tidak")
    assert c.last_question.text == "Catatan?"
    c.send("/kembali")
    assert "Jawaban sebelumnya: Tidak." in c.last_text
    assert "Dikirim?" in c.last_text
    c.send("kembali")  # the bare word works too (WhatsApp)
    assert "Jawaban sebelumnya: 7." in c.last_text
    assert c.last_question.progress == "Langkah 2 dari 4"
    c.send("/kembali")
    assert "Jawaban sebelumnya: Ceri." in c.last_text
    assert c.options == ["Apel", "Belimbing", "Ceri"]
    c.send("/kembali")
    assert "Ini sudah langkah pertama." in c.last_text
    assert c.last_question.text == "Buah apa?"
    c.send("Apel")  # answering again forgets what came after
    assert c.last_question.text == "Berapa banyak?"
    assert "jumlah" not in c.state.answers


def test_kembali_after_the_result_reaches_the_last_question() -> None:
    c = chat()
    start(c, "Pesan buah")
    for answer in ("Apel", "3", "tidak", "lewati"):
        c.send(answer)
    assert "Pesanan: 3 apel." in c.last_text
    c.send("/kembali")
    assert "Jawaban sebelumnya: (dilewati)." in c.last_text
    c.send("segar")
    assert "Pesanan: 3 apel." in c.last_text


def test_batal_leaves_the_flow_and_offers_the_menu() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Apel")
    c.send("/batal")
    assert "Baik, Pesan buah dibatalkan." in c.last_text
    assert "Menu utama" in c.last_text
    assert c.state.flow is None and c.state.answers == {} and c.state.history == []
    c.send("batal")
    assert "Tidak ada perhitungan yang sedang berjalan." in c.last_text


def test_bantuan_explains_the_step_then_asks_it_again() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Apel")
    c.send("/bantuan")
    assert "Jumlah buah, 1 sampai 100." in c.texts[0]
    assert "Memesan buah." in c.texts[0]
    assert c.last_question.text == "Berapa banyak?"
    assert c.state.step == "jumlah"


def test_wrong_answers_get_one_sentence_and_the_same_question() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Durian")
    assert c.texts == ["Pilih salah satu pilihan di bawah (ketik nomornya atau namanya).",
                       "Buah apa?"]
    assert c.options == ["Apel", "Belimbing", "Ceri"]
    c.send("9")  # no option 9
    assert c.texts[1] == "Buah apa?" and c.options == ["Apel", "Belimbing", "Ceri"]
    c.send("Apel")
    token = c.last_question.step_token
    c.send("banyak sekali")
    assert c.texts == ["Ketik angka dari 1 sampai 100.", "Berapa banyak?"]
    assert c.last_question.step_token == token
    c.send("101")
    assert c.texts == ["Ketik angka dari 1 sampai 100.", "Berapa banyak?"]
    c.send("100")
    c.send("mungkin")
    assert c.texts == ["Jawab \"Ya\" atau \"Tidak\".", "Dikirim?"]
    assert c.options == ["Ya", "Tidak"]
    c.send("ya")
    c.send("31 Februari 2027")
    assert c.texts[0] == "Tanggal itu tidak ada di kalender; periksa tanggal dan bulannya."
    assert c.state.answers == {"buah": "apel", "jumlah": "100", "kirim": True, "_meta": {}}


def test_stale_button_is_refused_and_the_current_question_asked() -> None:
    c = chat()
    start(c, "Pesan buah")
    old = c.last_question
    assert old is not None
    c.press("Apel")
    c.event(ChoiceIn("ceri", old.step_token))  # the "Ceri" button of the first question
    assert c.texts == ["Tombol itu sudah tidak berlaku.", "Berapa banyak?"]
    assert c.state.answers["buah"] == "apel"
    c.send("3")
    c.press("Ya", stale_token="0000dead")
    assert c.texts == ["Tombol itu sudah tidak berlaku.", "Dikirim?"]
    c.event(ChoiceIn("ya"))  # adapters without a step token are trusted
    assert c.last_question.text == "Tanggal kirim?"


def test_idle_offer_lanjutkan_keeps_answers() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Apel")
    c.advance(minutes=31)
    c.send("5")
    assert "Lanjutkan" in c.options and "Mulai dari awal" in c.options
    assert "Pesan buah" in c.last_text
    assert "jumlah" not in c.state.answers  # the text was not used as an answer
    c.press("Lanjutkan")
    assert c.last_question.text == "Berapa banyak?"
    assert c.state.answers["buah"] == "apel"
    c.send("5")
    assert c.last_question.text == "Dikirim?"


def test_idle_offer_mulai_dari_awal_restarts_the_same_flow() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Apel")
    c.advance(minutes=31)
    c.send("5")
    c.send("tunggu")  # neither option: asked again
    assert c.texts[0] == "Pilih \"Lanjutkan\" atau \"Mulai dari awal\"."
    c.send("mulai dari awal")
    assert c.last_question.text == "Buah apa?"
    assert c.state.flow == "order" and c.state.history == []
    assert "buah" not in c.state.answers


def test_no_idle_offer_within_the_limit() -> None:
    c = chat()
    start(c, "Pesan buah")
    c.send("Apel")
    c.advance(minutes=29)
    c.send("5")
    assert c.last_question.text == "Dikirim?"


def test_unexpected_exception_gives_an_apology_and_the_same_step() -> None:
    c = chat()
    start(c, "Rusak")
    before = c.state.clone()
    c.send("7")
    assert len(c.errors) == 1
    error_id, exc = c.errors[0]
    assert isinstance(exc, RuntimeError)
    assert c.texts[0] == (f"Maaf, terjadi kesalahan di pihak kami (kode {error_id}). "
                          "Silakan coba lagi.")
    assert len(error_id) == 8 and int(error_id, 16) >= 0
    assert c.last_question.text == "Angka?"
    assert (c.state.flow, c.state.step, c.state.answers, c.state.history) == (
        before.flow, before.step, before.answers, before.history)


def test_advance_never_mutates_the_given_state() -> None:
    state = ChatState()
    now = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    out = advance(state, TextIn("/menu"), now=now, services=services(ORDER))
    assert state == ChatState()
    assert out.state.updated_at == now


def test_calculator_input_error_sends_the_user_back_to_its_field() -> None:
    c = chat()
    start(c, "Pesan buah")
    for answer in ("Apel", "13", "tidak", "lewati"):
        c.send(answer)
    assert c.texts[0] == "Tidak boleh 13."
    assert "Jawaban sebelumnya: 13." in c.last_text
    assert c.state.step == "jumlah" and c.state.history == ["buah"]
    for answer in ("14", "tidak", "lewati"):
        c.send(answer)
    assert "Pesanan: 14 apel." in c.last_text


def test_unmappable_input_error_shows_the_sentence_and_offers_kembali() -> None:
    c = chat()
    start(c, "Pesan buah")
    for answer in ("Apel", "2", "tidak", "rusak"):
        c.send(answer)
    assert "Ada yang salah." in c.texts[0] and "kembali" in c.texts[0]
    assert c.state.step == "catatan"


def test_paged_choice_numbers_and_buttons_on_a_later_page() -> None:
    c = chat(PAGED)
    start(c, "Pilih warna")
    assert c.options[:5] == ["Warna merah", "Warna merah muda", "Warna biru", "Warna biru laut",
                             "Warna hijau"]
    assert c.options[5:] == ["Berikutnya »"]
    assert "Halaman 1 dari 3." in c.last_text
    first = c.last_question.step_token
    c.press("Berikutnya »")
    assert c.last_question.step_token != first
    assert c.options == ["Warna kuning", "Warna ungu", "Warna hitam", "Warna putih",
                         "Warna abu-abu", "« Sebelumnya", "Berikutnya »"]
    c.send("2")  # the number shown on this page
    assert "Dipilih: w6" in c.last_text


def test_paged_choice_label_from_another_page() -> None:
    c = chat(PAGED)
    start(c, "Pilih warna")
    c.send("jingga")
    assert "Dipilih: w11" in c.last_text


def test_multi_select_with_typed_parts_and_a_repeated_group() -> None:
    c = chat(PAINT)
    start(c, "Cat tembok")
    assert "Selesai memilih (0 dipilih)" in c.options
    c.send("Selesai memilih")
    assert c.texts[0] == "Pilih paling sedikit 1 pilihan, lalu \"Selesai memilih\"."
    c.send("1")  # Warna merah
    assert c.texts[0] == "Ditambahkan: Warna merah."
    assert "✓ Warna merah" in c.options
    c.send("biru")  # two colours contain "biru": the list is filtered
    assert c.texts[0] == "Ada 2 pilihan yang memuat \"biru\"; pilih dari daftar di bawah."
    assert c.options[:2] == ["Warna biru", "Warna biru laut"]
    assert "Tampilkan semua" in c.options
    c.press("Warna biru laut")
    c.send("hijau")  # unique part: toggled at once
    c.send("hijau")  # and off again
    assert c.texts[0] == "Dihapus: Warna hijau."
    c.send("kuning")
    c.send("selesai")
    assert c.state.answers["warna"] == ["w0", "w3", "w5"]
    assert c.last_question.text == "Berapa liter Warna merah?"
    assert c.last_question.progress == "Langkah 2 dari 4"
    c.send("1,5")
    c.send("2")
    c.send("3")
    assert "Total liter: 6.5" in c.last_text


def test_multi_select_kembali_starts_from_the_earlier_choice() -> None:
    c = chat(PAINT)
    start(c, "Cat tembok")
    c.send("ungu")
    c.send("selesai")
    c.send("/kembali")
    assert "Jawaban sebelumnya: Warna ungu." in c.last_text
    assert "✓ Warna ungu" in c.options
    c.send("hitam")
    c.send("selesai")
    assert c.state.answers["warna"] == ["w6", "w7"]


def test_multi_select_unknown_text_is_one_sentence() -> None:
    c = chat(PAINT)
    start(c, "Cat tembok")
    c.send("zamrud")
    assert c.texts == ["Tidak ada pilihan yang memuat \"zamrud\"; ketik sebagian nama yang lain.",
                       "Warna apa saja?\nHalaman 1 dari 2."]


def test_repeated_group_answers_of_removed_items_are_forgotten() -> None:
    c = chat(PAINT)
    start(c, "Cat tembok")
    c.send("ungu")
    c.send("hitam")
    c.send("selesai")
    c.send("4")
    assert c.state.answers["liter:w6"] == "4"
    c.send("/kembali")
    c.send("/kembali")
    c.send("ungu")  # deselect
    c.send("selesai")
    assert "liter:w6" not in c.state.answers
    assert c.last_question.text == "Berapa liter Warna hitam?"
    assert c.last_question.progress == "Langkah 2 dari 2"


def test_question_tokens_differ_between_steps() -> None:
    c = chat()
    start(c, "Pesan buah")
    tokens = set()
    for answer in ("Apel", "3", "ya"):
        assert isinstance(c.last_question, Question)
        tokens.add(c.last_question.step_token)
        c.send(answer)
    assert len(tokens) == 3


def test_broken_flow_still_reachable_from_menu() -> None:
    c = chat(BROKEN)
    c.send("/start")
    assert c.options == ["Rusak", "Tanya aturan & kode etik", "Bantuan"]


def test_broken_question_text_keeps_the_user_at_the_previous_step() -> None:
    c = chat(BAD_QUESTION)
    start(c, "Pertanyaan rusak")
    c.send("1")
    assert isinstance(c.errors[0][1], ZeroDivisionError)
    assert c.texts[0].startswith("Maaf, terjadi kesalahan di pihak kami (kode ")
    assert c.last_question.text == "Angka pertama?"
    assert c.state.step == "a" and "a" not in c.state.answers
    c.send("/batal")  # the user can always leave
    assert c.state.flow is None and c.errors == []


def test_optional_choice_and_number_can_be_skipped() -> None:
    c = chat(SKIPPABLE)
    start(c, "Bisa dilewati")
    assert c.options == ["Apel", "Belimbing", "Ceri", "Lewati"]
    c.press("Lewati")
    assert "Ketik \"lewati\" bila tidak ada." in (c.last_question.hint or "")
    c.send("2,5")
    assert c.texts[0] == "Ketik bilangan bulat paling kecil 0."
    c.send("-")
    assert "buah=None umur=None" in c.last_text


def test_state_from_record_accepts_iso_text_and_nulls() -> None:
    state = ChatState.from_record({"flow": None, "step": None, "answers": None,
                                   "history": None, "updated_at": "2027-04-01T08:00:00+00:00"})
    assert state == ChatState(updated_at=dt.datetime(2027, 4, 1, 8, tzinfo=dt.UTC))


def test_show_step_that_continues_the_flow() -> None:
    c = chat(INTERIM)
    start(c, "Dengan ringkasan")
    c.send("2")
    assert c.texts == ["Sejauh ini: 2.", "Angka kedua?"]
    assert c.last_question.progress == "Langkah 2 dari 2"
    c.send("/kembali")  # the Show step is not a step to go back to
    assert c.last_question.text == "Jawaban sebelumnya: 2.\nAngka pertama?"
    c.send("3")
    c.send("4")
    assert "Jumlah: 7." in c.last_text
