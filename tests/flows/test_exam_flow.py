"""The Nilai uji kompetensi flow, as whole conversations on the real calculator."""

from __future__ import annotations

import pytest

from handlers.flow import Invalid
from handlers.flows.exam import parse_scores
from knowledge.calc import exam
from tests.fakes.chat import Chat

ANSWERS = ["80", "8", "50", "25", "25", "35", "28", "80, 90, 70", "70"]


def start() -> Chat:
    c = Chat()
    c.send("/start")
    c.press("Nilai uji kompetensi")
    return c


def test_whole_exam_conversation() -> None:
    c = start()
    assert "Hitung nilai uji kompetensi" in c.texts[0]
    assert c.last_question.text == "Nilai CAT (Computer Assisted Test)?"
    assert c.last_question.progress == "Langkah 1 dari 10"
    for i, answer in enumerate(ANSWERS, 2):
        c.send(answer)
        assert c.last_question.progress == f"Langkah {i} dari 10", c.last_text
    assert c.last_question.text.startswith("Tanggal surat rekomendasi")
    assert c.options == ["Lewati"]
    c.send("1 April 2025")
    result = c.texts[0]
    assert "Nilai Seminar: 83" in result
    assert "Nilai Praktik: 88" in result
    assert "Nilai Wawancara: 80" in result
    assert "Nilai UKT: 82,75." in result
    assert "= 76,37; rekomendasi: Lulus" in result
    assert "Asumsi:" in result and "Sumber:" in result
    # 1 April 2025 + 2 years (Lampiran IX); said once, in the calculator's sentence.
    assert "bertanggal 1 April 2025 berlaku sampai 1 April 2027." in result
    assert result.count("1 April 2027") == 1
    assert c.options == ["Hitung lagi", "Menu utama"]


def test_exam_without_date_has_no_expiry() -> None:
    c = start()
    for answer in ANSWERS:
        c.send(answer)
    c.press("Lewati")
    assert "Nilai akhir" in c.texts[0]
    assert "berlaku sampai" not in c.texts[0]


def test_maxima_come_from_the_reference() -> None:
    ref = exam.reference()
    c = start()
    c.send("80")
    for element, maximum in ref["seminar"].items():
        assert element in c.last_question.text
        c.send(str(maximum + 1))
        assert c.texts[0] == f"Ketik angka dari 0 sampai {maximum}."
        c.send(str(maximum))
    for element, maximum in ref["praktik"].items():
        assert element in c.last_question.text
        c.send(str(maximum + 1))
        assert c.texts[0] == f"Ketik angka dari 0 sampai {maximum}."
        c.send(str(maximum))
    assert c.last_question.text == "Nilai wawancara per kompetensi?"


def test_wrong_scores_keep_the_same_question() -> None:
    c = start()
    c.send("seratus satu")
    assert c.texts == ["Ketik angka dari 0 sampai 100.", "Nilai CAT (Computer Assisted Test)?"]
    c.send("100,5")
    assert c.texts[0] == "Ketik angka dari 0 sampai 100."
    c.send("79,5")
    assert c.state.answers["cat"] == "79.5"
    for answer in ANSWERS[1:7]:
        c.send(answer)
    c.send("80, 190")
    assert c.texts[0].startswith("Ketik nilai wawancara per kompetensi dari 0 sampai 100")
    assert c.last_question.text == "Nilai wawancara per kompetensi?"


def test_kembali_shows_the_wawancara_scores_again() -> None:
    c = start()
    for answer in ANSWERS[:8]:
        c.send(answer)
    c.send("/kembali")
    assert "Jawaban sebelumnya: 80; 90; 70." in c.last_text


@pytest.mark.parametrize(("text", "scores"), [
    ("80, 90, 70", ["80", "90", "70"]), ("80;90;70", ["80", "90", "70"]),
    ("80 90 70", ["80", "90", "70"]), ("80,5", ["80.5"]), ("80,90,70", ["80", "90", "70"]),
    ("80,5, 90", ["80.5", "90"]), ("75", ["75"]),
])
def test_parse_scores(text: str, scores: list[str]) -> None:
    assert parse_scores(text, {}) == scores


@pytest.mark.parametrize("text", ["", "delapan puluh", "80, 101", "-1"])
def test_parse_scores_rejects(text: str) -> None:
    with pytest.raises(Invalid):
        parse_scores(text, {})


def test_exam_keyword_starts_the_flow() -> None:
    c = Chat()
    c.send("ukom")
    assert c.state.flow == "exam"
    c.send("/batal")
    c.send("nilai uji kompetensi")
    assert c.state.flow == "exam"
