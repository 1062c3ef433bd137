"""Calculator intent (knowledge/ask/intent.py) against the real flows of handlers/flows."""

from __future__ import annotations

import pytest

from handlers.flow import Choice
from handlers.flows import load_flows
from knowledge.ask.intent import calculator_intent

CASES = [
    ("brp ak sy kalo predikat baik", "credit", {"predikat": "baik", "jenis": "konversi"}),
    ("kapan sy naik pangkat kalo ahli muda predikat sangat baik", "credit",
     {"jenjang": "ahli_muda", "predikat": "sangat_baik", "jenis": "proyeksi"}),
    ("total bobot 30 tingkat kesulitan tera berapa", "difficulty",
     {"jf:0": "penera", "kegiatan:0": "penera_tera_ulang"}),
    ("hitung formasi penera", "formation", {"jf": "penera"}),
    ("tolong hitung kebutuhan pmb keahlian", "formation",
     {"jf": "penguji_mutu_barang", "category": "keahlian"}),
    ("hitung nilai ukom saya, cat 80", "exam", {"cat": "80"}),
    # Generalised wording: a predikat to convert is the user's own case; other verbs.
    ("ak predikat sangat baik dapet berapa", "credit",
     {"predikat": "sangat_baik", "jenis": "konversi"}),
    ("tolong estimasi angka kredit ahli pertama", "credit", {"jenjang": "ahli_pertama"}),
    ("ak sy 45 cukup ga buat naik pangkat ke ahli muda", "credit",
     {"jenjang": "ahli_muda", "jenis": "proyeksi", "ak_saat_ini": "45"}),
    ("skor ukom sy 78 lulus ga", "exam", {}),
    ("kesulitannya brp kalau bobot 22 pengujian tipe", "difficulty",
     {"jf:0": "penera", "kegiatan:0": "penera_pengujian_tipe"}),
    ("pengujian tipe total bobot 40 jadi kelas brp", "difficulty",
     {"jf:0": "penera", "kegiatan:0": "penera_pengujian_tipe"}),
    # A jenjang and a predikat are a case to convert, without "berapa".
    ("AK ahli madya kalo predikatnya kurang?", "credit",
     {"jenjang": "ahli_madya", "predikat": "kurang", "jenis": "konversi"}),
    # The columns of the difficulty table given as a case, without "tingkat kesulitan".
    ("pengambilan contoh 3 jam, 4 langkah, risiko sedang: masuk tingkat apa?", "difficulty",
     {"jf:0": "penguji_mutu_barang", "kegiatan:0": "pmb_pengambilan_contoh"}),
    # "Tentukan" asks for the result; the praktik score by its parts.
    ("tolong tentukan tingkat kesulitan kalibrasi: 2 jam, 3 langkah, risiko rendah, mudah",
     "difficulty", {"jf:0": "penguji_mutu_barang", "kegiatan:0": "pmb_kalibrasi"}),
    # Scores named by their element fill their steps (the flow checks each maximum).
    ("praktik ukom sy persiapan 20, pelaksanaan 35, hasil 25, hitungin dong", "exam",
     {"praktik:persiapan": "20", "praktik:pelaksanaan": "35", "praktik:hasil": "25"}),
    ("seminar ukom: sistematika 8, isi 50, presentasi 25. totalnya?", "exam",
     {"seminar:sistematika": "8", "seminar:isi": "50", "seminar:presentasi": "25"}),
    # A decimal comma is one score; "hasil" without the praktik is no praktik element.
    ("hitung nilai ukom, cat sy 72,5, ukmsk: 80, hasil 90", "exam",
     {"cat": "72.5", "ukmsk": "80"}),
    # A wish to compute is a request.
    ("mau ngitung formasi pengawas, datanya apa aja?", "formation",
     {"jf": "pengawas_perdagangan"}),
    # How many officials are needed, "berapa" before whom or after the need; the case's
    # tingkat kesulitan does not make it a difficulty question; a jenjang names the category.
    ("Target pengaduan 60 setahun. Brp pengawas perdagangan ahli pertama yg dibutuhin?",
     "formation", {"jf": "pengawas_perdagangan"}),  # one category only: not asked
    ("Lab kami target 3000 pengujian tingkat kesulitan I setahun, PMB penyelia yg dibutuhkan "
     "brp?", "formation", {"jf": "penguji_mutu_barang", "category": "keterampilan"}),
    # "Butuh Perbaikan" is a predikat, not a need (it was read as a formasi question).
    ("Penera terampil predikat butuh perbaikan, AK tahunannya brp?", "credit",
     {"jenjang": "terampil", "predikat": "butuh_perbaikan", "jenis": "konversi"}),
    # One volume beside the JF asked for is a formasi case.
    ("Pemetaan potensi UTTP 200 kali setahun, kebutuhan pengamat tera terampil?", "formation",
     {"jf": "pengamat_tera"}),
    # "bobot" beside UKT/UKMSK is the exam's weighting, not a tingkat kesulitan.
    ("UKT sy 74,5 & UKMSK 81. rekan bilang nilai akhir dihitung bobot. hasilnya brp ya?", "exam",
     {"ukmsk": "81"}),
    # A statement of the case's figures alone asks for the result.
    ("kebutuhan pengawas perdagangan keahlian dengan volume pengawasan 500 per tahun dan "
     "pegawai 2 orang", "formation", {"jf": "pengawas_perdagangan"}),
    # A need and "berapa" a few words apart.
    ("kegiatan pengawasan kami 300 setahun, butuh pengawas berapa orang?", "formation",
     {"jf": "pengawas_perdagangan"}),
    # "formasi" or "berapa orang" decide over the Tabel 1 row's tingkat kesulitan, and a
    # volume of four digits followed by what it counts is no year.
    ("usulan formasi PMB: pengujian kesulitan II 2500 sampel per tahun, jadi brp orang?",
     "formation", {"jf": "penguji_mutu_barang"}),
    ("formasi pengamat tera: pengamatan 2000 kali setahun, brp orang?", "formation",
     {"jf": "pengamat_tera"}),
    ("kebutuhan PMB terampil, pengujian tingkat I volume 2000 per tahun, brp orang?",
     "formation", {"jf": "penguji_mutu_barang", "category": "keterampilan"}),
    # Scores and AK written in words, read by the steps' own number reader.
    ("hitung nilai ukom saya, cat delapan puluh", "exam", {"cat": "80"}),
    ("cat sy tujuh puluh lima koma lima, ukmsk delapan puluh, nilai akhir brp?", "exam",
     {"cat": "75.5", "ukmsk": "80"}),
    ("AK sy seratus lima puluh kapan naik pangkat ke ahli madya?", "credit",
     {"jenjang": "ahli_madya", "jenis": "proyeksi", "ak_saat_ini": "150"}),
    # The exam's own words and a difficulty case decide before "formasi" (a reviewer's).
    ("nilai ukt sy 70 ukmsk 80, formasi saya penera, nilai akhir berapa?", "exam",
     {"ukmsk": "80"}),
    ("tingkat kesulitan tera 4 jam 5 langkah risiko tinggi, buat formasi, hitung dong",
     "difficulty", {"jf:0": "penera", "kegiatan:0": "penera_tera_ulang"}),
    # The bobot of several unsur given, with no word of difficulty (a tuning question's).
    ("pengujian tipe meter gas: akurasi 4 presisi 4 konstruksi 3 instalasi 3 metode 3, brp?",
     "difficulty", {"jf:0": "penera", "kegiatan:0": "penera_pengujian_tipe"}),
]


