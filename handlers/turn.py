"""The base of a turn (one event being handled): its working state, what it sends and does,
and the small helpers every part of the engine uses.

The engine is split along its seams: ``handlers.rendering`` (a question with options and
paging), ``handlers.picking`` (turning a reply into an option or a value),
``handlers.walking`` (moving through a declarative flow), ``handlers.routing`` (commands,
pending offers, the menu, conversations) and ``handlers.engine`` (``advance``). Each part is a
class the next one extends; ``handlers.engine.Turn`` is the whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from handlers.domain.effects import ReminderEffect
from handlers.events import Event
from handlers.feedback import TanyaEffect
from handlers.flow import (
    FLOW_LINK,
    NO_TOKEN,
    YES_TOKEN,
    Answers,
    Ask,
    Context,
    Flow,
    Services,
)
from handlers.prompts import Message, Prompt
from handlers.state import ChatState

END = "_end"  # the step id of a finished flow (result shown, "Hitung lagi" offered)
# Engine option tokens; flow option tokens must not start with "_".
T_PREV, T_NEXT, T_SKIP, T_DONE, T_ALL = "_prev", "_next", "_skip", "_done", "_all"
T_AGAIN, T_MENU, T_RESUME, T_RESTART = "_again", "_menu", "_resume", "_restart"
T_YES, T_NO = YES_TOKEN, NO_TOKEN  # the same tokens as every YesNo step
MENU_FLOW = FLOW_LINK
PREDIKAT_FLOW = "predikat"  # started by the January reminder's "catat" button
MENU_HELP = "bantuan"  # conversations use their id as menu token (Tanya: "tanya")
MAX_OPTIONS = 10
# Meta keys that belong to the question on screen.
TRANSIENT = ("page", "filter", "picked", "clarify")
# Bookkeeping: the answers understood when a flow was opened from a question (step id → value).
GIVEN = "given"
# "Today" for parsers is taken in the easternmost Indonesian zone (WIT, UTC+9), so no user's
# own today is ever refused as "after today".
TODAY_ZONE = dt.timezone(dt.timedelta(hours=9))


@dataclass(frozen=True)
class EraseUserData:
    """Effect: delete everything stored about this user (after a confirmed /hapus_data)."""


Effect = EraseUserData | ReminderEffect | TanyaEffect


class Active(Protocol):
    """The conversation a user is in, bound to the turn: every conversation, declarative or
    hand-written, answers these (``handlers.conversation``)."""

    title: str

    def resumable(self) -> bool:
        """Return True when a long pause should offer "Lanjutkan / Mulai dari awal"."""
        ...

    def current(self) -> list[Prompt]:
        """Return the prompts that ask the current question again."""
        ...

    def handle(self, event: Event) -> None:
        """Answer one event (queues prompts and effects on the turn)."""
        ...

    def back(self) -> None:
        """Answer /kembali."""
        ...

    def help(self) -> list[str]:
        """Return the parts of the /bantuan text for where the user is."""
        ...


class TurnBase:
    """One event being handled: the working state and what to send."""

    def __init__(self, st: ChatState, services: Services, now: dt.datetime) -> None:
        self.st = st
        self.services = services
        self.now = now
        self.prompts: list[Prompt] = []
        self.effects: list[Effect] = []

    def say(self, text: str) -> None:
        """Queue a plain message."""
        self.prompts.append(Message(text))

    @property
    def meta(self) -> dict[str, Any]:
        """Return the engine bookkeeping of the state."""
        return self.st.meta

    def answers(self) -> Answers:
        """Return the user's answers (without bookkeeping)."""
        return self.st.user_answers()

    def flow(self) -> Flow | None:
        """Return the declarative flow the user is in, if any."""
        return self.services.flows().get(self.st.flow)

    def context(self) -> Context:
        """Return what parsers may know besides the answers (today, from ``now``)."""
        now = self.now if self.now.tzinfo else self.now.replace(tzinfo=dt.UTC)
        return Context(today=now.astimezone(TODAY_ZONE).date(), now=now)

    def reset(self) -> None:
        """Leave any flow (the next message starts from the menu)."""
        self.st.flow, self.st.step = None, None
        self.st.answers, self.st.history = {}, []

    def clear_transient(self) -> None:
        """Forget paging/filter/picking of the question that was on screen."""
        for key in TRANSIENT:
            self.meta.pop(key, None)

    def may_start(self, flow: Flow) -> bool:
        """Return True when this user may start the flow (e.g. admin flows: admins only)."""
        return flow.visible is None or bool(flow.visible(self.services))

    # Implemented by later parts of the turn (a part may call a later one's method).

    def accept(self, flow: Flow, step: Ask, value: Any) -> None:
        """Store an answer and move on (``handlers.walking``)."""
        raise NotImplementedError

    def launch(self, flow: Flow, text: str | None = None,
               given: dict[str, Any] | None = None) -> None:
        """Start a flow if the user may (``handlers.routing``)."""
        raise NotImplementedError

    def outside(self, event: Event) -> None:
        """Handle an event outside any flow (``handlers.routing``)."""
        raise NotImplementedError
