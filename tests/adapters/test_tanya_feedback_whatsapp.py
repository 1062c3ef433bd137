"""End to end on WhatsApp (signed webhooks into the real app, replies read from the fake Graph
API): a user asks, taps 👎 and "Teruskan ke admin" (reply buttons within WhatsApp's limits);
the admin replies from /admin → Pertanyaan masuk; the reply reaches the user once through the
real Dispatcher and WhatsAppSender."""

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
from knowledge.ask.answer import answer_question
from knowledge.search import default_index
from tests.adapters.whatsapp_chat import WhatsAppChat, tap, texts_of, titles_of, whatsapp_chat
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.clock import FakeClock
from tests.fakes.services import chat_service
from tests.fakes.whatsapp_api import FakeGraphAPI

USER, ADMIN = wp.WA_ID, "6281299990001"
QUESTION = "penera boleh menerima hadiah?"
REPLY = "Tidak boleh: hadiah terkait jabatan adalah gratifikasi. Laporkan ke UPG."
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def service(db_url: str) -> Iterator[ChatService]:
    """The real ChatService with the admin listed, on a FakeClock."""
    with chat_service(db_url, ADMIN) as svc:
        yield svc


class Person:
    """One WhatsApp user of the shared app."""

    def __init__(self, chat: WhatsAppChat, wa_id: str) -> None:
        self.chat, self.wa_id = chat, wa_id

    def says(self, text: str) -> list[dict[str, Any]]:
        """Type ``text``; return what was sent to this user."""
        return self._post(wp.text_message(text))

    def taps(self, label: str) -> list[dict[str, Any]]:
        """Tap ``label`` on the latest buttons or list sent to this user."""
        latest = next(m for m in reversed(self.chat.api.messages())
                      if m.get("to") == self.wa_id and m["type"] == "interactive")
        return self._post(tap(latest["interactive"], label))

    def _post(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        sent = self.chat.post(wp.as_user(body, self.wa_id))
        return [m for m in sent if m.get("to") == self.wa_id]


def _within_limits(message: dict[str, Any]) -> None:
    interactive = message["interactive"]
    if interactive["type"] == "button":
        buttons = interactive["action"]["buttons"]
        assert len(buttons) <= 3
        assert all(len(b["reply"]["title"]) <= 20 for b in buttons)


@SQLITE_ONLY
async def test_ask_thumbs_down_forward_admin_replies_user_gets_it_once(
    service: ChatService,
) -> None:
    clock: FakeClock = service.test_clock  # type: ignore[attr-defined]

    async def virtual_sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as api, whatsapp_chat(service, api) as chat:
        user, admin = Person(chat, USER), Person(chat, ADMIN)
        sent = user.says(QUESTION)
        assert texts_of(sent)[0] == answer_question(default_index(), QUESTION).text
        assert sent[-1]["interactive"]["type"] == "button"  # reply buttons, not a list
        _within_limits(sent[-1])
        assert titles_of(sent[-1])[:2] == ["👍 Membantu", "👎 Tidak membantu"]
        sent = user.taps("👎 Tidak membantu")
        _within_limits(sent[-1])
        sent = user.taps("Teruskan ke admin")
        assert texts_of(sent)[0].startswith("Pertanyaan Anda sudah diteruskan ke admin.")

        admin.says("/admin")
        sent = admin.taps("Pertanyaan masuk")
        assert texts_of(sent)[-1].startswith("Pertanyaan masuk: 1 menunggu jawaban.")
        admin.taps(QUESTION)
        admin.says(REPLY)
        sent = admin.taps("Ya")
        assert texts_of(sent)[0] == "Jawaban dikirim ke penanya."

        async def deliver() -> None:
            async with httpx.AsyncClient(timeout=httpx.Timeout(20.0)) as http:
                wa = make_client(wp.PHONE_ID, wp.ACCESS_TOKEN, api.base_url, http=http)
                sender = WhatsAppSender(wa, clock=clock, sleep=virtual_sleep,
                                        template_name="pengingat_jf", rate=1e6)
                dispatcher = Dispatcher(service.sessions, [sender], clock=clock,
                                        sleep=virtual_sleep, worker_id="acc:tanya-wa",
                                        inline_db=True)
                await dispatcher.run_once()
                await dispatcher.run_once()
                clock.advance(timedelta(hours=1))
                await dispatcher.run_once()

        before = len(api.messages())
        clock.advance(timedelta(seconds=1))
        await asyncio.wait_for(deliver(), 60)
        got = [m for m in api.messages()[before:] if m.get("to") == USER]
        assert texts_of(got) == [f"Jawaban admin atas pertanyaan yang Anda teruskan:\n\n{REPLY}"]
