"""Whether a question is about a topic no source covers (salary, tax, leave …)."""

from __future__ import annotations

import re

from knowledge.search.concepts import concept_table
from knowledge.search.textnorm import has_phrase, normalize_chat, raw_tokens


def outside_topic(question: str) -> str | None:
    """Return the first word or phrase of the question naming a topic outside every source."""
    outside = concept_table().outside
    raw = raw_tokens(question)
    # Raw words too: a chat form may hide the topic ("spt" is also chat for "seperti").
    for words in (raw, normalize_chat(raw)):
        for entry in outside:
            # A phrase ("cuti besar") where its words alone are the sources' own ("cuti").
            if (entry in words) if " " not in entry else has_phrase(words, entry.split()):
                return entry
    return None


# "Berapa …?" and "paling lambat …" ask for a quantity: a passage without a number does not
# answer them ("wajib ditera ulang tiap berapa tahun?" is not answered by a rule that says
# nothing of years). On every tuning half, each in-scope "berapa" question's answer holds a
# number and each out-of-scope one's best passage held none.
_QUANTITY = (("berapa",), ("paling", "lambat"), ("selambat", "lambatnya"))
_NUMBER = re.compile(
    r"\d|\b(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|"
    r"puluh|ratus|ribu|setengah|persen)\b", re.IGNORECASE)


def asks_quantity(question: str) -> bool:
    """Return True when the question asks how many, how much or how long."""
    words = normalize_chat(raw_tokens(question))
    return any(has_phrase(words, q) for q in _QUANTITY)


def has_number(text: str) -> bool:
    """Return True when the text states a number (digits or number words)."""
    return _NUMBER.search(text) is not None
