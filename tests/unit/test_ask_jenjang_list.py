"""A question listing a JF's jenjang gets them from Lampiran I (knowledge/ask/jenjang_list.py)."""

from __future__ import annotations

import pytest

from knowledge.ask.answer import answer_question
from knowledge.corpus import all_passages
from knowledge.ids import CATEGORY_JENJANG, JENJANG_LABELS, JF_LABELS
from knowledge.search import SearchIndex, default_index
from knowledge.sources_text import source_text


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return default_index()


def _lampiran_i_jenjang(jf: str) -> list[str]:
    """Return the jenjang Lampiran I gives a scope to, lowest first per category."""
    ids = {p.id for p in all_passages()}
    return [j for cat in ("keterampilan", "keahlian") for j in CATEGORY_JENJANG[cat]
            if f"permendag:lampiran_i:{jf}:{j}:ruang_lingkup" in ids]


def _lampiran_i_part(label: str) -> str:
    """Return the source text of Lampiran I from the JF's first row to the next JF's."""
    text = source_text("permendag")
    body = text[text.index("LAMPIRAN I PERATURAN") : text.index("LAMPIRAN II PERATURAN")]
    starts = sorted(body.index(other) for other in JF_LABELS.values())
    start = body.index(label)
    end = next((s for s in starts if s > start), len(body))
    return body[start:end]


@pytest.mark.parametrize("jf", sorted(JF_LABELS))
def test_every_jf_gets_its_jenjang_in_order(index: SearchIndex, jf: str) -> None:
    label = JF_LABELS[jf]
    answer = answer_question(index, f"jenjang {label.lower()} apa aja ya?")
    expected = _lampiran_i_jenjang(jf)
    assert expected, jf
    listed = [j for line in answer.text.split("\n") if line.startswith("- kategori ")
              for j in (k for k, v in JENJANG_LABELS.items()
                        for name in line.split(": ", 1)[1].split(", ") if name == v)]
    assert listed == expected
    assert answer.status == "answered" and answer.verdict is None
    assert answer.text.splitlines()[-1].startswith("Sumber: Permendag Nomor 4 Tahun 2025")
    assert answer.hits[0].passage.id == f"permendag:lampiran_i:{jf}:{expected[0]}:ruang_lingkup"
    # Each listed jenjang is a row of the JF's part of Lampiran I in the source text.
    part = _lampiran_i_part(label)
    assert [j for j in expected if JENJANG_LABELS[j] not in part] == []


@pytest.mark.parametrize("question", [
    "jenjang jabatan Penera apa aja sih dari paling bawah sampe paling atas?",
    "wasdag itu jenjangnya ada berapa",
    "sebutin jenjang tukang tera",
])
def test_chat_wordings_and_informal_names_get_the_list(index: SearchIndex, question: str) -> None:
    assert answer_question(index, question).text.startswith("Jenjang ")


@pytest.mark.parametrize("question", [
    "naik jenjang penera syaratnya apa aja",          # moving up: Lampiran VI / VII
    "angka kredit kenaikan jenjang ahli muda berapa",
    "ruang lingkup penera ahli muda apa aja",          # one jenjang named
    "jenjang apa aja yang ada",                         # no JF: no one list
    "penera boleh gak terima parsel",
])
def test_other_questions_are_not_diverted(index: SearchIndex, question: str) -> None:
    assert not answer_question(index, question).text.startswith("Jenjang ")


@pytest.mark.parametrize("question", ["pengamat tera itu tugasnya apa", "tugas penera apa aja?",
                                      "penera itu kerjaannya ngapain aja?"])
def test_the_tasks_of_a_jf_are_given_per_jenjang(index: SearchIndex, question: str) -> None:
    a = answer_question(index, question)
    assert a.text.startswith("Tugas ") and "dirinci per jenjang" in a.text
    assert a.hits[0].passage.id.endswith(":ruang_lingkup") and a.verdict is None


@pytest.mark.parametrize("question", [
    "sidang tera ulang tugas penera jenjang apa?",      # one task asked about
    "penera boleh nolak tugas?",                         # conduct
    "sy pengamat tera, surat tugas ketinggalan di kantor. lanjut aja gpp kan?",
])
def test_other_task_questions_are_searched(index: SearchIndex, question: str) -> None:
    assert not answer_question(index, question).text.startswith("Tugas ")


def test_what_one_jenjang_does_is_its_scope(index: SearchIndex) -> None:
    """"ngapain aja" (normalised to "mengapa saja") asks for the jenjang's whole scope."""
    a = answer_question(index, "Pengamat Tera Pemula itu ngapain aja sih")
    assert a.hits[0].passage.id == "permendag:lampiran_i:pengamat_tera:pemula:ruang_lingkup"


@pytest.mark.parametrize(("question", "jf", "jenjang"), [
    ("Pengamat tera itu ada jenjang ahli pertama gk? jenjangnya apa aja sih", "pengamat_tera",
     "ahli_pertama"),
    ("penera ada jenjang ahli utama gak?", "penera", "ahli_utama"),
    ("analis perdagangan ada jenjang pemula?", "analis_perdagangan", "pemula"),
])
def test_whether_a_jenjang_exists_is_said_first(index: SearchIndex, question: str, jf: str,
                                                jenjang: str) -> None:
    """"ada jenjang X gk?" names a jenjang to ask whether it exists: yes or no per Lampiran I,
    then the list."""
    first, second = answer_question(index, question).text.split("\n")[:2]
    label = f"{JF_LABELS[jf]} memiliki jenjang {JENJANG_LABELS[jenjang]}."
    exists = jenjang in _lampiran_i_jenjang(jf)
    assert first == (f"Ya, {label}" if exists else label.replace(" memiliki", " tidak memiliki"))
    assert second == f"Jenjang {JF_LABELS[jf]} (dari yang terendah):"


@pytest.mark.parametrize("question", [
    "penera ada jenjang ahli madya yang suka terima amplop, boleh dilaporkan?",
    "di kantor ada jenjang penyelia yang minta uang ke pedagang, gimana?",
    "di unit kami gak ada jenjang ahli madya, siapa yang tanda tangan?",
    "kalau di daerah ga ada jenjang ahli utama penera, siapa yang verifikasi?",
    "sy penera ahli muda, masih ada jenjang lebih tinggi gk?",
])
def test_a_jenjang_named_in_another_question_is_no_question_whether_it_exists(
        index: SearchIndex, question: str) -> None:
    """A story ("ada jenjang X yang …"), a denial ("gak ada jenjang X") or the asker's own
    jenjang is not asked about, also for an asker whose JF is known."""
    for own in (None, "penera"):
        text = answer_question(index, question, own_jf=own).text
        assert "memiliki jenjang" not in text.split("\n")[0], (question, own, text)
