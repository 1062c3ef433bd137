"""The answer the chat gives (knowledge/ask/answer.py) on the real corpus."""

from __future__ import annotations

import pytest

from knowledge.ask.answer import (
    NOT_IN_SOURCES,
    PLAIN_QUALITY,
    PLAIN_SCORE,
    answer_question,
    answers_question,
    prohibition_first,
    topical_first,
)
from knowledge.ask.compose import (
    ANSWER_MAX,
    asked_rule,
    short_rule,
    split_head,
    verdict_line,
    verdict_of,
)
from knowledge.ask.scope import gift_from_interested_party
from knowledge.corpus import all_passages
from knowledge.errors import InputError
from knowledge.ids import JF_LABELS
from knowledge.passage import Passage
from knowledge.search import SearchIndex, default_index
from knowledge.search.engine import Hit

SLACK = 40  # "about 600": the source line may run a little over when cut at a word


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return default_index()


def test_verdict_first_then_the_rule_quoted_then_its_source(index: SearchIndex) -> None:
    a = answer_question(index, "penera boleh terima gratifikasi?")
    assert a.status == "answered" and a.verdict == "dilarang"
    first, quote, source = a.text.split("\n")[:3]
    assert first == ("Tidak boleh. Bagi Penera, menerima gratifikasi … termasuk Perilaku "
                     "Dilarang (nilai Akuntabel).")
    assert a.quote is not None and quote == f"“{a.quote}”"
    best = a.hits[0].passage
    assert a.quote in best.text  # verbatim, never invented
    assert source == f"Sumber: {best.citation}"
    assert a.citations == (best.citation,)


def test_an_obligation_reads_wajib(index: SearchIndex) -> None:
    a = answer_question(index, "penguji mutu barang wajib menjaga kerahasiaan data hasil uji?")
    assert a.verdict == "wajib" and a.text.startswith("Wajib. Bagi Penguji Mutu Barang, ")


def test_no_verdict_where_the_source_does_not_decide(index: SearchIndex) -> None:
    for q in ("surat rekomendasi ukom berlaku berapa lama?", "apa itu akurasi"):
        a = answer_question(index, q)
        assert a.status == "answered" and a.verdict is None
        assert verdict_of(a.hits[0].passage) is None or q.startswith("apa itu")


def test_the_first_message_stays_short_and_never_echoes_the_question(index: SearchIndex) -> None:
    long_q = "penera boleh terima hadiah dari pelaku usaha? " + "mohon penjelasannya " * 200
    questions = [long_q, "analis perdagangan wajib apa saja",
                 "ak minimal kenaikan pangkat ahli muda", "netralitas asn pemilu",
                 "tingkat kesulitan tera ulang", "kode etik bengkalis larangan"]
    for q in questions:
        a = answer_question(index, q)
        assert len(a.text) <= ANSWER_MAX + SLACK, (q, len(a.text))
        assert "mohon penjelasannya" not in a.text
        for more in a.more:
            assert len(more) <= ANSWER_MAX + SLACK


def test_quotes_start_at_a_sentence_and_end_at_a_word(index: SearchIndex) -> None:
    for q in ("capres cawapres caleg juru kampanye media sosial asn penera",
              "hasil inventarisasi peralatan teknis pengamatan kasat mata pengamat tera"):
        a = answer_question(index, q)
        assert a.quote
        body = a.quote.removeprefix("… ")
        assert not body[0].islower(), a.quote
        assert a.quote[-1] in ".;:…)”" or a.quote.endswith("…"), a.quote


def test_a_known_error_of_the_guide_is_said(index: SearchIndex) -> None:
    a = answer_question(index, "kode etik nilai kolaboratif penguji mutu barang")
    assert a.hits[0].passage.id == "panduan:penguji_mutu_barang:kolaboratif:kode_etik"
    assert "sama persis dengan nilai Adaptif" in a.text


def test_not_in_sources_is_one_honest_sentence(index: SearchIndex) -> None:
    for q in ("berapa gaji pokok golongan III/c", "skor timnas semalem brp"):
        a = answer_question(index, q)
        assert a.status == "not_in_sources" and a.text == NOT_IN_SOURCES
        assert a.verdict is None and a.quote is None and a.calculator is None
    assert NOT_IN_SOURCES.count(".") == 1 and "admin" in NOT_IN_SOURCES


def test_a_plain_question_of_fact_needs_a_passage_covering_it() -> None:
    # The same weak hit (a form sharing a word or two) answers a conduct question, not a
    # plain question of fact: those share words with some form far more often.
    weak = [Hit(next(iter(all_passages())), score=PLAIN_SCORE - 1, quality=PLAIN_QUALITY - 0.1)]
    assert answers_question("lowongan formasi 2026", weak, conduct=True)
    assert not answers_question("lowongan formasi 2026", weak, conduct=False)
    strong = [Hit(weak[0].passage, score=PLAIN_SCORE - 1, quality=PLAIN_QUALITY)]
    assert answers_question("lowongan formasi 2026", strong, conduct=False)


