"""The tuning halves' questions as a search field (knowledge/search/asked.json): built from the
tuning halves only, up to date, and counted where a situation counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from knowledge.corpus import all_passages
from knowledge.search import SearchIndex
from knowledge.search.expansions import (
    ASKED_FILE,
    asked_questions,
    expansions,
    outside_questions,
    situations,
)
from knowledge.search.repeats import AskedBefore, question_words
from knowledge.search.textnorm import raw_tokens
from tools.build_asked import content, near_blind, same

TESTS = Path(__file__).resolve().parents[1]
ASKED = asked_questions()
PASSAGES = all_passages()
RULE = "panduan:penera:loyal:dilarang:10"  # "Terpengaruh oleh tekanan pihak luar …"


def test_the_committed_table_is_what_the_dev_sets_build() -> None:
    """Stale after a dev set changes: run ``python tools/build_asked.py``."""
    assert json.loads(ASKED_FILE.read_text(encoding="utf-8")) == content()


def test_no_blind_half_question_is_in_the_table() -> None:
    """A blind half measures questions nobody tuned on; the verdict set's blind half too."""
    asked = {q for qs in ASKED.values() for q in qs} | set(outside_questions())
    blind = {question_words(it["q"]) for path in sorted(TESTS.glob("ask_*.json"))
             for it in json.loads(path.read_text(encoding="utf-8")) if it["half"] == "blind"}
    assert len(blind) > 2000  # every dev set's blind half and the verdict set's were read
    # Case and punctuation aside ("…berlaku brp lama" is "…berlaku brp lama?"), nor nearly.
    assert not {question_words(q) for q in asked} & blind
    assert not [q for q in asked if near_blind(q)]
    assert near_blind("Rekomendasi hasil UKOM berlaku brp lama")  # a blind question, recased


def _tuning(status: str) -> set[str]:
    return {same(it["q"]) for path in sorted(TESTS.glob("ask_*.json"))
            for it in json.loads(path.read_text(encoding="utf-8"))
            if it["half"] == "tune" and it.get("expect_status") == status}


def test_only_tuning_questions_are_in_the_table() -> None:
    asked = {q for qs in ASKED.values() for q in qs}
    assert asked <= _tuning("answered")
    assert len(asked) > 1500
    assert set(ASKED) <= {p.id for p in PASSAGES}
    outside = set(outside_questions())
    assert outside <= _tuning("not_in_sources")
    assert len(outside) > 400


def test_a_word_only_the_asked_questions_hold_stays_unknown() -> None:
    """"jeruk" is in a tuning question about a gift of fruit, in no source: a question about
    the price of oranges must still name a word no source holds."""
    elsewhere = {w for table in (expansions(), situations()) for v in table.values()
                 for p in v for w in raw_tokens(p)}
    only_asked = {w for v in ASKED.values() for p in v for w in raw_tokens(p)} - elsewhere
    assert "jeruk" in only_asked
    index = SearchIndex(PASSAGES)
    assert "jeruk" in index.signals("harga jeruk di pasar berapa?").unknown


@pytest.fixture(scope="module")
def plain() -> SearchIndex:
    return SearchIndex(PASSAGES, asked={})


def test_a_question_asked_of_a_rule_ranks_it_higher_and_counts_as_told(
        plain: SearchIndex) -> None:
    """The field's words count in ``Hit.told_score`` as the situations' do: a rule reached
    through them is quoted, but decides no verdict by its asked questions alone."""
    question = "kepala desa nelpon minta timbangan tokonya diluluskan"
    taught = SearchIndex(PASSAGES, asked={RULE: [question]})

    def hit(index: SearchIndex) -> tuple[int, float, float]:
        hits = index.search(question, jf="penera", limit=50)
        i = next(i for i, h in enumerate(hits) if h.passage.id == RULE)
        return i, hits[i].rule_score - hits[i].told_score, hits[i].told_score

    before, after = hit(plain), hit(taught)
    assert after[0] < before[0]
    assert after[2] > before[2]
    assert after[1] == pytest.approx(before[1])


def test_a_question_among_outside_questions_leans_outside() -> None:
    before = AskedBefore(["tanda tera di timbangan wajib dipasang di mana?",
                          "penera boleh terima hadiah dari pemilik timbangan?",
                          # Unrelated questions: the shared words are then rare (BM25's idf).
                          *(f"pertanyaan lain nomor {n}" for n in range(20))],
                         ["seragam dinas ASN hari Kamis pake apa?",
                          "seragam dinas hari Senin warna apa?",
                          "jam masuk kantor hari Jumat jam berapa?"],
                         stems=lambda q: sorted(question_words(q)))
    assert before.leans_outside("seragam dinas hari Kamis apa ya?")
    assert not before.leans_outside("tanda tera dipasang di mana?")
    assert not before.leans_outside("cuaca besok gimana?")  # no neighbour shares a word
    # Strict (a question asking leave): most of the nearest must be outside; here an answered
    # question holds more than a fifth of their scores.
    assert before.leans_outside("seragam dinas hari Kamis apa ya?", strict=True)
    assert before.leans_outside("penera boleh terima seragam dinas hari Kamis?")
    assert not before.leans_outside("penera boleh terima seragam dinas hari Kamis?", strict=True)
    assert not AskedBefore([], []).leans_outside("apa saja")


def test_a_word_said_again_does_not_bring_a_question_nearer() -> None:
    """"seragam seragam seragam" lies no nearer to an outside question than "seragam" (a
    reviewer's), even where the stems keep repeats."""
    before = AskedBefore([f"pertanyaan lain nomor {n}" for n in range(20)],
                         ["seragam dinas ASN hari Kamis pake apa?"],
                         stems=lambda q: q.lower().split())
    assert not before.leans_outside("seragam")
    assert not before.leans_outside(" ".join(["seragam"] * 10))
    assert before.leans_outside("seragam dinas hari kamis")


def test_the_chat_abstains_on_a_repeat_of_an_outside_question() -> None:
    """Answered by the sources' words alone, abstained as nearest to an outside question."""
    from knowledge.ask.answer import answer_question

    question = "Tanda tera sah di timbangan pasar berlaku brp tahun ya?"
    outside = ["Tanda tera sah di timbangan pasar berlaku brp tahun?"]
    assert answer_question(SearchIndex(PASSAGES, outside=()), question).status == "answered"
    assert answer_question(SearchIndex(PASSAGES, outside=outside),
                           question).status == "not_in_sources"


def test_a_calculator_offer_without_the_askers_case_leans_outside_too() -> None:
    """"Berapa hari masa sanggah ukom?" names the exam but gives no score: offered the
    calculator by its words, abstained when nearest to an outside question; a case with its
    own scores keeps the calculator."""
    from knowledge.ask.answer import answer_question

    outside = ["Masa sanggah kalau keberatan sama hasil ukom berapa hari?",
               "nilai ukom teknis 80 mansoskul 70 lulus gak ya berapa hari?"]
    plain, taught = SearchIndex(PASSAGES, outside=()), SearchIndex(PASSAGES, outside=outside)
    bare = "masa sanggah keberatan hasil ukom sy berapa hari ya?"
    assert answer_question(plain, bare).status == "calculator"
    assert answer_question(taught, bare).status == "not_in_sources"
    case = "nilai ukom sy: teknis 80, mansoskul 70. nilai akhirnya brp?"
    assert answer_question(taught, case).status == "calculator"
