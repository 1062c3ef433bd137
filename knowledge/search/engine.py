"""BM25 search over stemmed Indonesian passages, with synonyms, typo repair, filters and boosts."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from knowledge.ask.text import clean_title
from knowledge.errors import InputError
from knowledge.ids import CATEGORY_JENJANG, JF_LABELS, VALUE_LABELS
from knowledge.passage import Passage
from knowledge.search.concepts import DEMOTE_FACTOR, concept_table
from knowledge.search.expansions import (
    asked_questions,
    expansions,
    outside_questions,
    situations,
)
from knowledge.search.postings import Lacking, Postings
from knowledge.search.repeats import AskedBefore
from knowledge.search.synonyms import SYNONYM_GROUPS
from knowledge.search.textnorm import (
    CHAT_FORMS,
    Stemmer,
    chat_words,
    colloquial_variants,
    dictionary_roots,
    has_phrase,
    normalize_chat,
    raw_tokens,
    shared_stemmer,
    stop_words,
    without_nya,
)
from knowledge.search.typo import TypoFixer
from knowledge.sources_text import DOCUMENT_TITLES

# Relative weights: the user's own words count most; a synonym group counts once (its best
# member), below an original word, so expansions cannot drown the question.
ORIGINAL_WEIGHT = 1.0
TYPO_WEIGHT = 0.8
SYNONYM_WEIGHT = 0.6
# A concept (concepts.json) stands for the user's own everyday word: its best term counts
# nearly like a typed word, and covers that word in the coverage.
CONCEPT_WEIGHT = 1.8
CONCEPT_COVER = 0.8
# Concepts naming where or with whom (a negotiation, a partner, a business, social media), not
# the act asked about: the act's rules rank above rules that only share the setting.
SETTING_CONCEPTS = frozenset({"~perundingan", "~stakeholder", "~pelaku_usaha", "~media_sosial",
                              "~mutu_lab", "~sampel", "~kalibrasi", "~tanda_tera"})
SETTING_WEIGHT = 1.2
# Verbs any act may have: a rule sharing only such a verb with the question ("Menolak
# pengembangan kompetensi" for "boleh menolak bayaran?") shares no act with it (Hit.acts).
GENERIC_ACTS = frozenset({"tolak", "terima", "beri", "kasih", "minta", "ambil", "pakai", "ikut"})
# A word the rule lacks but how people say it (expansions.json) holds counts this much of a word
# of the rule itself, in the score and in the coverage (tuning halves, docs/search.md).
SAID_WEIGHT = 0.5
SAID_COVER = 0.3
# The situations a rule applies in (situations.json) weigh as its phrasings do, and count in
# Hit.rule_score (a story told about the rule is what it decides); they do not make a rule
# share the question's topic (Hit.topical): "ngopi di warung pinggir pasar" is no story of a
# rule because a situation of it names a warung (tuning halves, docs/search.md).
TOLD_WEIGHT = 0.5
# The tuning halves' questions (asked.json) weigh a little more than the situations: real
# questions, not written per rule (leave-one-set-out on the tuning halves: 0,5 → r@1 1311,
# 0,7 → 1335, 1,0 → 1324 of 1605; docs/search.md, "Asked questions"). Like the situations,
# they count in Hit.told_score: alone they decide no verdict.
ASKED_WEIGHT = 0.7
# Words whose trigger reading is remembered (a chat verb's variants cost ~20 µs to look up);
# forgotten all at once past this many, like the stemmer's run-time words.
TRIGGER_WORD_CACHE = 20_000
# A question's story around the sentence that asks ("Kemarin kami tera ulang 6 pompa …
# Sebenarnya boleh gak saya terima amplop itu?"): its words count this much (tuning halves).
STORY_WEIGHT = 0.8
# Multiplicative boosts for passages of a JF / jenjang the query names, and the damping of
# passages of another JF (same wording exists for every JF in the behaviour guide).
JF_BOOST = 1.6
OTHER_JF_FACTOR = 0.6
JENJANG_BOOST = 1.2
KIND_BOOST = 1.1
# "Sy penera ahli muda, blh gak …?": in a conduct question a jenjang introduces the asker; its
# words count this much and do not boost that jenjang's Lampiran I rows (tuning halves).
INTRO_WEIGHT = 0.5
_CONDUCT_FRAME = frozenset("perilaku etik etika etis panduan dibenarkan pantas patut".split())
# A conduct question (boleh / wajib / a concept such as gratifikasi) is answered by the rule
# lists (guide items, codes of ethics, netralitas rules) before magazine articles.
CONDUCT_BOOST = 1.6
ARTICLE_FACTOR = 0.75
# Concepts of an election question (concepts.json); their rules' boost (above JF_BOOST).
ELECTION_BOOST = 2.0
ELECTION_CONCEPTS = frozenset({"~netralitas", "~tim_pemenangan", "~pencalonan", "~hak_pilih",
                               "~ajakan_memilih"})
# Concepts of an ASN's own conduct that the general codes (Bengkalis, NTT, KOMPETEN) rule on
# and a JF's list may lack (the Negosiator lists have no rule on gifts): where the asked JF's
# own passages hold none of the concept's words, the general rules holding them rank as the
# JF's own would. Channels and settings ("media sosial", "pelaku usaha") are not among them.
GENERAL_TOPICS = frozenset({
    "~gratifikasi", "~pungutan", "~pemerasan", "~konflik_kepentingan", "~penyalahgunaan",
    "~fasilitas_negara", "~disiplin_waktu", "~jam_kerja", "~merokok", "~tato_tindik",
    "~tindik", "~penampilan", "~hedonisme", "~izin_luar_negeri", "~tempat_tidak_pantas",
    "~kesusilaan", "~ideologi", "~ibadah"})
# Concepts whose trigger followed by "sendiri"/"pribadi" is one's own ("duit sendiri").
OWNABLE_CONCEPTS = frozenset({"gratifikasi", "pungutan"})
CONDUCT_KINDS = ("wajib", "dilarang", "larangan", "kewajiban", "kode_etik", "netralitas",
                 "nilai", "nilai_dasar")
# A question asking what a word means ("apa itu akurasi") ranks the passages defining it
# ("akurasi, merupakan …", "Akurasi adalah …") first.
DEFINITION_BOOST = 3.0
# A value's definition when the question names no value (one word of each value's name).
UNNAMED_VALUE_FACTOR = 0.5
_VALUE_WORDS = ("berorientasi", "orientasi", "akuntabel", "akuntabilitas", "kompeten",
                "kompetensi", "harmonis", "harmoni", "keharmonisan", "loyal", "loyalitas",
                "adaptif", "adaptasi", "kolaboratif", "kolaborasi")
_DEFINITION_WORDS: tuple[tuple[str, ...], ...] = (
    ("apa", "itu"), ("apa", "yang", "dimaksud"), ("yang", "dimaksud"), ("pengertian",),
    ("definisi",), ("arti",), ("artinya",), ("maksudnya",), ("apaan",),
    # "apa beda presisi dan akurasi": a difference is told by the two definitions.
    ("apa", "beda"), ("apa", "bedanya"), ("perbedaan",), ("bedanya",),
    ("itu", "apa"), ("singkatan",), ("singkatannya",), ("kepanjangan",), ("kepanjangannya",),
)
# "tugasnya itu apa aja": a list is asked, not a definition.
_LIST_WORDS: tuple[tuple[str, ...], ...] = (("apa", "aja"), ("apa", "saja"), ("apa", "sajakah"))
# A question naming its source as the reference ("menurut Permendag 4/2025", "di lampiran II",
# "dalam kode etik Bengkalis") ranks that source's passages first, as a named JF does its own
# lists; a story that only mentions one ("blm sempet baca permendag") does not.
_REFERENCE_WORDS = frozenset("menurut di dalam sesuai berdasarkan pada versi dr dari".split())
_SOURCE_WORDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "permendag": (("permendag",), ("peraturan", "menteri"), ("lampiran",)),
    "kode_etik_bengkalis": (("bengkalis",),),
    "kode_etik_ntt": (("ntt",),),
    "kompeten": (("majalah",),),
}
SOURCE_BOOST = 1.6
# An appendix of the Permendag named ("Lampiran III"), and a table of it ("Tabel 2").
LAMPIRAN_BOOST = 1.3
TABLE_BOOST = 1.6
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_TABLE_NO = re.compile(r"\bTabel\s+(\d+)")
# A question about a JF's tasks ranks Lampiran I's "ruang lingkup" passages first.
_TASK_WORDS = frozenset({"tugas", "tugasnya", "tupoksi"})
# "ngapain aja" (what does one do), read as "mengapa saja" by the chat normalisation.
_TASK_PHRASES = (("ruang", "lingkup"), ("mengapa", "saja"))
SCOPE_BOOST = 1.3
# Words that only frame such a question; they are not searched.
_FRAME_WORDS = frozenset(
    "pengertian definisi arti artinya maksud maksudnya dimaksud beda bedanya perbedaan "
    "tolong mohon jelaskan jelasin dijelasin dijelaskan terangkan singkatan singkatannya "
    "kepanjangan kepanjangannya isinya".split())
_DEFINES = re.compile(r"([A-Za-z][A-Za-z ]{1,40}?),? (?:merupakan|adalah|yaitu|ialah) ")
# A one-word trigger also matches other inflections of its root when the root is in at most
# this share of the passages (a frequent root is a word of the sources, not chat).
TRIGGER_STEM_MAX_DF = 0.02
# A hit whose passage covers at least this share of the query's weighted words is a good match.
GOOD_MATCH = 0.5
# A passage covering none of the query's words elsewhere keeps this share of its BM25 score.
COVERAGE_FLOOR = 0.5

_FloatArray = npt.NDArray[np.float32]

# How users name each JF; matched on surface tokens before stemming (stems of "penera" and
# "pengamat tera" collide on "tera").
_JF_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "analis_perdagangan": (("analis",), ("andag",)),
    "pengawas_perdagangan": (("pengawas",), ("pengawasan", "perdagangan")),
    "negosiator_perdagangan": (("negosiator",), ("nego",)),
    "pengamat_tera": (("pengamat",), ("pengamat", "tera")),
    "penera": (("penera",),),
    "penguji_mutu_barang": (("penguji",), ("pmb",), ("penguji", "mutu")),
}
_JENJANG_NAMES: dict[str, tuple[str, ...]] = {
    "ahli_pertama": ("ahli", "pertama"),
    "ahli_muda": ("ahli", "muda"),
    "ahli_madya": ("ahli", "madya"),
    "ahli_utama": ("ahli", "utama"),
    "pemula": ("pemula",),
    "terampil": ("terampil",),
    "mahir": ("mahir",),
    "penyelia": ("penyelia",),
}
# Query words that ask for a prohibition / an obligation, and the passage kinds that answer
# them (extractors name them differently: "dilarang"/"larangan", "wajib"/"kewajiban").
_KIND_WORDS: dict[frozenset[str], frozenset[str]] = {
    frozenset({"dilarang", "larangan"}): frozenset({"dilarang", "larangan", "boleh", "melarang",
                                                    "melanggar", "pelanggaran", "dibolehkan",
                                                    "dibolehin", "diperbolehkan"}),
    frozenset({"wajib", "kewajiban"}): frozenset({"wajib", "kewajiban", "harus", "diwajibkan",
                                                  "seharusnya", "sebaiknya", "semestinya"}),
}
# "Gpp kan sy …?", "gak papa kalau …?" ask leave as "boleh …?" does; "salah gak sih?", "bisa
# dibenarkan ga?", "etis gak?" ask whether it is wrong; "kasih aja ga?" whether to go ahead.
_PERMISSION_PHRASES: tuple[tuple[str, ...], ...] = (
    ("tidak", "apa", "apa"), ("tidak", "papa"), ("salah", "tidak"), ("dibenarkan", "tidak"),
    ("etis", "tidak"), ("pantas", "tidak"), ("wajar", "tidak"), ("saja", "tidak"),
    ("masalah", "tidak"))
_PROHIBITION = frozenset({"dilarang", "larangan"})
# Government units the sources never name: they place the asker ("sy di Setditjen"), they
# are not what is asked.
_UNIT_WORDS = frozenset("setditjen sesditjen setjen kanwil subbag subbagian irjen itjen pemkot "
                        "pemkab pemprov kelurahan kecamatan sekda bkpsdm bpsdm kadisdag "
                        "disdag disperindag diskoperindag".split())
# Words that frame a conduct question without naming its topic (Hit.topical): the kind words
# above, the negation of "boleh gak", the rules' own names ("melanggar kode etik gak?") and the
# words asking for a list ("sebutin", "list").
_FRAME_TOPIC_WORDS = frozenset(
    {w for kw in _KIND_WORDS.values() for w in kw}
    | set("tidak perilaku kode etik etika aturan peraturan ketentuan sebutkan sebutin list "
          "daftar semua seluruh".split()))

@dataclass(frozen=True)
class Hit:
    """One search result: the passage, its ranking score and how well it covers the query."""

    passage: Passage
    score: float
    quality: float = 0.0
    # False when the passage shares none of the question's topic words, only its frame ("boleh
    # gak") and its JF's name: "pengamat tera boleh ngopi di warung?" is not answered by a rule
    # that merely belongs to Pengamat Tera.
    topical: bool = True
    # The score of the passage's own words and of the situations it applies in
    # (situations.json), without how people say it (expansions.json); None: the same as
    # ``score``.
    own_score: float | None = None
    # False when the passage shares only the question's setting with it (SETTING_CONCEPTS:
    # "pedagang", "mitra"), not one of its other topic words: such a rule decides nothing
    # about the act asked ("ngobrol pake bahasa Jawa sama pedagang").
    acts: bool = True
    # The part of ``rule_score`` that the situations the rule applies in (situations.json)
    # add: a story matched only there answers, but decides no verdict by itself.
    told_score: float = 0.0

    @property
    def rule_score(self) -> float:
        """Return what the rule itself shares with the question (its score without how
        people say it, with the situations it applies in)."""
        return self.score if self.own_score is None else self.own_score

    @property
    def good(self) -> bool:
        """Return True when this hit answers the query well enough to be shown without doubt."""
        return self.quality >= GOOD_MATCH


@dataclass(frozen=True)
class QuerySignals:
    """What a query names besides its words (``SearchIndex.signals``)."""

    jf: frozenset[str]
    kinds: frozenset[str]  # "dilarang"/"larangan" for boleh/melanggar, "wajib"/"kewajiban"
    concepts: tuple[str, ...]  # "~gratifikasi" …
    # The question's topic: its stems less the frame words and the named JF's name (as for
    # Hit.topical), and the words no passage holds.
    topic: frozenset[str] = frozenset()
    # The words no passage (nor how people say one) holds and no typo repair reaches.
    unknown: frozenset[str] = frozenset()
    # JF named only to introduce the asker ("Sy analis, lagi nyiapin bahan …"): no sign that
    # the question is about the JF's conduct.
    introduced: frozenset[str] = frozenset()
    # The question names conduct itself ("sesuai kode perilaku ga?", "etis gak?").
    conduct_words: bool = False

    @property
    def asks_conduct(self) -> bool:
        """Return True when the question is about conduct beyond the asker introducing
        themself: a kind word, a concept, a word of conduct itself or a JF named otherwise
        than as the asker's."""
        return bool(self.jf - self.introduced or self.kinds or self.concepts
                    or self.conduct_words)

    @property
    def concept_only(self) -> bool:
        """Return True when a concept is the question's only sign of conduct (no JF, no kind)."""
        return bool(self.concepts) and not (self.jf or self.kinds)