def test_conduct_is_read_from_the_jf_the_verb_or_a_concept(index: SearchIndex) -> None:
    assert index.signals("wasdag dapat amplop").asks_conduct
    assert index.signals("boleh terima hadiah").asks_conduct
    assert index.signals("penera lupa lapor").asks_conduct
    # Words of conduct itself, with the JF named only as the asker's.
    assert index.signals("sbg analis perdagangan, ini sesuai kode perilaku ga?").asks_conduct
    assert not index.signals("harga eceran tertinggi minyak goreng brp").asks_conduct


def test_a_calculator_question_still_quotes_the_rule(index: SearchIndex) -> None:
    a = answer_question(index, "brp ak sy kalo predikat baik")
    assert a.status == "calculator" and a.calculator is not None
    assert a.calculator.flow == "credit"
    assert a.text.startswith("Ini bisa saya hitung dengan kalkulator Angka kredit.")
    assert a.quote and "Baik 100%" in a.quote


def test_bad_input_raises_one_sentence(index: SearchIndex) -> None:
    with pytest.raises(InputError):
        answer_question(index, " ?? ")
    with pytest.raises(InputError):
        answer_question(index, "gratifikasi", jf="tukang_tera")


def test_every_rule_passage_splits_into_head_and_rule() -> None:
    for p in all_passages():
        if verdict_of(p) is not None:
            head, rule = split_head(p.text)
            assert head and rule and rule[0].isupper(), p.id


def test_shown_ids_name_the_first_message_then_each_further_result() -> None:
    from knowledge.ask.answer import answer_question
    from knowledge.search import default_index

    answer = answer_question(default_index(), "penera boleh gak nerima hadiah?")
    assert answer.status == "answered"
    assert len(answer.shown_ids) == len(answer.more) + 1
    assert answer.quote is not None and answer.shown_ids[0] == answer.hits[0].passage.id
    for pid, text in zip(answer.shown_ids[1:], answer.more, strict=True):
        passage = next(h.passage for h in answer.hits if h.passage.id == pid)
        assert passage.citation.split(" — ")[0] in text


def _item(kind: str) -> Passage:
    return next(p for p in all_passages() if p.source == "panduan" and p.kind == kind)


def test_a_boleh_question_reads_an_obligation_as_what_is_required() -> None:
    wajib = _item("wajib")
    assert verdict_line(wajib, "wajib").startswith("Wajib. Bagi ")
    line = verdict_line(wajib, "wajib", asked_permission=True)
    assert line.startswith("Yang diwajibkan: Bagi ") and "Perilaku Wajib" in line


def test_a_boleh_question_gets_a_closeprohibition_first(index: SearchIndex) -> None:
    wajib, dilarang = _item("wajib"), _item("dilarang")
    hits = [Hit(wajib, 10.0, 0.5), Hit(dilarang, 6.0, 0.4)]
    asks = index.signals("boleh gak begitu")
    assert [h.passage for h in prohibition_first(hits, asks)] == [dilarang, wajib]
    far = [Hit(wajib, 10.0, 0.5), Hit(dilarang, 4.0, 0.4)]
    assert prohibition_first(far, asks) == far  # not close enough: the obligation stays
    must = index.signals("wajib gak begitu")
    assert prohibition_first(hits, must) == hits  # asked what is required


@pytest.mark.parametrize(("question", "row"), [
    ("syarat naik jenjang penera terampil ke mahir", "terampil"),
    ("AK minimal naik jenjang dari Ahli Pertama ke Ahli Muda", "ahli_pertama"),
    ("ak minimal buat naik ke ahli madya brp", "ahli_muda"),
    ("ak minimal naik pangkat ahli muda brp", "ahli_muda"),
    # The step named without "naik" (an attacker's question) is the same step.
    ("angka kredit minimal ahli pertama ke ahli muda berapa?", "ahli_pertama"),
    ("ak minimal dari terampil ke mahir", "terampil"),
])
def test_the_credit_to_reach_a_jenjang_is_in_the_row_below_it(
    index: SearchIndex, question: str, row: str
) -> None:
    # Lampiran VII: the Terampil row's "kenaikan jenjang: 60" is what reaching Mahir takes.
    a = answer_question(index, question)
    assert a.hits[0].passage.id == f"permendag:lampiran_vii:minimal:{row}"


@pytest.mark.parametrize(("rule", "short"), [
    ("Menerima gratifikasi, tekanan, atau perlakuan khusus.", "Menerima gratifikasi …"),
    ("Menerima, menghargai, dan mengelola perbedaan pendapat tanpa prasangka serta menjaga "
     "suasana kerja.", "Menerima, menghargai, dan mengelola perbedaan pendapat …"),
    ("Menjaga kerahasiaan data.", "Menjaga kerahasiaan data"),
])
def test_the_verdict_line_names_the_act_not_a_bare_verb(rule: str, short: str) -> None:
    assert short_rule(rule) == short


