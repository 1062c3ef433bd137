"""The search engine on a small synthetic corpus (Indonesian texts written for these tests)."""

from __future__ import annotations

import pytest

from knowledge.errors import InputError
from knowledge.passage import Passage
from knowledge.search import GOOD_MATCH, SearchIndex, default_index

CORPUS = [
    Passage(
        "t:penera:akuntabel:dilarang:1", "panduan", "Penera — Akuntabel",
        "Penera › Akuntabel › Perilaku Dilarang no. 1",
        "Penera dilarang menerima gratifikasi dalam bentuk apa pun dari pemilik UTTP.",
        jf="penera", value="akuntabel", kind="dilarang",
    ),
    Passage(
        "t:pengamat:akuntabel:dilarang:1", "panduan", "Pengamat Tera — Akuntabel",
        "Pengamat Tera › Akuntabel › Perilaku Dilarang no. 1",
        "Pengamat Tera dilarang menerima gratifikasi dalam bentuk apa pun dari pemilik UTTP.",
        jf="pengamat_tera", value="akuntabel", kind="dilarang",
    ),
    Passage(
        "t:analis:akuntabel:wajib:1", "panduan", "Analis Perdagangan — Akuntabel",
        "Analis Perdagangan › Akuntabel › Perilaku Wajib no. 1",
        "Analis Perdagangan wajib menyusun kajian kebijakan secara jujur dan bertanggung jawab.",
        jf="analis_perdagangan", value="akuntabel", kind="wajib",
    ),
    Passage(
        "t:netralitas", "kompeten", "Netralitas ASN dalam Pemilu 2024", "Artikel Netralitas",
        "Pegawai ASN dilarang memberikan dukungan kepada calon legislatif, termasuk menyukai "
        "dan membagikan unggahan kampanye di media sosial.",
        kind="dilarang",
    ),
    Passage(
        "t:rekomendasi", "permendag", "Rekomendasi Hasil Uji Kompetensi", "Lampiran IX",
        "Surat rekomendasi hasil uji kompetensi berlaku selama 2 (dua) tahun sejak ditetapkan.",
    ),
    Passage(
        "t:ak:muda", "permendag", "Angka Kredit Minimal", "Lampiran VII, Tabel AK Minimal",
        "Angka kredit kumulatif minimal untuk kenaikan pangkat jenjang Ahli Muda adalah 100.",
        jenjang="ahli_muda",
    ),
    Passage(
        "t:ak:madya", "permendag", "Angka Kredit Minimal", "Lampiran VII, Tabel AK Minimal",
        "Angka kredit kumulatif minimal untuk kenaikan pangkat jenjang Ahli Madya adalah 150.",
        jenjang="ahli_madya",
    ),
    Passage(
        "t:bengkalis:sanksi", "kode_etik_bengkalis", "Sanksi", "Bab Sanksi",
        "Aparatur yang melanggar kode etik dikenai sanksi moral berupa pernyataan tertutup "
        "atau terbuka.",
        kind="sanksi",
    ),
]


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(CORPUS)


def _ids(index: SearchIndex, query: str, **kw: object) -> list[str]:
    return [h.passage.id for h in index.search(query, **kw)]  # type: ignore[arg-type]


def test_plain_query_ranks_the_matching_passage_first(index: SearchIndex) -> None:
    assert _ids(index, "sanksi moral pelanggaran kode etik")[0] == "t:bengkalis:sanksi"


def test_stemming_matches_inflected_forms(index: SearchIndex) -> None:
    # "menyusun kajian" in the passage; the query says "penyusunan kajian".
    assert _ids(index, "penyusunan kajian kebijakan")[0] == "t:analis:akuntabel:wajib:1"


