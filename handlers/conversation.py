"""One conversation protocol: what the engine asks of every conversation it routes to.

A declarative flow (``handlers.flow.Flow``) is one through ``handlers.walking``; a hand-written
conversation (Tanya, ``handlers/flows/tanya.py``) implements ``Conversation`` itself and is
registered in ``handlers.flows.Registry.conversations``. The engine never names either.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from handlers.events import Event
from handlers.feedback import TanyaEffect
from handlers.flow import Context, Services
from handlers.prompts import Prompt
from handlers.state import ChatState


@dataclass(frozen=True)
class OpenFlow:
    """Leave the conversation for a flow: ``text`` the typed message that opened it,
    ``given`` answers already understood (their questions are not asked)."""

    flow: str
    text: str | None = None
    given: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reply:
    """What a conversation answers to one event: prompts, effects, and where to go next
    (``leave``: "menu" for the main menu, an ``OpenFlow``, or None to stay)."""

    prompts: list[Prompt]
    effects: list[TanyaEffect] = field(default_factory=list)
    leave: OpenFlow | Literal["menu"] | None = None


class Conversation(Protocol):
    """A conversation the engine routes to while ``ChatState.flow == id``."""

    id: str
    title: str  # the menu label, also "…dibatalkan" after /batal
    short: str  # ≤ 20 characters (WhatsApp)

    def start(self, st: ChatState, services: Services, context: Context,
              text: str | None) -> Reply:
        """Begin (``text``: the typed message that opened it, else ask for one)."""
        ...

    def current(self, st: ChatState, services: Services) -> list[Prompt]:
        """Return the question the user is at, asked again."""
        ...

    def handle(self, st: ChatState, event: Event, services: Services,
               context: Context) -> Reply:
        """Answer one event (commands and stale buttons are the engine's)."""
        ...

    def back(self, st: ChatState, services: Services) -> Reply:
        """Answer /kembali."""
        ...

    def help(self, st: ChatState, services: Services) -> str:
        """Return the /bantuan text for where the user is."""
        ...