@dataclass
class _Query:
    """A parsed query: weighted stems, synonym groups and what it names."""

    originals: dict[str, float] = field(default_factory=dict)
    groups: list[list[list[str]]] = field(default_factory=list)
    jf: set[str] = field(default_factory=set)
    jenjang: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    definition: bool = False
    sources: set[str] = field(default_factory=set)
    # "Tabel 2 Lampiran II": the appendix and table named ("lampiran_ii", "2").
    lampiran: set[str] = field(default_factory=set)
    tables: set[str] = field(default_factory=set)
    tasks: bool = False
    corrections: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    # JF named only as the asker's own ("sy analis, …"), and JF named otherwise.
    introduced: set[str] = field(default_factory=set)
    subject: set[str] = field(default_factory=set)
    conduct_words: bool = False
    # Concepts the question names: (member stem lists, query stems the concept covers).
    concepts: list[tuple[list[list[str]], set[str]]] = field(default_factory=list)


# Words before a JF's name that make it the asker's own: "sy analis", "saya sbg penera".
_INTRODUCING = frozenset("sy saya aku gue gw ane sbg sebagai seorang".split())


def _lampiran_of(p: Passage) -> str:
    """Return the Permendag appendix a passage belongs to ("lampiran_iii"), or ""."""
    return p.id.split(":")[1] if p.id.startswith("permendag:lampiran_") else ""


