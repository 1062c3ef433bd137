"""End to end on Telegram (real python-telegram-bot client against the fake Bot API): a user
asks, rates 👎, forwards the question to the admin; the admin finds it under /admin →
Pertanyaan masuk and replies; the reply reaches the user once through the real Dispatcher."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta

import pytest
from telegram import Bot

from bot.dispatch import Dispatcher
from bot.senders.telegram import TelegramSender
from bot.service import ChatService
from knowledge.ask.answer import answer_question
from knowledge.search import default_index
from tests.fakes.clock import FakeClock
from tests.fakes.services import chat_service
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    TOKEN,
    FakeBotAPI,
    fake_bot_api_fixture,
    polling_bot,
)

USER, ADMIN = 4201, 4202
QUESTION = "penera boleh menerima hadiah?"
REPLY = "Tidak boleh: hadiah terkait jabatan adalah gratifikasi. Laporkan ke UPG."
BOTH = pytest.mark.parametrize("db_url", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def service(db_url: str) -> Iterator[ChatService]:
    """The real ChatService with the admin listed, on a FakeClock."""
    with chat_service(db_url, str(ADMIN)) as svc:
        yield svc


@BOTH
async def test_ask_thumbs_down_forward_admin_replies_user_gets_it_once(
        service: ChatService, fake_bot_api: FakeBotAPI) -> None:
    clock: FakeClock = service.test_clock  # type: ignore[attr-defined]

    async def virtual_sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    async def story() -> None:
        async with polling_bot(fake_bot_api, service) as bot, \
                Bot(TOKEN, base_url=fake_bot_api.base_url) as sender_bot:
            user, admin = bot.user(USER), bot.user(ADMIN)
            replies = await user.say(QUESTION)
            assert replies[0].text == answer_question(default_index(), QUESTION).text
            labels = [label for label, _ in replies[-1].buttons]
            assert (replies[-1].text or "").startswith("Membantu? 👍 / 👎")
            assert labels[:2] == ["👍 Membantu", "👎 Tidak membantu"]
            replies = await user.press("👎")
            assert "Teruskan ke admin" in [label for label, _ in replies[-1].buttons]
            replies = await user.press("Teruskan ke admin")
            assert replies[0].text is not None
            assert replies[0].text.startswith("Pertanyaan Anda sudah diteruskan ke admin.")

            await admin.say("/admin")
            replies = await admin.press("Pertanyaan masuk")
            assert replies[-1].text is not None
            assert replies[-1].text.startswith("Pertanyaan masuk: 1 menunggu jawaban.")
            replies = await admin.press(QUESTION)
            assert f"\"{QUESTION}\"" in (replies[-1].text or "")
            await admin.say(REPLY)
            replies = await admin.press("Ya")
            assert replies[0].text == "Jawaban dikirim ke penanya."

            clock.advance(timedelta(seconds=1))
            sender = TelegramSender(sender_bot, clock=clock, sleep=virtual_sleep)
            dispatcher = Dispatcher(service.sessions, [sender], clock=clock,
                                    sleep=virtual_sleep, worker_id="acc:tanya",
                                    inline_db=True)
            before = len(fake_bot_api.sent(USER))
            await dispatcher.run_once()
            await dispatcher.run_once()
            clock.advance(timedelta(hours=1))
            await dispatcher.run_once()
            got = fake_bot_api.sent(USER)[before:]
            assert [c.text for c in got] == [
                f"Jawaban admin atas pertanyaan yang Anda teruskan:\n\n{REPLY}"]

            # The queue is empty now.
            await admin.say("/admin")
            replies = await admin.press("Pertanyaan masuk")
            assert (replies[-1].text or "").startswith("Belum ada pertanyaan yang menunggu")

    await asyncio.wait_for(story(), 60)
