"""A searchable passage: the unit the search ranks and the user is shown, with its citation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knowledge.sources_text import DOCUMENT_TITLES


@dataclass(frozen=True)
class Passage:
    """One passage of a source document with everything needed to cite and filter it.

    ``id`` is stable across rebuilds (derived from the structure, never from a running counter
    over the whole corpus), so the search dev set can name expected passages.
    ``section`` is the human citation inside the document, e.g. "Lampiran VII, Tabel 2" or
    "Penera › Akuntabel › Perilaku Dilarang no. 3".
    ``text`` is the whole passage the user is shown.
    """

    id: str
    source: str  # document id, a key of knowledge.sources_text.DOCUMENTS
    title: str
    section: str
    text: str
    jf: str | None = None  # a key of knowledge.ids.JF_LABELS
    value: str | None = None  # a key of knowledge.ids.VALUE_LABELS
    kind: str | None = None  # "wajib", "dilarang", "definisi", "kode_etik", ... or None
    jenjang: str | None = None  # a key of knowledge.ids.JENJANG_LABELS
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        """Return the citation shown under the passage."""
        return f"{DOCUMENT_TITLES[self.source]} — {self.section}"