def test_chat_forms_and_named_jf_pick_that_jf(index: SearchIndex) -> None:
    # Penera and Pengamat Tera passages share the wording; naming the JF decides.
    assert _ids(index, "penera boleh gak nerima hadiah?")[0] == "t:penera:akuntabel:dilarang:1"
    assert _ids(index, "pengamat tera blh nerima hadiah ga")[0] == (
        "t:pengamat:akuntabel:dilarang:1"
    )


def test_synonym_expansion_finds_words_the_user_did_not_type(index: SearchIndex) -> None:
    # "hadiah" is not in any passage; it reaches "gratifikasi" through the synonym table.
    ids = _ids(index, "hadiah")
    assert set(ids[:2]) == {"t:penera:akuntabel:dilarang:1", "t:pengamat:akuntabel:dilarang:1"}
    # "ukom" -> "uji kompetensi", "medsos" -> "media sosial", "caleg" -> "calon legislatif".
    assert _ids(index, "ukom berlaku berapa lama")[0] == "t:rekomendasi"
    assert _ids(index, "asn boleh like postingan caleg di medsos gak")[0] == "t:netralitas"


def test_abbreviation_and_jenjang_boost(index: SearchIndex) -> None:
    assert _ids(index, "ak minimal naik pangkat ahli muda brp")[0] == "t:ak:muda"
    assert _ids(index, "ak minimal naik pangkat ahli madya brp")[0] == "t:ak:madya"


def test_original_words_outweigh_expansions(index: SearchIndex) -> None:
    # "gratifikasi" typed: the passage with the very word beats the synonym-only matches,
    # and a group counts once (its best member), not once per member.
    hits = index.search("gratifikasi penera")
    assert hits[0].passage.id == "t:penera:akuntabel:dilarang:1"
    assert hits[0].score > hits[1].score


def test_a_passage_with_the_users_word_beats_one_full_of_synonyms() -> None:
    index = SearchIndex([
        Passage("a", "panduan", "A", "A", "Pegawai dilarang menerima hadiah dari pemohon."),
        Passage("b", "panduan", "B", "B", "Gratifikasi, suap, imbalan, parsel, dan bingkisan."),
    ])
    hits = index.search("hadiah")
    assert [h.passage.id for h in hits] == ["a", "b"]
    # Hand check: b's synonym group counts once, at SYNONYM_WEIGHT (0.6) of one word's score.
    assert hits[1].score < hits[0].score


def test_typo_tolerance(index: SearchIndex) -> None:
    assert _ids(index, "gratifkasi penra")[0] == "t:penera:akuntabel:dilarang:1"
    assert _ids(index, "rekomendsi uji kompetensi")[0] == "t:rekomendasi"
    assert index.corrected_query("rekomendsi ukom") == "rekomendasi ukom"
    assert index.corrected_query("rekomendasi ukom") is None


def test_colloquial_verbs_match_the_standard_form(index: SearchIndex) -> None:
    # "nyusun" is chat for "menyusun" (stem "susun"), which only the Analis passage has.
    assert _ids(index, "nyusun")[0] == "t:analis:akuntabel:wajib:1"
    small = SearchIndex([
        Passage("a", "panduan", "A", "A", "Pegawai dilarang menyebarkan berita bohong."),
        Passage("b", "panduan", "B", "B", "Pegawai membaca berita resmi."),
    ])
    assert [h.passage.id for h in small.search("nyebarin berita")] == ["a", "b"]


def test_short_unknown_words_are_not_repaired(index: SearchIndex) -> None:
    # Below the length floor a "repair" is a guess: "qz" stays unknown, nothing matches.
    assert index.search("qz") == []
    assert index.search("zzzzzzzz") == []


def test_jf_filter_keeps_general_passages_and_drops_other_jf(index: SearchIndex) -> None:
    ids = _ids(index, "dilarang menerima gratifikasi kampanye", jf="penera", limit=10)
    assert "t:penera:akuntabel:dilarang:1" in ids
    assert "t:netralitas" in ids  # jf None: general text stays eligible
    assert "t:pengamat:akuntabel:dilarang:1" not in ids


