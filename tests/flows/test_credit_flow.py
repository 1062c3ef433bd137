"""The Angka kredit flow, as whole conversations on the real calculator (and its chart)."""

from __future__ import annotations

import struct

import pytest

from handlers import texts
from handlers.flow import Invalid
from handlers.flows.credit import normalize_golongan, parse_predikat_list
from handlers.replies.when import NO_SUCH_DATE
from handlers.state import ChatState
from knowledge.calc import credit
from tests.fakes.chat import Chat

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JENJANG_QUESTION = "Jenjang jabatan Anda saat ini?"
GOLONGAN_QUESTION = "Golongan Anda saat ini (Ahli Pertama)?"
DATE_QUESTION = "Per tanggal berapa angka kredit itu?"
PREDIKAT_QUESTION = "Predikat kinerja yang Anda harapkan setiap tahun?"


def start() -> Chat:
    c = Chat()
    c.send("/start")
    c.press("Angka kredit")
    return c


def projection(*answers: str) -> Chat:
    """Start the projection path and type ``answers`` from the jenjang on."""
    c = start()
    c.press("Proyeksi kenaikan pangkat/jenjang")
    for answer in answers:
        c.send(answer)
    return c


def assert_png(data: bytes) -> None:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (1080, 1080)


# --- the whole projection -------------------------------------------------------------------

# Hand computation (docs/credit_exam.md): Ahli Pertama, koefisien 12,5, Baik = 100 % → 12,5/12
# AK per month. From 0 on 1 Januari 2025: 50 (kenaikan pangkat III/a → III/b) after
# 50 / (12,5/12) = 48 months = 1 Januari 2029 → first period on/after it 1 Februari 2029;
# 100 (kenaikan jenjang to Ahli Muda) after 96 months = Januari 2033 → 1 Februari 2033.
EXPECTED_PERTAMA = [
    "Kenaikan pangkat III/a → III/b: AK kumulatif minimal 50 tercapai Januari 2029 "
    "(bulan ke-48); periode kenaikan pangkat terdekat 1 Januari 2029.",
    "Kenaikan jenjang ke Ahli Muda (III/c): AK kumulatif minimal 100 tercapai Januari 2033 "
    "(bulan ke-96); periode kenaikan pangkat terdekat 1 Januari 2033.",
]


def check_pertama_result(c: Chat) -> None:
    result = c.texts[0]
    assert result.startswith("Angka kredit Ahli Pertama dengan predikat Baik selama 12 bulan")
    for line in EXPECTED_PERTAMA:
        assert line in result
    assert "Kenaikan jenjang juga memerlukan:" in result
    assert "Asumsi:" in result and "Sumber:" in result
    assert len(c.images) == 1
    image = c.images[0]
    assert image.filename == "proyeksi-angka-kredit-ahli-pertama.png"
    assert image.caption == "Grafik proyeksi angka kredit Ahli Pertama (III/a)."
    assert_png(image.data)
    assert c.options == [texts.END_AGAIN, texts.END_MENU]
    assert c.state.step == "_end"


def test_whole_projection_by_labels() -> None:
    c = start()
    assert "Hitung angka kredit" in c.texts[0]
    assert c.last_question.text == "Apa yang ingin Anda hitung?"
    # Projection and conversion differ in length: no total before the choice.
    assert c.last_question.progress == "Langkah 1"
    c.send("Proyeksi kenaikan pangkat/jenjang")
    # "Berbeda per tahun" at the predikat may still add a question: no total yet.
    assert c.last_question.progress == "Langkah 2"
    assert c.last_question.text == JENJANG_QUESTION
    assert c.options == [j["label"] for j in credit.reference()["jenjang"]]
    assert c.last_question.hint == "Pilihan 1–4 jenjang keahlian; 5–8 jenjang keterampilan."
    c.send("Ahli Pertama")
    assert c.last_question.text == GOLONGAN_QUESTION
    assert c.options == ["III/a", "III/b"]
    c.send("III/a")
    assert c.last_question.text == "Berapa angka kredit (AK) Anda saat ini?"
    assert "AK kumulatif pada jenjang ini" in c.last_question.hint
    assert "(Ahli Pertama: kenaikan pangkat tiap 50 dan kenaikan jenjang pada 100.)" in \
        c.last_question.hint
    c.send("0")
    assert c.last_question.text == DATE_QUESTION
    c.send("1 Januari 2025")
    assert c.last_question.text == PREDIKAT_QUESTION
    assert c.last_question.progress == "Langkah 6"
    assert c.options == ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang", "Sangat Kurang",
                         "Berbeda per tahun"]
    c.send("Baik")
    check_pertama_result(c)
    assert c.state.answers["tanggal"] == "2025-01-01"
    assert c.state.answers["ak_saat_ini"] == "0"


