"""Cutting source text at sentence and word boundaries (knowledge/ask/text.py)."""

from __future__ import annotations

from knowledge.ask.text import (
    QUESTION_MAX,
    clip,
    cut_words,
    first_words,
    mid_sentence,
    question_gist,
    sentences,
    trim_dangling,
)


def test_sentences_split_at_ends_but_not_at_abbreviations() -> None:
    text = "Lihat Lampiran VII no. 3 tentang AK. Sanksi berlaku; 2. butir kedua.\nBaris baru"
    assert sentences(text) == ["Lihat Lampiran VII no. 3 tentang AK.", "Sanksi berlaku;",
                               "2. butir kedua.", "Baris baru"]


def test_clip_keeps_whole_sentences_and_marks_the_cut() -> None:
    text = "Kalimat pertama cukup pendek. Kalimat kedua juga. Kalimat ketiga panjang sekali."
    assert clip(text, 60) == "Kalimat pertama cukup pendek. Kalimat kedua juga. …"
    assert clip(text, 200) == text


def test_a_long_sentence_is_cut_at_a_word_without_a_dangling_conjunction() -> None:
    out = cut_words("Menerima hadiah uang dan fasilitas dari pelaku usaha", 30)
    assert out == "Menerima hadiah uang …"
    assert len(out) <= 30
    assert first_words("menerima gratifikasi dan imbalan lain", 3) == "menerima gratifikasi …"


def test_a_list_cut_by_the_table_layout_says_so() -> None:
    assert trim_dangling("Pengamatan kasat mata Alat Ukur, Alat") == \
        "Pengamatan kasat mata Alat Ukur, …"
    assert trim_dangling("Alat Ukur, Alat Takar, dan Alat Timbang.") == \
        "Alat Ukur, Alat Takar, dan Alat Timbang."


def test_mid_sentence_start_is_detected() -> None:
    assert mid_sentence("memperoleh banyak suara untuk")
    assert not mid_sentence("Menerima hadiah.") and not mid_sentence("1. butir")


def test_a_bare_list_number_starts_its_item() -> None:
    assert sentences("Cakupan kegiatan: 1. Hasil analisis. 2. Hasil diseminasi.") == \
        ["Cakupan kegiatan:", "1. Hasil analisis.", "2. Hasil diseminasi."]
    assert sentences("Standar Tingkat 1 dan 2. Kriteria hasil kerja.") == \
        ["Standar Tingkat 1 dan 2.", "Kriteria hasil kerja."]


def test_titles_cut_by_the_table_layout_end_with_an_ellipsis() -> None:
    from knowledge.ask.text import clean_title
    from knowledge.corpus import all_passages
    from knowledge.search.engine import topic

    assert clean_title("Hasil verifikasi Standar Ukuran Tingkat 3 (mulai dari persiapan sampai") \
        == "Hasil verifikasi Standar Ukuran Tingkat 3 …"
    by_id = {p.id: p for p in all_passages()}
    cut = by_id["permendag:lampiran_i:pengamat_tera:terampil:kegiatan:2"]
    assert cut.title.endswith("Alat Ukur, Alat")  # the committed data keeps the source's cut
    assert topic(cut).endswith("Alat Ukur, …")


def test_a_long_question_keeps_its_opening_and_its_end() -> None:
    story = "Selamat pagi pak, saya penera di kabupaten. " + "Ceritanya panjang sekali. " * 80
    question = story + "Jadi boleh gak saya terima amplop dari pemilik SPBU itu?"
    gist = question_gist(question)
    assert len(gist) <= QUESTION_MAX
    assert gist.startswith("Selamat pagi pak, saya penera di kabupaten.")
    assert gist.endswith("Jadi boleh gak saya terima amplop dari pemilik SPBU itu?")
    head, tail = gist.split(" … ")
    assert question.startswith(head) and question.endswith(tail)
    assert tail.split(" ", 1)[0] in question.split()  # cut at a word, never inside one
    assert question_gist("  boleh\n gak   terima hadiah? ") == "boleh gak terima hadiah?"


def test_a_question_in_the_middle_of_a_long_story_is_kept() -> None:
    asked = "Sebenarnya boleh gak saya terima amplop dari pemilik SPBU itu?"
    story = ("Saya penera di kabupaten. " + "Kemarin kami tera ulang pompa SPBU sampai sore. " * 8
             + asked + " " + "Soalnya dia maksa dan bilang itu cuma uang bensin. " * 8
             + "Makasih ya.")
    gist = question_gist(story)
    assert len(gist) <= QUESTION_MAX
    assert gist.startswith("Saya penera di kabupaten.") and gist.endswith("Makasih ya.")
    assert f" … {asked} … " in gist
    # An end that asks itself keeps the whole room: no question is pulled from the middle.
    ends_asking = story.replace("Makasih ya.", "Jadi gimana?")
    assert asked not in question_gist(ends_asking)
