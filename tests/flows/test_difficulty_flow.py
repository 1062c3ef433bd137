"""The Tingkat kesulitan flow, as whole conversations on the real calculator and form."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from handlers.events import ChoiceIn
from handlers.flow import Invalid
from handlers.flows import difficulty as difficulty_flow
from handlers.flows._difficulty_parts import parse_measure, short_title
from knowledge.calc import difficulty
from tests.fakes.chat import Chat

REF = {k["id"]: k for k in difficulty.reference()["kegiatan"]}


def unsur(kegiatan: str, uid: str) -> dict[str, Any]:
    """Return one unsur of the reference."""
    return next(u for u in REF[kegiatan]["unsur"] if u["id"] == uid)


def rule(kegiatan: str, uid: str) -> str:
    """Return the deliberate rule sentence of an unsur (the calculator's own text)."""
    return next(b["rule"] for b in unsur(kegiatan, uid)["bands"] if b["rule"])


# Tera dan Tera Ulang, table order: kapasitas, akurasi, presisi, konstruksi, instalasi, metode,
# standar, dampak, waktu (measured), perhitungan, K3, pihak (measured).
# By hand: 2+2+3+2+2+2+2+2 + waktu 90 menit = 1,5 jam → "30 Menit s.d < 2 Jam" = 2
#          + 2 + 2 + pihak 1 → "1 pihak" = 1; total 24 → Tabel 4: 16–26 = II.
TERA = ["2", "2", "3", "2", "2", "2", "2", "2", "90 menit", "2", "2", "1"]
TERA_LABELS = ["Sedang", "Sedang", "Tinggi", "sedang", "Sedang", "Sedang", "Sedang", "Sedang",
               "1,5", "Sedang", "Risiko sedang", "1 pihak"]


def start() -> Chat:
    c = Chat()
    c.send("/start")
    c.press("Tingkat kesulitan")
    return c


def penera_tera(c: Chat, name: str = "Timbangan sentisimal") -> None:
    """Choose Penera → Tera dan Tera Ulang → the name, by typed numbers."""
    c.send("1")
    c.send("1")
    c.send(name)


def test_whole_flow_by_numbers() -> None:
    c = start()
    assert "Hitung tingkat kesulitan" in c.texts[0]
    assert c.last_question.text == "Tingkat kesulitan untuk JF apa?"
    assert c.options == ["Penera", "Penguji Mutu Barang"]
    # The unsur are unknown until the kegiatan is chosen: no total before it.
    assert c.last_question.progress == "Instrumen 1 — Langkah 1"
    c.send("1")
    assert c.options == ["Tera dan Tera Ulang", "Pengujian Tipe", "Verifikasi Standar Ukuran"]
    assert c.last_question.progress == "Instrumen 1 — Langkah 2"
    c.send("1")
    assert c.options == ["Lewati"]
    assert c.last_question.progress == "Instrumen 1 — Langkah 3 dari 16"
    c.send("Timbangan sentisimal")
    # jf, kegiatan, nama, 12 unsur, "Tambah instrumen lain?"
    assert c.last_question.progress == "Instrumen 1 — Langkah 4 dari 16"
    assert c.last_question.text.startswith("Unsur 1 dari 12 (Timbangan sentisimal)")
    assert "Kapasitas?" in c.last_question.text
    assert [o.description for o in c.last_question.options] == [
        "bobot 1", "bobot 2", "bobot 3", "bobot 4"]
    for i, answer in enumerate(TERA, 5):
        c.send(answer)
        if i <= 16:
            assert c.last_question.progress == f"Instrumen 1 — Langkah {i} dari 16", c.last_text
    result = c.texts[0]
    assert result.startswith("Hasil instrumen 1:\nTera dan Tera Ulang (Penera) — Timbangan")
    assert "9. Waktu: 1,5 jam → bobot 2 (30 Menit s.d < 2 Jam)" in result
    assert "12. Jumlah Keterlibatan Stakeholder: 1 pihak → bobot 1 (1 pihak)" in result
    assert "Total bobot 24 → tingkat kesulitan II (kisaran 16–26" in result
    assert "Sumber:" in result
    assert c.last_question.text == "Tambah instrumen lain?"
    c.send("tidak")
    assert "Ringkasan tingkat kesulitan (1 instrumen):" in c.texts[0]
    assert "1. Timbangan sentisimal — Tera dan Tera Ulang (Penera): total bobot 24, " \
           "tingkat kesulitan II." in c.texts[0]
    [doc] = c.documents
    assert doc.filename == "formulir-klasifikasi-penera.xlsx"
    assert rows(doc.data) == {"Tera dan Tera Ulang": [
        [1, "Timbangan sentisimal", 2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 1, 24, "II"]]}
    assert c.options == ["Hitung lagi", "Menu utama"]


def rows(data: bytes) -> dict[str, list[list[Any]]]:
    """Return the instrument rows (those numbered in column A) of every sheet of the form."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
            for ws in wb}


def test_whole_flow_by_labels() -> None:
    c = start()
    c.send("penera")
    c.send("tera dan tera ulang")
    c.send("lewati")
    assert c.last_question.text.startswith("Unsur 1 dari 12\n")
    for answer in TERA_LABELS:
        c.send(answer)
    assert "— Instrumen 1:" in c.texts[0]
    assert "Total bobot 24 → tingkat kesulitan II" in c.texts[0]
    c.send("Tidak, selesai")
    assert rows(c.documents[0].data)["Tera dan Tera Ulang"][0][1] == "Instrumen 1"


def test_whole_flow_by_button_tokens() -> None:
    c = start()
    c.press("penguji_mutu_barang")
    c.press("pmb_pengujian")
    c.press("_skip")
    # Pengujian, by hand: waktu band >3 - 7 = 2; langkah band ≤ 3 = 1;
    # risiko 3; kesulitan 3 → total 9 → Tabel 6: 9–10 = IV.
    assert c.options == ["≤ 3", ">3 - 7", ">7"]  # the bands, next to a typed measurement
    c.press("2")
    c.press("1")
    c.press("3")
    c.press("3")
    # The Formulir Klasifikasi of PMB has a "Standar yang digunakan" column.
    assert c.last_question.text == "Standar yang digunakan untuk instrumen 1?"
    assert c.last_question.progress == "Instrumen 1 — Langkah 8 dari 9"
    c.send("SNI 3554:2015")
    assert "Total bobot 9 → tingkat kesulitan IV (kisaran 9–10; Lampiran II huruf B, Tabel 6)" \
        in c.texts[0]
    c.press("selesai")
    assert c.documents[0].filename == "formulir-klasifikasi-penguji-mutu-barang.xlsx"
    c.press("_menu")
    assert "Menu utama" in c.last_text


def test_measured_value_at_a_band_edge_and_in_a_gap_shows_the_rule() -> None:
    c = start()
    penera_tera(c)
    for answer in TERA[:8]:
        c.send(answer)
    c.send("4")  # waktu: '2 jam s.d < 4 jam' | '> 4 jam' — exactly 4 jam is in no band as written
    c.send("2")
    c.send("2")
    c.send("4")  # pihak: '3 Pihak' | '> 4 pihak' — exactly 4 pihak is in no band as written
    result = c.texts[0]
    assert "9. Waktu: 4 jam → bobot 4 (> 4 jam)" in result
    assert f"Catatan: Waktu 4 jam: {rule('penera_tera_ulang', 'waktu')}" in result
    assert f"Jumlah Keterlibatan Stakeholder 4 pihak: " \
           f"{rule('penera_tera_ulang', 'jumlah_keterlibatan_stakeholder')}" in result
    # 2+2+3+2+2+2+2+2 + 4 + 2+2 + 4 = 29 → Tabel 4: 27–37 = III
    assert "Total bobot 29 → tingkat kesulitan III" in result


def test_band_edges_without_a_rule() -> None:
    c = start()
    penera_tera(c)
    for answer in TERA[:8]:
        c.send(answer)
    c.send("2 jam")  # '2 jam s.d < 4 jam': the lower edge is inside, bobot 3
    c.send("2")
    c.send("2")
    c.send("3")
    result = c.texts[0]
    assert "9. Waktu: 2 jam → bobot 3 (2 jam s.d < 4 jam)" in result
    assert "12. Jumlah Keterlibatan Stakeholder: 3 pihak → bobot 3 (3 Pihak)" in result
    assert "Catatan" not in result


@pytest.mark.parametrize(("kegiatan", "answers", "uid", "line"), [
    # Pengujian Tipe: '<4 Jam' | '>4 s.d 8 jam' — exactly 4 jam gets bobot 1.
    (2, ["2"] * 7 + ["4 jam", "2", "2", "4 jenis", "2"], "waktu", "8. Waktu: 4 jam → bobot 1"),
    # Pengujian Tipe: '< 4' | '5 s.d 8' — exactly 4 jenis pengujian gets bobot 1. A bare "4"
    # could be option 4 ('>12'): asked once, "2" picks the measurement.
    (2, ["2"] * 7 + ["4 jam", "2", "2", "4", "2", "2"], "jumlah_jenis_pengujian",
     "11. Jumlah Jenis Pengujian: 4 jenis pengujian → bobot 1"),
])
def test_pengujian_tipe_gaps(kegiatan: int, answers: list[str], uid: str, line: str) -> None:
    c = start()
    c.send("1")
    c.send(str(kegiatan))
    c.send("lewati")
    for answer in answers:
        c.send(answer)
    assert line in c.texts[0]
    assert rule("penera_pengujian_tipe", uid) in c.texts[0]


def test_pmb_gaps_and_the_kalibrasi_header() -> None:
    c = start()
    c.send("Penguji Mutu Barang")
    c.send("Pengambilan Contoh")
    c.send("Nekton (air laut)")
    # waktu 6 jam → >3 - 7 = 2; 7 langkah (the table stops at '5-6') → 3; risiko s = 2;
    # kesulitan "Sulit" = 2; tempat "Cerobong asap…" = 3 → total 12 → Tabel 5: 12–13 = IV.
    for answer in ["6", "7 langkah", "Sedang (s)", "Sulit", "3", "lewati"]:
        c.send(answer)
    result = c.texts[0]
    assert "2. Jumlah langkah pengerjaan: 7 langkah → bobot 3" in result
    assert rule("pmb_pengambilan_contoh", "jumlah_langkah_pengerjaan") in result
    assert "Total bobot 12 → tingkat kesulitan IV" in result
    c.press("Ya, kegiatan lain")
    assert c.last_question.text == "Instrumen 2: untuk JF apa?"
    assert c.last_question.progress == "Instrumen 2 — Langkah 1"
    c.send("2")
    c.send("Kalibrasi")
    c.send("Termometer")
    # Kalibrasi: 2 jam 30 menit = 150 menit = 2,5 jam → ≤ 3 = 1; 5 langkah → the Keterangan
    # (> 3 s.d. 7) = 2; 1; 1; 1 → total 6 → Tabel 7: 6–8 = II.
    for answer in ["2 jam 30 menit", "5", "1", "1", "1", "lewati"]:
        c.send(answer)
    result = c.texts[0]
    assert "1. Waktu: 2,5 jam → bobot 1" in result
    assert rule("pmb_kalibrasi", "jumlah_langkah_pengerjaan") in result
    assert "Total bobot 6 → tingkat kesulitan II" in result
    c.send("selesai")
    assert "Ringkasan tingkat kesulitan (2 instrumen):" in c.texts[0]
    assert rows(c.documents[0].data).keys() == {"Pengambilan Contoh", "Kalibrasi"}


def test_two_instruments_give_one_form_with_two_rows() -> None:
    c = start()
    penera_tera(c)
    for answer in TERA:
        c.send(answer)
    c.send("ya")  # "Ya, kegiatan sama"
    assert c.last_question.text == "Nama instrumen 2 (alat ukur, contoh uji atau alat yang " \
                                   "dikalibrasi)?"
    # The same kegiatan: name, 12 unsur, "Tambah instrumen lain?" (JF and kegiatan inherited).
    assert c.last_question.progress == "Instrumen 2 — Langkah 1 dari 14"
    c.send("Meter taksi")
    assert c.last_question.text.startswith("Unsur 1 dari 12 (Meter taksi)")
    assert c.last_question.progress == "Instrumen 2 — Langkah 2 dari 14"
    # By hand: eleven times bobot 1 and waktu 20 menit (< 30 menit = 1) → 12 → Tabel 4: I.
    for answer in ["1"] * 8 + ["20 menit", "1", "1", "1"]:
        c.send(answer)
    assert c.texts[0].startswith("Hasil instrumen 2:\nTera dan Tera Ulang (Penera) — Meter taksi")
    assert "Total bobot 12 → tingkat kesulitan I" in c.texts[0]
    c.press("Tidak, selesai")
    summary = c.texts[0]
    assert "1. Timbangan sentisimal — Tera dan Tera Ulang (Penera): total bobot 24, " \
           "tingkat kesulitan II." in summary
    assert "2. Meter taksi — Tera dan Tera Ulang (Penera): total bobot 12, " \
           "tingkat kesulitan I." in summary
    [doc] = c.documents
    sheet = rows(doc.data)["Tera dan Tera Ulang"]
    assert [r[:2] + r[-2:] for r in sheet] == [[1, "Timbangan sentisimal", 24, "II"],
                                               [2, "Meter taksi", 12, "I"]]


def test_a_weight_that_is_no_option_keeps_the_same_choices() -> None:
    c = start()
    penera_tera(c)
    before = c.last_question
    for wrong in ["5", "0", "bobot 9", "luar biasa"]:
        c.send(wrong)
        assert c.texts == ["Bobot Kapasitas hanya 1 sampai 4; pilih salah satu pilihan di bawah.",
                           before.text]
        assert c.last_question.options == before.options
    c.send("bobot 3")
    assert c.state.answers["bobot:0:kapasitas"] == "3"


def test_wrong_measurements_keep_the_same_question() -> None:
    c = start()
    penera_tera(c)
    for answer in TERA[:8]:
        c.send(answer)
    question = c.last_question.text
    for wrong in ["jam dua", "0", "-1", "3 hari"]:
        c.send(wrong)
        assert c.texts[0] == ('Ketik lamanya dalam jam (lebih dari 0), misalnya 3,5 atau '
                              '90 menit, atau pilih rentangnya di bawah.')
        assert c.last_question.text == question
    c.send("3,5")
    for answer in TERA[9:11]:
        c.send(answer)
    for wrong in ["2,5", "0", "dua setengah"]:
        c.send(wrong)
        assert c.texts[0].startswith("Ketik jumlah pihak sebagai bilangan bulat 1 atau lebih")
    question = c.last_question.text
    c.send("rentang")  # the bands are the buttons of this same question
    assert c.texts == ["Pilih salah satu rentang Jumlah Keterlibatan Stakeholder di bawah.",
                       question]
    assert c.options == ["1 pihak", "2 pihak", "3 Pihak", "> 4 pihak"]
    c.send("> 4 pihak")  # a band by its exact label
    assert "12. Jumlah Keterlibatan Stakeholder: bobot 4 (> 4 pihak)" in c.texts[0]


def test_a_typed_number_at_a_measured_unsur_is_the_quantity() -> None:
    """Waktu of Tera: "3" is 3 jam (band "2 jam s.d < 4 jam" = 3), not option 3."""
    c = start()
    penera_tera(c)
    for answer in TERA[:8]:
        c.send(answer)
    assert c.last_question.text.startswith("Unsur 9 dari 12 (Timbangan sentisimal)\nWaktu: "
                                           "berapa jam?")
    assert c.options == ["< 30 menit", "30 Menit s.d < 2 Jam", "2 jam s.d < 4 jam", "> 4 jam"]
    c.send("3")
    assert c.state.answers["ukur:0:waktu"] == {"nilai": "3", "satuan": "jam"}
    c.send("/kembali")
    assert "Jawaban sebelumnya: 3 jam." in c.last_text
    c.send("1")  # option 1 is "< 30 menit" but 1 jam is another band: asked once
    assert c.last_question.text == "Maksud Anda pilihan 1 (< 30 menit) atau 1 jam?"
    assert c.options == ["pilihan 1 (< 30 menit)", "1 jam"]
    c.send("1 jam")
    assert c.state.answers["ukur:0:waktu"] == {"nilai": "1", "satuan": "jam"}
    for answer in TERA[9:]:
        c.send(answer)
    assert "9. Waktu: 1 jam → bobot 2 (30 Menit s.d < 2 Jam)" in c.texts[0]


def test_pressing_a_band_of_a_measured_unsur() -> None:
    c = start()
    penera_tera(c)
    for answer in TERA[:8]:
        c.send(answer)
    c.press("> 4 jam")
    assert c.state.answers["ukur:0:waktu"] == "4"  # the band's bobot
    for answer in TERA[9:]:
        c.send(answer)
    assert "9. Waktu: bobot 4 (> 4 jam)" in c.texts[0]
    assert "Total bobot 26 → tingkat kesulitan II" in c.texts[0]


def test_wrong_jf_and_wrong_again_answer() -> None:
    c = start()
    c.send("Analis Perdagangan")
    assert c.texts == ["Tingkat kesulitan hanya diatur untuk Penera dan Penguji Mutu Barang; "
                       "pilih salah satu.", "Tingkat kesulitan untuk JF apa?"]
    assert c.options == ["Penera", "Penguji Mutu Barang"]
    c.send("Penera")
    c.send("3")
    c.send("-")
    for answer in TERA:
        c.send(answer)
    assert "tingkat kesulitan 3" in c.texts[0]  # Tabel 5 is reversed: 16–26 = 3
    c.send("mungkin")
    assert c.texts[0].startswith("Pilih \"Ya, kegiatan sama\"")
    assert c.last_question.text == "Tambah instrumen lain?"
    c.send("/kembali")
    assert "Jawaban sebelumnya: 1 pihak." in c.last_text


def test_kembali_shows_the_earlier_answers() -> None:
    c = start()
    penera_tera(c)
    c.send("Sedang")
    c.send("/kembali")
    assert c.last_question.text.startswith("Jawaban sebelumnya: Sedang.\nUnsur 1 dari 12")
    assert "Kapasitas?" in c.last_question.text
    for answer in TERA[:9]:
        c.send(answer)
    c.send("/kembali")
    assert "Jawaban sebelumnya: 1,5 jam." in c.last_text
    c.press("2 jam s.d < 4 jam")
    c.send("/kembali")
    assert "Jawaban sebelumnya: rentang 2 jam s.d < 4 jam." in c.last_text
    c.send("/kembali")
    assert "Jawaban sebelumnya: Sedang." in c.last_text and "Dampak?" in c.last_text


def test_batal_leaves_the_flow() -> None:
    c = start()
    penera_tera(c)
    c.send("/batal")
    assert c.texts[0] == "Baik, Tingkat kesulitan dibatalkan."
    assert c.state.flow is None
    assert "Menu utama" in c.last_text


def test_bantuan_explains_the_unsur() -> None:
    c = start()
    penera_tera(c)
    c.send("bantuan")
    assert c.texts[0].startswith("Kapasitas, merupakan kemampuan ukur maksimum.")
    assert "Kapasitas?" in c.last_question.text


def test_keyword_starts_the_flow() -> None:
    c = Chat()
    c.send("tingkat kesulitan")
    assert c.state.flow == "difficulty"


@pytest.mark.parametrize(("text", "value"), [
    ("3,5", {"nilai": "3.5", "satuan": "jam"}), ("3,5 jam", {"nilai": "3.5", "satuan": "jam"}),
    ("90 menit", {"nilai": "1.5", "satuan": "jam"}), ("90mnt", {"nilai": "1.5", "satuan": "jam"}),
    ("1 jam 15 menit", {"nilai": "1.25", "satuan": "jam"}),
    ("dua setengah jam", {"nilai": "2.5", "satuan": "jam"}),
    # 100 menit has no exact decimal in jam: kept in menit, which the calculator accepts.
    ("100 menit", {"nilai": "100", "satuan": "menit"}),
])
def test_parse_time(text: str, value: object) -> None:
    assert parse_measure(text, unsur("pmb_pengujian", "waktu")) == value


@pytest.mark.parametrize("text", ["", "jam", "3 hari", "0", "0 menit", "3 jam 30", "1e3"])
def test_parse_time_rejects(text: str) -> None:
    with pytest.raises(Invalid):
        parse_measure(text, unsur("pmb_pengujian", "waktu"))


def test_parse_counts() -> None:
    jenis = unsur("penera_pengujian_tipe", "jumlah_jenis_pengujian")
    assert parse_measure("5 jenis", jenis) == {"nilai": "5", "satuan": "jenis pengujian"}
    assert parse_measure("5", jenis) == {"nilai": "5", "satuan": "jenis pengujian"}
    for wrong in ["5 menit", "2,5", "0"]:
        with pytest.raises(Invalid):
            parse_measure(wrong, jenis)


def test_short_titles_fit_whatsapp() -> None:
    assert short_title("Sedang") is None
    assert short_title("Gudang, pabrik, pasar") == "Gudang, pabrik dll."
    assert short_title("Risiko sangat tinggi, memerlukan protokol keselamatan ketat") == \
        "Risiko sangat tinggi"
    for k in REF.values():
        for u in k["unsur"]:
            for b in u["bands"]:
                assert len(short_title(b["wording"]) or b["wording"]) <= 20


def test_the_form_holds_at_most_max_instruments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(difficulty_flow, "MAX_INSTRUMENTS", 2)
    c = start()
    c.send("Penguji Mutu Barang")
    c.send("Pengujian")
    for answer in ["A", "1", "1", "1", "1", "-", "ya", "B", "1", "1", "1", "1", "-"]:
        c.send(answer)
    # No "Tambah instrumen lain?" after the last one: the summary and the form at once.
    assert c.texts[0].startswith("Hasil instrumen 2:")
    assert "Satu formulir memuat paling banyak 2 instrumen" in c.texts[1]
    assert len(rows(c.documents[0].data)["Pengujian"]) == 2


def test_an_old_button_of_the_first_instrument_is_stale() -> None:
    c = start()
    penera_tera(c)
    old = c.last_question
    c.send("2")
    c.event(ChoiceIn("3", old.step_token))
    assert c.texts[0] == "Tombol itu sudah tidak berlaku."
    assert "Akurasi?" in c.last_question.text


def test_pmb_bands_show_their_keterangan() -> None:
    c = start()
    c.send("Penguji Mutu Barang")
    c.send("Pengujian")
    c.send("lewati")
    c.send("1")
    c.send("1")
    c.send("1")
    assert "Kesulitan pengerjaan?" in c.last_question.text
    # The header says Mudah | Sedang | Sulit, the Keterangan Mudah | Sulit | Sangat Sulit.
    assert c.options == ["Mudah", "Sedang", "Sulit"]
    for band in unsur("pmb_pengujian", "kesulitan_pengerjaan")["bands"]:
        assert f"Bobot {band['bobot']} — {band['keterangan']}" in c.last_question.text


def test_calculator_fields_map_to_their_steps() -> None:
    answers = {"jf:0": "penera", "kegiatan:0": "penera_tera_ulang", "lagi:0": "sama",
               "ukur:1:waktu": {"nilai": "2", "satuan": "jam"}}
    assert difficulty_flow.field_step("instrumen[0].bobot[0]", answers) == "bobot:0:kapasitas"
    assert difficulty_flow.field_step("instrumen[1].bobot.waktu.satuan", answers) == "ukur:1:waktu"
    assert difficulty_flow.field_step("instrumen[1].nama", answers) == "nama:1"
    assert difficulty_flow.field_step("instrumen[1].kegiatan", answers) == "lagi:0"
    assert difficulty_flow.field_step("unit_kerja", answers) is None


def test_hitung_lagi_starts_afresh() -> None:
    c = start()
    c.send("Penguji Mutu Barang")
    c.send("Pengujian")
    for answer in ["-", "1", "1", "1", "1", "-", "tidak"]:
        c.send(answer)
    c.press("Hitung lagi")
    assert c.last_question.text == "Tingkat kesulitan untuk JF apa?"
    assert c.state.user_answers() == {}


def test_a_state_saved_with_the_old_rentang_answer_still_computes() -> None:
    answers: dict[str, Any] = {"jf:0": "penguji_mutu_barang", "kegiatan:0": "pmb_pengujian",
                               "ukur:0:waktu": "rentang", "bobot:0:waktu": "2",
                               "ukur:0:jumlah_langkah_pengerjaan": "1"}
    for u in REF["pmb_pengujian"]["unsur"][2:]:
        answers[f"bobot:0:{u['id']}"] = "3"
    item = difficulty_flow.instrument(answers, 0)
    assert item["bobot"]["waktu"] == 2 and item["bobot"]["jumlah_langkah_pengerjaan"] == 1
