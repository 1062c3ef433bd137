"""Whether a question is about a topic no source covers (salary, tax, leave …)."""

from __future__ import annotations

from knowledge.search.concepts import concept_table
from knowledge.search.textnorm import normalize_chat, raw_tokens


def outside_topic(question: str) -> str | None:
    """Return the first word of the question naming a topic outside every source, or None."""
    outside = concept_table().outside
    raw = raw_tokens(question)
    # Raw words too: a chat form may hide the topic ("spt" is also chat for "seperti").
    for word in raw + normalize_chat(raw):
        if word in outside:
            return word
    return None
