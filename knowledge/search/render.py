"""Indonesian text rendering of search hits, with their citations (shared by CLI and console)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from knowledge.ids import JENJANG_LABELS, JF_LABELS, VALUE_LABELS
from knowledge.search.engine import Hit, topic


def labels(hit: Hit) -> str:
    """Return the JF / jenjang / nilai labels of a hit's passage ('' when it has none)."""
    p = hit.passage
    parts = []
    if p.jf:
        parts.append(f"JF {JF_LABELS[p.jf]}")
    if p.jenjang:
        parts.append(f"jenjang {JENJANG_LABELS[p.jenjang]}")
    if p.value:
        parts.append(f"nilai {VALUE_LABELS[p.value]}")
    return ", ".join(parts)


def hit_text(hit: Hit, rank: int | None = None) -> str:
    """Return one hit as a few lines: title, the whole passage, its citation."""
    p = hit.passage
    label = topic(p)
    head = f"{rank}. {label}" if rank is not None else label
    extra = labels(hit)
    lines = [head, p.text, f"Sumber: {p.citation}" + (f" ({extra})" if extra else "")]
    return "\n".join(lines)


def hits_text(hits: Sequence[Hit]) -> str:
    """Return a readable Indonesian list of hits, or a polite sentence when there is none."""
    if not hits:
        return "Maaf, tidak ada bagian dokumen yang cocok dengan pertanyaan itu."
    return "\n\n".join(hit_text(h, i) for i, h in enumerate(hits, 1))


def hit_json(hit: Hit) -> dict[str, Any]:
    """Return the stable CLI JSON shape of a hit."""
    p = hit.passage
    return {
        "id": p.id,
        "source": p.source,
        "title": p.title,
        "section": p.section,
        "text": p.text,
        "score": hit.score,
    }

