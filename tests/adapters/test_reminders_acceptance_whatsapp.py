"""Acceptance of the reminders issue on WhatsApp: signed webhook bodies into the real app,
replies read from the fake Graph API; due reminders go out through the real Dispatcher and
WhatsAppSender on a FakeClock (days after the user's last message: the approved template
with quick-reply buttons), and a quick reply comes back as WhatsApp delivers it (message
type ``button``). Shared story: tests/fakes/reminder_world.py."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.dispatch import Dispatcher
from bot.senders.whatsapp import WhatsAppSender, make_client
from bot.service import ChatService
from bot.whatsapp_render import decode_choice
from handlers.domain.records import KIND_PREDIKAT, KIND_REKOMENDASI
from handlers.reminders.messages import OPTION_RECORD, OPTIONS
from tests.adapters.whatsapp_chat import WhatsAppChat, tap, whatsapp_chat
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.clock import FakeClock
from tests.fakes.reminder_world import Shown, World, run_scenario
from tests.fakes.services import chat_service
from tests.fakes.whatsapp_api import FakeGraphAPI

USER = wp.WA_ID
ADMIN = "6281299990000"
TEMPLATE = "pengingat_jf"
LABELS = {o.token: o.label for o in (*OPTIONS, OPTION_RECORD)}
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def quick_reply(payload: str, text: str, wa_id: str) -> dict[str, Any]:
    """A template quick-reply press as WhatsApp delivers it (``type: button``)."""
    body = wp.as_user(wp.text_message("x"), wa_id)
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    message["type"] = "button"
    del message["text"]
    message["button"] = {"payload": payload, "text": text}
    return body


def shown_of(message: dict[str, Any]) -> Shown:
    """What the user sees of one sent message; buttons by the action they carry."""
    if message["type"] == "text":
        return Shown(message["text"]["body"], [], message)
    if message["type"] == "template":
        components = message["template"]["components"]
        body = next(c for c in components if c["type"].lower() == "body")
        ids = [c["parameters"][0]["payload"] for c in components if c["type"].lower() == "button"]
        return Shown(body["parameters"][0]["text"],
                     [LABELS.get(decode_choice(i).token, i) for i in ids], message)
    interactive = message["interactive"]
    if interactive["type"] == "button":
        choices = [b["reply"] for b in interactive["action"]["buttons"]]
    else:
        choices = [r for s in interactive["action"]["sections"] for r in s["rows"]]
    labels = [LABELS.get(decode_choice(c["id"]).token, c["title"]) if "rem:" in c["id"]
              else c["title"] for c in choices]
    return Shown(interactive["body"]["text"], labels, message)


def is_reminder(message: dict[str, Any]) -> bool:
    """True for a reminder: the template, or a message whose choices carry ``rem:<id>``."""
    return message["type"] == "template" or (
        message["type"] == "interactive" and "rem:" in str(message["interactive"]["action"]))


class WhatsAppPerson:
    """A WhatsApp user (``wa_id``) typing and tapping through the shared app."""

    def __init__(self, chat: WhatsAppChat, wa_id: str) -> None:
        self.chat = chat
        self.wa_id = wa_id

    async def _post(self, body: dict[str, Any]) -> list[Shown]:
        sent = await asyncio.to_thread(self.chat.post, wp.as_user(body, self.wa_id))
        return [shown_of(m) for m in sent if m.get("to") == self.wa_id]

    async def say(self, text: str) -> list[Shown]:
        """Type a message."""
        return await self._post(wp.text_message(text))

    async def press(self, label: str, on: Shown | None = None) -> list[Shown]:
        """Tap ``label`` on ``on`` (default: the latest buttons or list sent to this user)."""
        message = on.raw if on is not None else next(
            m for m in reversed(self.chat.api.messages())
            if m.get("to") == self.wa_id and m["type"] in ("interactive", "template"))
        if message["type"] == "template":
            assert on is not None
            payload = next(c["parameters"][0]["payload"]
                           for c in message["template"]["components"]
                           if c["type"].lower() == "button"
                           and LABELS.get(decode_choice(c["parameters"][0]["payload"]).token)
                           == label)
            return await self._post(quick_reply(payload, label, self.wa_id))
        interactive = message["interactive"]
        try:
            return await self._post(tap(interactive, label))
        except StopIteration:  # a reminder's list: find the row by the action it carries
            rows = [r for s in interactive["action"]["sections"] for r in s["rows"]]
            row = next(r for r in rows if LABELS.get(decode_choice(r["id"]).token) == label)
            return await self._post(wp.list_reply(row["id"], row["title"]))


@pytest.fixture
def service(db_url: str) -> Iterator[ChatService]:
    """The real ChatService with the admin listed, on a FakeClock."""
    with chat_service(db_url, ADMIN) as svc:
        yield svc


@SQLITE_ONLY
async def test_whatsapp_user_receives_every_kind_on_the_right_wit_day(service: ChatService) -> None:
    clock: FakeClock = service.test_clock  # type: ignore[attr-defined]

    async def virtual_sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as api, whatsapp_chat(service, api) as chat:
        seen = 0

        async def inbox() -> list[Shown]:
            nonlocal seen
            messages = api.messages()
            new, seen = messages[seen:], len(messages)
            return [shown_of(m) for m in new if m.get("to") == USER and is_reminder(m)]

        async def story() -> None:
            async with httpx.AsyncClient(timeout=httpx.Timeout(20.0)) as http:
                wa = make_client(wp.PHONE_ID, wp.ACCESS_TOKEN, api.base_url, http=http)
                sender = WhatsAppSender(wa, clock=clock, sleep=virtual_sleep,
                                        template_name=TEMPLATE, rate=1e6)
                dispatcher = Dispatcher(service.sessions, [sender], clock=clock,
                                        sleep=virtual_sleep, worker_id="acc:whatsapp",
                                        inline_db=True)
                world = World(clock, service, dispatcher, inbox, "whatsapp", USER)
                user, admin = WhatsAppPerson(chat, USER), WhatsAppPerson(chat, ADMIN)

                result = await run_scenario(world, user, admin, "WIT",
                                            snooze_kind=KIND_REKOMENDASI,
                                            stop_kind=KIND_PREDIKAT)
                templates = [s for _, _, s in result.received if s.raw["type"] == "template"]
                assert templates, "reminders days after the last message use the template"
                assert all(s.raw["template"]["name"] == TEMPLATE for s in templates)

        await asyncio.wait_for(story(), 60)
