"""Acceptance of the reminders issue on the console: a new user sets up a profile and
receives each kind of reminder on the right day (the shared story: tests/fakes/reminder_world).

The console user talks to the real ChatService (channel "console", real engine and flows)
on SQLite and PostgreSQL; due reminders go out through the real Dispatcher and the console
sender, on a FakeClock. Pressing a reminder's button is sent as the ChoiceIn the button
carries (the console process itself cannot press reminder buttons yet: docs/dispatch.md).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.dispatch import Dispatcher
from bot.senders import Slot
from bot.senders.console import HEADER, ConsoleSender
from bot.service import ChatService
from handlers.domain.records import KIND_PRIBADI, KIND_UKOM_DAFTAR, DueReminder
from handlers.events import ChoiceIn, Event, TextIn
from handlers.prompts import Message, Prompt, Question
from storage.reminder_claims import Claimed
from tests.fakes.clock import FakeClock
from tests.fakes.reminder_world import Shown, World, run_scenario
from tests.fakes.services import chat_service

USER = "sari"
ADMIN = "admin-console"


def shown_of(prompts: list[Prompt]) -> list[Shown]:
    """The prompts as the console shows them (text, numbered choices)."""
    out = []
    for p in prompts:
        if isinstance(p, Question):
            out.append(Shown(p.text, [o.label for o in p.options], p))
        elif isinstance(p, Message):
            out.append(Shown(p.text, [], p))
    return out


class ConsolePerson:
    """A console user: typed lines and chosen options, through the ChatService."""

    def __init__(self, service: ChatService, external_id: str) -> None:
        self.service = service
        self.external_id = external_id
        self.last: Question | None = None

    async def _send(self, event: Event) -> list[Shown]:
        prompts = await self.service.handle("console", self.external_id, None, event) or []
        questions = [p for p in prompts if isinstance(p, Question)]
        if questions:
            self.last = questions[-1]
        return shown_of(prompts)

    async def say(self, text: str) -> list[Shown]:
        """Type a line."""
        return await self._send(TextIn(text))

    async def press(self, label: str, on: Shown | None = None) -> list[Shown]:
        """Choose the option ``label`` of ``on`` (default: the last question)."""
        question = on.raw if on is not None else self.last
        assert isinstance(question, Question), "no question to answer"
        option = next((o for o in question.options if label in (o.label, o.short)), None)
        assert option is not None, f"no option {label!r} in {[o.label for o in question.options]}"
        return await self._send(ChoiceIn(option.token, question.step_token))


class RecordingConsoleSender(ConsoleSender):
    """The console sender, also keeping each reminder's prompts (to press its buttons)."""

    def __init__(self, out: io.StringIO, user: str) -> None:
        super().__init__(out, user)
        self.received: list[Shown] = []

    async def send(self, claimed: Claimed, due: DueReminder, prompts: list[Prompt],
                   slot: Slot) -> None:
        """Print it as the console does, then record it."""
        await super().send(claimed, due, prompts, slot)
        self.received.extend(shown_of(prompts))


@pytest.fixture
def service(db_url: str) -> Iterator[ChatService]:
    """The real ChatService with an admin, on a fresh database and a FakeClock."""
    with chat_service(db_url, ADMIN) as svc:
        yield svc


async def test_console_user_receives_every_kind_on_the_right_wib_day(service: ChatService) -> None:
    clock: FakeClock = service.test_clock  # type: ignore[attr-defined]
    out = io.StringIO()
    sender = RecordingConsoleSender(out, USER)
    dispatcher = Dispatcher(service.sessions, [sender], clock=clock, worker_id="acc:console",
                            inline_db=True)
    seen = 0

    async def inbox() -> list[Shown]:
        nonlocal seen
        new = sender.received[seen:]
        seen = len(sender.received)
        return new

    world = World(clock, service, dispatcher, inbox, "console", USER)

    async def story() -> None:
        result = await run_scenario(world, ConsolePerson(service, USER),
                                    ConsolePerson(service, ADMIN), "WIB",
                                    snooze_kind=KIND_PRIBADI, stop_kind=KIND_UKOM_DAFTAR)
        printed = out.getvalue()
        assert printed.count(HEADER) == len(result.received)
        # The own reminder came twice: at 14.00 WIB and once more a day later (snoozed).
        own = [at for at, kind, _ in result.received if kind == KIND_PRIBADI]
        assert len(own) == 2 and own[1] - own[0] == timedelta(days=1)

    await asyncio.wait_for(story(), 60)