def _table_of(p: Passage) -> str:
    """Return the table number a passage's section names ("2" for "…, Tabel 2"), or ""."""
    m = _TABLE_NO.search(p.section)
    return m.group(1) if m else ""


def _parts_named(words: list[str]) -> tuple[set[str], set[str]]:
    """Return the appendices ("lampiran_ii") and table numbers ("2") the words name:
    "lampiran II", "lampiran 2", "tabel 2"."""
    lampiran: set[str] = set()
    tables: set[str] = set()
    for i, w in enumerate(words[:-1]):
        nxt = words[i + 1]
        if w == "lampiran" and (nxt in _ROMAN or nxt.isdigit() and 0 < int(nxt) <= 10):
            lampiran.add("lampiran_" + (nxt if nxt in _ROMAN else _ROMAN[int(nxt) - 1]))
        elif w == "tabel" and nxt.isdigit() and len(nxt) <= 2:
            tables.add(str(int(nxt)))
    return lampiran, tables


def asked_kinds(words: list[str]) -> set[str]:
    """Return the passage kinds the words ask for: prohibitions for "boleh", "melanggar",
    "gpp", obligations for "wajib", "harus"."""
    out: set[str] = set()
    for kinds, kw in _KIND_WORDS.items():
        if kw & set(words):
            out.update(kinds)
    if any(has_phrase(words, p) for p in _PERMISSION_PHRASES):
        out.update(_PROHIBITION)
    return out


def _referenced(words: list[str], name: tuple[str, ...]) -> bool:
    """Return True when ``name`` follows a word of reference ("menurut", "di") closely."""
    return any(_REFERENCE_WORDS & set(words[max(0, i - 4) : i])
               for i in _starts(words, name))


def filter_jf(jf: str | None, default_jf: str | None, signals: QuerySignals) -> str | None:
    """Return the JF a read filters by: the one given, else the asker's when the query names
    none ("boleh terima parsel?" from a Penera; "wasdag boleh …?" stays the wasdag's)."""
    if jf is not None:
        return jf
    return None if signals.jf else default_jf


def _no_words(query: str) -> str:
    """Return the sentence for a query without a Latin word or a digit."""
    if not query.strip():
        return "Pertanyaan tidak boleh kosong; tulis kata kunci pencarian."
    if any(ch.isalpha() for ch in query):
        return ("Tulis pertanyaan dalam bahasa Indonesia dengan huruf Latin, misalnya: penera "
                "boleh terima hadiah?")
    return "Tulis pertanyaan dengan kata-kata, misalnya: penera boleh terima hadiah?"


def check_request(
    query: str,
    *,
    jf: str | None = None,
    value: str | None = None,
    source: str | None = None,
    limit: int = 5,
    offset: int = 0,
) -> None:
    """Raise InputError for a request that no corpus can serve (checked before any index)."""
    if not raw_tokens(query):
        raise InputError("", _no_words(query))
    if jf is not None and jf not in JF_LABELS:
        raise InputError("--jf", f"pilih salah satu dari: {', '.join(JF_LABELS)}.")
    if value is not None and value not in VALUE_LABELS:
        raise InputError("--value", f"pilih salah satu dari: {', '.join(VALUE_LABELS)}.")
    if source is not None and source not in DOCUMENT_TITLES:
        raise InputError("--source", f"pilih salah satu dari: {', '.join(DOCUMENT_TITLES)}.")
    if limit < 1:
        raise InputError("--limit", "jumlah hasil minimal 1.")
    if offset < 0:
        raise InputError("offset", "offset minimal 0.")


def topic(passage: Passage) -> str:
    """Return a short label of what a passage is about (its title, or its section when the
    title is just the document's name); a title the table layout cut ends with "…"."""
    if passage.title == DOCUMENT_TITLES.get(passage.source):
        return passage.section
    return clean_title(passage.title)


def _starts(seq: Sequence[str], sub: Sequence[str],
            at: dict[str, list[int]] | None = None) -> list[int]:
    """Return the positions where ``sub`` occurs in ``seq`` (``at``: each word's positions in
    ``seq``, from ``_positions``, when many phrases are looked up in one sequence)."""
    n, first, whole = len(sub), sub[0], tuple(sub)
    where = at.get(first, ()) if at is not None else range(len(seq) - n + 1)
    return [i for i in where if seq[i] == first and tuple(seq[i : i + n]) == whole]


def _positions(seq: Sequence[str]) -> dict[str, list[int]]:
    """Return each word's positions in ``seq``."""
    at: dict[str, list[int]] = {}
    for i, w in enumerate(seq):
        at.setdefault(w, []).append(i)
    return at


