"""The flow registry: which flows exist, in menu order, and how typed text finds them.

A flow describes itself (``Flow.menu_position``, ``keywords``, ``commands``, ``calc_module``);
registering it is importing it: every module of ``FLOW_MODULES`` is imported strictly and its
``FLOW`` taken. A module that is missing or fails to import fails start-up (``load_flows`` is
called when the production services are built), never silently shrinking the menu.
To add a flow: write ``handlers/flows/<name>.py`` with ``FLOW = Flow(...)`` and add its name
here.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from handlers.commands import GREETINGS, SLASH, WORDS, command_text, slash_name
from handlers.flow import Flow, normalize

if TYPE_CHECKING:
    from handlers.conversation import Conversation

# The flow modules (import order only; the menu order is each flow's ``menu_position``).
FLOW_MODULES = ("difficulty", "formation", "credit", "exam", "profil", "pengingat", "ingatkan",
                "predikat", "admin", "pertanyaan")
KEYWORD_MAX_WORDS = 4
TANYA = "tanya"  # the flow id of the question flow (handlers/flows/tanya.py)


class RegistryError(RuntimeError):
    """A flow module that cannot be registered (missing ``FLOW``, a clash with another)."""


@dataclass
class Registry:
    """The calculator flows available, in menu order, and the hand-written conversations."""

    flows: list[Flow]
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
            for phrase in flow.keywords:
                if f" {phrase} " in padded:
                    return flow
        return None

    def match_command(self, text: str) -> Flow | None:
        """Return the flow a command message starts ("/profil", "pengingat saya"), or None."""
        said = command_text(text)
        if said.startswith("/"):
            name = slash_name(said)
            return next((f for f in self.flows if name in f.commands), None)
        return next((f for f in self.flows if said in f.commands), None)

    def calculators(self) -> dict[str, str]:
        """Return flow id -> ``knowledge.calc`` module of every flow with a calculator."""
        return {f.id: f.calc_module for f in self.flows if f.calc_module}


def check_flows(flows: list[Flow]) -> None:
    """Raise ``RegistryError`` when two flows share an id, a menu position, a keyword or a
    command, or a command shadows an engine command; keywords and commands must be written
    as they are matched (casefolded, single spaces)."""
    seen: dict[tuple[str, str], int] = {}
    engine = set(SLASH) | set(WORDS) | set(GREETINGS)
    for index, flow in enumerate(flows):
        claims = [("id", flow.id), ("menu position", str(flow.menu_position))]
        claims += [("keyword", k) for k in flow.keywords]
        claims += [("command", c) for c in flow.commands]
        for kind, value in claims:
            if kind in ("keyword", "command") and value != command_text(value):
                raise RegistryError(f"flow {flow.id}: {kind} {value!r} must be written "
                                    f"{command_text(value)!r}")
            if kind == "command" and value in engine:
                raise RegistryError(f"flow {flow.id}: command {value!r} is an engine command")
            other = seen.setdefault((kind, value), index)
            if other != index:
                raise RegistryError(f"flows {flows[other].id} and {flow.id} share the {kind} "
                                    f"{value!r}")


def load_flows(modules: Iterable[str] = FLOW_MODULES,
               package: str = "handlers.flows") -> list[Flow]:
    """Import every flow module strictly and return their ``FLOW``, in menu order.

    Any import error propagates (a broken or missing flow module fails start-up).
    """
    flows = []
    for name in modules:
        module = importlib.import_module(f"{package}.{name}")
        flow = getattr(module, "FLOW", None)
        if not isinstance(flow, Flow):
            raise RegistryError(f"{package}.{name} defines no FLOW = Flow(...)")
        flows.append(flow)
    flows.sort(key=lambda f: f.menu_position)
    check_flows(flows)
    return flows


def default_conversations() -> dict[str, Conversation]:
    """Return the hand-written conversations: Tanya."""
    from handlers.flows.tanya import CONVERSATION

    return {CONVERSATION.id: CONVERSATION}


@cache
def default_registry() -> Registry:
    """Return the registry of every flow module (built once per process)."""
    return Registry(load_flows())
