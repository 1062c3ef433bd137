"""Whether a question is about a topic no source covers (salary, tax, leave …)."""

from __future__ import annotations

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
