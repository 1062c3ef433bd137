"""A list question gets the guide's whole list (knowledge/ask/listing.py) on the real corpus."""

from __future__ import annotations

import re

import pytest

from knowledge.ask.answer import answer_question
from knowledge.ask.compose import ANSWER_MAX, split_head
from knowledge.ask.listing import group_items
from knowledge.corpus import all_passages
from knowledge.search import SearchIndex, default_index
from knowledge.sources_text import source_text

SLACK = 40  # as in test_ask_answer: "about 600"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return default_index()


def _numbered(texts: list[str]) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for t in texts for line in t.split("\n")
            if (m := re.match(r"(\d+)\. (.+)", line))]


@pytest.mark.parametrize(("question", "jf", "value", "kind", "head"), [
    ("apa saja perilaku dilarang penera nilai akuntabel", "penera", "akuntabel", "dilarang",
     "Perilaku Dilarang bagi Penera (nilai Akuntabel) ada "),
    ("sebutin kewajiban wasdag nilai berorientasi pelayanan", "pengawas_perdagangan",
     "berorientasi_pelayanan", "wajib",
     "Perilaku Wajib bagi Pengawas Perdagangan (nilai Berorientasi Pelayanan) ada "),
    ("apa aja larangan PMB yg nilai loyal?", "penguji_mutu_barang", "loyal", "dilarang",
     "Perilaku Dilarang bagi Penguji Mutu Barang (nilai Loyal) ada "),
    # Nothing but the list's name is a list question too.
    ("perilaku wajib tukang tera adaptif", "penera", "adaptif", "wajib",
     "Perilaku Wajib bagi Penera (nilai Adaptif) ada "),
    ("kewajiban negosiator nilai akuntabel", "negosiator_perdagangan", "akuntabel", "wajib",
     "Perilaku Wajib bagi Negosiator Perdagangan (nilai Akuntabel) ada "),
    # Courtesy and the list's own source change nothing (a third attacker's questions).
    ("apa saja perilaku dilarang penera nilai akuntabel? makasih", "penera", "akuntabel",
     "dilarang", "Perilaku Dilarang bagi Penera (nilai Akuntabel) ada "),
    ("apa saja perilaku dilarang penera nilai akuntabel menurut panduan", "penera", "akuntabel",
     "dilarang", "Perilaku Dilarang bagi Penera (nilai Akuntabel) ada "),
])
def test_every_item_of_the_asked_list_in_the_guides_order(
        index: SearchIndex, question: str, jf: str, value: str, kind: str, head: str) -> None:
    a = answer_question(index, question)
    items = group_items(all_passages(), jf, value, kind)
    assert len(items) >= 6
    assert a.status == "answered" and a.verdict is None
    assert a.text.startswith(f"{head}{len(items)} butir:")
    shown = _numbered([a.text, *a.more])
    assert [n for n, _ in shown] == list(range(1, len(items) + 1))
    guide = " ".join(source_text("panduan").split())
    for (_, line), p in zip(shown, items, strict=True):
        rule = split_head(p.text)[1]
        # Each item is the rule's own words, cut at a word: never reworded.
        assert rule.startswith(line.removesuffix(" …")), (line, rule)
        assert " ".join(rule.split())[:40] in guide
    assert len(a.text) <= ANSWER_MAX + SLACK
    assert all(len(m) <= ANSWER_MAX + SLACK for m in a.more)
    assert a.more, "a list of six or more items does not fit one message"
    assert "Lihat lainnya" in a.text
    assert a.citations and a.citations[0].endswith(
        {"dilarang": "Perilaku Dilarang", "wajib": "Perilaku Wajib"}[kind])
    assert a.shown_ids[0] == items[0].id and len(a.shown_ids) == 1 + len(a.more)


def test_the_askers_jf_completes_a_list_question_naming_none(index: SearchIndex) -> None:
    a = answer_question(index, "apa saja perilaku dilarang nilai loyal", jf="penera")
    assert a.listing and a.text.startswith("Perilaku Dilarang bagi Penera (nilai Loyal) ada ")


@pytest.mark.parametrize(("question", "hint"), [
    ("apa aja larangan buat penera", "Perilaku Dilarang bagi Penera dirinci per nilai; "
     "sebutkan nilainya"),
    ("sebutin kewajiban wasdag", "Perilaku Wajib bagi Pengawas Perdagangan dirinci per nilai; "
     "sebutkan nilainya"),
    ("list larangan orang lab", "Perilaku Dilarang bagi Penguji Mutu Barang dirinci per nilai"),
    ("daftar perilaku dilarang negosiator", "Perilaku Dilarang bagi Negosiator Perdagangan "
     "dirinci per nilai"),
    ("apa saja perilaku wajib nilai akuntabel", "Perilaku Wajib dirinci per jabatan dan per "
     "nilai; sebutkan satu jabatan dan satu nilai"),
    # Two lists named: say which one to name, never a verdict on one of them.
    ("perilaku wajib dan dilarang penera nilai adaptif", "Daftar Perilaku Wajib dan Perilaku "
     "Dilarang terpisah; sebutkan salah satunya"),
    ("larangan penera dan pengamat tera nilai harmonis", "sebutkan satu jabatan dan satu nilai"),
    ("larangan penera nilai akuntabel dan kompeten", "sebutkan satu jabatan dan satu nilai"),
])
def test_a_list_question_missing_the_jf_or_the_value_gets_one_rule_and_how_to_ask(
        index: SearchIndex, question: str, hint: str) -> None:
    a = answer_question(index, question)
    assert a.status == "answered" and not a.listing
    assert a.verdict is None and not a.text.startswith(("Tidak boleh.", "Wajib."))
    assert hint in a.text
    assert len(a.text) <= ANSWER_MAX + SLACK


@pytest.mark.parametrize("question", [
    "apa saja perilaku dilarang nilai akuntabel",  # no JF: another JF's list is not theirs
    "perilaku dilarang penera nilai akuntabel menerima gratifikasi?",  # one rule asked
    "apa saja larangan penera soal hadiah",  # a topic named: one rule answers it
])
def test_no_list_where_the_question_does_not_ask_for_one_list(
        index: SearchIndex, question: str) -> None:
    a = answer_question(index, question)
    assert " butir:" not in a.text.split("\n")[0]