def test_jf_filter_ranks_that_jf_above_general_texts() -> None:
    small = SearchIndex([
        Passage("umum", "kompeten", "U", "U", "Pegawai dilarang menerima gratifikasi."),
        Passage("penera", "panduan", "P", "P", "Pegawai dilarang menerima gratifikasi.",
                jf="penera"),
    ])
    # Same words: without a JF the tie keeps corpus order; the user's JF then comes first.
    assert [h.passage.id for h in small.search("menerima gratifikasi")] == ["umum", "penera"]
    assert [h.passage.id for h in small.search("menerima gratifikasi", jf="penera")] == [
        "penera", "umum",
    ]


def test_value_kind_source_filters_are_strict(index: SearchIndex) -> None:
    assert set(_ids(index, "dilarang", kind="dilarang", limit=10)) == {
        "t:penera:akuntabel:dilarang:1", "t:pengamat:akuntabel:dilarang:1", "t:netralitas",
    }
    assert _ids(index, "wajib kajian", value="akuntabel") == ["t:analis:akuntabel:wajib:1"]
    assert _ids(index, "angka kredit", source="permendag", limit=10) == ["t:ak:muda", "t:ak:madya"]
    assert _ids(index, "angka kredit", source="kompeten") == []


def test_limit_and_offset_page_through_results(index: SearchIndex) -> None:
    all_ids = _ids(index, "dilarang menerima gratifikasi", limit=10)
    assert len(all_ids) >= 3
    assert _ids(index, "dilarang menerima gratifikasi", limit=1) == all_ids[:1]
    assert _ids(index, "dilarang menerima gratifikasi", limit=2, offset=1) == all_ids[1:3]


def test_hits_carry_citation_and_scores_descend(index: SearchIndex) -> None:
    hits = index.search("uji kompetensi rekomendasi")
    assert hits[0].passage.citation == "Permendag Nomor 4 Tahun 2025 (Lampiran) — Lampiran IX"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_good_match_and_suggestions(index: SearchIndex) -> None:
    good = index.search("masa berlaku surat rekomendasi uji kompetensi")
    assert index.is_good_match(good) and good[0].quality >= GOOD_MATCH
    # Only one word of four is known: a weak match; suggestions are distinct topics.
    weak = index.search("bagaimana prosedur mutasi rekomendasi pensiun")
    assert not index.is_good_match(weak)
    sugg = index.suggest("angka kredit", limit=3)
    assert [h.passage.id for h in sugg] == ["t:ak:muda"]  # two passages share one title
    assert index.suggest("") == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"jf": "dokter"}, "--jf"),
        ({"value": "jujur"}, "--value"),
        ({"kind": "anjuran"}, "--kind"),
        ({"source": "uu"}, "--source"),
        ({"limit": 0}, "--limit"),
        ({"offset": -1}, "offset"),
    ],
)
def test_bad_input_raises_input_error(
    index: SearchIndex, kw: dict[str, object], field: str
) -> None:
    with pytest.raises(InputError) as err:
        index.search("gratifikasi", **kw)  # type: ignore[arg-type]
    assert err.value.field == field


@pytest.mark.parametrize("query", ["", "   ", "?!"])
def test_empty_query_is_an_input_error(index: SearchIndex, query: str) -> None:
    with pytest.raises(InputError):
        index.search(query)


def test_empty_corpus_returns_nothing() -> None:
    assert SearchIndex([]).search("gratifikasi") == []


def test_a_passage_sharing_only_the_frame_and_the_jf_name_is_not_topical(
        index: SearchIndex) -> None:
    # "boleh gak" and "penera" match the Penera rule; nothing of "ngopi di warung" does.
    hits = index.search("penera boleh gak ngopi di warung")
    assert hits and hits[0].passage.id == "t:penera:akuntabel:dilarang:1"
    assert not hits[0].topical
    # The same rule asked about its own topic is.
    hits = index.search("penera boleh gak terima gratifikasi")
    assert hits[0].passage.id == "t:penera:akuntabel:dilarang:1" and hits[0].topical
    # A question of frame words only has no topic to miss: judged by its coverage alone.
    assert all(h.topical for h in index.search("penera boleh gak"))


