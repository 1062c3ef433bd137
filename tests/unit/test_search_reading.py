"""How the search reads a question on the real corpus: the asker's jenjang, chat verbs,
withholding information (tuning halves of the ask dev sets, docs/search.md)."""

from __future__ import annotations

import pytest

from knowledge.search import SearchIndex, default_index


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return default_index()


@pytest.mark.parametrize("query", [
    "sy penera ahli muda, blh gak terima parsel dr pemilik SPBU yg mau ditera?",
    "Sy pengamat tera penyelia, kalo sy share data hasil pemetaan potensi UTTP ke kenalan, "
    "masalah gak?",
    "sbg negosiator perdagangan ahli pertama, sesuai panduan perilaku gak kalau sy pakai "
    "template posisi runding lama?",
])
def test_a_jenjang_in_a_conduct_question_introduces_the_asker(index: SearchIndex,
                                                                query: str) -> None:
    """The asker's jenjang does not pull that jenjang's Lampiran I rows above the rules."""
    top = index.search(query, limit=3)
    assert top[0].passage.source == "panduan", [h.passage.id for h in top]


def test_a_jenjang_in_a_question_of_fact_still_ranks_its_rows(index: SearchIndex) -> None:
    top = index.search("kegiatan penera ahli muda apa saja", limit=3)
    assert top[0].passage.jenjang == "ahli_muda", [h.passage.id for h in top]


@pytest.mark.parametrize(("word", "stem"), [
    ("nolak", "tolak"), ("mantau", "pantau"), ("ngukur", "ukur"), ("bohongin", "bohong"),
    ("ngelayanin", "layan"),
])
def test_a_chat_verb_the_expansions_hold_is_still_read_as_the_sources_word(
    index: SearchIndex, word: str, stem: str
) -> None:
    assert stem in index._parse(f"penera boleh {word}").originals


def test_withholding_from_the_team_is_not_leaking(index: SearchIndex) -> None:
    hits = index.search("analis perdagangan nyimpen data survei sendiri, gak mau share ke tim. "
                        "boleh?", limit=3)
    assert "~menahan_informasi" in index.signals("gak mau share ke tim").concepts
    assert any(w in h.passage.text.lower() for h in hits
               for w in ("menahan", "menyembunyikan", "tidak membagikan", "menutup akses")), \
        [h.passage.id for h in hits]


def test_the_words_of_an_informal_jf_name_trigger_no_concept(index: SearchIndex) -> None:
    # "juru runding" names the Negosiator, not a negotiation (~perundingan).
    s = index.signals("juru runding wajib dokumentasiin proses kerja?")
    assert s.jf == frozenset({"negosiator_perdagangan"}) and "~perundingan" not in s.concepts


def test_a_word_of_the_language_is_no_typo_of_a_word_of_the_sources(index: SearchIndex) -> None:
    # "darah" (blood) is not "daerah"; it is a word the sources never use.
    q = index._parse("ikut donor darah pas jam istirahat boleh ga")
    assert "darah" not in q.corrections and "darah" in q.unknown
