"""The jenjang of a JF asked as a list: "jenjang penera apa aja dari bawah sampai atas?".

Lampiran I of Permendag 4/2025 gives each JF's jenjang, one "Ruang lingkup kegiatan" per
jenjang; no single passage lists them. A question asking for nothing but that list gets it
from those passages, lowest first per category (keterampilan, then keahlian), with the
citation of Lampiran I. Questions about moving up ("naik jenjang", angka kredit, ukom) are
other questions and are searched as usual.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from knowledge.ask.model import Answer
from knowledge.ids import CATEGORY_JENJANG, CATEGORY_LABELS, JENJANG_LABELS, JF_LABELS
from knowledge.passage import Passage
from knowledge.search.concepts import concept_table
from knowledge.search.engine import Hit, QuerySignals
from knowledge.search.textnorm import (
    chat_words,
    has_phrase,
    raw_tokens,
    shared_stemmer,
)

_JENJANG_WORDS = frozenset({"jenjang", "jenjangnya", "tingkatan", "level"})
# "Pengamat tera itu tugasnya apa?": Lampiran I gives the tasks per jenjang.
_TASK_WORDS = frozenset({"tugas", "tugasnya", "tupoksi", "kerjaan", "kerjaannya"})
_TASK_CUES: tuple[tuple[str, ...], ...] = (("apa",), ("apa", "aja"), ("apa", "saja"),
                                          ("bagaimana",), ("sebutin",), ("sebutkan",),
                                          ("mengapa", "saja"))  # "ngapain aja", normalised
# Words of a conduct question: "boleh", "wajib", "harus" ask for a rule, not the tasks.
_CONDUCT_WORDS = frozenset("boleh wajib harus dilarang melanggar".split())
# "Pengamat tera ada jenjang ahli pertama gk?": whether a jenjang exists, answered by the list
# (which shows it or not).
_EXISTS = ("ada", "jenjang")
_LIST_CUES: tuple[tuple[str, ...], ...] = (
    ("apa", "aja"), ("apa", "saja"), ("ada", "berapa"), ("berapa", "jenjang"), ("sebutin",),
    ("sebutkan",), ("urutan",), ("urutannya",), ("daftar",), ("dari", "bawah"),
    ("paling", "bawah"), ("mana", "aja"), ("mana", "saja"), ("terdiri",), ("list",), _EXISTS)
# Moving up or what a jenjang needs is another question (Lampiran VI, VII, IX).
_OTHER_TOPICS = frozenset(
    "naik kenaikan angka kredit ak ukom uji kompetensi syarat pangkat formasi kebutuhan "
    "pindah perpindahan tugas ruang lingkup kegiatan hasil kerja skr bobot".split())


def jenjang_request(question: str, signals: QuerySignals, jf: str | None) -> str | None:
    """Return the JF whose jenjang a question asks to list, or None for any other question."""
    words = chat_words(question)
    present = set(words)
    if not present & _JENJANG_WORDS or present & _OTHER_TOPICS:
        return None
    # "penera ada jenjang ahli madya yg suka terima amplop": a conduct question (a question
    # whether a jenjang exists may still hold such words: "… di aturan baru?").
    asked = asked_jenjang(question)
    if (signals.kinds or signals.concepts) and asked is None:
        return None
    if not any(has_phrase(words, cue) for cue in _LIST_CUES):
        return None
    return _one_jf(words, signals, jf, asked)


def tasks_request(question: str, signals: QuerySignals, jf: str | None) -> str | None:
    """Return the JF whose tasks a question asks without naming a jenjang ("pengamat tera itu
    tugasnya apa?"), or None for any other question."""
    words = chat_words(question)
    present = set(words)
    if not present & _TASK_WORDS or signals.kinds or signals.concepts:
        return None
    if not any(has_phrase(words, cue) for cue in _TASK_CUES):
        return None
    # Nothing but the tasks asked: "sidang tera ulang tugas penera jenjang apa?" asks which
    # jenjang does one task (searched as usual).
    if signals.topic - _task_stems():
        return None
    return _one_jf(words, signals, jf)


@cache
def _task_stems() -> frozenset[str]:
    """Return the stems of the words a question about a JF's tasks may hold besides the JF."""
    stem = shared_stemmer().stem
    return frozenset(stem(w) for w in (*_TASK_WORDS, "itu", "sih", "ya", "dong", "jabatan",
                                       "fungsional", "jf", "apa", "saja", "aja", "bagaimana",
                                       "sebutin", "sebutkan", "mengapa", "pokok", "fungsi"))


def _one_jf(words: list[str], signals: QuerySignals, jf: str | None,
            asked: str | None = None) -> str | None:
    """Return the one JF asked about, unless a jenjang is named (a question about it) other
    than ``asked``, one whose existence is asked."""
    if asked is None and any(has_phrase(words, raw_tokens(label))
                             for label in JENJANG_LABELS.values()):
        return None
    jfs = sorted(signals.jf or ({jf} if jf else set()))
    return jfs[0] if len(jfs) == 1 else None


def asked_jenjang(question: str) -> str | None:
    """Return the jenjang whose existence a question asks ("ada jenjang ahli pertama gk?"):
    named right after "ada jenjang", not denied ("gak ada jenjang …"), and followed by
    nothing but a particle, a negation or a JF's name ("… ahli madya yang suka terima amplop"
    asks something else)."""
    words = chat_words(question)
    for jenjang, label in JENJANG_LABELS.items():
        phrase = (*_EXISTS, *raw_tokens(label))
        for i in range(len(words) - len(phrase) + 1):
            if tuple(words[i : i + len(phrase)]) != phrase or (i and words[i - 1] in _DENIED):
                continue
            rest = {w for w in words[i + len(phrase) :] if not w.isdigit()}
            if rest <= _AFTER_ASKED | _jf_words():
                return jenjang
    return None


# What may follow "ada jenjang <jenjang>" in a question whether it exists.
_DENIED = frozenset("tidak belum bukan".split())
_AFTER_ASKED = frozenset("tidak ya kah sih dong atau apa enggak belum jenjangnya jenjang di pada "
                         "untuk bagi buat dalam jf jabatan fungsional saja aja itu mana masih "
                         "sekarang lagi permendag peraturan aturan baru".split())


@cache
def _jf_words() -> frozenset[str]:
    """Return the words of the JF names, official and informal."""
    return frozenset(w for names in concept_table().jf_aliases.values() for n in names
                     for w in n.split()) | frozenset(w for label in JF_LABELS.values()
                                                     for w in raw_tokens(label))


def _scopes(passages: Sequence[Passage], jf: str) -> dict[str, Passage]:
    """Return jenjang → the Lampiran I "ruang lingkup" passage of that jenjang of ``jf``."""
    prefix = f"permendag:lampiran_i:{jf}:"
    return {p.jenjang: p for p in passages
            if p.id.startswith(prefix) and p.id.endswith(":ruang_lingkup") and p.jenjang}


def jenjang_answer(jf: str, passages: Sequence[Passage], hits: Sequence[Hit], *,
                   tasks: bool = False, asked: str | None = None) -> Answer | None:
    """Return the list of ``jf``'s jenjang from Lampiran I, or None when it has none there;
    ``tasks``: as the answer to a question about the JF's tasks; ``asked``: a jenjang whose
    existence the question asks (answered first)."""
    scopes = _scopes(passages, jf)
    groups = [(cat, [j for j in ladder if j in scopes]) for cat, ladder in
              (("keterampilan", CATEGORY_JENJANG["keterampilan"]),
               ("keahlian", CATEGORY_JENJANG["keahlian"]))]
    groups = [(cat, found) for cat, found in groups if found]
    if not groups:
        return None
    lines = [f"- kategori {CATEGORY_LABELS[cat]}: "
             + ", ".join(JENJANG_LABELS[j] for j in found) for cat, found in groups]
    order = [scopes[j] for _, found in groups for j in found]
    citation = "Permendag Nomor 4 Tahun 2025 (Lampiran) — Lampiran I, " + JF_LABELS[jf]
    example = f"{JF_LABELS[jf]} {JENJANG_LABELS[order[0].jenjang or '']}"
    head = (f"Tugas {JF_LABELS[jf]} (ruang lingkup kegiatan) dirinci per jenjang:" if tasks
            else f"Jenjang {JF_LABELS[jf]} (dari yang terendah):")
    if asked is not None and not tasks:
        has = (f"Ya, {JF_LABELS[jf]} memiliki" if asked in scopes
               else f"{JF_LABELS[jf]} tidak memiliki")
        head = f"{has} jenjang {JENJANG_LABELS[asked]}.\n{head}"
    ask = (f"Sebutkan jenjangnya untuk tugas jenjang itu (mis. \"tugas {example}\")." if tasks
           else f"Ruang lingkup tiap jenjang: tanyakan dengan menyebut jenjangnya "
                f"(mis. \"ruang lingkup {example}\").")
    text = "\n".join([head, *lines, ask, f"Sumber: {citation}"])
    top = hits[0].score if hits else 1.0
    shown = [Hit(p, top, 1.0) for p in order]
    rest = [h for h in hits if h.passage.id not in {p.id for p in order}]
    return Answer(
        status="answered",
        text=text,
        quote="; ".join(f"{CATEGORY_LABELS[c]}: " + ", ".join(JENJANG_LABELS[j] for j in f)
                        for c, f in groups),
        citations=(citation,),
        hits=tuple([*shown, *rest][: max(len(hits), 1)]),
        shown_ids=(order[0].id,),
    )
