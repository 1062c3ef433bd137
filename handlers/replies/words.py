"""Normalising a typed reply: case, spacing, punctuation, emoji and "iyaaa" elongation."""

from __future__ import annotations

import re
import unicodedata

from handlers.replies.abbreviations import ABBREVIATIONS, FILLERS, INTENSIFIERS_AFTER, SYNONYMS

# Thumbs are the only emoji that answer a question; every other symbol is dropped.
EMOJI_WORDS = {"👍": " ok ", "👌": " ok ", "👎": " tidak "}
_EDGE = ".,;:!?\"'()[]{}…-–—*_~"


def plain(text: str) -> str:
    """Return the reply casefolded, single-spaced, emoji dropped, punctuation off word edges."""
    for emoji, word in EMOJI_WORDS.items():
        text = text.replace(emoji, word)
    kept = "".join(" " if unicodedata.category(c) in ("So", "Sk", "Cs", "Co", "Mn", "Cf")
                   else c for c in text)
    words = (w.strip(_EDGE) for w in kept.casefold().split())
    return " ".join(w for w in words if w)


def squeeze(word: str) -> str:
    """Return a word with every run of one letter kept once ("iyaaa" → "iya")."""
    return re.sub(r"(.)\1+", r"\1", word)


def expand(words: list[str]) -> list[str]:
    """Return the words with shorthand and synonyms expanded and fillers dropped; "X banget"
    and "X sekali" become "sangat X"."""
    out: list[str] = []
    for word in words:
        word = ABBREVIATIONS.get(word, word)
        word = SYNONYMS.get(word, word)
        if word in FILLERS:
            continue
        out.extend(word.split())
    if len(out) >= 2 and out[-1] in INTENSIFIERS_AFTER:
        out = ["sangat", *out[:-1]]
    return out


def expanded(text: str) -> str:
    """Return ``plain`` text with ``expand`` applied."""
    return " ".join(expand(plain(text).split()))
