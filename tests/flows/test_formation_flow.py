"""The Kebutuhan JF (formasi) flow, as whole conversations on the real calculator and forms."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from handlers import texts
from handlers.flow import Invalid
from handlers.flows import formation as flow
from handlers.flows.formation import field_step, parse_bezetting
from knowledge.calc import formation
from tests.fakes.chat import Chat

ROW_01 = "analis_perdagangan-keahlian-01"
ANALIS_OUTPUTS = "Hasil akhir Analis Perdagangan kategori Keahlian apa saja yang dikerjakan unit " \
    "kerja Anda?"


def start() -> Chat:
    c = Chat()
    c.send("/start")
    c.press("Kebutuhan JF (formasi)")
    return c


def analis_with_row_01(c: Chat) -> None:
    """JF Analis Perdagangan, output row 01 only, "Selesai memilih"."""
    c.press("Analis Perdagangan")
    c.press("Pengelolaan Ekspor dan Impor")
    c.press("Selesai memilih")


def workbook(c: Chat) -> openpyxl.Workbook:
    (doc,) = c.documents
    return openpyxl.load_workbook(io.BytesIO(doc.data))


def test_the_data_behind_the_hand_computations() -> None:
    row = next(r for r in formation.reference()["rows"] if r["id"] == ROW_01)
    assert row["hasil_akhir"] == "pengelolaan Ekspor dan Impor"
    assert row["skr_as_written"] == "4.63"
    assert row["kontribusi"] == {"ahli_pertama": 43, "ahli_muda": 32, "ahli_madya": 20,
                                 "ahli_utama": 5}
    assert formation.reference()["rounding"]["threshold"] == 0.6


def test_whole_conversation_by_numbers_without_national_impact() -> None:
    # Analis Perdagangan row 01, SKR 4,63, volume 30, no national impact, bezetting skipped:
    #   Ahli Pertama 30 ÷ 4,63 × 43% = 2,786… → shown 2,78 → fraction ≥ 0,6 → need 3
    #   Ahli Muda    30 ÷ 4,63 × 32% = 2,073… → 2,07 → 2
    #   Ahli Madya   30 ÷ 4,63 × 20% = 1,295… → 1,29 → 1
    #   Ahli Utama   left out (B.6)  → 0
    #   total before rounding: the sum of the shown K_j (so the lines add up) 6,14; need 6.
    c = Chat()
    c.send("formasi")
    assert c.texts[0].startswith("Hitung kebutuhan JF (formasi)")
    assert c.last_question.text == "Untuk JF apa kebutuhan dihitung?"
    # The total is not known before the outputs are chosen (one volume question each).
    assert c.last_question.progress == "Langkah 1"
    c.send("1")
    assert c.texts[0] == "Analis Perdagangan hanya memiliki kategori Keahlian pada Lampiran III " \
        "Tabel 1."
    assert c.last_question.text.startswith(ANALIS_OUTPUTS)
    assert "Halaman 1 dari 2." in c.last_question.text
    assert c.last_question.progress == "Langkah 2"
    c.send("1")
    assert c.texts[0] == "Ditambahkan: Pengelolaan Ekspor dan Impor."
    assert c.options[7] == "Selesai memilih (1 dipilih)"
    c.send("8")
    question = c.last_question.text
    assert question.startswith("Berapa volume setahun untuk \"Pengelolaan Ekspor dan Impor\"?")
    assert "Yang dihitung: Jumlah kebijakan tata kelola ekspor dan impor" in question
    assert "SKR: 4,63 hasil akhir per pejabat per tahun." in question
    # No total yet: "Lewati" at the bezetting and at the form gate can each drop questions.
    assert c.last_question.progress == "Langkah 3"
    c.send("30")
    assert c.last_question.text.startswith(
        "Apakah hasil akhir yang dipilih memberikan dampak skala nasional maupun internasional?")
    assert "Jenjang Ahli Utama hanya dihitung bila ya (Lampiran III huruf B angka 6)." \
        in c.last_question.text
    assert c.options == ["Ya", "Tidak"]
    c.send("2")
    assert c.options == ["Isi per jenjang", "Lewati (semua 0)"]
    assert c.last_question.progress == "Langkah 5"
    c.send("2")
    # "Lewati (semua 0)": no bezetting questions; the form gate still decides the rest.
    assert c.last_question.progress == "Langkah 6"
    assert c.options == ["Isi sekarang", "Lewati (titik-titik)"]
    c.send("lewati")
    result = c.texts[0]
    assert result.startswith("Perhitungan kebutuhan JF Analis Perdagangan kategori Keahlian")
    assert "Ahli Pertama: 30 ÷ 4,63 × 43% = 2,78" in result
    assert "Ahli Utama: tidak dihitung (tidak berdampak nasional/internasional)" in result
    assert "- Ahli Pertama: 2,78 → 3 orang; bezetting 0; lowongan 3" in result
    assert "- Ahli Muda: 2,07 → 2 orang; bezetting 0; lowongan 2" in result
    assert "- Ahli Madya: 1,29 → 1 orang; bezetting 0; lowongan 1" in result
    assert "- Ahli Utama: 0,00 → 0 orang; bezetting 0; lowongan 0" in result
    assert "Total kebutuhan: 6 orang (jumlah sebelum pembulatan 6,14); bezetting 0; lowongan 6." \
        in result
    # Says that Utama was left out and why, in words fit for any channel (no API field names).
    assert "Bagian Ahli Utama tidak dihitung" in result
    assert "(Lampiran III huruf B angka 6)." in result
    assert "national_impact" not in result
    assert "Bezetting tidak diisi sehingga dianggap 0 untuk semua jenjang." in result
    assert "ditambah 1 bila bagian desimalnya ≥ 0,6" in result
    assert "Rumus:" in result and "Sumber:" in result and "Lampiran III, Tabel 1" in result
    (doc,) = c.documents
    assert doc.filename == "kebutuhan-jf-analis-perdagangan-keahlian.xlsx"
    assert "Lampiran III Tabel 2" in (doc.caption or "")
    assert c.options == ["Hitung lagi", "Menu utama"]


def test_whole_conversation_by_labels_with_national_impact() -> None:
    # With national impact Ahli Utama counts: 30 ÷ 4,63 × 5% = 0,323… → 0,32 → 0; the total
    # before rounding is the sum of the shown K_j 2,78 + 2,07 + 1,29 + 0,32 = 6,46 (exact
    # 6,479…); total need stays 3 + 2 + 1 + 0 = 6.
    c = start()
    c.send("Analis Perdagangan")
    c.send("Pengelolaan Ekspor dan Impor")
    assert c.texts[0] == "Ditambahkan: Pengelolaan Ekspor dan Impor."
    c.send("selesai memilih")
    c.send("30")
    c.send("ya")
    c.send("lewati")
    c.send("lewati")  # the form details
    result = c.texts[0]
    assert "Ahli Utama: 30 ÷ 4,63 × 5% = 0,32" in result
    assert "- Ahli Utama: 0,32 → 0 orang; bezetting 0; lowongan 0" in result
    assert "(jumlah sebelum pembulatan 6,46)" in result
    assert "Bagian Ahli Utama tidak dihitung" not in result
    assert c.documents[0].filename.endswith(".xlsx")


def to_bezetting_per_jenjang() -> Chat:
    """Analis Perdagangan, row 01 with volume 30, no national impact, "Isi per jenjang"."""
    c = start()
    c.press("analis_perdagangan")
    c.press("h01")
    c.press("_done")
    c.send("30")
    c.press("tidak")
    c.press("isi")
    return c


def test_whole_conversation_by_buttons_with_bezetting_and_surplus() -> None:
    # Bezetting: Ahli Pertama 1, Ahli Muda skipped (0), Ahli Madya "2+1" = 3, Ahli Utama 0.
    # Needs 3 / 2 / 1 / 0 (see the hand computation above): lowongan 2, 2, surplus 2, 0.
    c = to_bezetting_per_jenjang()
    assert c.last_question.text == \
        "Bezetting Analis Perdagangan Ahli Pertama saat ini (PNS + PPPK)?"
    assert c.last_question.progress == "Langkah 6"
    assert c.options == ["Lewati"]
    c.send("1")
    c.press("_skip")
    c.send("2 + 1")
    c.send("0")
    assert c.last_question.progress == "Langkah 10"
    c.press("Lewati")
    result = c.texts[0]
    assert "- Ahli Pertama: 2,78 → 3 orang; bezetting 1; lowongan 2" in result
    assert "- Ahli Muda: 2,07 → 2 orang; bezetting 0; lowongan 2" in result
    assert "- Ahli Madya: 1,29 → 1 orang; bezetting 3; surplus 2" in result
    assert "Total kebutuhan: 6 orang (jumlah sebelum pembulatan 6,14); bezetting 4; lowongan 4; " \
        "surplus 2." in result
    assert "Bezetting yang tidak diisi dianggap 0: Ahli Muda." in result

    wb = workbook(c)
    assert wb.sheetnames == ["Perhitungan", "Usulan"]
    calc = wb["Perhitungan"]
    assert calc["C3"].value == ": Analis Perdagangan"
    assert calc["B12"].value == "Pengelolaan Ekspor dan Impor"
    assert (calc["C12"].value, calc["D12"].value) == (4.63, 30)
    assert [calc.cell(12, col).value for col in range(5, 13)] == [
        0.43, 0.32, 0.2, 0.05, 2.78, 2.07, 1.29, "tidak dihitung (B.6)"]
    assert [calc.cell(14, col).value for col in range(9, 13)] == [3, 2, 1, 0]
    form = wb["Usulan"]
    rows = [[form.cell(r, col).value for col in range(2, 6)] for r in range(11, 15)]
    assert rows == [
        ["Analis Perdagangan Ahli Pertama", 1, 3, 2],
        ["Analis Perdagangan Ahli Muda", 0, 2, 2],
        ["Analis Perdagangan Ahli Madya", 3, 1, -2],
        ["Analis Perdagangan Ahli Utama", 0, 0, 0],
    ]
    assert form["E13"].number_format == '0;"surplus "0;0'


def test_picking_across_pages_and_by_typed_text() -> None:
    c = start()
    c.press("Analis Perdagangan")
    c.press("Pengelolaan Ekspor dan Impor")                  # page 1, by button
    c.press("Berikutnya »")
    assert "Halaman 2 dari 2." in c.last_question.text
    assert "Sudah dipilih: Pengelolaan Ekspor dan Impor." in c.last_question.text
    c.press("Analisis isu perdagangan")                      # page 2, by button
    assert "Halaman 2 dari 2." in c.last_question.text       # stays on the page
    c.send("kebijakan bidang")                               # one match: picked at once
    assert c.texts[0] == "Ditambahkan: Kebijakan bidang perdagangan."
    c.send("ekspor")                                         # two matches: the list is filtered
    assert c.texts[0] == "Ada 2 pilihan yang memuat \"ekspor\"; pilih dari daftar di bawah."
    assert c.options == ["✓ Pengelolaan Ekspor dan Impor", "Pengembangan Ekspor",
                         "Selesai memilih (3 dipilih)", "Tampilkan semua"]
    c.send("2")
    assert c.texts[0] == "Ditambahkan: Pengembangan Ekspor."
    c.send("selesai")
    assert c.state.answers["outputs"] == ["h01", "h05", "h12", "h13"]  # in table order
    volumes = []
    for answer in ["30", "4", "12,5", "0"]:
        volumes.append(c.last_question.text.splitlines()[0])
        c.send(answer)
    assert volumes == [
        "Berapa volume setahun untuk \"Pengelolaan Ekspor dan Impor\"?",
        "Berapa volume setahun untuk \"Pengembangan Ekspor\"?",
        "Berapa volume setahun untuk \"Analisis isu perdagangan\"?",
        "Berapa volume setahun untuk \"Kebijakan bidang perdagangan\"?",
    ]
    assert c.state.answers["volume:h12"] == "12.5"
    c.send("tidak")
    c.send("lewati")
    c.send("lewati")
    result = c.texts[0]
    assert "3. Analisis isu perdagangan (analis_perdagangan-keahlian-12): volume 12,5, SKR 22,73" \
        in result
    assert "4. Kebijakan bidang perdagangan" in result


def test_a_picked_output_can_be_removed() -> None:
    c = start()
    c.press("Analis Perdagangan")
    c.press("h01")
    c.press("h05")
    c.press("✓ Pengelolaan Ekspor dan Impor")
    assert c.texts[0] == "Dihapus: Pengelolaan Ekspor dan Impor."
    assert "Sudah dipilih: Pengembangan Ekspor." in c.last_question.text
    c.press("Selesai memilih")
    assert "\"Pengembangan Ekspor\"" in c.last_question.text
    assert c.last_question.progress == "Langkah 3"


def test_kembali_from_the_volumes_back_into_the_picking() -> None:
    c = start()
    c.press("Analis Perdagangan")
    c.press("h01")
    c.press("Berikutnya »")
    c.press("h12")
    c.press("Selesai memilih")
    c.send("30")
    assert "\"Analisis isu perdagangan\"" in c.last_question.text
    c.send("/kembali")
    assert c.texts[0].startswith("Jawaban sebelumnya: 30.")
    assert "\"Pengelolaan Ekspor dan Impor\"" in c.texts[0]
    c.send("kembali")
    question = c.last_question.text
    assert question.startswith("Jawaban sebelumnya: Pengelolaan Ekspor dan Impor; Analisis isu "
                               "perdagangan.")
    assert "Sudah dipilih: Pengelolaan Ekspor dan Impor; Analisis isu perdagangan." in question
    c.press("✓ Pengelolaan Ekspor dan Impor")
    c.press("Selesai memilih")
    assert "\"Analisis isu perdagangan\"" in c.last_question.text
    assert c.last_question.progress == "Langkah 3"
    assert "volume:h01" not in c.state.answers


def test_kembali_shows_the_bezetting_typed_as_pns_plus_pppk() -> None:
    c = start()
    analis_with_row_01(c)
    c.send("30")
    c.send("tidak")
    c.press("Isi per jenjang")
    c.send("2+1")
    c.send("/kembali")
    assert c.texts[0].startswith("Jawaban sebelumnya: 3 (PNS 2 + PPPK 1).")
    assert "Ahli Pertama" in c.texts[0]


def same_question(c: Chat, sentence: str, question: str, options: list[str]) -> None:
    assert c.texts == [sentence, question], c.texts
    assert c.options == options


def test_wrong_answers_get_one_sentence_and_the_same_question() -> None:
    c = start()
    question, options = c.last_question.text, c.options
    c.send("Pedagang Kaki Lima")
    same_question(c, texts.CHOICE_EXPECTED, question, options)
    c.send("9")
    same_question(c, texts.CHOICE_EXPECTED, question, options)
    c.press("Analis Perdagangan")

    question, options = c.last_question.text, c.options
    c.send("zzz")
    same_question(c, "Tidak ada pilihan yang memuat \"zzz\"; ketik sebagian nama yang lain.",
                  question, options)
    c.send("selesai")
    same_question(c, "Pilih paling sedikit 1 pilihan, lalu \"Selesai memilih\".", question,
                  options)
    c.press("h01")
    c.press("Selesai memilih")

    question = c.last_question.text
    for wrong in ["-5", "tiga puluhan", "30 kegiatan", ""]:
        c.send(wrong)
        same_question(c, flow.VOLUME_EXPECTED, question, [])
    c.send("30")

    question, options = c.last_question.text, c.options
    c.send("mungkin")
    same_question(c, texts.YES_NO_EXPECTED, question, options)
    c.send("tidak")

    question, options = c.last_question.text, c.options
    c.send("entahlah")
    same_question(c, texts.CHOICE_EXPECTED, question, options)
    c.send("isi")

    question, options = c.last_question.text, c.options
    for wrong in ["-1", "2+x", "dua koma", "1,5", "2+1+1"]:
        c.send(wrong)
        same_question(c, flow.BEZETTING_EXPECTED, question, options)
    assert c.state.step == "bezetting:ahli_pertama"


def test_batal_leaves_the_flow() -> None:
    c = start()
    analis_with_row_01(c)
    c.send("/batal")
    assert c.texts[0] == "Baik, Kebutuhan JF (formasi) dibatalkan."
    assert c.state.flow is None
    assert c.last_question.text == texts.MENU_QUESTION


def test_penera_asks_the_category_and_keterampilan_has_no_utama() -> None:
    c = start()
    c.press("Penera")
    assert c.last_question.text == "Kategori Penera yang dihitung?"
    assert c.options == ["Keahlian", "Keterampilan"]
    assert c.option("Keterampilan").description == "Terampil, Mahir, Penyelia"
    c.press("Keterampilan")
    assert c.last_question.text.startswith("Hasil akhir Penera kategori Keterampilan")
    assert c.options[:3] == ["Tera/Tera Ulang Sederhana", "Pengelolaan Cap Tanda Tera",
                             "Pengkondisian, Pengelolaan dan Pengembangan Laboratorium "
                             "Kemetrologian/Instalasi Uji"]
    c.send("cap tanda")
    c.send("selesai")
    assert "SKR: 78,13 hasil akhir per pejabat per tahun." in c.last_question.text
    c.send("100")
    # No Utama jenjang in this category: the national impact question is skipped.
    assert c.options == ["Isi per jenjang", "Lewati (semua 0)"]
    c.send("isi")
    asked = []
    while str(c.state.step).startswith("bezetting:"):
        asked.append(c.last_question.text)
        c.send("1")
    assert asked == [f"Bezetting Penera {j} saat ini (PNS + PPPK)?"
                     for j in ("Terampil", "Mahir", "Penyelia")]
    c.press("Lewati")  # the form details
    # 100 ÷ 78,13 = 1,2799…; × 36% = 0,46 → 0; × 34% = 0,43 → 0; × 30% = 0,38 → 0.
    assert "- Terampil: 0,46 → 0 orang; bezetting 1; surplus 1" in c.texts[0]
    assert c.documents[0].filename == "kebutuhan-jf-penera-keterampilan.xlsx"


def test_single_category_is_named_and_not_asked() -> None:
    c = start()
    c.press("Pengamat Tera")
    assert c.texts[0] == "Pengamat Tera hanya memiliki kategori Keterampilan pada Lampiran III " \
        "Tabel 1."
    assert c.last_question.text.startswith("Hasil akhir Pengamat Tera kategori Keterampilan")


def test_no_impact_question_when_no_chosen_output_has_an_utama_share() -> None:
    row = next(r for r in formation.reference()["rows"]
               if r["id"] == "analis_perdagangan-keahlian-03")
    assert row["kontribusi"]["ahli_utama"] == 0
    c = start()
    c.press("Analis Perdagangan")
    c.press("h03")
    c.press("Selesai memilih")
    c.send("75,76")
    assert c.options == ["Isi per jenjang", "Lewati (semua 0)"]
    assert c.last_question.progress == "Langkah 4"


def test_a_calculator_error_goes_back_to_the_volume_of_that_output() -> None:
    c = start()
    c.press("Analis Perdagangan")
    c.press("h01")
    c.press("h05")
    c.press("Selesai memilih")
    c.send("30")
    c.send("4")
    c.send("tidak")
    # A value the step would refuse, as if stored by an older version of the flow.
    c.state.answers["volume:h05"] = "-4"
    c.send("lewati")
    c.send("lewati")
    assert c.texts[0] == "Harus berupa angka 0 atau lebih (volume setahun)."
    assert c.state.step == "volume:h05"
    assert c.texts[1].startswith("Jawaban sebelumnya: -4.")
    c.send("4")
    assert c.state.step == "national_impact"


@pytest.mark.parametrize(("field", "step"), [
    ("outputs[0].volume", "volume:h01"), ("outputs[1].volume", "volume:h05"),
    ("outputs[1].id", "outputs"), ("outputs", "outputs"),
    ("outputs[0].national_impact", "national_impact"), ("national_impact", "national_impact"),
    ("bezetting.ahli_madya", "bezetting:ahli_madya"),
    ("bezetting.ahli_madya.pppk", "bezetting:ahli_madya"), ("bezetting", "bezetting"),
    ("jf", "jf"), ("category", "jf"), ("instansi", "formulir:instansi"),
    ("pejabat_nip", "formulir:pejabat_nip"), ("nomor", None),
])
def test_field_step(field: str, step: str | None) -> None:
    answers = {"jf": "analis_perdagangan", "outputs": ["h01", "h05"]}
    assert field_step(field, answers) == step


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), ("0", 0), (" 12 ", 12), ("2+1", {"pns": 2, "pppk": 1}),
    ("2 + 1", {"pns": 2, "pppk": 1}), ("0+4", {"pns": 0, "pppk": 4}),
])
def test_parse_bezetting(text: str, value: object) -> None:
    assert parse_bezetting(text, {}) == value


@pytest.mark.parametrize("text", ["", "-1", "1,5", "dua setengah", "2+", "+1", "2+1+1", "2 1"])
def test_parse_bezetting_rejects(text: str) -> None:
    with pytest.raises(Invalid):
        parse_bezetting(text, {})


def test_every_tabel_1_row_is_an_option_with_a_unique_label() -> None:
    ref = formation.reference()
    total = 0
    for jf, cats in ref["categories"].items():
        for category in cats:
            options = flow.output_options({"jf": jf, "category": category})
            total += len(options)
            labels = [o.label.casefold() for o in options]
            assert len(set(labels)) == len(labels), (jf, category)
            for o in options:
                assert o.short and len(o.short) <= 20, o
                assert o.description and len(o.description) <= 72, o
    assert total == ref["count"]


def test_rows_sharing_a_hasil_akhir_are_told_apart() -> None:
    options = flow.output_options({"jf": "penera", "category": "keahlian"})
    first, second = options[0], options[1]
    assert first.label == "Tera/Tera Ulang Kompleks (SKR 312,5)"
    assert second.label == "Tera/Tera Ulang Kompleks (SKR 52,08)"
    assert "Tingkat Kesulitan IV " in (first.description or "")
    assert "Tingkat Kesulitan III " in (second.description or "")
    c = start()
    c.press("Penera")
    c.press("Keahlian")
    c.send("tera ulang kompleks")
    assert c.options[:2] == [first.label, second.label]


def test_options_and_skr_come_from_the_reference() -> None:
    for row in formation.reference()["rows"]:
        entry = flow.catalogue(row["jf"], row["category"])[flow.token_of(row)]
        assert entry["row"]["id"] == row["id"]
        assert Decimal(str(entry["row"]["skr_as_written"])) == Decimal(str(row["skr"]))


def test_formation_keyword_starts_the_flow() -> None:
    c = Chat()
    c.send("hitung formasi")
    assert c.state.flow == "formation"
    assert c.last_question.text == "Untuk JF apa kebutuhan dihitung?"


def test_bantuan_on_a_volume_gives_the_whole_definisi_operasional() -> None:
    c = start()
    analis_with_row_01(c)
    c.send("/bantuan")
    row = next(r for r in formation.reference()["rows"] if r["id"] == ROW_01)
    assert c.texts[0].startswith("Volume = jumlah hasil akhir dalam 1 tahun. Definisi "
                                 "operasional: " + " ".join(row["definisi_operasional"].split()))
    assert c.last_question.text.startswith("Berapa volume setahun")


def test_the_total_appears_once_no_answer_can_change_it() -> None:
    # Both gates ("Isi per jenjang" / "Lewati", "Isi sekarang" / "Lewati") decide how many
    # questions follow: the total is shown after the last of them, and is then exact.
    c = to_bezetting_per_jenjang()
    for value in ["1", "0", "2", "0"]:
        assert c.last_question.progress is not None
        assert "dari" not in c.last_question.progress
        c.send(value)
    assert c.last_question.progress == "Langkah 10"
    c.press("isi")
    seen = []
    for value in ["Pemkab Bengkalis", "Dinas Perdagangan", "2027", "Budi Santoso",
                  "198001012005011001"]:
        seen.append(c.last_question.progress)
        c.send(value)
    assert seen == [f"Langkah {n} dari 15" for n in range(11, 16)]
    assert c.documents[0].filename.endswith(".xlsx")
