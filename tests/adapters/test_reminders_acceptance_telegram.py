"""Acceptance of the reminders issue on Telegram: the real python-telegram-bot client polls
the fake Bot API; the user and an admin (ADMIN_IDS) chat with buttons; due reminders go out
through the real Dispatcher and TelegramSender on a FakeClock, and their buttons are pressed
as Telegram callback queries (shared story: tests/fakes/reminder_world.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from telegram import Bot

from bot.dispatch import Dispatcher
from bot.senders.telegram import TelegramSender
from bot.service import ChatService
from handlers.domain.records import KIND_REKOMENDASI, KIND_UKOM_DAFTAR
from tests.fakes.clock import FakeClock
from tests.fakes.reminder_world import Shown, World, run_scenario
from tests.fakes.services import chat_service
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    TOKEN,
    Call,
    ChatUser,
    FakeBotAPI,
    fake_bot_api_fixture,
    polling_bot,
)

USER = 4101
ADMIN = 4102
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def shown_of(calls: list[Call]) -> list[Shown]:
    """The messages as the user sees them (text and inline button labels)."""
    return [Shown(c.text or "", [label for label, _ in c.buttons], c) for c in calls]


class TelegramPerson:
    """A Telegram user: typed messages and pressed inline buttons."""

    def __init__(self, user: ChatUser) -> None:
        self.user = user

    async def say(self, text: str) -> list[Shown]:
        """Type a message."""
        return shown_of(await self.user.say(text))

    async def press(self, label: str, on: Shown | None = None) -> list[Shown]:
        """Press the button starting with ``label`` on ``on`` (default: the last keyboard)."""
        return shown_of(await self.user.press(label, on=None if on is None else on.raw))


@pytest.fixture
def service(db_url: str) -> Iterator[ChatService]:
    """The real ChatService with the admin listed, on a FakeClock."""
    with chat_service(db_url, str(ADMIN)) as svc:
        yield svc


@SQLITE_ONLY
async def test_telegram_user_receives_every_kind_on_the_right_wita_day(
        service: ChatService, fake_bot_api: FakeBotAPI) -> None:
    clock: FakeClock = service.test_clock  # type: ignore[attr-defined]
    pacer_clock = FakeClock()  # the pacer's own virtual time: pacing never moves the story

    async def virtual_sleep(seconds: float) -> None:
        pacer_clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    seen: set[int] = set()

    async def inbox() -> list[Shown]:
        new = [c for c in fake_bot_api.sent(USER)
               if id(c) not in seen and any(d.startswith("v1|rem:") for _, d in c.buttons)]
        seen.update(id(c) for c in fake_bot_api.sent(USER))
        return shown_of(new)

    async def story() -> None:
        async with polling_bot(fake_bot_api, service) as bot, \
                Bot(TOKEN, base_url=fake_bot_api.base_url) as sender_bot:
            sender = TelegramSender(sender_bot, clock=pacer_clock, sleep=virtual_sleep)
            dispatcher = Dispatcher(service.sessions, [sender], clock=clock,
                                    sleep=virtual_sleep, worker_id="acc:telegram",
                                    inline_db=True)
            world = World(clock, service, dispatcher, inbox, "telegram", str(USER))
            result = await run_scenario(
                world, TelegramPerson(bot.user(USER)), TelegramPerson(bot.user(ADMIN)), "WITA",
                snooze_kind=KIND_UKOM_DAFTAR, stop_kind=KIND_REKOMENDASI)
            # The reminder buttons are self-contained callback data.
            _, _, first = result.received[0]
            assert all(d.startswith("v1|rem:") for _, d in first.raw.buttons)
            # The snoozed registration reminder came on D-14 and again on D-13.
            daftar = [at for at, kind, _ in result.received if kind == KIND_UKOM_DAFTAR]
            assert daftar[1] - daftar[0] == timedelta(days=1)

    await asyncio.wait_for(story(), 60)
