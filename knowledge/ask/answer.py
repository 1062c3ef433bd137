"""Compose the answer to a question from the search index (baseline: best passage, no verdict)."""

from __future__ import annotations

from knowledge.ask.model import Answer
from knowledge.search.engine import SearchIndex

NOT_IN_SOURCES = (
    "Maaf, pertanyaan itu tidak dijawab oleh sumber yang saya pegang (Permendag 4/2025, panduan "
    "perilaku JF perdagangan, kode etik, dan majalah KOMPETEN)."
)


def answer_question(index: SearchIndex, question: str, jf: str | None = None) -> Answer:
    """Return the answer the chat gives to one question (optionally for one JF)."""
    hits = index.search(question, jf=jf, limit=5)
    if not hits or not index.is_good_match(hits):
        return Answer(status="not_in_sources", text=NOT_IN_SOURCES, hits=tuple(hits))
    best = hits[0].passage
    return Answer(
        status="answered",
        text=f"{best.text}\nSumber: {best.citation}",
        quote=best.text,
        citations=(best.citation,),
        hits=tuple(hits),
        more=tuple(f"{h.passage.text}\nSumber: {h.passage.citation}" for h in hits[1:]),
    )
