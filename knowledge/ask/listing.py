"""A list question answered with the list: "apa saja perilaku dilarang penera nilai akuntabel?".

The behaviour guide lists, for each JF and each of the seven values, its Perilaku Wajib and
Perilaku Dilarang (6 to 23 items). A question naming nothing but one such list — its JF, its
value, its kind, and words such as "apa saja", "sebutin", "daftar" — gets the items in the
guide's order, each cut at a word boundary: as many as fit the first message, the rest behind
"Lihat lainnya". Naming no JF (and the asker's JF unknown) or no value, it gets one rule and a
line saying how to ask for a whole list: seven values × two kinds would not fit a chat, and
another JF's list is not the asker's. A list question never gets a verdict word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from knowledge.ask.compose import ANSWER_MAX, CITATION_MAX, split_head
from knowledge.ask.model import Answer
from knowledge.ask.text import cut_words
from knowledge.ids import JF_LABELS, VALUE_LABELS
from knowledge.passage import Passage
from knowledge.search.engine import Hit, QuerySignals
from knowledge.search.textnorm import (
    chat_words,
    has_phrase,
    raw_tokens,
    shared_stemmer,
)

# Words a question may hold besides the JF, the value and the kind and still ask for nothing
# but the list ("larangan nilai loyal buat saya apa", "apa saja", "sebutin", "daftar").
_NAME_WORDS = ("perilaku", "nilai", "jabatan", "fungsional", "jf", "apa", "buat", "untuk",
               "bagi", "saya", "kami", "kita", "seorang", "sebagai", "sbg", "saja", "daftar",
               "sebutkan", "sebutin", "list", "semua", "seluruh", "mana",
               # Courtesy and the list's own source: "… ? makasih", "… menurut panduan".
               "makasih", "terima", "kasih", "tolong", "mohon", "pak", "bu", "bapak", "ibu",
               "kak", "min", "menurut", "sesuai", "panduan", "pedoman", "buku")
# How a question names a value; "pelayanan" alone is too common ("pelayanan publik").
_VALUE_NAMES: dict[str, tuple[tuple[str, ...], ...]] = {
    "berorientasi_pelayanan": (("berorientasi", "pelayanan"), ("orientasi", "pelayanan")),
    **{v: ((v,),) for v in VALUE_LABELS if v != "berorientasi_pelayanan"},
}
_KINDS: dict[str, tuple[str, str]] = {  # QuerySignals.kinds → passage kind, its label
    "dilarang": ("dilarang", "Perilaku Dilarang"),
    "wajib": ("wajib", "Perilaku Wajib"),
}
ITEM_MAX = 80  # characters of one item in the list (cut at a word)
PAGE_HEAD = 32  # room for the chat's "Lanjutan daftar (i dari n):" line above a later page


@dataclass(frozen=True)
class ListAsk:
    """What a list question names: the kind, the JF and the value where it names exactly one
    (None otherwise), and how many of each it names."""

    jf: str | None
    kind: str | None
    value: str | None
    named: tuple[int, int, int]  # JF, kinds, values named

    @property
    def whole(self) -> bool:
        """Return True when it names exactly one list."""
        return self.jf is not None and self.kind is not None and self.value is not None


@cache
def _name_stems() -> frozenset[str]:
    """Return the stems of words that only name a list ("perilaku wajib … nilai …")."""
    stem = shared_stemmer().stem
    words = [w for v in VALUE_LABELS.values() for w in raw_tokens(v)]
    return frozenset(stem(w) for w in [*words, *_NAME_WORDS])


def list_request(question: str, signals: QuerySignals, jf: str | None) -> ListAsk | None:
    """Return what a list question asks for: one kind or both and nothing but the list's name
    ("apa saja perilaku dilarang penera nilai akuntabel", "perilaku wajib tukang tera
    adaptif", "sebutin kewajiban wasdag"), or None for any other question; ``jf`` is the
    asker's, used when the question names none. "Apa saja larangan penera soal hadiah" names a
    topic: one rule answers it."""
    kinds = [k for k in _KINDS if k in signals.kinds]
    if not kinds or signals.topic - _name_stems():
        return None
    words = chat_words(question)
    jfs = sorted(signals.jf or ({jf} if jf else set()))
    values = [v for v, names in _VALUE_NAMES.items() if any(has_phrase(words, n) for n in names)]

    def one(found: list[str]) -> str | None:
        return found[0] if len(found) == 1 else None

    return ListAsk(one(jfs), one(kinds), one(values), (len(jfs), len(kinds), len(values)))


def list_hint(asked: ListAsk) -> str | None:
    """Return a one-line hint for a list question that does not name exactly one list (the
    guide's lists are per JF, per value and per kind): what to name for one whole list."""
    if asked.whole:
        return None
    jfs, kinds, values = asked.named
    if kinds > 1:
        return ("Daftar Perilaku Wajib dan Perilaku Dilarang terpisah; sebutkan salah satunya, "
                "satu jabatan dan satu nilai (mis. \"perilaku wajib penera nilai Akuntabel\").")
    label = _KINDS[str(asked.kind)][1]
    if asked.jf is None or values > 1:
        return (f"{label} dirinci per jabatan dan per nilai; sebutkan satu jabatan dan satu nilai "
                "(mis. \"penera nilai Akuntabel\") untuk daftar lengkapnya.")
    return (f"{label} bagi {JF_LABELS[asked.jf]} dirinci per nilai; sebutkan nilainya "
            "(mis. \"nilai Akuntabel\") untuk daftar lengkapnya.")


def group_items(passages: Sequence[Passage], jf: str, value: str, kind: str) -> list[Passage]:
    """Return the guide's items of one list, in the guide's order."""
    items = [p for p in passages
             if p.source == "panduan" and p.jf == jf and p.value == value and p.kind == kind]
    return sorted(items, key=lambda p: int(p.id.rsplit(":", 1)[-1]))


def _group_citation(p: Passage) -> str:
    """Return the item's citation without its number ("… › Perilaku Dilarang")."""
    head, _, last = p.citation.rpartition(" no. ")
    return head if head and last.isdigit() else p.citation


def _pages(lines: list[str], first_room: int, room: int) -> list[list[str]]:
    """Split numbered lines into messages: the first within ``first_room`` characters, the
    others within ``room``."""
    pages: list[list[str]] = [[]]
    limit = first_room
    for line in lines:
        if pages[-1] and sum(len(x) + 1 for x in pages[-1]) + len(line) > limit:
            pages.append([])
            limit = room
        pages[-1].append(line)
    return pages


def list_answer(asked: ListAsk, passages: Sequence[Passage],
                hits: tuple[Hit, ...]) -> Answer | None:
    """Return the whole list a list question asks for, or None when it names no one list."""
    if asked.jf is None or asked.value is None or asked.kind is None:
        return None
    jf, value, kind = asked.jf, asked.value, asked.kind
    items = group_items(passages, jf, value, kind)
    if not items:
        return None
    label = _KINDS[kind][1]
    head = f"{label} bagi {JF_LABELS[jf]} (nilai {VALUE_LABELS[value]}) ada {len(items)} butir:"
    source = cut_words(f"Sumber: {_group_citation(items[0])}", CITATION_MAX)
    more_note = "(Lanjutannya: Lihat lainnya.)"
    lines = [f"{i}. {cut_words(split_head(p.text)[1], ITEM_MAX)}"
             for i, p in enumerate(items, start=1)]
    # A later page is shown under "Lanjutan daftar (1 dari 2):" in the same message.
    pages = _pages(lines, ANSWER_MAX - len(head) - len(source) - len(more_note) - 3,
                   ANSWER_MAX - len(source) - 1 - PAGE_HEAD)
    first = [head, *pages[0]] + ([more_note] if len(pages) > 1 else []) + [source]
    starts = [0]
    for page in pages[:-1]:
        starts.append(starts[-1] + len(page))
    return Answer(
        status="answered",
        text="\n".join(first),
        quote="\n".join(split_head(p.text)[1] for p in items),
        citations=(_group_citation(items[0]),),
        hits=hits,
        more=tuple("\n".join([*page, source]) for page in pages[1:]),
        shown_ids=tuple(items[s].id for s in starts),
        listing=True,
    )