def test_a_rule_that_only_shares_the_jf_name_does_not_answer(index: SearchIndex) -> None:
    # Harmless acts: the best rule of the named JF shares nothing but "Pengamat Tera" / "Penera"
    # and "boleh gak" with the question; "Tidak boleh." would be invented.
    for q in ("sy pengamat tera, boleh gak ngopi di warung pinggir pasar pas istirahat siang, "
              "bayar sendiri?",
              "Sy penera, boleh gak pasang foto profil WA pake foto anak sy?"):
        a = answer_question(index, q)
        assert a.status == "not_in_sources" and a.verdict is None, q
        assert a.hits and not a.hits[0].topical
    # The same JF's rule on the act asked still answers, with its verdict.
    a = answer_question(index, "sy pengamat tera, boleh gak terima uang dari pedagang?")
    assert a.status == "answered" and a.verdict == "dilarang" and a.hits[0].topical


def test_a_question_naming_no_jf_says_whose_list_it_quotes(index: SearchIndex) -> None:
    q = "boleh gak terima parsel lebaran dari pengusaha?"
    a = answer_question(index, q)
    quoted = a.hits[0].passage
    assert quoted.source == "panduan" and quoted.jf is not None
    assert a.text.endswith(f"(Dikutip dari daftar {JF_LABELS[quoted.jf]}; sebutkan jabatan "
                           "Anda agar saya mengutip daftar jabatan Anda.)")
    assert len(a.text) <= ANSWER_MAX + SLACK
    # Named in the question or given as the filter: the asker's own list, no hint.
    for named, jf in ((f"penera {q}", None), (q, "penera")):
        b = answer_question(index, named, jf=jf)
        assert b.hits[0].passage.jf == "penera" and "Dikutip dari daftar" not in b.text


def test_a_very_long_story_is_answered_from_its_opening_and_its_question(
        index: SearchIndex) -> None:
    story = ("Jadi gini ceritanya pak, kemarin saya ke pasar induk buat pengawasan barang beredar "
             "dan ketemu banyak pedagang yang nanya soal label dan SNI. " * 60)
    a = answer_question(index, story + "Pertanyaan saya: boleh ga wasdag terima oleh-oleh dari "
                                       "pedagang yang diawasi?")
    assert len(story) > 8000
    assert a.status == "answered" and a.verdict == "dilarang"
    assert a.hits[0].passage.jf == "pengawas_perdagangan"
    assert len(a.text) <= ANSWER_MAX + SLACK


@pytest.mark.parametrize("question", [
    # Another helper's near misses: the sources name the act, never the period or the cost.
    "timbangan pedagang pasar wajib ditera ulang tiap berapa tahun sekali?",
    "Kalau terlanjur nerima gratifikasi, wajib lapor ke KPK paling lambat berapa hari kerja?",
])
def test_a_question_of_how_many_is_not_answered_by_a_rule_without_a_number(
        index: SearchIndex, question: str) -> None:
    a = answer_question(index, question)
    assert a.status == "not_in_sources" and a.text == NOT_IN_SOURCES
    assert a.hits  # the nearest passages are still there for the admins


def test_a_question_of_how_many_is_answered_by_the_figure(index: SearchIndex) -> None:
    a = answer_question(index, "surat rekomendasi hasil uji kompetensi berlaku brp lama?")
    assert a.status == "answered" and "2 (dua) tahun" in a.text


def test_a_calculator_offer_quotes_no_row_of_another_jenjang(index: SearchIndex) -> None:
    # No jenjang named: the Pemula row would be an arbitrary one of eight.
    a = answer_question(index, "ak sy 45 cukup buat naik pangkat?")
    assert a.status == "calculator" and a.quote is None
    b = answer_question(index, "sy ahli muda, predikat baik 2 tahun, cukup ga AK buat naik "
                               "pangkat?")
    assert b.status == "calculator" and b.hits and "Ahli Muda" in b.text


@pytest.mark.parametrize("question", [
    "penera boleh terima uang dari pengusaha?",
    "boleh gak penera nerima THR dari pengusaha SPBU?",
    "penera boleh terima uang lembur dari pemilik SPBU?",
    "pmb dapet honorarium dr perusahaan yg produknya diuji, blh?",
    "wasdag boleh terima tunjangan dari pelaku usaha?",
])
def test_pay_offered_by_an_interested_party_is_a_gift(index: SearchIndex, question: str) -> None:
    """Pay no source speaks of (THR, lembur, honorarium) is a gift when a party offers it."""
    a = answer_question(index, question)
    assert a.status == "answered" and a.verdict == "dilarang", a.text
    assert a.quote is not None and any(w in a.quote.lower()
                                       for w in ("gratifikasi", "hadiah", "suap", "imbalan",
                                                 "uang")), a.quote