class SearchIndex:
    """A BM25 index over a fixed list of passages (build one per corpus; queries are pure)."""

    def __init__(self, passages: Iterable[Passage], stemmer: Stemmer | None = None,
                 asked: Mapping[str, Sequence[str]] | None = None,
                 outside: Sequence[str] | None = None) -> None:
        self.passages: tuple[Passage, ...] = tuple(passages)
        self._stemmer = stemmer or shared_stemmer()
        self._stop = stop_words()
        docs: list[list[str]] = []
        surface: set[str] = set()
        known, stem = self._stemmer.cache, self._stemmer.stem  # hot loop: ~90,000 words
        for p in self.passages:
            toks = [t for t in raw_tokens(f"{p.title} {p.section} {p.text}") if t not in self._stop]
            surface.update(toks)
            docs.append([known.get(t) or stem(t) for t in toks] or [""])
        self._text = Postings(docs)
        self._vocab = self._text.vocab
        self._surface = frozenset(surface)  # the sources' own words, not the phrasings'
        # How people say each rule (expansions.json), a second field of its own: its words
        # neither lengthen the rule nor change the rule's own word statistics.
        # The situations a rule applies in (situations.json), a third field; their words do not
        # make a question's word known (self._said_known): they name everyday things ("mogok",
        # "romantis") that mark a question as outside the sources.
        said, told = expansions(), situations()
        # The questions of the dev sets' tuning halves, a fourth field (asked.json; ``asked``:
        # another table, for the benchmark's leave-one-set-out figures). Their words do not
        # make a question's word known either.
        asked = asked_questions() if asked is None else asked
        exp_docs: list[list[str]] = []
        told_docs: list[list[str]] = []
        asked_docs: list[list[str]] = []
        said_known: set[str] = set()
        def field(phrases: Sequence[str]) -> tuple[list[str], list[str]]:
            """Return the words and stems of one passage's phrasings (a field's document)."""
            toks = [t for t in normalize_chat(raw_tokens(" ".join(phrases)))
                    if t not in self._stop]
            return toks, [known.get(t) or stem(t) for t in toks]

        for p in self.passages:
            toks, stems = field(said.get(p.id, ()))
            surface.update(toks)
            said_known.update(stems)
            exp_docs.append(stems or [""])
            told_docs.append(field(told.get(p.id, ()))[1] or [""])
            asked_docs.append(field(asked.get(p.id, ()))[1] or [""])
        self._said = Postings(exp_docs)
        self._told = Postings(told_docs)
        self._asked = Postings(asked_docs)
        # Each field's words where the rule's own text lacks them (``_scores``).
        self._beyond_text = [(SAID_WEIGHT, Lacking(self._said, self._text)),
                             (TOLD_WEIGHT, Lacking(self._told, self._text)),
                             (ASKED_WEIGHT, Lacking(self._asked, self._text))]
        # The same questions, and those outside the sources, for ``leans_outside``.
        self._before = AskedBefore({q for qs in asked.values() for q in qs},
                                   outside_questions() if outside is None else outside,
                                   stems=lambda q: field([q])[1])
        self._said_known = frozenset(said_known)
        self._idf = self._idf_table(docs)
        self._max_idf = max(self._idf.values(), default=1.0)
        self._groups = [
            [[self._stemmer.stem(w) for w in raw_tokens(m) if w not in self._stop] for m in grp]
            for grp in SYNONYM_GROUPS
        ]
        table = concept_table()
        stem_words = self._stem_words
        self._concepts = [
            (c.id, [stem_words(t) for t in c.terms], [tuple(t.split()) for t in c.triggers])
            for c in table.concepts
        ]
        self._aliases = sorted(
            ((tuple(a.split()), jf) for jf, names in table.jf_aliases.items() for a in names),
            key=lambda x: -len(x[0]),
        )
        self._alias_by_first: dict[str, list[int]] = {}
        for k, (name, _) in enumerate(self._aliases):
            self._alias_by_first.setdefault(name[0], []).append(k)
        ids = {p.id: i for i, p in enumerate(self.passages)}
        self._prior = np.ones(len(self.passages), dtype=np.float32)
        for pid in table.demote:
            if pid in ids:
                self._prior[ids[pid]] = DEMOTE_FACTOR
        self._not_before = table.not_before
        self._not_after = table.not_after
        self._needs = table.needs
        self._undemote: dict[str, list[int]] = {}
        for pid, concepts in table.demote_unless.items():
            for cid in concepts:
                if pid in ids:
                    self._undemote.setdefault(f"~{cid}", []).append(ids[pid])
        self._group_by_first: dict[str, set[int]] = {}
        for g, grp in enumerate(self._groups):
            for m in grp:
                if m:
                    self._group_by_first.setdefault(m[0], set()).add(g)
        # Concept triggers by their first word (a query checks only the triggers it can hold).
        self._trigger_by_first: dict[str, set[int]] = {}
        # Per concept, its triggers (with their order) by first word.
        self._concept_triggers: list[dict[str, list[tuple[int, tuple[str, ...]]]]] = []
        for c, (_, _, triggers) in enumerate(self._concepts):
            by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
            for k, trig in enumerate(triggers):
                self._trigger_by_first.setdefault(trig[0], set()).add(c)
                by_first.setdefault(trig[0], []).append((k, trig))
            self._concept_triggers.append(by_first)
        self._trigger_words: dict[str, str] = {}  # _trigger_word's answers, bounded
        # One-word triggers that are roots ("bully", "ejek", "traktir"), matched in any
        # inflection ("dibully", "diejek", "mentraktir") when the root is rare in the corpus:
        # "perdagangan" must not trigger "dagang" (konflik kepentingan). Derived triggers
        # ("didahulukan", "relawan") are not widened: their roots mean other things.
        self._trigger_stems: dict[str, str] = {}
        rare = TRIGGER_STEM_MAX_DF * len(self.passages)
        for _, _, triggers in self._concepts:
            for trig in triggers:
                if len(trig) == 1 and self._stemmer.stem(trig[0]) == trig[0] \
                        and self._df.get(trig[0], 0) <= rare:
                    self._trigger_stems.setdefault(trig[0], trig[0])
        synonym_words = {w for g in SYNONYM_GROUPS for m in g for w in raw_tokens(m)}
        self._typo = TypoFixer((surface | synonym_words) - self._stop, set(CHAT_FORMS))
        self._jf_typo = TypoFixer({w for names in _JF_NAMES.values() for n in names for w in n
                                   if len(w) > 4})
        self._jf = np.array([p.jf or "" for p in self.passages])
        self._jenjang = np.array([p.jenjang or "" for p in self.passages])
        self._kind = np.array([p.kind or "" for p in self.passages])
        self._value = np.array([p.value or "" for p in self.passages])
        self._source = np.array([p.source for p in self.passages])
        self._source_masks = {v: self._source == v for v in set(self._source.tolist())}
        self._lampiran = np.array([_lampiran_of(p) for p in self.passages])
        self._table = np.array([_table_of(p) for p in self.passages])
        self._kinds = tuple(sorted({p.kind for p in self.passages if p.kind}))
        self._conduct = np.isin(self._kind, CONDUCT_KINDS)
        self._article = self._kind == "artikel"
        self._election = self._kind == "netralitas"
        self._defined_kind = self._kind == "definisi"
        # One value's definition in one JF's list ("Definisi nilai Kompeten (BerAKHLAK) bagi
        # Penera"): the answer only where the question names that value.
        self._value_definition = self._defined_kind & (self._value != "")
        self._value_stems = frozenset(self._stemmer.stem(w) for w in _VALUE_WORDS)
        self._has_jf = self._jf != ""
        self._jf_masks = {v: self._jf == v for v in set(self._jf.tolist()) if v}
        self._jenjang_masks = {v: self._jenjang == v for v in set(self._jenjang.tolist()) if v}
        self._kind_masks = {v: self._kind == v for v in set(self._kind.tolist()) if v}
        self._defines = self._definitions()
        self._frame_stems = frozenset(self._stemmer.stem(w) for w in _FRAME_TOPIC_WORDS)
        self._jf_stems = {jf: frozenset(self._stem_words(label)) for jf, label in JF_LABELS.items()}
        self._lacking: dict[tuple[str, str], bool] = {}

    def _definitions(self) -> dict[str, npt.NDArray[np.bool_]]:
        """Return stem → passages defining it ("X, merupakan …", "X adalah …")."""
        found: dict[str, set[int]] = {}
        for i, p in enumerate(self.passages):
            for m in _DEFINES.finditer(p.text):
                words = self._stem_words(m.group(1).split(",")[-1])
                for s in words[-3:]:
                    found.setdefault(s, set()).add(i)
        out: dict[str, npt.NDArray[np.bool_]] = {}
        for s, idx in found.items():
            mask = np.zeros(len(self.passages), dtype=bool)
            mask[list(idx)] = True
            out[s] = mask
        return out

    def _stem_words(self, phrase: str) -> list[str]:
        return [self._stemmer.stem(w) for w in raw_tokens(phrase) if w not in self._stop]

    def _idf_table(self, docs: list[list[str]]) -> dict[str, float]:
        # Lucene's idf, as bm25s uses it; kept per stem to weigh words in the coverage.
        n = len(docs)
        df = Counter(s for d in docs for s in set(d))
        self._df: dict[str, int] = dict(df)
        return {s: math.log(1 + (n - c + 0.5) / (c + 0.5)) for s, c in df.items()}

    # -- query parsing -------------------------------------------------------------------

    def _parse(self, query: str) -> _Query:
        q = _Query()
        raw = raw_tokens(query)
        explained, phrase = self._explain(raw, q)
        words: list[str] = []
        flagged: list[bool] = []
        for i, tok in enumerate(raw):
            if i in phrase:
                continue
            for w in normalize_chat([tok]):
                words.append(w)
                flagged.append(i in explained)
        words, flagged = self._promotion_row(words, flagged)
        # "peneraa", "negosiatr": a misspelt JF name names the JF (the general repair below
        # would read it as some other word of the sources, or as another JF).
        words = [w if w in self._typo.known else self._jf_typo.fix(w) or w for w in words]
        for jf, names in _JF_NAMES.items():
            if any(has_phrase(words, n) for n in names):
                q.jf.add(jf)
        # "pengamat tera" also contains "tera", never "penera": no clash to resolve.
        for jj, name in _JENJANG_NAMES.items():
            if has_phrase(words, name):
                q.jenjang.add(jj)
        listing = any(has_phrase(words, d) for d in _LIST_WORDS)
        q.definition = any(has_phrase(words, d) for d in _DEFINITION_WORDS
                           if not (listing and d == ("itu", "apa")))
        q.sources = {src for src, names in _SOURCE_WORDS.items()
                     if any(_referenced(words, n) for n in names)}
        q.tasks = bool(_TASK_WORDS & set(words)) or any(has_phrase(words, p) for p in _TASK_PHRASES)
        q.lampiran, q.tables = _parts_named(words)
        q.kinds = asked_kinds(words)
        q.conduct_words = bool(_CONDUCT_FRAME & set(words))
        stems: list[str] = []
        for w, known_meaning in zip(words, flagged, strict=True):
            if w in self._stop or (q.definition and w in _FRAME_WORDS):
                continue
            weight = ORIGINAL_WEIGHT
            s = self._stemmer.stem(w)
            if known_meaning and s not in self._vocab:
                # An alias or a concept trigger the corpus does not contain: its meaning is
                # searched through the JF filter or the concept, not as an unknown word.
                continue
            # "nolak", "mantau": a chat form the expansions hold is still read as the
            # sources' word ("menolak") where it has one.
            # "launchingnya": a word the stemmer does not know keeps its -nya.
            if s not in self._vocab and w.endswith("nya") \
                    and (bare := self._stemmer.stem(w[:-3])) in self._vocab:
                s = bare
            if s not in self._vocab:
                for variant in colloquial_variants(w):
                    if (vs := self._stemmer.stem(variant)) in self._vocab:
                        s = vs
                        break
            if s not in self._vocab and s not in self._said_known \
                    and w not in self._typo.known:
                # "darah", "arisan": a word of the language the sources never use is no typo
                # of one they use ("darah" is not "daerah").
                fixed = None if s in dictionary_roots() else self._typo.fix(w)
                if fixed is None:
                    # "sebutin", "list": no topic to miss; "setditjen", "kanwil": where the
                    # asker works, no topic either
                    if w not in _FRAME_TOPIC_WORDS and w not in _UNIT_WORDS:
                        q.unknown.append(w)
                    continue
                if fixed != w:
                    q.corrections[w] = fixed
                    s, weight = self._stemmer.stem(fixed), TYPO_WEIGHT
            stems.append(s)
            q.originals[s] = max(q.originals.get(s, 0.0), weight)
        self._introduction(words, q)
        # Only groups with a member starting with one of the query's stems can match.
        seen = set(stems)
        for g in sorted({g for st in seen for g in self._group_by_first.get(st, ())}):
            grp = self._groups[g]
            if any(m and m[0] in seen and has_phrase(stems, m) for m in grp):
                q.groups.append([m for m in grp if m])
        return q

    def _introduction(self, words: list[str], q: _Query) -> None:
        """Read a jenjang named in a conduct question as the asker introducing themself."""
        conduct = bool(q.kinds or q.concepts or _CONDUCT_FRAME & set(words))
        if not (conduct and q.jenjang):
            return
        for jj in q.jenjang:
            for w in _JENJANG_NAMES[jj]:
                s = self._stemmer.stem(w)
                if s in q.originals:
                    q.originals[s] *= INTRO_WEIGHT
        q.jenjang.clear()

    @staticmethod
    def _promotion_row(words: list[str], flagged: list[bool]) -> tuple[list[str], list[bool]]:
        """Read "naik (jenjang) ke Ahli Muda" as the row of the jenjang below it.

        Lampiran VII gives the angka kredit to reach the next jenjang in the row of the
        current one: "dari Terampil ke Mahir" is the Terampil row (60), not Mahir's (100).
        """
        if "ke" not in words:
            return words, flagged
        promotion = bool({"naik", "kenaikan"} & set(words))
        for target, name in _JENJANG_NAMES.items():
            ladder = next(v for v in CATEGORY_JENJANG.values() if target in v)
            starts = _starts(words, ("ke", *name))
            if not starts or ladder.index(target) == 0:
                continue
            lower = list(_JENJANG_NAMES[ladder[ladder.index(target) - 1]])
            # Without "naik": "(dari) Ahli Pertama ke Ahli Muda" names the step all the same.
            if not promotion and tuple(words[max(0, starts[0] - len(lower)) : starts[0]]) \
                    != tuple(lower):
                continue
            cut, end = starts[0] + 1, starts[0] + 1 + len(name)
            return ([*words[:cut], *lower, *words[end:]],
                    [*flagged[:cut], *[False] * len(lower), *flagged[end:]])
        return words, flagged

    def _trigger_word(self, word: str) -> str:
        """Return the trigger a word stands for, or the word: a rare root's inflection
        ("dibully" → bully) or a chat verb ("ngebentak" → bentak, "nyogok" → sogok: Sastrawi
        knows no nge-/ny- prefix nor the -in suffix). Words of the sources stay themselves:
        "memfasilitasi" is not "fasilitas"."""
        if (known := self._trigger_words.get(word)) is None:
            if len(self._trigger_words) >= TRIGGER_WORD_CACHE:
                self._trigger_words.clear()
            known = self._trigger_words[word] = self._read_trigger_word(word)
        return known

    def _read_trigger_word(self, word: str) -> str:
        if word in self._trigger_by_first or word in self._surface:
            return word
        if word not in self._typo.known and (
                found := self._trigger_stems.get(self._stemmer.stem(word))):
            return found
        # Looked up as written, not stemmed: the variants end in roots ("bentak", "gosip"),
        # and stemming a dozen variants of every unknown word would cost ~0,7 ms. The last
        # match is the root, which also counts where the sources use the word.
        roots = [v for v in colloquial_variants(word)
                 if v in self._trigger_by_first or v in self._trigger_stems]
        return roots[-1] if roots else word

    def _act_word(self, word: str) -> bool:
        """Return True for a word of an act's trigger that is also searched as a word: not a
        frame word ("gak", "boleh") nor a verb any act may have ("terima")."""
        return any(w not in _FRAME_TOPIC_WORDS and w not in self._stop
                   and self._stemmer.stem(w) not in GENERIC_ACTS for w in normalize_chat([word]))

    def _explain(self, raw: list[str], q: _Query) -> tuple[set[int], set[int]]:
        """Find JF aliases and concept triggers in the raw words; return their positions and
        those of multi-word triggers (searched only through their concept)."""
        taken: set[int] = set()
        phrase: set[int] = set()
        at = _positions(raw)
        # Longest alias first, as in self._aliases ("pengamat tera" before "tera").
        for k in sorted(k for w in at for k in self._alias_by_first.get(w, ())):
            name, jf = self._aliases[k]
            for start in _starts(raw, name, at):
                span = set(range(start, start + len(name)))
                if span & taken:
                    continue
                q.jf.add(jf)
                (q.introduced if raw[start - 1 : start] and raw[start - 1] in _INTRODUCING
                 else q.subject).add(jf)
                taken |= span
                # "wasdag", "pmb", "tukang tera" name the JF (boosted below); only words of
                # its official name ("penera", "pengawas") are searched as words.
                label = set(raw_tokens(JF_LABELS[jf]))
                phrase |= {i for i in span if raw[i] not in label}
        named = set(taken)
        # "antriannya", "datanya": a trigger is also matched without the possessive -nya, and
        # in another inflection of the same rare root ("dibully", "diejek", "mentraktir").
        raw = without_nya(raw)
        # "bentak2", "bagi2": a reduplication written with a 2 is its word ("oleh2" is a trigger
        # of its own).
        raw = [w[:-1] if w[-1:] == "2" and w[:-1].isalpha() and w not in self._trigger_by_first
               else w for w in raw]
        # Only words the sources never use: "memfasilitasi" stays a word of the sources.
        raw = [self._trigger_word(w) for w in raw]
        at = _positions(raw)
        present = set(at)
        for c in sorted({c for w in present for c in self._trigger_by_first.get(w, ())}):
            cid, members, _ = self._concepts[c]
            by_first = self._concept_triggers[c]
            cover: set[str] = set()
            extra: list[list[str]] = []
            for _, trig in sorted(t for w in present & by_first.keys() for t in by_first[w]):
                for start in _starts(raw, trig, at):
                    if named & set(range(start, start + len(trig))):
                        continue  # "juru runding" names the JF, not a negotiation
                    end = start + len(trig)
                    if cid in OWNABLE_CONCEPTS and raw[end : end + 1] in (["sendiri"],
                                                                         ["pribadi"]):
                        continue  # "pakai duit sendiri": one's own money is no gift
                    if len(trig) == 1 and trig[0] in self._needs \
                            and not self._needs[trig[0]] & present:
                        # "like postingan Kemendag": no election named; the word itself (the
                        # sources use it of candidates only) is not searched either
                        phrase.add(start)
                        continue
                    if len(trig) == 1 and set(raw[max(0, start - 1) : start]) \
                            & self._not_after.get(trig[0], frozenset()):
                        continue  # "pranata komputer" is a JF, not a computer
                    if len(trig) == 1 and set(raw[end : end + 1]) & self._not_before.get(
                            trig[0], frozenset()):
                        continue  # "calon agen perubahan" is no candidate in an election
                    taken |= set(range(start, start + len(trig)))
                    # A setting's trigger is searched only through its concept: "grup wa",
                    # "follow akun" alone ("grup", "akun") would search something else. The
                    # words of an act's trigger the sources use also count as words ("milih
                    # kerjaan enak" is "Memilih pekerjaan … atas dasar kenyamanan pribadi"),
                    # but not a verb any act may have ("gak terima dituduh" receives nothing).
                    span = set(range(start, start + len(trig)))
                    if len(trig) == 1 or f"~{cid}" in SETTING_CONCEPTS | ELECTION_CONCEPTS:
                        phrase.update(span)
                    else:
                        phrase.update(i for i in span if not self._act_word(raw[i]))
                    cover.add(f"~{cid}")
                    q.originals[f"~{cid}"] = ORIGINAL_WEIGHT
                    stem = self._stemmer.stem(trig[0])
                    if len(trig) == 1 and stem in self._vocab and trig[0] not in self._stop:
                        extra.append([stem])  # the sources' own use of the word still counts
            if cover:
                q.concepts.append(([m for m in members if m] + extra, cover))
        return taken, phrase

    # -- scoring -------------------------------------------------------------------------

    def _scores(
        self, q: _Query
    ) -> tuple[_FloatArray, _FloatArray, _FloatArray, _FloatArray, npt.NDArray[np.bool_],
               npt.NDArray[np.bool_]]:
        """Return the ranking score, the score of the rule's own words (``Hit.rule_score``),
        the part of it from the situations (``Hit.told_score``), the query coverage (0..1),
        ``Hit.topical`` and ``Hit.acts`` of every passage."""
        n = len(self.passages)
        total = np.zeros(n, dtype=np.float32)
        said_total = np.zeros(n, dtype=np.float32)
        told_total = np.zeros(n, dtype=np.float32)
        cache: dict[str, _FloatArray | None] = {}

        def vec(stem: str) -> _FloatArray | None:
            if stem not in cache:
                cache[stem] = self._text.scores(stem)
            return cache[stem]

        said: dict[str, npt.NDArray[np.int64]] = {}
        for stem, weight in q.originals.items():
            v = vec(stem)
            if v is not None:
                total += weight * v
            e = self._said.sparse(stem)
            if e is not None:
                said[stem] = e[0]  # the phrasings count in the coverage
            # Each field adds the words the rule lacks; a word the rule holds is counted once
            # ("pelaku usaha" in both would let the phrasings outweigh a concept).
            for (field_weight, lacking), field_total in zip(
                    self._beyond_text, (said_total, told_total, told_total), strict=True):
                got = lacking.get(stem)
                if got is not None:
                    field_total[got[0]] += weight * field_weight * got[1]
        group_hits: list[tuple[set[str], _FloatArray, float]] = []
        whole: dict[str, npt.NDArray[np.bool_]] = {}
        for members, cover in q.concepts:
            best = self._best_member(members, vec, total, q)
            weight = SETTING_WEIGHT if cover <= SETTING_CONCEPTS else CONCEPT_WEIGHT
            total += weight * best
            group_hits.append((cover, best, CONCEPT_COVER))
            found = self._whole_member(members, vec)
            for c in cover:
                whole[c] = found | whole.get(c, False)
        for grp in q.groups:
            # A phrase stands for one concept: average its words so that a long member
            # ("standar kemampuan rata rata") does not outweigh a one-word one.
            best = self._best_member(grp, vec, total, q)
            total += SYNONYM_WEIGHT * best
            group_hits.append(({s for m in grp for s in m}, best, SYNONYM_WEIGHT))
        coverage, topical, acting = self._coverage(q, vec, group_hits, whole, said)
        # Rank passages that cover more of the question above those that repeat one word.
        factor = (COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * coverage).astype(np.float32)
        # Boosts multiply in place through masks built with the index (no per-query compares).
        if q.jf:
            mine = self._any_of(self._jf_masks, q.jf)
            np.multiply(factor, JF_BOOST, out=factor, where=mine)
            np.multiply(factor, OTHER_JF_FACTOR, out=factor, where=self._has_jf & ~mine)
            # "Negosiator boleh terima jam tangan dari delegasi?": the JF's own lists hold no
            # rule on gifts; the general codes' rules on it rank as the JF's own would.
            for cid, holding in whole.items():
                if cid in GENERAL_TOPICS and not (holding & mine & self._conduct).any():
                    np.multiply(factor, JF_BOOST, out=factor, where=holding & ~self._has_jf)
                    np.divide(factor, JF_BOOST, out=factor, where=mine)
        if q.jenjang:
            jenjang = self._any_of(self._jenjang_masks, q.jenjang)
            np.multiply(factor, JENJANG_BOOST, out=factor, where=jenjang)
        if q.kinds:
            np.multiply(factor, KIND_BOOST, out=factor,
                        where=self._any_of(self._kind_masks, q.kinds))
        if q.tasks and not (q.kinds or q.concepts):
            # "tugas penera ahli muda apa aja": the jenjang's scope, before one of its outputs.
            np.multiply(factor, SCOPE_BOOST, out=factor,
                        where=self._any_of(self._kind_masks, ("ruang_lingkup",)))
        if q.sources:
            np.multiply(factor, SOURCE_BOOST, out=factor,
                        where=self._any_of(self._source_masks, q.sources))
        if q.lampiran or q.tables:
            # "Tabel 2 Lampiran II itu tabel apa?": that table of that appendix, then the
            # appendix ("tugas penera menurut Lampiran I").
            named = (np.isin(self._lampiran, list(q.lampiran)) if q.lampiran
                     else np.ones(len(self.passages), dtype=bool))
            if q.lampiran:
                np.multiply(factor, LAMPIRAN_BOOST, out=factor, where=named)
            if q.tables:
                np.multiply(factor, TABLE_BOOST, out=factor,
                            where=named & np.isin(self._table, list(q.tables)))
        if ELECTION_CONCEPTS & {c for _, cover in q.concepts for c in cover}:
            # No JF's own list speaks of elections: the netralitas rules rank above the asker's
            # own list ("wasdag blh jadi timses caleg?", "penera boleh kampanye?").
            np.multiply(factor, ELECTION_BOOST, out=factor, where=self._election)
        if q.kinds or q.concepts:
            np.multiply(factor, CONDUCT_BOOST, out=factor, where=self._conduct)
            np.multiply(factor, ARTICLE_FACTOR, out=factor, where=self._article)
        if q.definition:
            defined = self._defined_kind.copy()
            asked = set(q.originals) | {s for members, _ in q.concepts for m in members
                                        for s in m}
            for stem in asked:
                if stem in self._defines:
                    defined |= self._defines[stem]
            np.multiply(factor, DEFINITION_BOOST, out=factor, where=defined)
        # Noise passages (concepts.json "demote") rank low: their generic words ("diwajibkan",
        # "diperbolehkan") match every boleh/wajib question.
        prior = self._prior
        lifted = [i for c in q.concepts for cid in c[1] for i in self._undemote.get(cid, ())]
        if lifted:
            prior = prior.copy()
            prior[lifted] = 1.0  # "foto gaya 3 jari": the hand-gesture slide is the answer
        factor *= prior
        if not self._value_stems & q.originals.keys():
            # "Apa kepanjangan BerAKHLAK?": the guide's list of all seven values, not one
            # value's definition for one JF (each carries the word "BerAKHLAK").
            np.multiply(factor, UNNAMED_VALUE_FACTOR, out=factor, where=self._value_definition)
        return ((total + said_total + told_total) * factor, (total + told_total) * factor,
                told_total * factor, coverage, topical, acting)

    def _any_of(self, masks: dict[str, npt.NDArray[np.bool_]],
                keys: Iterable[str]) -> npt.NDArray[np.bool_]:
        """Return the passages whose attribute is one of ``keys`` (precomputed masks)."""
        out = np.zeros(len(self.passages), dtype=bool)
        for k in keys:
            if k in masks:
                out |= masks[k]
        return out

    def _best_member(
        self,
        members: list[list[str]],
        vec: Callable[[str], _FloatArray | None],
        like: _FloatArray,
        q: _Query,
    ) -> _FloatArray:
        """Return, per passage, the best score of any member phrase (mean over its words)."""
        best = np.zeros_like(like)
        for member in members:
            # A member's words the user already typed add nothing new.
            if all(s in q.originals for s in member):
                continue
            words = set(member)
            found = [v for s in words if (v := vec(s)) is not None]
            if not found:
                continue  # scores 0 everywhere: the best stays
            if len(words) == 1:
                np.maximum(best, found[0], out=best)
                continue
            m = found[0].copy()
            for v in found[1:]:
                m += v
            np.maximum(best, m / len(words), out=best)
        return best

    def _whole_member(self, members: list[list[str]],
                      vec: Callable[[str], _FloatArray | None]) -> npt.NDArray[np.bool_]:
        """Return the passages containing every word of at least one member phrase."""
        out = np.zeros(len(self.passages), dtype=bool)
        for member in members:
            if not member:
                continue
            found = np.ones(len(self.passages), dtype=bool)
            for s in set(member):
                v = vec(s)
                if v is None:
                    found[:] = False
                    break
                found &= v > 0
            out |= found
        return out

    def _coverage(
        self,
        q: _Query,
        vec: Callable[[str], _FloatArray | None],
        group_hits: list[tuple[set[str], _FloatArray, float]],
        whole: dict[str, npt.NDArray[np.bool_]],
        said: dict[str, npt.NDArray[np.int64]],
    ) -> tuple[_FloatArray, npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Share of the query's words (idf-weighted) each passage contains, synonyms in part;
        whether it contains one of the topic words (``Hit.topical``) and one besides the
        setting concepts (``Hit.acts``)."""
        n = len(self.passages)
        got = np.zeros(n, dtype=np.float32)
        want = self._max_idf * len(q.unknown)
        topic = self._topic(q)
        # A question of frame words only ("penera boleh gak?") is judged by its coverage alone;
        # a word no passage holds is a topic no passage shares.
        topical = np.zeros(n, dtype=bool) if topic or q.unknown else np.ones(n, dtype=bool)
        acting = (topical.copy() if topic - SETTING_CONCEPTS - GENERIC_ACTS or q.unknown
                  else np.ones(n, dtype=bool))
        for stem, weight in q.originals.items():
            w = self._idf.get(stem, self._max_idf)
            want += w
            v = vec(stem)
            has = (v > 0).astype(np.float32) if v is not None else np.zeros(n, dtype=np.float32)
            for members, best, credit in group_hits:
                if stem in members:
                    np.maximum(has, credit * (best > 0), out=has)
            if stem in topic:
                # A concept counts as the topic only through a whole member ("pihak yang
                # diawasi"), not one common word of it ("pihak"); and only the rule's own
                # words are its topic ("ngopi di warung pinggir pasar" is not about a rule
                # people describe as "sombong ke pedagang di pasar").
                shares = whole[stem] if stem in whole else has > 0
                topical |= shares
                if stem not in SETTING_CONCEPTS and stem not in GENERIC_ACTS:
                    acting |= shares
            if stem in said:
                where = said[stem]
                has[where] = np.maximum(has[where], np.float32(SAID_COVER))
            # A repaired typo is a guess: it covers the question less than a word typed right.
            got += w * weight * has
        if want == 0:
            return got, topical, acting
        return (got / want).astype(np.float32), topical, acting

    def _mask(
        self, jf: str | None, value: str | None, kind: str | None, source: str | None
    ) -> npt.NDArray[np.bool_]:
        mask = np.ones(len(self.passages), dtype=bool)
        if jf is not None:
            # General passages (jf None) stay eligible; another JF's passages do not.
            mask &= (self._jf == "") | (self._jf == jf)
        if value is not None:
            mask &= self._value == value
        if kind is not None:
            mask &= self._kind == kind
        if source is not None:
            mask &= self._source == source
        return mask

    def kinds(self) -> list[str]:
        """Return the passage kinds present in this corpus, sorted."""
        return list(self._kinds)

    def validate(
        self,
        query: str,
        *,
        jf: str | None = None,
        value: str | None = None,
        kind: str | None = None,
        source: str | None = None,
        limit: int = 5,
        offset: int = 0,
    ) -> None:
        """Raise InputError (one Indonesian sentence) when a search request is not allowed."""
        check_request(query, jf=jf, value=value, source=source, limit=limit, offset=offset)
        if kind is not None and kind not in self.kinds():
            allowed = ", ".join(self.kinds()) or "(belum ada)"
            raise InputError("--kind", f"pilih salah satu dari: {allowed}.")

    def search(
        self,
        query: str,
        *,
        jf: str | None = None,
        value: str | None = None,
        kind: str | None = None,
        source: str | None = None,
        limit: int = 5,
        offset: int = 0,
    ) -> list[Hit]:
        """Return the best passages for a query, best first; only passages with a match."""
        self.validate(
            query, jf=jf, value=value, kind=kind, source=source, limit=limit, offset=offset
        )
        if not self.passages:
            return []
        return self._ranked(self._parse(query), jf, value, kind, source, limit, offset)

    def read(self, query: str, *, jf: str | None = None, limit: int = 5,
             focus: str | None = None,
             default_jf: str | None = None) -> tuple[list[Hit], QuerySignals]:
        """Return ``search(query, jf=…, limit=limit)`` and ``signals(query)``, parsing once;
        ``focus``, a part of the query (the sentence that asks), keeps its words' full weight
        and the rest of the query (the story around it) counts STORY_WEIGHT; ``default_jf``
        (the asker's) filters as ``jf`` does when the query names no JF (``filter_jf``)."""
        self.validate(query, jf=jf or default_jf, limit=limit)
        q = self._parse(query)
        if focus is not None and focus != query:
            focus_words = chat_words(focus)
            kept = {self._stemmer.stem(w) for w in focus_words}
            for stem in q.originals:
                if not stem.startswith("~") and stem not in kept:
                    q.originals[stem] *= STORY_WEIGHT
            # "… yang harus dirusak. Itu tugas jenjang apa?": the kind of rule asked is the
            # asking sentence's, not the story's.
            q.kinds = asked_kinds(focus_words)
        signals = self._signals_of(q)  # before the filter's JF joins the query's own
        hits = (self._ranked(q, filter_jf(jf, default_jf, signals), None, None, None, limit, 0)
                if self.passages else [])
        return hits, signals

    def _ranked(self, q: _Query, jf: str | None, value: str | None, kind: str | None,
                source: str | None, limit: int, offset: int) -> list[Hit]:
        if jf is not None:
            # The user's own JF ranks its specific rules above the general texts.
            q.jf.add(jf)
        scores, rule_scores, told, coverage, topical, acting = self._scores(q)
        scores[~self._mask(jf, value, kind, source)] = 0.0
        want = offset + limit
        candidates = np.flatnonzero(scores > 0)
        if candidates.size == 0:
            return []
        if candidates.size > want:
            part = np.argpartition(-scores[candidates], want - 1)[:want]
            candidates = candidates[part]
        # Ties break on corpus order so results are deterministic.
        order = sorted(candidates.tolist(), key=lambda i: (-float(scores[i]), i))
        return [
            Hit(self.passages[i], round(float(scores[i]), 4), round(float(coverage[i]), 4),
                bool(topical[i]), round(float(rule_scores[i]), 4), bool(acting[i]),
                round(float(told[i]), 4))
            for i in order[offset:want]
        ]

    def leans_outside(self, question: str, *, strict: bool = False) -> bool:
        """Return True when the earlier question nearest to this one (``strict``: most of the
        nearest) is outside the sources (``AskedBefore.leans_outside``)."""
        return self._before.leans_outside(question, strict=strict)

    def lacks_rule(self, jf: str, concept: str) -> bool:
        """Return True when no rule of ``jf``'s own conduct lists holds a word of ``concept``
        (its terms, concepts.json): "~gratifikasi" for the Negosiator lists."""
        key = (jf, concept)
        if key not in self._lacking:
            members = next((m for c, m, _ in self._concepts if f"~{c}" == concept), [])
            found = self._whole_member(members, self._text.scores)
            mine = self._jf_masks.get(jf, np.zeros(len(self.passages), dtype=bool))
            self._lacking[key] = not (found & mine & self._conduct).any()
        return self._lacking[key]

    def signals(self, query: str) -> QuerySignals:
        """Return what the query names besides its words: JF, boleh/wajib, concepts."""
        return self._signals_of(self._parse(query))

    def _topic(self, q: _Query) -> set[str]:
        """Return the query's topic stems (not its frame words, not its JF's name)."""
        named = {s for jf in q.jf for s in self._jf_stems.get(jf, ())}
        return {s for s in q.originals if s not in self._frame_stems and s not in named}

    def _signals_of(self, q: _Query) -> QuerySignals:
        return QuerySignals(frozenset(q.jf), frozenset(q.kinds),
                            tuple(sorted(c for _, cover in q.concepts for c in cover)),
                            frozenset(self._topic(q) | set(q.unknown)), frozenset(q.unknown),
                            frozenset(q.introduced - q.subject), q.conduct_words)

    def is_good_match(self, hits: Sequence[Hit]) -> bool:
        """Return True when the best hit answers the query well (else offer suggestions)."""
        return bool(hits) and hits[0].good

    def corrected_query(self, query: str) -> str | None:
        """Return the query with typos repaired, or None when nothing was repaired."""
        q = self._parse(query)
        if not q.corrections:
            return None
        return " ".join(q.corrections.get(w, w) for w in normalize_chat(raw_tokens(query)))

    def suggest(self, query: str, limit: int = 3) -> list[Hit]:
        """Return up to ``limit`` hits on distinct topics, for "maksud Anda…" choices."""
        if not raw_tokens(query) or limit < 1:
            return []
        seen: set[tuple[str, str]] = set()
        out: list[Hit] = []
        for hit in self.search(query, limit=max(20, limit * 5)):
            key = (hit.passage.source, topic(hit.passage))
            if key in seen:
                continue
            seen.add(key)
            out.append(hit)
            if len(out) == limit:
                break
        return out

