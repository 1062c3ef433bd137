"""The Tanya flow on the real knowledge base: passages with citations, paging, JF filter."""

from __future__ import annotations

from handlers.events import ChoiceIn
from handlers.flows.tanya import named_jf
from knowledge.search import default_index
from tests.fakes.chat import Chat

QUESTION = "penera boleh gak nerima hadiah?"


def passages_of(text: str) -> list[str]:
    """Return the passage blocks of a results message (after its header)."""
    return text.split("\n\n")[1:]


def test_question_shows_three_passages_with_their_citations() -> None:
    c = Chat()
    c.send(QUESTION)
    assert c.state.flow == "tanya"
    head, *blocks = c.texts[0].split("\n\n")
    assert head == f"Hasil untuk \"{QUESTION}\" (JF Penera):"  # the JF the question names
    assert len(blocks) == 3
    best = default_index().search(QUESTION, jf="penera", limit=1)[0].passage
    # A guide passage's heading is its section, which "Sumber" names: shown once, there.
    assert blocks[0].split("\n") == [best.text, f"Sumber: {best.citation} (JF Penera, nilai "
                                                 "Akuntabel)"]
    assert blocks[0].count(best.section) == 1
    for block in blocks:
        assert block.split("\n")[-1].startswith("Sumber: ")
    assert c.options == ["Lihat lainnya", "Saring per JF", "Pertanyaan baru", "Menu"]


def test_lihat_lainnya_pages_and_kembali_goes_back() -> None:
    c = Chat()
    c.send(QUESTION)
    first = passages_of(c.texts[0])
    c.press("Lihat lainnya")
    assert c.texts[0].startswith(f"Hasil untuk \"{QUESTION}\" (JF Penera), halaman 2:")
    second = passages_of(c.texts[0])
    assert len(second) == 3 and not set(first) & set(second)
    c.send("/kembali")
    assert passages_of(c.texts[0]) == first


def test_saring_per_jf_asks_the_same_question_filtered() -> None:
    c = Chat()
    c.send("hadiah")
    c.press("Saring per JF")
    assert "Penera" in c.options and "Semua JF" in c.options
    c.send("pengawas")  # part of a JF name
    assert c.texts[0].startswith("Hasil untuk \"hadiah\" (JF Pengawas Perdagangan):")
    assert c.state.answers["jf"] == "pengawas_perdagangan"
    for block in passages_of(c.texts[0]):
        for other in ("JF Penera", "JF Pengamat Tera", "JF Analis", "JF Negosiator"):
            assert f"({other}" not in block
    c.press("Saring per JF")
    c.press("Semua JF")
    assert c.texts[0].startswith("Hasil untuk \"hadiah\":")


def test_each_heading_is_shown_once() -> None:
    """Every block: the heading only when "Sumber" does not already name it."""
    for question in (QUESTION, "hadiah", "angka kredit minimal ahli muda", "netralitas pemilu"):
        c = Chat()
        c.send(question)
        for block in passages_of(c.texts[0]):
            lines = block.split("\n")
            source = lines[-1]
            assert source.startswith("Sumber: ")
            if len(lines) == 3:
                assert lines[0] not in source, block
            for line in lines[:-1]:
                assert not (len(line) < 200 and line in source), block


def test_a_question_naming_a_jf_is_searched_for_that_jf() -> None:
    c = Chat()
    c.send(QUESTION)
    for _ in range(3):  # no Pengamat Tera rules on later pages either ("tera" in both names)
        for block in passages_of(c.texts[0]):
            assert "(JF Pengamat Tera" not in block and "(JF Pengawas" not in block, block
        c.press("Lihat lainnya")
    c.press("Saring per JF")
    c.press("Semua JF")  # the filter is lifted on request
    assert c.texts[0].startswith(f"Hasil untuk \"{QUESTION}\":")
    assert c.state.answers["jf"] is None


def test_named_jf() -> None:
    assert named_jf("penera boleh gak nerima hadiah?") == "penera"
    assert named_jf("Pengamat Tera wajib apa") == "pengamat_tera"
    assert named_jf("PMB boleh terima hadiah") == "penguji_mutu_barang"
    assert named_jf("pengawasan barang beredar") is None
    assert named_jf("penera dan pengamat tera") is None  # two JF: no filter
    assert named_jf("netralitas pemilu") is None


def test_typed_number_picks_an_option_and_text_is_a_new_question() -> None:
    c = Chat()
    c.send(QUESTION)
    c.send("2")
    assert c.last_question.text == "Saring hasil untuk JF apa?"
    c.send("/kembali")
    c.send("netralitas pemilu")
    assert c.texts[0].startswith("Hasil untuk \"netralitas pemilu\":")


def test_pertanyaan_baru_and_menu() -> None:
    c = Chat()
    c.send(QUESTION)
    c.press("Pertanyaan baru")
    assert c.texts == ["Silakan tulis pertanyaan Anda tentang aturan JF atau kode etik."]
    c.send("netralitas pemilu")
    assert "Sumber:" in c.texts[0]
    c.press("Menu")
    assert c.last_question.text == "Menu utama — silakan pilih:"
    assert c.state.flow is None


def test_tanya_from_the_menu() -> None:
    c = Chat()
    c.send("/menu")
    c.press("Tanya aturan & kode etik")
    assert c.last_question.hint == "Contoh: penera boleh menerima hadiah?"
    c.send("gratifikasi")
    assert c.texts[0].startswith("Hasil untuk \"gratifikasi\":")


def test_weak_match_offers_maksud_anda_topics() -> None:
    c = Chat()
    c.send("cuti melahirkan penera")
    question = c.last_question
    assert "Maksud Anda salah satu topik ini?" in question.text
    suggestions = default_index().suggest("cuti melahirkan penera")
    assert len(question.options) == len(suggestions) + 2
    assert question.options[-2:][0].label == "Pertanyaan baru"
    c.send("1")
    chosen = suggestions[0].passage
    assert chosen.text in c.texts[0]
    assert f"Sumber: {chosen.citation}" in c.texts[0]
    assert "Lihat lainnya" in c.options


def test_nothing_found_asks_for_other_words() -> None:
    c = Chat()
    c.send("kapan saya bisa pensiun dini")
    assert c.texts[0].startswith("Maaf, saya belum menemukan bagian dokumen yang cocok.")
    assert c.last_question.text.startswith("Silakan tulis pertanyaan Anda")


def test_empty_question_gets_one_sentence() -> None:
    c = Chat()
    c.send("/menu")
    c.press("Tanya aturan & kode etik")
    c.send("???")
    assert c.texts[0] == "Pertanyaan tidak boleh kosong; tulis kata kunci pencarian."


def test_stale_button_in_tanya() -> None:
    c = Chat()
    c.send(QUESTION)
    old = c.last_question
    c.press("Lihat lainnya")
    c.event(ChoiceIn("_more", old.step_token))
    assert c.texts[0] == "Tombol itu sudah tidak berlaku."
    assert c.state.answers["page"] == 1


def test_batal_in_tanya() -> None:
    c = Chat()
    c.send(QUESTION)
    c.send("batal")
    assert c.texts[0] == "Baik, Tanya aturan & kode etik dibatalkan."
    assert c.state.flow is None


def test_no_idle_offer_in_tanya() -> None:
    c = Chat()
    c.send(QUESTION)
    c.advance(minutes=90)
    c.send("netralitas pemilu")
    assert c.texts[0].startswith("Hasil untuk \"netralitas pemilu\":")