def test_a_concept_counts_as_the_topic_only_through_a_whole_member() -> None:
    # "amplop" stands for gratifikasi ("uang barang atau fasilitas" among its terms): a passage
    # holding only "barang" shares one common word of a member, not the topic.
    index = SearchIndex([
        Passage("a", "panduan", "A", "A", "Pegawai dilarang menerima gratifikasi."),
        Passage("b", "panduan", "B", "B", "Pegawai menata barang di gudang dengan rapi."),
    ])
    hits = {h.passage.id: h for h in index.search("boleh terima amplop")}
    assert hits["a"].topical
    assert hits["b"].score > 0 and not hits["b"].topical


@pytest.mark.parametrize(("query", "says"), [
    ("   ", "Pertanyaan tidak boleh kosong; tulis kata kunci pencarian."),
    ("هل يجوز للموظف قبول الهدية", "Tulis pertanyaan dalam bahasa Indonesia dengan huruf Latin, "
                                  "misalnya: penera boleh terima hadiah?"),
    ("可以收礼吗", "Tulis pertanyaan dalam bahasa Indonesia dengan huruf Latin, misalnya: "
              "penera boleh terima hadiah?"),
    ("😀😀 ?!", "Tulis pertanyaan dengan kata-kata, misalnya: penera boleh terima hadiah?"),
])
def test_a_query_without_latin_words_is_told_what_to_write(
        index: SearchIndex, query: str, says: str) -> None:
    with pytest.raises(InputError) as err:
        index.search(query)
    assert err.value.message == says


def test_full_width_and_other_digit_scripts_are_read_as_plain_text(index: SearchIndex) -> None:
    plain = _ids(index, "penera gratifikasi 2")
    assert _ids(index, "ｐｅｎｅｒａ ｇｒａｔｉｆｉｋａｓｉ ٢") == plain
    assert _ids(index, "pénéra gratifikasi २") == plain


def test_invisible_format_characters_inside_a_word_are_dropped(index: SearchIndex) -> None:
    assert _ids(index, "pe\u200bnera gratifi\u200dkasi") == _ids(index, "penera gratifikasi")


@pytest.mark.parametrize(("query", "jf"), [
    ("peneraa boleh terima amplop?", "penera"),
    ("pengwas perdagangan blh terima parsel?", "pengawas_perdagangan"),
    ("negosiatr blh terima jamuan?", "negosiator_perdagangan"),
    ("analys perdagangan blh terima voucher", "analis_perdagangan"),
])
def test_a_misspelt_jf_name_names_that_jf(index: SearchIndex, query: str, jf: str) -> None:
    assert index.signals(query).jf == frozenset({jf})


def test_a_chat_verb_triggers_its_concept_and_a_source_word_stays_itself() -> None:
    """Sastrawi knows no nge-/ny- prefix: "ngebentak" is the trigger "bentak"."""
    real = default_index()
    assert "~pelayanan_sopan" in real.signals("ketua tim ngebentak staf baru").concepts
    assert "~pelayanan_sopan" in real.signals("ketua tim membentak staf baru").concepts
    assert "~pelayanan_sopan" not in real.signals("ketua tim membimbing staf baru").concepts