@pytest.mark.parametrize("question", [
    "THR dari kantor kapan cair?", "berapa tunjangan jabatan penera ahli muda",
    "honorarium narasumber ASN berapa per jam?",
])
def test_pay_from_ones_own_office_stays_outside_the_sources(index: SearchIndex,
                                                            question: str) -> None:
    assert answer_question(index, question).status == "not_in_sources"


@pytest.mark.parametrize("question", [
    "harga acuan jagung di tingkat petani brp skrg?", "skor timnas semalam brp?",
    "cuaca jakarta besok gmn?",
])
def test_a_plain_question_naming_what_no_source_mentions_is_not_answered(
    index: SearchIndex, question: str
) -> None:
    assert answer_question(index, question).status == "not_in_sources"


@pytest.mark.parametrize("question", [
    "apa itu SKR pliss", "apa itu akurasi wkwk", "apa itu presisi, tolong dijelasin bro",
    "syarat ukom perpindahan jabatan apa aja thx",
    "SKR itu apa sih kak? singkatan apa",
])
def test_a_filler_does_not_make_a_question_unknown(index: SearchIndex, question: str) -> None:
    assert answer_question(index, question).status == "answered"


@pytest.mark.parametrize(("rule", "question", "short"), [
    ("Membocorkan informasi rahasia atau menerima suap dan gratifikasi dari pihak yang diawasi, "
     "sehingga mencederai integritas.", "wasdag boleh terima parsel lebaran",
     "menerima suap dan gratifikasi dari pihak …"),
    ("Menyalahgunakan jabatan, fasilitas, atau informasi negara untuk kepentingan pribadi, "
     "termasuk menerima suap, gratifikasi, atau melakukan pemerasan.",
     "dpt amplop dr pelaku usaha, gmn?", "menerima suap …"),
    # The first clause when the question shares as much with it, and objects are no clause.
    ("Membocorkan informasi rahasia atau menerima suap dan gratifikasi dari pihak yang diawasi.",
     "boleh kasih tau nama pelapor, itu rahasia kan", "Membocorkan informasi rahasia …"),
    ("Menerima gratifikasi, tekanan, perlakuan khusus, atau konflik kepentingan yang "
     "memengaruhi objektivitas hasil kerja.", "boleh terima hadiah? ada konflik kepentingan",
     "Menerima gratifikasi …"),
])
def test_the_verdict_line_names_the_clause_asked_about(rule: str, question: str,
                                                        short: str) -> None:
    assert asked_rule(rule, question) == short


@pytest.mark.parametrize("question", [
    "ada pengawas perdagangan ngaku2 bisa bantu ngurus temuan pelanggaran asal dikasih fee, "
    "itu melanggar apa aja?",
    "penguji mutu barang disuruh ambil contoh di gudang, tp sengaja ambil dr karung paling "
    "bagus biar hasilnya lulus. blh?",
])
def test_which_rule_an_act_breaks_and_a_sample_of_goods_keep_the_verdict(
    index: SearchIndex, question: str
) -> None:
    assert answer_question(index, question).verdict == "dilarang"


def test_a_request_for_examples_gets_no_verdict(index: SearchIndex) -> None:
    assert answer_question(index, "kasih contoh perilaku dilarang penera soal hadiah").verdict \
        is None


def test_an_obligation_question_gets_a_close_obligation_first(index: SearchIndex) -> None:
    """"Harus … ngedahuluin kepentingan Indonesia?" answered "Tidak boleh. … mendahulukan
    kepentingan pribadi" would read as "you must not"."""
    a = answer_question(index, "sy negosiator, pas runding harus selalu ngedahuluin kepentingan "
                               "Indonesia ya walaupun ketua delegasi mitra temen lama sy?")
    assert a.verdict != "dilarang", a.text


def test_an_obligation_question_reorders_but_what_to_do_does_not(index: SearchIndex) -> None:
    wajib, dilarang = _item("wajib"), _item("dilarang")
    hits = [Hit(dilarang, 10.0, 0.5), Hit(wajib, 6.0, 0.4)]
    q = "harus selalu lapor ke atasan?"
    assert [h.passage for h in prohibition_first(hits, index.signals(q), q)] == [wajib, dilarang]
    q = "atasan minta angka dibulatkan biar lulus, sy hrs gmn?"  # what to do, not an obligation
    assert prohibition_first(hits, index.signals(q), q) == hits


def test_a_definition_question_with_harus_gets_no_verdict(index: SearchIndex) -> None:
    a = answer_question(index, "ukom itu apa dan kapan harus ikut?", jf="pengawas_perdagangan")
    assert a.verdict is None


