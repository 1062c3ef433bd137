"""The words of an answer: the verdict line, the quoted rule, its source, cut for chat."""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.ask.model import Verdict
from knowledge.ask.scope import asks_quantity, has_number
from knowledge.ask.text import (
    ELLIPSIS,
    clip,
    cut_words,
    first_words,
    lower_first,
    mid_sentence,
    sentences,
    trim_dangling,
)
from knowledge.ids import JF_LABELS, VALUE_LABELS
from knowledge.passage import Passage
from knowledge.search.engine import Hit, topic
from knowledge.search.render import labels
from knowledge.search.textnorm import content_tokens, shared_stemmer

# The first message stays at about this many characters (the "about 600").
ANSWER_MAX = 600
HEAD_MAX = 170
CITATION_MAX = 170
QUOTE_MIN = 140
SHORT_RULE_WORDS = 7

VERDICT_WORDS: dict[str, str] = {"dilarang": "Tidak boleh.", "wajib": "Wajib."}
_KIND_LABELS: dict[str, str] = {"dilarang": "Perilaku Dilarang", "wajib": "Perilaku Wajib"}
_PROHIBITION = ("perilaku dilarang", "larangan")
_OBLIGATION = ("perilaku wajib", "kewajiban")


def verdict_of(p: Passage) -> Verdict | None:
    """Return the verdict the passage itself decides, else None: an item of a list the source
    heads as a prohibition ("Perilaku dilarang …", "Larangan …") or an obligation ("Perilaku
    wajib …", "Kewajiban …"). Value statements ("Nilai Integritas …: setiap pegawai tidak …")
    decide nothing by themselves."""
    head = split_head(p.text)[0].lower()
    if p.kind in ("dilarang", "larangan", "netralitas") and head.startswith(_PROHIBITION):
        return "dilarang"
    if p.kind in ("wajib", "kewajiban", "netralitas") and head.startswith(_OBLIGATION):
        return "wajib"
    return None


@lru_cache(maxsize=4096)
def split_head(text: str) -> tuple[str, str]:
    """Split "Perilaku dilarang bagi X (nilai Y): rule" into head and rule (":" outside
    brackets); a passage without such a head has an empty head."""
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ":" and depth == 0 and text[i + 1 : i + 2] in (" ", "\n") and i < 200:
            return text[:i].strip(), text[i + 1 :].strip()
    return "", text.strip()


def short_rule(rule: str) -> str:
    """Return the first words of a rule, up to its first comma ("menerima gratifikasi …")
    unless that leaves a bare verb."""
    first = sentences(rule)[0] if rule else ""
    clause, comma, _ = first.partition(",")
    # "Menerima, menghargai, dan mengelola perbedaan pendapat …": a list of verbs needs its
    # object, so a clause of one word runs on.
    if comma and len(clause.split()) < 2:
        return first_words(first, SHORT_RULE_WORDS)
    if len(clause.split()) > SHORT_RULE_WORDS:
        return first_words(clause, SHORT_RULE_WORDS)
    if comma or clause.rstrip(".") != first.rstrip("."):
        return clause.rstrip(" .;") + " …"
    return clause.rstrip(" .;")


# Words that open a clause of its own inside a rule ("…, termasuk menerima suap"); a clause
# naming the act asked about must start with a verb ("atau konflik kepentingan" is an object).
_CLAUSE_OPENERS = ("termasuk", "serta", "dan", "atau", "maupun")
_VERB = re.compile(r"(?:me|ber|ter|di|tidak\b)")


def _clauses(first: str) -> list[str]:
    """Return the clauses of a rule's first sentence that each name an act of their own."""
    out: list[str] = []
    for part in re.split(r",\s*|\s+atau\s+", first):
        words = part.split()
        while words and words[0].lower() in _CLAUSE_OPENERS:
            words = words[1:]
        if words and (not out or _VERB.match(words[0].lower())):
            out.append(" ".join(words))
    return out


def asked_rule(rule: str, question: str) -> str:
    """Return the short rule of the verdict line: the clause of the rule's first sentence that
    shares most with the question ("Membocorkan informasi rahasia atau menerima suap …" asked
    about a parcel: "menerima suap dan gratifikasi …"), else its first words (short_rule)."""
    first = sentences(rule)[0] if rule else ""
    clauses = _clauses(first)
    if len(clauses) < 2 or not question:
        return short_rule(rule)
    want = _stems(question)
    shared = [len(want & _stems(c)) for c in clauses]
    best = max(range(len(clauses)), key=lambda i: (shared[i], -i))
    if shared[best] <= shared[0]:
        best = 0
    clause = clauses[best].rstrip(" .;")
    if best == 0 and len(clause.split()) < 2:
        return short_rule(rule)  # "Menerima, menghargai, dan mengelola …" needs its object
    if len(clause.split()) > SHORT_RULE_WORDS:
        return first_words(clause, SHORT_RULE_WORDS)
    return clause + " …"


def verdict_line(p: Passage, verdict: Verdict, *, asked_permission: bool = False,
                 lead: bool = True, question: str = "") -> str:
    """Return "Tidak boleh. Bagi Penera, menerima gratifikasi … termasuk Perilaku Dilarang
    (nilai Akuntabel)." from the passage's own words; an obligation answering "boleh …?"
    starts "Yang diwajibkan:" (a bare "Wajib." would read as "yes, you must"); without
    ``lead`` (the question asks about the opposite act) the rule is stated with no verdict."""
    head, rule = split_head(p.text)
    # ``question`` picks the clause of the rule it asks about (``asked_rule``).
    what = lower_first(asked_rule(rule, question))
    word = VERDICT_WORDS[verdict]
    if asked_permission and verdict == "wajib":
        word = "Yang diwajibkan:"
    if p.source == "panduan" and p.jf and p.value:
        line = (f"Bagi {JF_LABELS[p.jf]}, {what} termasuk {_KIND_LABELS[verdict]} "
                f"(nilai {VALUE_LABELS[p.value]}).")
    elif head:
        line = f"{what[:1].upper()}{what[1:]} termasuk {lower_first(head)}."
    else:
        line = f"{what[:1].upper()}{what[1:]}."
    return f"{word} {line}" if lead else line