def test_whole_projection_by_numbers() -> None:
    c = start()
    for answer in ["1", "1", "1", "0", "1/1/2025", "2"]:
        c.send(answer)
    check_pertama_result(c)


def test_whole_projection_by_buttons() -> None:
    c = start()
    for token in ["proyeksi", "ahli_pertama", "III/a"]:
        c.press(token)
    c.send("0")
    c.send("01-01-2025")
    c.press("baik")
    check_pertama_result(c)


def test_decimal_ak_and_a_second_golongan() -> None:
    # Ahli Madya (koefisien 37,5), Sangat Baik = 150 % → 56,25/12 = 4,6875 AK per month.
    # From 180,5 on 15 Maret 2025: 300 needs 119,5 / 4,6875 = 25,5 → 26 months = 15 Mei 2027
    # → period 1 Juni 2027; 450 needs 269,5 / 4,6875 = 57,5 → 58 months = 15 Januari 2030
    # → period 1 Februari 2030.
    c = projection("Ahli Madya", "IV/b", "180,5", "15 Maret 2025", "Sangat Baik")
    result = c.texts[0]
    assert ("Proyeksi dari 180,5 angka kredit pada 15 Maret 2025 (Ahli Madya, IV/b):"
            in result)
    assert ("Kenaikan pangkat IV/b → IV/c: AK kumulatif minimal 300 tercapai Mei 2027 "
            "(bulan ke-26); periode kenaikan pangkat terdekat 1 Juni 2027." in result)
    assert ("Kenaikan jenjang ke Ahli Utama (IV/d): AK kumulatif minimal 450 tercapai "
            "Januari 2030 (bulan ke-58); periode kenaikan pangkat terdekat 1 Februari 2030."
            in result)
    assert c.images[0].filename == "proyeksi-angka-kredit-ahli-madya.png"
    assert all(not t.startswith("Catatan:") for t in c.texts)


def test_ak_below_the_golongan_gets_a_note() -> None:
    # Ahli Madya IV/c sits two kenaikan pangkat (2 × 150) above IV/a: 20 cannot be cumulative.
    c = projection("Ahli Madya", "IV/c", "20", "1/1/2025", "Baik")
    assert c.texts[1] == (
        "Catatan: pada golongan IV/c, AK kumulatif jenjang Ahli Madya biasanya sudah paling "
        "sedikit 300. Bila angka Anda dihitung sejak kenaikan pangkat terakhir, hitung lagi "
        "dengan angka itu ditambah 300.")


def test_top_golongan_has_no_target_and_no_chart() -> None:
    c = projection("Ahli Utama", "IV/e", "10", "1/1/2025", "Baik")
    assert "Tidak ada kenaikan pangkat atau jenjang lagi" in c.texts[0]
    assert c.images == []
    assert c.options == [texts.END_AGAIN, texts.END_MENU]


def test_predikat_per_year() -> None:
    # Ahli Pertama from 0 on 1 Januari 2025: year 1 Baik → 12,5 after 12 months; then
    # Sangat Baik (18,75/12 = 1,5625 per month, repeated): 50 after 12 + 37,5/1,5625 = 36
    # months = 1 Januari 2028 → period 1 Januari 2028 (monthly, Peraturan BKN 4/2025); 100
    # after 12 + 87,5/1,5625 = 68 months = 1 September 2030 → period 1 September 2030.
    c = projection("Ahli Pertama", "III/a", "0", "1 Januari 2025", "Berbeda per tahun")
    assert c.last_question.text == "Predikat per tahun, mulai tahun pertama?"
    assert c.last_question.progress == "Langkah 7 dari 7"
    c.send("baik, baek")
    assert c.texts[0].startswith('Predikat "baek" tidak dikenal;')
    assert c.last_question.text == "Predikat per tahun, mulai tahun pertama?"
    c.send(", ".join(["baik"] * 11))
    assert c.texts[0].startswith("Tulis 1 sampai 10 predikat dipisah koma")
    c.send("baik, sangat baik")
    result = c.texts[0]
    assert "minimal 50 tercapai Januari 2028 (bulan ke-36); periode kenaikan pangkat " \
        "terdekat 1 Januari 2028." in result
    assert "minimal 100 tercapai September 2030 (bulan ke-68); periode kenaikan pangkat " \
        "terdekat 1 September 2030." in result
    assert_png(c.images[0].data)
    c.send("/kembali")
    assert "Jawaban sebelumnya: Baik, Sangat Baik." in c.last_text