@pytest.mark.parametrize("question", [
    "pmb blh nerima kue dr pemilik sampel?",
    "Sy analis perdagangan. Importirnya ngirim paket kopi sama jam tangan ke rumah, blh sy simpen?",
    "penera, pemilik toko maksa ngasih sekarung beras, blh terima?",
])
def test_anything_an_interested_party_gives_is_a_gift(index: SearchIndex, question: str) -> None:
    """The giver makes it a gift, whatever the thing is called ("kue", "jam tangan")."""
    a = answer_question(index, question)
    assert a.verdict == "dilarang", a.text
    assert a.quote is not None and any(w in a.quote.lower() for w in (
        "gratifikasi", "hadiah", "suap", "imbalan", "menerima uang, barang")), a.quote


@pytest.mark.parametrize(("question", "gift"), [
    ("boleh nerima kue dari pemilik toko?", True),
    ("penera dpt makan siang mewah dr pemilik pabrik, boleh?", True),
    ("dapat info dari pelaku usaha soal harga", False),       # part of the work
    ("dapat diskon dari pemilik toko boleh?", True),
    # "dapat" as "can", and what no one gives as a present.
    ("apakah penera dapat menolak permintaan tera ulang dari pemilik SPBU?", False),
    ("apa sanksi jika penera dapat teguran dari pemilik toko?", False),
    ("importirnya ngirim parsel ke rumah", True),
    ("pelaku usaha ngasih masukan soal layanan kami", False),  # part of the work
    ("dikirimi dokumen dari importir, hrs diapain", False),
    ("boleh bawa kue ke kantor?", False),                     # no giver
    ("atasan ngasih kue ulang tahun", False),                  # no interested party
])
def test_a_gift_is_read_from_who_gives_and_what(question: str, gift: bool) -> None:
    assert gift_from_interested_party(question) is gift


def test_a_general_code_answers_where_the_jfs_own_lists_are_silent(index: SearchIndex) -> None:
    """The Negosiator lists hold no rule on smoking; the general codes' rule comes first."""
    a = answer_question(index, "negosiator boleh merokok di ruang kerja?")
    assert a.hits[0].passage.jf is None, a.hits[0].passage.id


def test_ones_own_money_is_no_gift(index: SearchIndex) -> None:
    q = "mau liburan ke Jepang pakai duit sendiri pas cuti, ASN blh gk?"
    assert "~gratifikasi" not in index.signals(q).concepts
    assert "~gratifikasi" in index.signals("pakai duit dari pengusaha buat liburan").concepts
    assert answer_question(index, q).hits[0].passage.id == "kode_etik_bengkalis:nilai:2:i"


def test_a_source_named_as_the_reference_ranks_first(index: SearchIndex) -> None:
    """'menurut Permendag' asks the regulation; a story that only mentions it does not."""
    a = answer_question(index, "tugas pengamat tera pemula itu apa aja menurut permendag 4/2025?")
    assert a.hits[0].passage.source == "permendag"
    assert all(h.passage.source == "permendag" for h in a.hits[:3])


def test_gpp_asks_leave_as_boleh_does(index: SearchIndex) -> None:
    assert {"dilarang"} <= index.signals("gpp kan sy turun pengawasan pakai pemahaman lama?").kinds
    assert {"dilarang"} <= index.signals("gak papa kalau sy telat lapor?").kinds


def test_religion_in_a_joke_is_the_guides_sara(index: SearchIndex) -> None:
    a = answer_question(index, "analis blh becandain agama temen pas rapat?")
    assert a.verdict == "dilarang" and a.quote is not None and "SARA" in a.quote


def test_a_jf_list_silent_on_the_topic_is_said(index: SearchIndex) -> None:
    """The Negosiator lists hold no rule on gifts (tests/ask_devset_README.md): the answer
    quotes a general code and says why; a Penera gift question quotes the Penera list."""
    assert index.lacks_rule("negosiator_perdagangan", "~gratifikasi")
    assert not index.lacks_rule("penera", "~gratifikasi")
    a = answer_question(index, "sy negosiator, boleh gak terima jam tangan dari delegasi mitra")
    assert a.hits[0].passage.jf is None and a.verdict == "dilarang"
    assert "Negosiator Perdagangan di Buku Panduan tidak memuat aturan" in a.text
    assert "kode etik ASN lain" in a.text
    assert len(a.text) <= ANSWER_MAX + SLACK
    b = answer_question(index, "penera boleh terima parsel dari pemilik spbu")
    assert b.hits[0].passage.jf == "penera" and "tidak memuat aturan" not in b.text


def test_a_difference_quotes_both_definitions(index: SearchIndex) -> None:
    a = answer_question(index, "apa bedanya akurasi sama presisi?")
    assert a.quote is not None
    assert "akurasi, merupakan" in a.quote and "presisi, merupakan" in a.quote
    b = answer_question(index, "apa itu presisi")
    assert b.quote is not None and "presisi, merupakan" in b.quote and "akurasi," not in b.quote


@pytest.mark.parametrize(("question", "answered"), [
    ("siapa yang menetapkan angka kredit", False),     # the sources name no one
    ("surat usulan kebutuhan JF dari pemda ditujukan ke pejabat siapa?", True),
    ("pelaku usaha minta dikasih tau siapa yg ngelaporin dia, sy wasdag, blh sy kasih tau?",
     True),                                              # a story telling who, not asking
])
def test_a_who_question_needs_a_passage_naming_someone(index: SearchIndex, question: str,
                                                      answered: bool) -> None:
    assert (answer_question(index, question).status == "answered") is answered


