"""Cutting source text for display: at sentence and word boundaries, never mid-word."""

from __future__ import annotations

import re
from functools import lru_cache

ELLIPSIS = "…"
# A sentence ends at . ! ? followed by a space and an upper-case letter, a digit, a quote or a
# bracket; abbreviations such as "No. 3", "S.STP", "dll." inside a sentence are not ends
# because what follows them is not such a start or the dot has no space after it.
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9“\"(])|\n+")
_LIST_MARK = re.compile(r"(?:^|(?<=[:;])\s)(?:\d{1,2}|[a-zA-Z])[.)]$")
_ABBREVIATIONS = ("no.", "vol.", "hlm.", "dll.", "dsb.", "a.n.", "u.p.", "bpk.", "ibu.")
# Conjunctions and prepositions a cut text must not end on.
_DANGLING = frozenset(
    "dan atau serta yang untuk dengan dari ke di pada dalam oleh bagi sebagai karena agar "
    "maupun, atau, dan, yang, sesuai terhadap tentang antara tanpa tidak".split()
)


def sentences(text: str) -> list[str]:
    """Split a passage into sentences (and lines), keeping each one's own punctuation."""
    return list(_sentences(text))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    # Cached: an answer splits the same passages again for its first message and "more".
    out: list[str] = []
    for part in _SENTENCE_END.split(text.strip()):
        part = part.strip()
        if not part:
            continue
        # "No. 3" is no sentence end; a list number ("2.", "b.") that ended the previous
        # part starts this one.
        if out and out[-1].lower().endswith(_ABBREVIATIONS):
            out[-1] = f"{out[-1]} {part}"
            continue
        mark = _LIST_MARK.search(out[-1]) if out else None
        if mark is not None:
            before = out[-1][: mark.start()].strip()
            part = f"{mark.group().strip()} {part}"
            if before:
                out[-1] = before
            else:
                out.pop()
        out.append(part)
    return tuple(out)


def cut_words(text: str, limit: int) -> str:
    """Return ``text`` cut to at most ``limit`` characters at a word boundary, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    words = text[: max(1, limit - 1)].split(" ")
    if len(words) > 1:
        words = words[:-1]  # the last one may be cut
    return _end_cut(words)


def first_words(text: str, n: int) -> str:
    """Return the first ``n`` words of text (no dangling conjunction at the end) and "…"."""
    words = text.split()
    if len(words) <= n:
        return " ".join(words)
    return _end_cut(words[:n])


def _end_cut(words: list[str]) -> str:
    """Return the words kept of a cut text, no dangling conjunction at the end, and "…"."""
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:-–— ") + " " + ELLIPSIS


def clip(text: str, limit: int) -> str:
    """Return whole sentences of ``text`` up to ``limit`` characters (one cut at words if the
    first sentence alone is longer)."""
    parts = sentences(text)
    if not parts:
        return ""
    out = parts[0]
    if len(out) > limit:
        return cut_words(out, limit)
    for s in parts[1:]:
        if len(out) + 1 + len(s) > limit:
            return out + " " + ELLIPSIS
        out = f"{out} {s}"
    return out


def trim_dangling(text: str) -> str:
    """Drop a one-word list fragment a table cell was cut at ("… Alat Ukur, Alat" → "… Alat
    Ukur, …"): the source layout lost the rest, so the text says so instead of ending mid-list."""
    m = re.search(r",\s+([A-Za-z]+)\.?$", text.strip())
    if m is None:
        return text.strip()
    return text.strip()[: m.start()] + ", " + ELLIPSIS


def clean_title(text: str) -> str:
    """Return a title as shown: a list or a bracket the table layout cut off ends with "…"
    ("… Alat Ukur, Alat" → "… Alat Ukur, …"; "Tingkat 3 (mulai dari" → "Tingkat 3 …")."""
    text = trim_dangling(text)
    if text.count("(") > text.count(")"):
        text = text[: text.rindex("(")].rstrip(" ,") + " " + ELLIPSIS
    return text


def mid_sentence(text: str) -> bool:
    """Return True when a passage starts in the middle of a sentence (lower-case start)."""
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


def lower_first(text: str) -> str:
    """Return text with its first letter in lower case unless it starts an acronym."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


# A question is read (and stored for the admins) as at most this many characters: a long story
# keeps its opening and its end, where the question itself usually is.
QUESTION_MAX = 500
GIST_HEAD = 150


def question_gist(text: str) -> str:
    """Return the question with its spaces normalised; a longer one than QUESTION_MAX as its
    opening and its end joined by "…", both cut at words, and the last sentence asking "?" in
    between when the end holds none ("Ceritanya … Boleh gak saya terima? … makasih ya")."""
    text = " ".join(text.split())
    if len(text) <= QUESTION_MAX:
        return text
    head = text[:GIST_HEAD].rsplit(" ", 1)[0]
    room = QUESTION_MAX - len(head) - 3
    asked = _last_question(text[len(head) : len(text) - room])
    if asked and "?" not in _tail(text, room) and len(asked) <= room // 2:
        return f"{head} {ELLIPSIS} {asked} {ELLIPSIS} {_tail(text, room - len(asked) - 3)}"
    return f"{head} {ELLIPSIS} {_tail(text, room)}"


def _tail(text: str, room: int) -> str:
    """Return the last ``room`` characters of text, from a word start."""
    tail = text[-room:]
    if " " in tail and not text[-room - 1].isspace():
        tail = tail.split(" ", 1)[1]  # the first word may be cut
    return tail


def _last_question(text: str) -> str | None:
    """Return the last whole sentence of text that ends with "?", if any."""
    found = [s for s in re.split(r"(?<=[.!?])\s+", text.strip())[1:] if s.endswith("?")]
    return found[-1] if found else None