# --- the short conversion path --------------------------------------------------------------


def test_conversion_path() -> None:
    # Ahli Madya, Butuh Perbaikan: 37,5 × 75 % × 12/12 = 28,125, shown half-up as 28,13.
    c = start()
    c.send("konversi")
    assert c.last_question.text == JENJANG_QUESTION
    assert c.last_question.progress == "Langkah 2 dari 4"
    c.send("Ahli Madya")
    assert c.last_question.text == "Predikat kinerja?"
    assert c.last_question.progress == "Langkah 3 dari 4"
    assert "Berbeda per tahun" not in c.options
    c.send("Butuh Perbaikan")
    assert c.last_question.text == "Untuk berapa bulan?"
    for wrong in ["13", "0", "6,5", "dua tahun"]:
        c.send(wrong)
        assert c.texts == ["Ketik bilangan bulat dari 1 sampai 12.", "Untuk berapa bulan?"]
    c.send("12")
    assert c.texts[0].startswith(
        "Angka kredit Ahli Madya dengan predikat Butuh Perbaikan selama 12 bulan: "
        "37,5 × 75% × 12/12 = 28,125, ditampilkan 28,13.")
    assert c.images == [] and c.documents == []
    assert c.options == [texts.END_AGAIN, texts.END_MENU]


def test_conversion_part_of_a_year() -> None:
    # Pemula (koefisien 3,75), Baik, 6 months: 3,75 × 100 % × 6/12 = 1,875 → 1,88.
    c = start()
    for answer in ["2", "Pemula", "Baik", "6"]:
        c.send(answer)
    assert "3,75 × 100% × 6/12 = 1,875, ditampilkan 1,88." in c.texts[0]


# --- wrong answers: one sentence and the same question ---------------------------------------


def test_wrong_choices_keep_the_same_question() -> None:
    c = start()
    first = c.options
    c.send("apa saja")
    assert c.texts == [texts.CHOICE_EXPECTED, "Apa yang ingin Anda hitung?"]
    assert c.options == first
    c.send("1")
    jenjang = c.options
    for wrong in ["kepala", "9", "Ahli Sangat Utama"]:
        c.send(wrong)
        assert c.texts == [texts.CHOICE_EXPECTED, JENJANG_QUESTION], wrong
        assert c.options == jenjang
    c.send("madya")  # a unique part of a label
    assert c.state.answers["jenjang"] == "ahli_madya"


@pytest.mark.parametrize(("typed", "sentence"), [
    ("IV/a", "Golongan IV/a tidak termasuk jenjang Ahli Pertama; pilih III/a atau III/b."),
    # "II/a" is close to "III/a": it must not be taken for it.
    ("II/a", "Golongan II/a tidak termasuk jenjang Ahli Pertama; pilih III/a atau III/b."),
    ("3c", "Golongan III/c tidak termasuk jenjang Ahli Pertama; pilih III/a atau III/b."),
    ("golongan III/c", "Golongan III/c tidak termasuk jenjang Ahli Pertama; pilih III/a atau "
     "III/b."),
    ("gol. ii/b", "Golongan II/b tidak termasuk jenjang Ahli Pertama; pilih III/a atau III/b."),
    ("golongan tiga", "Pilih golongan Ahli Pertama: III/a atau III/b."),
])
def test_golongan_not_of_the_jenjang(typed: str, sentence: str) -> None:
    c = projection("Ahli Pertama")
    c.send(typed)
    assert c.texts == [sentence, GOLONGAN_QUESTION]
    assert c.options == ["III/a", "III/b"]
    assert "golongan" not in c.state.answers


def test_no_golongan_of_another_jenjang_is_ever_accepted() -> None:
    """Every golongan of the data typed for a jenjang it is not in: refused, not guessed."""
    ref = credit.reference()["jenjang"]
    every = {g for j in ref for g in j["golongan"]}
    for j in ref:
        c = projection(j["label"])
        question = c.last_question.text
        for g in sorted(every - set(j["golongan"])):
            for typed in (g, f"golongan {g}", f"gol. {g}"):
                c.send(typed)
                assert c.texts[0].startswith(f"Golongan {g} tidak termasuk jenjang"), typed
                assert c.last_question.text == question
        assert "golongan" not in c.state.answers