def test_spreading_news_of_an_outside_topic_is_still_conduct(index: SearchIndex) -> None:
    """'retribusi' is outside every source; spreading unverified news of it is not."""
    a = answer_question(index, "tukang tera blh nyebarin kabar kenaikan tarif retribusi yg blm "
                               "jelas sumbernya di grup RT?")
    assert a.status == "answered"
    assert answer_question(index, "tarif retribusi tera ulang timbangan pasar brp").status == \
        "not_in_sources"


@pytest.mark.parametrize("question", [
    "pemohon uji mutu nyerahin sampel barang 5 kg utk diuji, boleh saya terima?",
    "boleh terima ucapan terima kasih dari pedagang pasar?",
    "pedagang bilang makasih dan muji kerja saya bagus, boleh gak saya terima pujiannya?",
    "boleh terima hadiah ulang tahun dari istri?",
    "dapat plakat penghargaan dari menteri, boleh diterima?",
])
def test_what_is_no_gift_gets_no_gift_verdict(index: SearchIndex, question: str) -> None:
    """The work's own material, thanks, praise, a family gift or an official award."""
    assert answer_question(index, question).verdict is None


def test_a_procedure_question_gets_no_verdict(index: SearchIndex) -> None:
    assert answer_question(index, "gimana cara nolak gratifikasi dari pedagang?").verdict is None
    assert answer_question(index, "cara ngurus paspor").status == "not_in_sources"


@pytest.mark.parametrize(("question", "answered"), [
    # The BMAD article gives the deficit of 2018 to 2022, not of another year.
    ("nilai defisit neraca perdagangan Indonesia dengan Australia tahun 2024 berapa?", False),
    ("defisit neraca perdagangan Indonesia dengan Australia tahun 2022 berapa?", True),
])
def test_a_figure_of_a_year_the_source_does_not_give_is_not_answered(
        index: SearchIndex, question: str, answered: bool) -> None:
    assert (answer_question(index, question).status == "answered") is answered


@pytest.mark.parametrize("question", ["1", "-1?", "3,5", "\u0663", "10", "100"])
def test_a_number_alone_is_not_answered_by_a_rule_numbered_so(index: SearchIndex,
                                                               question: str) -> None:
    """An attacker's "1" got "Wajib." and a Bengkalis duty numbered 1."""
    got = answer_question(index, question)
    assert (got.status, got.verdict) == ("not_in_sources", None)


def test_an_empty_jf_is_no_jf(index: SearchIndex) -> None:
    """jf="" answers as jf=None does."""
    q = "boleh terima hadiah?"
    assert answer_question(index, q, jf="", own_jf="") == answer_question(index, q)


def test_common_words_covered_whole_do_not_outweigh_an_outside_question(
        index: SearchIndex) -> None:
    """Every word of "tanda tera sah berlaku brp tahun?" is in an SKR row (a reviewer's); the
    sources give no validity of a tanda tera, and helpers asked it outside several times."""
    assert answer_question(index, "tanda tera sah berlaku brp tahun?").status == \
        "not_in_sources"


def test_a_question_of_which_day_needs_a_passage_naming_a_time(index: SearchIndex) -> None:
    """The dress rule names no day: "hari apa" is not answered by it."""
    assert answer_question(index, "ASN kemendag pakai batik hari apa aja?").status == \
        "not_in_sources"
    assert answer_question(index, "ASN wajib berpakaian sesuai ketentuan?").status == "answered"


@pytest.mark.parametrize(("question", "status"), [
    # An amount of money no source states.
    ("berapa biaya pendaftaran uji kompetensi penera?", "not_in_sources"),
    ("harga formulir usulan kebutuhan JF berapa?", "not_in_sources"),
    # A gift from an interested party is decided whatever its amount; a threshold asked in
    # general is the KPK's.
    ("pengawas dikasih uang sama distributor, maksimal berapa yang boleh diterima?", "answered"),
    ("batas nilai kado ulang tahun yang boleh diterima PNS berapa?", "not_in_sources"),
])
def test_an_amount_of_money_needs_a_source_stating_one(index: SearchIndex, question: str,
                                                       status: str) -> None:
    assert answer_question(index, question).status == status


def test_a_plain_question_after_a_story_is_read_alone_when_the_story_drowns_it(
        index: SearchIndex) -> None:
    """The story lowers the passage's coverage; the closing question alone is answered by it."""
    a = answer_question(index, "Sy sudah lulus ukom bulan lalu tapi SK belum terbit. "
                               "Rekomendasi ukom itu berlaku berapa lama?")
    assert a.status == "answered"
    assert a.hits[0].passage.id == "permendag:lampiran_ix:masa_berlaku"
    # A story naming what no source holds stays unanswered.
    assert answer_question(index, "Sy lagi nyusun profil ekspor sarang burung walet. Negara "
                                  "tujuan utamanya apa aja?").status == "not_in_sources"


