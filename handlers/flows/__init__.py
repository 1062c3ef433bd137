"""The flow registry: which flows exist, their menu order and their keywords.

Each module ``handlers/flows/<id>.py`` of ``MENU_ORDER`` exposes ``FLOW: Flow``; a module not
written yet is simply absent from the menu (no edit here is needed to add one).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from handlers.flow import Flow, normalize

if TYPE_CHECKING:
    from handlers.conversation import Conversation

MENU_ORDER = ("difficulty", "formation", "credit", "exam", "profil", "pengingat", "ingatkan",
              "predikat", "admin", "pertanyaan")

# Text typed outside a flow that names a flow starts it (short messages only: a longer text
# is a question for Tanya). Phrases are matched on whole words, casefolded.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "difficulty": ("tingkat kesulitan", "kesulitan", "klasifikasi jabatan"),
    "formation": ("hitung formasi", "formasi", "kebutuhan jf", "kebutuhan jabatan"),
    "credit": ("angka kredit", "hitung ak", "hitung angka kredit", "konversi predikat"),
    "exam": ("nilai uji kompetensi", "ukom", "nilai ukom", "hitung ukom", "uji kompetensi"),
    "profil": ("ubah profil", "isi profil", "data saya", "profil jabatan"),
    "pengingat": ("daftar pengingat", "lihat pengingat", "jadwal pengingat"),
    "ingatkan": ("buat pengingat", "pengingat baru", "ingatkan saya"),
    "predikat": ("catat predikat", "predikat tahunan", "catat predikat kinerja"),
}
KEYWORD_MAX_WORDS = 4
TANYA = "tanya"  # the flow id of the question flow (handlers/flows/tanya.py)


@dataclass
class Registry:
    """The calculator flows available, in menu order, and the keyword table."""

    flows: list[Flow]
    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: KEYWORDS)
    # Hand-written conversations (menu entries after the flows); the first one also answers
    # free text outside any flow that names no flow.
    conversations: Mapping[str, Conversation] = field(
        default_factory=lambda: default_conversations())

    def conversation(self, conversation_id: str | None) -> Conversation | None:
        """Return the hand-written conversation with this id, or None."""
        return self.conversations.get(conversation_id) if conversation_id else None

    def fallback(self) -> Conversation | None:
        """Return the conversation that answers free text outside any flow (Tanya)."""
        return next(iter(self.conversations.values()), None)

    def get(self, flow_id: str | None) -> Flow | None:
        """Return the flow with this id, or None."""
        return next((f for f in self.flows if f.id == flow_id), None)

    def match_keyword(self, text: str) -> Flow | None:
        """Return the flow a short message names ("hitung formasi", "ukom"), or None."""
        words = normalize(text).strip("?!. ").split()
        if not words or len(words) > KEYWORD_MAX_WORDS:
            return None
        padded = f" {' '.join(words)} "
        for flow in self.flows:
            for phrase in self.keywords.get(flow.id, ()):
                if f" {phrase} " in padded:
                    return flow
        return None


def load_flows(ids: Iterable[str] = MENU_ORDER) -> list[Flow]:
    """Return the ``FLOW`` of every module of ``ids`` that exists, in that order."""
    flows = []
    for flow_id in ids:
        name = f"handlers.flows.{flow_id}"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise  # a flow module that exists but is broken must fail loudly
            continue
        flows.append(module.FLOW)
    return flows


def default_conversations() -> dict[str, Conversation]:
    """Return the hand-written conversations: Tanya."""
    from handlers.flows.tanya import CONVERSATION

    return {CONVERSATION.id: CONVERSATION}


@cache
def default_registry() -> Registry:
    """Return the registry of every flow module present (built once per process)."""
    return Registry(load_flows())