@pytest.mark.parametrize(("question", "introduced", "conduct"), [
    ("Sy analis, lagi nyiapin bahan soal ekspor teh. Volume ekspornya tahun lalu berapa ton?",
     {"analis_perdagangan"}, False),
    ("saya sebagai penera, tolong info jadwal kereta ke Bandung", {"penera"}, False),
    ("analis boleh nerima parsel dari importir?", set(), True),
    # Named as the asker and asked about: conduct.
    ("sy penera. penera boleh nera timbangan punya saudara?", set(), True),
    # The asker's own JF with a boleh-question is conduct all the same.
    ("sy penera, boleh ikut kampanye?", {"penera"}, True),
])
def test_a_jf_named_only_to_introduce_the_asker_is_no_sign_of_conduct(
        question: str, introduced: set[str], conduct: bool) -> None:
    signals = default_index().signals(question)
    assert set(signals.introduced) == introduced
    assert signals.asks_conduct is conduct


@pytest.mark.parametrize("question", [
    "pegawai datang telat terus, salah gak sih?", "ngomong kasar ke pedagang etis gak?",
    "nolak tamu tanpa alasan bisa dibenarkan ga?", "dibolehin ga pulang cepet?",
    "datanya sy kasih aja ga ke klien?",  # "… aja gak?" asks whether to go ahead
])
def test_asking_whether_it_is_wrong_asks_for_the_prohibitions(question: str) -> None:
    assert "dilarang" in default_index().signals(question).kinds


def test_the_kind_asked_is_read_in_the_sentence_that_asks() -> None:
    """The story's "harus" does not make "tugas jenjang apa?" a question of obligations."""
    real = default_index()
    story = "Timbangan itu harus dirusak. Itu tugas penera jenjang apa?"
    _, signals = real.read(story, focus="Itu tugas penera jenjang apa?")
    assert not signals.kinds
    _, asked = real.read(story, focus="Timbangan itu harus dirusak.")
    assert "wajib" in asked.kinds


def test_the_askers_unit_is_no_unknown_topic() -> None:
    """"Sy di Setditjen": where the asker works; "sarang walet" is a topic no source holds."""
    real = default_index()
    assert not real.signals("sy di setditjen, surat usulan kebutuhan ditujukan ke siapa?").unknown
    assert "walet" in real.signals("syarat ekspor sarang walet apa aja?").unknown


@pytest.mark.parametrize(("query", "lampiran", "table"), [
    ("isi tabel 4 lampiran II", "lampiran_ii", "4"),
    # Lampiran II has a Tabel 2 under huruf A (pengujian tipe) and under huruf B (contoh).
    ("Tabel 2 Lampiran II itu tabel apa ya?", "lampiran_ii", "2"),
    ("di lampiran III tabel 2 isinya apa?", "lampiran_iii", "2"),
])
def test_a_table_named_by_number_ranks_that_table_first(query: str, lampiran: str,
                                                        table: str) -> None:
    """Without the boost the first hits were Lampiran III Tabel 2 for "tabel 4 lampiran II"
    and Tabel 5 for "Tabel 2 Lampiran II"."""
    best = default_index().search(query, limit=1)[0].passage
    assert best.id.startswith(f"permendag:{lampiran}:")
    assert f"Tabel {table}" in best.section


@pytest.mark.parametrize("question", ["Apa kepanjangan BerAKHLAK?", "BerAKHLAK itu apa?"])
def test_one_values_definition_answers_only_a_question_naming_the_value(question: str) -> None:
    """Each JF × value definition carries "BerAKHLAK": without a value named, none of them is
    the answer; with one named ("arti nilai kompeten bagi penera"), it is."""
    index = default_index()
    top = index.search(question, limit=1)[0].passage
    assert not (top.kind == "definisi" and top.value), top.id
    named = index.search("arti nilai kompeten bagi penera", limit=1)[0].passage
    assert named.id == "panduan:penera:kompeten:definisi"
    # Named as a noun: "loyalitas", "adaptasi".
    for query, pid in (("pengertian loyalitas bagi penera", "panduan:penera:loyal:definisi"),
                       ("apa yang dimaksud adaptasi bagi penera",
                        "panduan:penera:adaptif:definisi")):
        assert index.search(query, limit=1)[0].passage.id == pid