@pytest.mark.parametrize(("question", "flow", "prefill"), CASES, ids=[c[0] for c in CASES])
def test_questions_that_ask_for_a_computation(question: str, flow: str,
                                              prefill: dict[str, object]) -> None:
    offer = calculator_intent(question)
    assert offer is not None and offer.flow == flow
    assert offer.prefill == prefill


@pytest.mark.parametrize("question", [
    "ak minimal naik pangkat ahli muda brp",  # a rule to look up, not a computation
    "penera boleh terima hadiah",
    "surat rekomendasi ukom berlaku berapa lama",
    "apa itu tingkat kesulitan",
    "syarat ak predikat baik berapa",  # the rule's figure, not a computation
    "berapa bobot unsur tempat",  # nothing of the user's own case
    "nilai minimal lulus ukom berapa",
    # Another helper's questions and an attacker's: the meaning of a term or of one band, a
    # computing word naming the context, a year, the rule's figure among two candidates.
    "SKR dalam perhitungan kebutuhan JF itu apa sih? norma waktu sm norma hasil bedanya apa",
    "Hasil akhir seperti apa yang boleh dipakai untuk menghitung kebutuhan JF jenjang Utama?",
    "di tabel bobot pengujian tipe, unsur waktu bobot 3 itu berapa jam?",
    "bobot 4 itu brp pihak?",
    "kapan pendaftaran CPNS 2026 formasi pengawas perdagangan dibuka?",
    "nilai minimal lulus ukom berapa? passing gradenya 65 atau 70?",
    # What follows from a result, not the result.
    "kalo angka kredit gak tercapai, kapan pejabat fungsional diberhentikan dari jabatannya?",
    "kalau ak sy kurang, kena sanksi apa?",
    "kalo ak sy gak cukup bisa turun jabatan gak?",
    "apa dasar hukum perhitungan formasi JF perdagangan?",
    "kenapa formasi penera dihitung pake beban kerja?",
    # A result already had ("hasil hitungan … 0,45"): one figure, and the rounding rule asked.
    "hasil perhitungan kebutuhan jenjang madya di kantor sy 0,45, boleh dibulatkan jadi 1?",
    # A computing word describing the rule, a percentage of the rule, a period the rule sets.
    "volume dalam perhitungan formasi dihitung untuk berapa lama?",
    "persentase predikat baik untuk angka kredit berapa?",
    "sy udah lulus ukom, rekomendasinya berlaku berapa lama?",
    # A table named by its number; a percentage the rule sets.
    "formulir perhitungan kebutuhan di Tabel 2 Lampiran III diisi siapa?",
    "predikat baik dihitung berapa persen?",
    # A schedule, not one's own projection.
    "saya mau naik jenjang ke ahli muda, jadwal pendaftaran ukom berikutnya kapan?",
    # "masing2" and "S2" hold no figure of a case.
    "bobot UKT dan UKMSK masing2 berapa persen di nilai akhir?",
    # A why-question about the rule.
    "kok tingkat kesulitan verifikasi standar ukuran kebalik ya, total bobot kecil malah "
    "tingkat 4?",
    # "dipakai hitung": what the computation uses is a rule.
    "Hasil akhir yg boleh dipakai hitung kebutuhan jenjang utama syaratnya apa?",
    # What a tingkat needs is no formasi: no official is needed.
    "bobot berapa yang dibutuhkan untuk tingkat III?",
    # A band's meaning beside "abk"; people counted without a JF; a year after "formasi"
    # before "unit kerja" (a reviewer's questions).
    "bobot 3 itu berapa jam? apa dipakai di abk?",
    "kalau hadiah dibagi ke berapa orang masih gratifikasi?",
    "formasi penera 2026 unit kerja dinas di Bandung dibuka kapan?",
    # When one may sit the exam again; pay no source gives (tuning questions).
    "nilai ukom saya tidak lulus, kapan paling cepat saya boleh ikut ukom ulang?",
    "sy baru dpt SK CPNS formasi penera terampil, tunjangan jabatannya berapa per bulan?",
    # Two unsur with their bobot are no case yet; everyday words that name unsur, followed by
    # figures that are no bobot of theirs, or the same unsur again, are none either (a
    # reviewer's).
    "akurasi 4 presisi 4 itu artinya apa?",
    "Rapat koordinasi waktu 2 hari, tempat 3 lokasi, dampak 100 pelaku usaha, boleh terima honor?",
    "Dinas luar waktu 3 hari, tempat 2 kota, kapasitas 40 orang, uang hariannya berapa?",
    "akurasi 4 akurasi 4 akurasi 4 maksudnya gimana?",
])
def test_questions_about_a_rule_are_not_calculator_questions(question: str) -> None:
    assert calculator_intent(question) is None


