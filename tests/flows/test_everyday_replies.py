"""Everyday replies through the whole engine (handlers.replies at every step type): the issue's
examples, read or asked once, never refused."""

from __future__ import annotations

from tests.fakes.chat import Chat


def difficulty_at_first_band() -> Chat:
    c = Chat()
    c.send("/start")
    c.press("Tingkat kesulitan")
    c.send("penera")
    c.send("tera ulang")
    c.send("Timbangan meja")
    assert c.last_question.text.startswith("Unsur 1 dari 12 (Timbangan meja)\nKapasitas?")
    return c


def test_abbreviations_at_band_questions_and_a_bare_one_at_waktu() -> None:
    c = difficulty_at_first_band()
    for typed in ("sdg", "sedng", "tgg", "sgt rumit", "sederhana", "sdg aja", "tinggi bgt",
                  "kecil"):
        c.send(typed)
    assert c.state.answers["bobot:0:kapasitas"] == "2"
    assert c.state.answers["bobot:0:akurasi"] == "2"
    assert c.state.answers["bobot:0:presisi"] == "3"
    assert c.state.answers["bobot:0:konstruksi"] == "4"
    assert c.state.answers["bobot:0:standar"] == "4"
    assert c.state.answers["bobot:0:dampak"] == "1"
    assert c.last_question.text.startswith("Unsur 9 dari 12 (Timbangan meja)\nWaktu:")
    c.send("1")  # option 1 on the screen is "< 30 menit": which one?
    assert c.last_question.text == "Maksud Anda pilihan 1 (< 30 menit) atau 1 jam?"
    c.send("1")  # the first reading: the band
    assert c.state.answers["ukur:0:waktu"] == "1"
    c.send("/kembali")
    c.send("1")
    c.press("1 jam")
    assert c.state.answers["ukur:0:waktu"] == {"nilai": "1", "satuan": "jam"}


def test_a_tie_between_two_options_is_asked_once_naming_them() -> None:
    c = Chat()
    c.send("/start")
    c.press("Angka kredit")
    c.press("Konversi predikat ke AK")
    c.send("madia")
    assert c.state.answers["jenjang"] == "ahli_madya"
    c.send("sangat")
    assert c.last_question.text == "Maksud Anda Sangat Baik atau Sangat Kurang?"
    assert c.options == ["Sangat Baik", "Sangat Kurang"]
    c.send("apa ya")  # neither: the step's own sentence and its own question again
    assert c.texts[0].startswith("Pilih salah satu pilihan")
    c.send("baik bgt")
    assert c.state.answers["predikat"] == "sangat_baik"


def test_yes_no_as_people_write_it() -> None:
    c = Chat()
    c.send("/start")
    c.press("Kebutuhan JF (formasi)")
    c.send("analis")
    c.send("keahlian")
    c.send("1")
    c.send("selesai")
    c.send("30")
    assert c.last_question.options[0].label == "Ya"
    c.send("ya tidak")
    assert c.last_question.text == "Maksud Anda Ya atau Tidak?"
    c.send("iyaaa")
    assert c.state.answers["national_impact"] is True
    c.send("/kembali")
    c.send("nggak jadi")
    assert c.state.answers["national_impact"] is False
