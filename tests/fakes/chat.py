"""A chat driver over the pure engine, so flow tests read like conversations.

    chat = Chat()
    chat.send("/start")
    assert "Menu utama" in chat.last_text
    chat.press("Nilai uji kompetensi")      # a button, by its label (or token)
    chat.send("80")                          # typed text
    chat.advance(minutes=31)                 # the clock, never real time

Every step round-trips the state through ``json.dumps`` of ``ChatState.to_record()`` the way
storage keeps it, so a non-JSON answer fails the test that produced it.
"""

from __future__ import annotations

import json
from datetime import timedelta

from handlers.engine import Outcome, advance
from handlers.events import ChoiceIn, Event, TextIn
from handlers.flow import Services
from handlers.prompts import Document, Image, Message, Option, Prompt, Question
from handlers.state import ChatState
from handlers.turn import MAX_OPTIONS, Effect
from tests.fakes.clock import FakeClock


def roundtrip(state: ChatState) -> ChatState:
    """Return the state after a trip through JSON (as the database keeps it)."""
    record = state.to_record()
    when = record.pop("updated_at")
    text = json.dumps(record, ensure_ascii=False)
    back = json.loads(text)
    back["updated_at"] = when.isoformat() if when else None
    return ChatState.from_record(back)


class Chat:
    """One user talking to the engine, with an in-memory state and a controllable clock."""

    def __init__(self, services: Services | None = None, clock: FakeClock | None = None,
                 state: ChatState | None = None) -> None:
        self.services = services or Services()
        self.clock = clock or FakeClock()
        self.state = state or ChatState()
        self.replies: list[Prompt] = []
        self.effects: list[Effect] = []
        self.errors: list[tuple[str, BaseException]] = []
        self.outcome: Outcome | None = None

    # --- acting -------------------------------------------------------------------------

    def event(self, event: Event) -> list[Prompt]:
        """Send any event; return the prompts of the reply."""
        self.outcome = advance(self.state, event, now=self.clock(), services=self.services)
        after = roundtrip(self.outcome.state)
        assert after == self.outcome.state, "state changed in a JSON round trip"
        self.state = after
        self.replies = list(self.outcome.prompts)
        for prompt in self.replies:
            if isinstance(prompt, Question):
                # The engine pages long lists so every channel can show them (WhatsApp: 10).
                assert len(prompt.options) <= MAX_OPTIONS, prompt
                assert len({o.token for o in prompt.options}) == len(prompt.options), prompt
        self.effects = list(self.outcome.effects)
        self.errors = list(self.outcome.errors)
        return self.replies

    def send(self, text: str) -> list[Prompt]:
        """Type a message."""
        return self.event(TextIn(text))

    def press(self, label: str, *, stale_token: str | None = None) -> list[Prompt]:
        """Press a button of the last question by its label, short label or token.

        ``stale_token`` presses it as if it came from an older message.
        """
        question = self.last_question
        assert question is not None, "no question to answer"
        option = self.option(label)
        token = stale_token if stale_token is not None else question.step_token
        return self.event(ChoiceIn(option.token, token))

    def advance(self, *, minutes: float = 0, seconds: float = 0) -> None:
        """Move the clock forward."""
        self.clock.advance(timedelta(minutes=minutes, seconds=seconds))

    # --- reading ------------------------------------------------------------------------

    @property
    def last_question(self) -> Question | None:
        """Return the last question of the last reply, if any."""
        questions = [p for p in self.replies if isinstance(p, Question)]
        return questions[-1] if questions else None

    @property
    def options(self) -> list[str]:
        """Return the option labels of the last question."""
        question = self.last_question
        return [o.label for o in question.options] if question else []

    def option(self, label: str) -> Option:
        """Return the option of the last question with this label, short label or token."""
        question = self.last_question
        assert question is not None, "no question"
        for o in question.options:
            if label in (o.label, o.short, o.token):
                return o
        raise AssertionError(f"no option {label!r} in {self.options}")

    @property
    def texts(self) -> list[str]:
        """Return the text of every message and question of the last reply."""
        out = []
        for p in self.replies:
            if isinstance(p, (Message, Question)):
                out.append(p.text)
            elif isinstance(p, (Document, Image)) and p.caption:
                out.append(p.caption)
        return out

    @property
    def last_text(self) -> str:
        """Return the whole last reply as one text (messages, questions, hints, progress)."""
        parts = []
        for p in self.replies:
            if isinstance(p, Question):
                parts += [p.text, p.progress or "", p.hint or ""]
            elif isinstance(p, Message):
                parts.append(p.text)
            elif isinstance(p, (Document, Image)) and p.caption:
                parts.append(p.caption)
        return "\n".join(x for x in parts if x)

    @property
    def documents(self) -> list[Document]:
        """Return the documents of the last reply."""
        return [p for p in self.replies if isinstance(p, Document)]

    @property
    def images(self) -> list[Image]:
        """Return the images of the last reply."""
        return [p for p in self.replies if isinstance(p, Image)]