def test_flow_ids_and_prefill_keys_are_the_flows_own() -> None:
    flows = {f.id: f for f in load_flows()}
    for question, flow_id, _ in CASES:
        offer = calculator_intent(question)
        assert offer is not None
        flow = flows[offer.flow]
        answers = dict(offer.prefill)
        steps = {s.id: s for s in flow.questions(answers)}
        for key, value in offer.prefill.items():
            assert key in steps, (flow_id, key)
            step = steps[key]
            if isinstance(step, Choice):
                assert value in {o.token for o in step.options_for(answers)}, (key, value)
            else:
                step.parse(str(value), answers)  # raises Invalid on a value the step refuses


def test_how_much_is_missing_is_no_predikat_kurang() -> None:
    offer = calculator_intent("AK sy skrg 85, kurang brp lg biar naik ke ahli madya?")
    assert offer is not None and offer.flow == "credit" and "predikat" not in offer.prefill
    offer = calculator_intent("brp ak sy kalo predikat kurang, ahli muda")
    assert offer is not None and offer.prefill.get("predikat") == "kurang"


@pytest.mark.parametrize(("question", "prefill"), [
    # Two names, two numbers: which is whose is not guessed (UKMSK was given 40).
    ("CAT dan UKMSK saya 40 dan 90, lulus tidak? hitung nilai akhir uji kompetensi", {}),
    ("nilai sistematika, isi, presentasi: 8, 50, 25. hitung nilai uji kompetensi", {}),
    # A number with a unit is no score.
    ("persiapan 2 minggu, CAT saya 70, berapa nilai akhir uji kompetensi?", {"cat": "70"}),
    ("hitung nilai ukom isi 3 formulir, presentasi 15 menit", {}),
    # Digits run on, an exponent, other scripts, a number stated twice: asked, not guessed.
    ("CAT 7 0 hitung nilai ukom", {}),
    ("hitung nilai ukom CAT 1e3", {}),
    ("hitung nilai ukom CAT \u0667\u0662\u066b\u0665", {}),
    ("hitung nilai ukom CAT 70, CAT 80", {}),
    # A decimal point before one or two digits is a decimal; a minus is kept (the step
    # refuses it, saying so).
    ("hitung nilai ukom CAT 72.5, sistematika 8.5", {"cat": "72.5", "seminar:sistematika": "8.5"}),
    ("hitung nilai ukom CAT -5", {"cat": "-5"}),
    # Words that make no one number, a number in words stated twice differently, a unit.
    ("hitung nilai ukom saya, CAT delapan lima", {}),
    ("hitung nilai ukom saya, CAT delapan puluh, CAT 75", {}),
    ("hitung nilai ukom saya, isi dua kali, CAT tujuh puluh", {"cat": "70"}),
])
def test_exam_scores_are_read_only_where_unambiguous(question: str,
                                                     prefill: dict[str, str]) -> None:
    offer = calculator_intent(question)
    assert offer is not None and offer.flow == "exam" and offer.prefill == prefill


