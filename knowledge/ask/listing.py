"""A list question answered with the list: "apa saja perilaku dilarang penera nilai akuntabel?".

The behaviour guide lists, for each JF and each of the seven values, its Perilaku Wajib and
Perilaku Dilarang (6 to 23 items). A question naming the JF, the value and the kind, and asking
for all of them ("apa saja", "sebutkan", "daftar"), gets the items in the guide's order, each
cut at a word boundary: as many as fit the first message, the rest behind "Lihat lainnya".
A question naming no JF or no value is answered as any other (one rule, then further results):
seven values × two kinds would not fit a chat, and another JF's list is not the asker's.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.ask.compose import ANSWER_MAX, CITATION_MAX, split_head
from knowledge.ask.model import Answer
from knowledge.ask.text import cut_words
from knowledge.ids import JF_LABELS, VALUE_LABELS
from knowledge.passage import Passage
from knowledge.search.engine import Hit, QuerySignals
from knowledge.search.textnorm import has_phrase, normalize_chat, raw_tokens

# Words asking for every item ("apa aja" is read as "apa saja").
LIST_FRAMES: tuple[tuple[str, ...], ...] = (
    ("apa", "saja"), ("apa", "apa"), ("apa2",), ("sebutkan",), ("sebutin",), ("daftar",),
    ("seluruh",), ("semua",),
)
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


def _asked(question: str, signals: QuerySignals) -> tuple[str, str, str | None] | None:
    """Return (jf, kind, value or None) of a list question naming one JF and one kind."""
    words = normalize_chat(raw_tokens(question))
    if not any(has_phrase(words, f) for f in LIST_FRAMES) or len(signals.jf) != 1:
        return None
    kinds = [k for k in _KINDS if k in signals.kinds]
    if len(kinds) != 1:
        return None
    values = [v for v, names in _VALUE_NAMES.items() if any(has_phrase(words, n) for n in names)]
    return next(iter(signals.jf)), kinds[0], values[0] if len(values) == 1 else None


def asked_group(question: str, signals: QuerySignals) -> tuple[str, str, str] | None:
    """Return (jf, value, kind) when the question asks for one whole list of the guide."""
    asked = _asked(question, signals)
    if asked is None:
        return None
    jf, kind, value = asked
    return None if value is None else (jf, value, kind)


def value_hint(question: str, signals: QuerySignals) -> str | None:
    """Return a one-line hint for a list question that names no value (the guide's lists are
    per value): how to ask for one whole list."""
    asked = _asked(question, signals)
    if asked is None or asked[2] is not None:
        return None
    jf, kind, _ = asked
    return (f"{_KINDS[kind][1]} bagi {JF_LABELS[jf]} dirinci per nilai; sebutkan nilainya "
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


def list_answer(question: str, signals: QuerySignals, passages: Sequence[Passage],
                hits: tuple[Hit, ...]) -> Answer | None:
    """Return the whole list a list question asks for, or None when it asks for none."""
    group = asked_group(question, signals)
    if group is None:
        return None
    jf, value, kind = group
    items = group_items(passages, jf, value, kind)
    if not items:
        return None
    label = _KINDS[kind][1]
    head = f"{label} bagi {JF_LABELS[jf]} (nilai {VALUE_LABELS[value]}) ada {len(items)} butir:"
    source = cut_words(f"Sumber: {_group_citation(items[0])}", CITATION_MAX)
    more_note = "(Lanjutannya: Lihat lainnya.)"
    lines = [f"{i}. {cut_words(split_head(p.text)[1], ITEM_MAX)}"
             for i, p in enumerate(items, start=1)]
    pages = _pages(lines, ANSWER_MAX - len(head) - len(source) - len(more_note) - 3,
                   ANSWER_MAX - len(source) - 1)
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