# At most this many list items tied as the best answer are quoted together.
TIED_ITEMS_MAX = 3


@lru_cache(maxsize=8192)
def _stems(text: str) -> frozenset[str]:
    # Cached: the same passage sentences and question are stemmed for every quote.
    stem = shared_stemmer().stem
    return frozenset(stem(w) for w in content_tokens(text, chat=True))


def quote_of(p: Passage, question: str, limit: int) -> str:
    """Return the rule verbatim: the passage's sentences that answer the question best, whole
    sentences only, starting at a sentence start (at most ``limit`` characters)."""
    _, rule = split_head(p.text) if verdict_of(p) or p.source == "panduan" else ("", p.text)
    parts = sentences(rule)
    if parts and mid_sentence(parts[0]) and len(parts) > 1:
        parts = parts[1:]  # the passage begins mid-sentence (a page or column break)
    if not parts:
        return ""
    text = " ".join(parts)
    if len(text) <= limit:
        return trim_dangling(text) if p.source == "permendag" else text
    want = _stems(question)
    scores = [len(want & _stems(s)) for s in parts]
    start = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if re.match(r"\d+\.\s", parts[start]):
        # Items of a numbered list (definitions, rules): the one asked about, or every item
        # the question names as much ("apa beda akurasi dan presisi": both definitions).
        tied = [i for i in range(len(parts)) if scores[i] == scores[start]
                and scores[i] > 0 and re.match(r"\d+\.\s", parts[i])]
        if 1 < len(tied) <= TIED_ITEMS_MAX and sum(len(parts[i]) + 3 for i in tied) + 4 <= limit:
            body = parts[tied[0]]
            for prev, i in zip(tied, tied[1:], strict=False):
                body += (" " if i == prev + 1 else f" {ELLIPSIS} ") + parts[i]
            end = ELLIPSIS if tied[-1] + 1 < len(parts) else ""
            return f"{ELLIPSIS} {body} {end}".strip()
        end = ELLIPSIS if start + 1 < len(parts) else ""
        return f"{ELLIPSIS} {clip(parts[start], limit - 4)} {end}".strip()
    # Prefer the window that starts one sentence earlier when it still fits (context).
    window = " ".join(parts[start:])
    if start > 0 and len(parts[start - 1]) + len(parts[start]) < limit // 2:
        window = " ".join(parts[start - 1 :])
    out = clip(window, limit)
    if asks_quantity(question) and any(has_number(x) and x not in out for x in parts[start:]):
        # "SKR tera ulang sederhana brp?": the sentence naming the item, then the figures
        # a long definition would have pushed out of the quote.
        figures = _with_figures(parts, start, limit, want)
        if figures is not None:
            return figures
    return ("… " if start > 0 else "") + out


def _with_figures(parts: list[str], start: int, limit: int,
                  want: frozenset[str]) -> str | None:
    """Return the sentence at ``start`` and the later sentences stating a number that fit in
    ``limit`` — those sharing the question's words first, then the shortest — in their order,
    the gaps marked "…"; None when none fits."""
    later = sorted((i for i in range(start + 1, len(parts)) if has_number(parts[i])),
                   key=lambda i: (-len(want & _stems(parts[i])), len(parts[i])))
    chosen, size = [start], len(parts[start]) + 4
    for i in later:
        if size + len(parts[i]) + 3 <= limit:
            chosen.append(i)
            size += len(parts[i]) + 3
    if len(chosen) == 1:
        return None
    chosen.sort()
    body = parts[chosen[0]]
    for prev, i in zip(chosen, chosen[1:], strict=False):
        body += (" " if i == prev + 1 else f" {ELLIPSIS} ") + parts[i]
    lead = f"{ELLIPSIS} " if start > 0 else ""
    return lead + body + (f" {ELLIPSIS}" if chosen[-1] + 1 < len(parts) else "")


def heading(p: Passage) -> str:
    """Return the short heading of a passage (its topic), cut at a word boundary."""
    return cut_words(topic(p), HEAD_MAX)


def source_line(hit: Hit) -> str:
    """Return "Sumber: <document> — <section> (JF …)", cut at a word boundary; labels the
    section already names are not repeated."""
    citation = hit.passage.citation
    extra = [part for part in labels(hit).split(", ")
             if part and part.split(" ", 1)[-1] not in citation]
    line = f"Sumber: {citation}" + (f" ({', '.join(extra)})" if extra else "")
    return cut_words(line, CITATION_MAX)


def fit_quote(p: Passage, question: str, used: int) -> str:
    """Return the quote sized so that the whole first message stays within ANSWER_MAX."""
    return quote_of(p, question, max(QUOTE_MIN, ANSWER_MAX - used - 4))


def more_text(hit: Hit, question: str) -> str:
    """Return one further result for "Lihat lainnya": heading, quote, source."""
    head, src = heading(hit.passage), source_line(hit)
    quote = fit_quote(hit.passage, question, len(head) + len(src) + 2)
    return f"{head}\n“{quote}”\n{src}"
