"""A verdict word only where the question asks about the rule's act, not its opposite."""

from __future__ import annotations

import pytest

from knowledge.ask.answer import answer_question
from knowledge.ask.polarity import ask_sentence, same_polarity
from knowledge.search import SearchIndex, default_index

RECEIVING = "Menerima gratifikasi, tekanan, perlakuan khusus, atau konflik kepentingan."
REFUSING = "Menolak gratifikasi dan intervensi eksternal untuk menjaga integritas."
NEGLECTING = "Mengabaikan prosedur keselamatan kerja di laboratorium."
NOT_REPORTING = "Tidak melaporkan harta kekayaan sesuai ketentuan."
CAMPAIGNING = "Mengikuti kampanye dan mengiring orang lain untuk kepentingan paslon."
LEAKING = "Membocorkan informasi, dokumen, atau hasil kerja kepada pihak yang tidak berwenang."
RECORDING_UNSEEN = "Mencatat atau melaporkan data tanpa observasi atau validasi lapangan."
HIDING = "Menyembunyikan, memalsukan, atau memanipulasi data hasil pengawasan."


@pytest.mark.parametrize(("question", "rule"), [
    ("penera boleh gak terima hadiah?", RECEIVING),
    ("blh gk sy nerima parsel dr pelaku usaha", RECEIVING),
    ("apakah tidak boleh menerima hadiah?", RECEIVING),  # "tidak boleh" tags the question
    ("dokumen ini blh sy terima ga? cm buat referensi", RECEIVING),
    ("kalau menolak amplop nanti pemohon tersinggung, gmn?", REFUSING),
    ("pmb cuek soal keselamatan kerja, ada larangannya?", NEGLECTING),
    ("boleh gak saya tidak lapor harta", NOT_REPORTING),
    ("boleh gak gak lapor LHKPN", NOT_REPORTING),
    ("cap tanda tera blh sy bawa pulang biar besok gak bolak balik", RECEIVING),
    ("panitia dari perusahaan yg sy awasi kasih hadiah, boleh diterima?", RECEIVING),
    # Watching while doing something is doing it; leaking to outsiders is leaking.
    ("ASN boleh ikut dateng ke kampanye akbar capres gak? cuma nonton doang", CAMPAIGNING),
    ("boleh gak share hasil uji ke temen di perusahaan lain?", LEAKING),
    ("atasan minta sy share data pelapor ke wartawan, boleh?", LEAKING),
    # "tanpa liat langsung" is how the act is done, not watching instead of acting.
    ("boleh gak nyatet hasil pengamatan cuma dr keterangan pemilik tanpa liat langsung?",
     RECORDING_UNSEEN),
    # Hiding is a not-doing of sharing and an act of its own: both meet a rule on hiding.
    ("blh gk sy nutupin temuan biar pelaku usaha gak kena sanksi?", HIDING),
    ("pengawas blh ngubah temuan di laporan?", HIDING),
    # Slowing a service down is a not-doing, as delaying is.
    ("blh gk permohonan layanan sy lambat2in dulu biar pemohonnya ngasih uang pelicin?",
     "Mempersulit pemberian layanan dengan maksud untuk mendapat imbalan dari pengguna layanan"),
])
def test_the_same_act_keeps_its_verdict(question: str, rule: str) -> None:
    assert same_polarity(question, rule)