def test_golongan_typed_in_other_spellings() -> None:
    c = projection("Ahli Pertama", "3b")
    assert c.state.answers["golongan"] == "III/b"
    c = projection("Terampil", "gol. ii/d")
    assert c.state.answers["golongan"] == "II/d"
    c = projection("Pemula", "Golongan II/a")
    assert c.state.answers["golongan"] == "II/a"
    c = projection("Mahir", "III/b")
    assert c.state.answers["golongan"] == "III/b"
    c = projection("Mahir", "iii / b")  # the label, case- and space-insensitive
    assert c.state.answers["golongan"] == "III/b"
    c = projection("Ahli Madya", "gol. IV/c")
    assert c.state.answers["golongan"] == "IV/c"


def test_golongan_close_to_a_label_is_refused_not_guessed() -> None:
    """"II/a" at Ahli Pertama (labels "III/a", "III/b"): one sentence, the same choices."""
    c = projection("Ahli Pertama")
    c.send("II/a")
    assert c.texts == ["Golongan II/a tidak termasuk jenjang Ahli Pertama; pilih III/a atau "
                       "III/b.", GOLONGAN_QUESTION]
    assert c.options == ["III/a", "III/b"]
    assert "golongan" not in c.state.answers
    c.send("2")  # the number of the option as shown still picks it
    assert c.state.answers["golongan"] == "III/b"


def test_wrong_ak_keeps_the_same_question() -> None:
    c = projection("Ahli Pertama", "III/a")
    for wrong in ["-5", "minus lima", "12,5,3", "lima puluhan"]:
        c.send(wrong)
        assert c.texts == ["Ketik angka paling kecil 0.",
                           "Berapa angka kredit (AK) Anda saat ini?"], wrong
    c.send("62,5")
    assert c.state.answers["ak_saat_ini"] == "62.5"
    assert c.texts[0] == "Dicatat: 62,5."  # a decimal comma is confirmed back
    c.send("/kembali")
    c.send("enam puluh dua setengah")  # number words are read and confirmed back
    assert c.texts[0] == "Dicatat: 62,5."
    assert c.state.answers["ak_saat_ini"] == "62.5"


@pytest.mark.parametrize(("wrong", "sentence"), [
    ("31/02/2025", NO_SUCH_DATE), ("besok lusa", texts.DATE_EXPECTED),
    ("2025", texts.DATE_EXPECTED), ("1 Januarii 2025", texts.DATE_EXPECTED)])
def test_wrong_date_keeps_the_same_question(wrong: str, sentence: str) -> None:
    c = projection("Ahli Pertama", "III/a", "0")
    c.send(wrong)
    assert c.texts == [sentence, DATE_QUESTION]
    assert "tanggal" not in c.state.answers


def test_wrong_predikat_keeps_the_same_choices() -> None:
    c = projection("Ahli Pertama", "III/a", "0", "1 Jan 2025")
    choices = c.options
    c.send("luar biasa")
    assert c.texts == [texts.CHOICE_EXPECTED, PREDIKAT_QUESTION]
    assert c.options == choices


# --- navigation -------------------------------------------------------------------------------


def test_kembali_shows_earlier_answers() -> None:
    c = projection("Ahli Pertama", "III/b", "62,5")
    assert c.last_question.text == DATE_QUESTION
    c.send("/kembali")
    assert "Jawaban sebelumnya: 62,5." in c.last_text
    c.send("kembali")
    assert "Jawaban sebelumnya: III/b." in c.last_text
    c.send("kembali")
    assert "Jawaban sebelumnya: Ahli Pertama." in c.last_text
    c.send("Mahir")  # changing the jenjang forgets the golongan and what followed
    assert c.last_question.text == "Golongan Anda saat ini (Mahir)?"
    assert "golongan" not in c.state.answers and "ak_saat_ini" not in c.state.answers


def test_kembali_after_the_result_and_again() -> None:
    c = projection("Ahli Pertama", "III/a", "0", "1 Januari 2025", "Baik")
    c.send("/kembali")
    assert "Jawaban sebelumnya: Baik." in c.last_text
    c.send("Sangat Baik")
    assert "Angka kredit Ahli Pertama dengan predikat Sangat Baik" in c.texts[0]
    c.press(texts.END_AGAIN)
    assert c.last_question.text == "Apa yang ingin Anda hitung?"
    assert c.state.answers == {} or set(c.state.answers) == {"_meta"}


def test_batal_leaves_the_flow() -> None:
    c = projection("Ahli Pertama", "III/a")
    c.send("/batal")
    assert c.texts[0] == texts.CANCELLED.format(title="Angka kredit")
    assert c.state.flow is None
    assert texts.MENU_QUESTION in c.last_text