def test_how_long_needs_a_passage_stating_a_period(index: SearchIndex) -> None:
    """No source gives a training certificate's validity; the ukom recommendation's it does."""
    assert answer_question(index, "sertifikat pelatihan penera berlaku berapa tahun?").status \
        == "not_in_sources"
    assert answer_question(index, "rekomendasi ukom berlaku berapa lama?").status == "answered"


def test_asking_which_one_gets_the_rule_without_a_verdict(index: SearchIndex) -> None:
    """"Gaya apa yang aman?" asks which pose, not whether posing is allowed."""
    a = answer_question(index, "pas kampanye, gaya foto apa yang aman buat ASN?")
    assert a.status == "answered" and a.verdict is None
    assert not a.text.startswith(("Tidak boleh.", "Wajib."))


@pytest.mark.parametrize(("question", "passage"), [
    ("Dalam perhitungan kebutuhan JF perdagangan, hari kerja efektif setahun dipakai berapa?",
     "permendag:lampiran_iii:hari_kerja_efektif"),
    # The SKR's definition states the same 1.250 hours a year; the tuning questions that named
    # both (asked.json) put it first by a little.
    ("berapa jam kerja efektif setahun yang dipakai dalam perhitungan kebutuhan JF perdagangan?",
     "permendag:lampiran_iii:jam_kerja_efektif permendag:lampiran_iii:definisi:skr"),
])
def test_a_plain_question_naming_a_passages_title_is_answered_by_it(
        index: SearchIndex, question: str, passage: str) -> None:
    """The context words lower the coverage; the term the passage defines is named whole."""
    a = answer_question(index, question)
    assert a.status == "answered" and a.hits[0].passage.id in passage.split()
    assert "hari kerja" in question or "1.250" in (a.quote or "")


@pytest.mark.parametrize(("question", "status"), [
    # A concept word among two or more words no source holds: not about a rule.
    ("Motor dinas saya mogok, busi sama oli udah dicek. rusaknya di mana ya?", "not_in_sources"),
    ("hp dinas sy layarnya retak sama baterainya kembung, servis di mana?", "not_in_sources"),
    # A gift from an interested party is one whatever the thing given.
    ("dikasih sekantong cabe dan tomat sama pedagang pas sidak, gmn?", "answered"),
    ("pedagang ngasih sekarung jengkol abis pengawasan, gimana?", "answered"),
])
def test_a_concept_among_words_no_source_holds_is_not_about_a_rule(
        index: SearchIndex, question: str, status: str) -> None:
    assert answer_question(index, question).status == status


@pytest.mark.parametrize("question", [
    "Pilkada 2024 bulan apa?",
    "Berapa pelanggaran netralitas ASN pemilu 2024 menurut data KASN?",
    "juru runding harus setia ke siapa?",
])
def test_a_question_of_fact_gets_no_verdict(index: SearchIndex, question: str) -> None:
    """When, how many, to whom: a fact is asked, not leave."""
    assert answer_question(index, question).verdict is None


def test_an_act_naming_someone_keeps_its_verdict(index: SearchIndex) -> None:
    a = answer_question(index, "Sy penera. Blh gk sy ubah prosedur tera sendiri tanpa "
                               "persetujuan siapa2?")
    assert a.verdict == "dilarang"


def test_a_quantity_asked_is_quoted_with_its_figures(index: SearchIndex) -> None:
    """A long definition no longer pushes the SKR value out of the quote."""
    a = answer_question(index, "Berapa SKR tera/tera ulang sederhana penera keterampilan?")
    assert a.quote is not None and "83,33" in a.quote and "35%" in a.quote
    assert len(a.text) <= ANSWER_MAX


def test_a_rule_sharing_only_a_generic_verb_decides_nothing(index: SearchIndex) -> None:
    """"Menolak pengembangan kompetensi" says nothing of refusing money from a trader."""
    a = answer_question(index, "Saya penera, boleh gak saya menolak bayaran dari pedagang?")
    assert a.verdict is None


@pytest.mark.parametrize(("question", "verdict"), [
    ("boleh like postingan temen di fb?", None),
    ("boleh gak nge-like postingan resmi Kemendag di IG?", None),
    ("ASN blh like postingan caleg di IG?", "dilarang"),
    ("pns boleh komen di status capres?", "dilarang"),
])
def test_liking_a_post_is_an_election_act_only_beside_an_election(
        index: SearchIndex, question: str, verdict: str | None) -> None:
    """"like" triggers netralitas only beside an election word (concepts.json "needs"); an
    election rule decides nothing for a question naming no election."""
    assert answer_question(index, question).verdict == verdict