@pytest.mark.parametrize(("question", "key", "value"), [
    ("AK saya 150,5 ahli muda predikat baik kapan naik pangkat?", "ak_saat_ini", "150.5"),
    ("AK saya 1.500 ahli madya predikat baik kapan naik pangkat?", "ak_saat_ini", "1500"),
    ("AK saya 62.5 ahli pertama predikat baik kapan naik pangkat?", "ak_saat_ini", "62.5"),
    ("ahli pertama, AK 2025 = 40, predikat baik kapan naik pangkat?", "ak_saat_ini", None),
    # A dot before three or more digits, a date, a range: which number is meant is unclear.
    ("ak saya 12.3456 kapan naik pangkat ahli muda predikat baik", "ak_saat_ini", None),
    ("ak sy 12.03.2024 kapan naik pangkat ahli muda predikat baik", "ak_saat_ini", None),
    ("ak 100 - 150 kapan naik pangkat ahli muda predikat baik", "ak_saat_ini", None),
    ("predikat baik sekali, berapa AK setahun?", "predikat", "sangat_baik"),
    ("predikat baik sekali, berapa AK setahun?", "bulan", "12"),
    ("ahli muda predikat baik 6 bulan berapa AK?", "bulan", "6"),
])
def test_credit_figures_are_read_as_written(question: str, key: str, value: str | None) -> None:
    offer = calculator_intent(question)
    assert offer is not None
    assert offer.prefill.get(key) == value, offer.prefill


def test_a_rule_stated_with_two_figures_is_no_case() -> None:
    assert calculator_intent("koefisien angka kredit ahli muda 12,5 dan 25") is None


def test_not_good_names_no_predikat() -> None:
    offer = calculator_intent("ahli muda predikat tidak baik, berapa AK setahun?")
    assert offer is None or "predikat" not in offer.prefill