def test_keyword_starts_the_flow() -> None:
    c = Chat()
    c.send("hitung angka kredit")
    assert c.state.flow == "credit"
    assert c.last_question.text == "Apa yang ingin Anda hitung?"


def test_calculator_error_goes_back_to_its_step() -> None:
    # A state saved before the data changed: IV/a is not a golongan of Ahli Pertama.
    answers = {"jenis": "proyeksi", "jenjang": "ahli_pertama", "golongan": "IV/a",
               "ak_saat_ini": "0", "tanggal": "2025-01-01"}
    state = ChatState(flow="credit", step="predikat", answers=answers,
                      history=["jenis", "jenjang", "golongan", "ak_saat_ini", "tanggal"])
    c = Chat(state=state)
    c.send("Baik")
    assert c.texts[0] == "Untuk Ahli Pertama pilih salah satu dari: III/a, III/b."
    assert c.last_question.text.endswith(GOLONGAN_QUESTION)
    assert c.state.step == "golongan"
    c.send("III/a")
    assert c.state.step == "ak_saat_ini"


# --- parsers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "golongan"), [
    ("III/a", "III/a"), ("iii/A", "III/a"), ("3a", "III/a"), ("3/a", "III/a"),
    ("III a", "III/a"), ("IV-c", "IV/c"), ("golongan II/d", "II/d"), ("Gol. 4e", "IV/e"),
    ("III/f", None), ("V/a", None), ("tiga a", None), ("", None),
])
def test_normalize_golongan(text: str, golongan: str | None) -> None:
    assert normalize_golongan(text) == golongan


@pytest.mark.parametrize(("text", "ids"), [
    ("baik, sangat baik, baik", ["baik", "sangat_baik", "baik"]),
    ("Baik; Butuh Perbaikan", ["baik", "butuh_perbaikan"]),
    ("kurang lalu sangat kurang", ["kurang", "sangat_kurang"]),
    ("sangat baik", ["sangat_baik"]),
])
def test_parse_predikat_list(text: str, ids: list[str]) -> None:
    assert parse_predikat_list(text, {}) == ids


@pytest.mark.parametrize("text", ["", ",", "bagus", "baik, " * 10 + "baik"])
def test_parse_predikat_list_rejects(text: str) -> None:
    with pytest.raises(Invalid):
        parse_predikat_list(text, {})


def test_a_future_date_is_refused_today_is_accepted() -> None:
    # The fake clock stands at 1 April 2027, 08:00 UTC.
    c = projection("Ahli Pertama", "III/a", "0")
    c.send("2 April 2027")
    assert c.texts == ["Tanggal tidak boleh setelah hari ini (1 April 2027).", DATE_QUESTION]
    assert "tanggal" not in c.state.answers
    c.send("1/4/2027")
    assert c.state.answers["tanggal"] == "2027-04-01"


def test_today_is_the_date_in_eastern_indonesia() -> None:
    # 20:00 UTC is already 2 April in Jayapura (WIT, UTC+9): that date is not "after today".
    c = projection("Ahli Pertama", "III/a", "0")
    c.advance(minutes=12 * 60)
    c.send("2 April 2027")  # after the pause: "Lanjutkan" or "Mulai dari awal" first
    c.press("Lanjutkan")
    c.send("2 April 2027")
    assert c.state.answers["tanggal"] == "2027-04-02"


def test_bantuan_explains_the_ak() -> None:
    c = projection("Ahli Pertama", "III/a")
    c.send("/bantuan")
    assert "AK kumulatif pada jenjang saat ini" in c.last_text
    assert c.last_question.text == "Berapa angka kredit (AK) Anda saat ini?"


def test_every_option_has_a_short_title() -> None:
    seen = []
    for c in (start(), projection("Ahli Madya", "IV/a", "0", "1/1/2025")):
        seen += list(c.last_question.options)
    c = start()
    c.send("1")
    seen += list(c.last_question.options)
    for option in seen:
        assert len(option.short or option.label) <= 20, option


def test_chat_projection_judges_periods_against_today() -> None:
    # The chat's clock stands at 1 April 2027; 50 AK were reached in January 2024 (12,5 a year
    # from 1 Januari 2020): that period is past, the next possible one is today's month.
    c = projection("Ahli Pertama", "III/a", "0", "1 Januari 2020", "Baik")
    result = c.texts[0]
    assert "sudah tercapai sejak Januari 2024 (bulan ke-48)" in result
    assert "periode kenaikan pangkat berikutnya yang mungkin 1 April 2027" in result
    assert "terdekat 1 Februari 2024" not in result and "2024;" not in result