@pytest.mark.parametrize(("question", "rule"), [
    ("boleh gak saya menolak suap", RECEIVING),
    # The rule holds the act only where it forbids not doing it.
    ("boleh ikut pelatihan?", "Menggunakan metode atau pendekatan teknis yang sudah usang tanpa "
     "evaluasi atau tanpa mengikuti perkembangan."),
    ("ikut donor darah pas jam istirahat boleh ga", "Melaksanakan pemeriksaan tanpa mengikuti SOP "
     "atau standar teknis, atau tidak memenuhi syarat."),
    # From a colleague or one's own office head: no interested party.
    ("rekan kerja ngasih kado nikahan ke sy, boleh ga?", RECEIVING),
    ("Kepala dinas ngasih bingkisan lebaran ke semua staf, boleh diterima?", RECEIVING),
    ("apakah tidak boleh menolak gratifikasi?", RECEIVING),
    ("bolehkah saya tidak menerima hadiah dari pelaku usaha", RECEIVING),
    ("boleh gak saya melaporkan atasan yg terima suap", RECEIVING),
    ("kalau atasan nyuruh yg melanggar aturan, wajib nurut?", REFUSING),
    ("pmb boleh gak pakai APD?", NEGLECTING),
    # A prize or allowance from one's own office is not a gift from an interested party.
    ("hadiah lomba 17an di kantor boleh diterima gak", RECEIVING),
    ("uang saku resmi dari panitia diklat boleh diterima?", RECEIVING),
    # Watching, reading or listening is not the act a rule forbids.
    ("sy pengamat tera, boleh gak nonton debat capres di TV di rumah?", CAMPAIGNING),
    ("boleh gak baca2 berita soal pilkada di portal online?", CAMPAIGNING),
    # Telling one's own superior is not disclosing to the unentitled.
    ("blh gk sy share live location ke atasan sy sendiri pas tugas lapangan?", LEAKING),
])
def test_the_opposite_act_gets_no_verdict(question: str, rule: str) -> None:
    assert not same_polarity(question, rule)


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return default_index()


@pytest.mark.parametrize("question", [
    "boleh gak saya menolak suap",
    "bolehkah saya tidak menerima hadiah dari pelaku usaha",
    "boleh gak saya melaporkan atasan yg terima suap",
    "kalo ada rekan kerja korupsi wajib lapor gak",
    "boleh gak saya gak ikut kampanye",
    "kalau atasan nyuruh yg melanggar aturan, wajib nurut?",
])
def test_an_attackers_opposite_questions_get_the_rule_without_a_verdict(
    index: SearchIndex, question: str
) -> None:
    # Found by an independent attacker: each read "Tidak boleh." or "Wajib." before.
    a = answer_question(index, question)
    assert a.verdict is None
    assert not a.text.startswith(("Tidak boleh.", "Wajib.", "Yang diwajibkan:"))


@pytest.mark.parametrize(("question", "asking"), [
    # The sentence that asks has an act of its own: the story's "nolak" is someone's feeling.
    ("Senior saya nerima, saya jadi gak enak nolak sendiri. Sebenarnya boleh gak sih saya "
     "terima amplop itu?", "Sebenarnya boleh gak sih saya terima amplop itu?"),
    # It points back to the story ("gitu", "itu … kode perilaku"): the whole question asks.
    ("buat bahan posisi runding sy pake data thn 2019 aja, males update. negosiator blh gitu gk",
     None),
    ("anak2 delri pada ogah ikut diklat, katanya udh jago. itu sesuai kode perilaku gk", None),
    ("boleh gak saya terima amplop?", None),  # one sentence
])
def test_the_sentence_that_asks(question: str, asking: str | None) -> None:
    assert ask_sentence(question) == (asking or question)


def test_a_story_around_the_question_does_not_take_its_verdict(index: SearchIndex) -> None:
    story = ("Selamat pagi pak/bu, mohon maaf mengganggu. Saya penera muda di UPTD Metrologi "
             "Legal. Setelah tera ulang pompa di SPBU, manajernya ngasih amplop 'uang bensin'. "
             "Senior saya nerima, saya jadi gak enak nolak sendiri, takut dibilang sok suci. "
             "Sebenarnya boleh gak sih saya terima amplop itu?")
    a = answer_question(index, story)
    assert a.verdict == "dilarang" and a.text.startswith("Tidak boleh. Bagi Penera, menerima ")
    # Refusing, asked in so many words, is still not answered "Tidak boleh.".
    assert answer_question(index, "Senior saya nerima amplop. Boleh gak saya menolak amplop "
                                  "itu?").verdict is None