def test_every_form_of_tanda_tangan_is_one_word(index: SearchIndex) -> None:
    """Sastrawi leaves "menandatangani" whole; it is the "ditandatangani" of Lampiran VI."""
    a = answer_question(index, "Siapa yg menandatangani surat keterangan daftar ukom?")
    assert a.status == "answered"
    assert a.hits[0].passage.id.startswith("permendag:lampiran_vi:")


def test_a_rule_sharing_the_topic_goes_before_one_found_only_through_situations() -> None:
    """topical_first: the first of the next two hits sharing the question's topic leads when
    it scores close to the best; a topical best, none topical among the three, or one far
    behind leaves the order as it is."""
    a, b, c, d = list(all_passages())[:4]
    off = [Hit(a, 9.0, topical=False), Hit(b, 8.0, topical=False), Hit(c, 7.5), Hit(d, 6.0)]
    assert [h.passage.id for h in topical_first(off)] == [c.id, a.id, b.id, d.id]
    on = [Hit(a, 9.0), Hit(b, 8.0, topical=False)]
    assert topical_first(on) == on
    deep = [Hit(a, 9.0, topical=False), Hit(b, 8.0, topical=False), Hit(c, 7.5, topical=False),
            Hit(d, 7.4)]
    assert topical_first(deep) == deep
    # "boleh teken lembar kerja padahal bukan saya yang uji?" (a reviewer's): the topical
    # hit at 4,17 against 5,26 is no close second.
    behind = [Hit(a, 5.26, topical=False), Hit(b, 4.17)]
    assert topical_first(behind) == behind


@pytest.mark.parametrize("question", [
    "boleh mudik pakai mobil pribadi?",
    "boleh nginep di hotel yang dibayar kantor saat dinas luar?",
    "boleh antar anak sekolah pakai motor pribadi sebelum ngantor?",
    "boleh bercanda sama rekan kerja?",
])
def test_a_rule_reached_only_through_a_situation_decides_no_verdict(index: SearchIndex,
                                                                   question: str) -> None:
    """A reviewer's harmless acts: a situation of a rule names the mudik, the hotel, the
    school run; the rule's own words decide nothing about them, so no "Tidak boleh."."""
    a = answer_question(index, question)
    assert a.verdict is None and not a.text.startswith(("Tidak boleh.", "Wajib.")), a.text


@pytest.mark.parametrize(("question", "status"), [
    # The import ban on used clothes is in no source; a trader selling them is a setting.
    ("Larangan impor pakaian bekas itu diatur di permendag nomor brp?", "not_in_sources"),
    ("pedagang pakaian bekas minta temuan sidak ditutupin, gimana?", "answered"),
    # Another JF's name ("pranata …") is a word the sources lack.
    ("pranata laboratorium pendidikan itu apa?", "not_in_sources"),
])
def test_an_outside_topic_is_the_question_not_its_setting(index: SearchIndex, question: str,
                                                          status: str) -> None:
    assert answer_question(index, question).status == status


@pytest.mark.parametrize("question", [
    "Angka kredit naik jenjang dari terampil ke mahir berapa menurut Permendag 4/2025?",
    "hari kerja efektif setahun menurut Permendag nomor 4 tahun 2025 brp hari?",
])
def test_the_year_of_a_cited_regulation_is_no_year_asked(index: SearchIndex,
                                                        question: str) -> None:
    """"Permendag 4/2025" names the regulation; the passage need not state 2025."""
    assert answer_question(index, question).status == "answered"


def test_masalah_gak_asks_whether_an_act_is_allowed(index: SearchIndex) -> None:
    """"… ini masalah gk?" asks as "boleh gak?" does: the guide's rule, not a magazine
    article on the same application."""
    a = answer_question(index, "aplikasi pendataan UTTP baru ribet, sy isi asal aja biar cepet. "
                               "masalah gk?")
    assert a.status == "answered" and a.hits[0].passage.source == "panduan"


@pytest.mark.parametrize(("question", "verdict"), [
    # Office facilities for the office's work are no misuse "untuk kepentingan pribadi".
    ("boleh pakai laptop kantor buat bikin laporan di rumah?", None),
    ("boleh pakai laptop kantor buat main game di rumah?", "dilarang"),
    ("boleh pakai motor dinas buat mudik?", "dilarang"),
    # Meeting colleagues is no talk with a party to a case.
    ("boleh makan siang bareng teman kantor?", None),
    ("boleh ngopi bareng pemilik gudang yang lagi disidik?", "dilarang"),
    # The office's own storage is no place "di luar sistem resmi".
    ("boleh simpan file laporan di google drive kantor?", None),
    ("temuan pengawasan gw simpen di flashdisk pribadi aja, gpp kan?", "dilarang"),
])
def test_a_rule_decides_only_where_its_condition_holds(index: SearchIndex, question: str,
                                                       verdict: str | None) -> None:
    """An independent reviewer's harmless acts against the same acts the rules forbid."""
    assert answer_question(index, question).verdict == verdict
