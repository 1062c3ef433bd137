"""Forged or undecodable callback data on Telegram (issue 9, item 3): the REAL
python-telegram-bot client long-polling the fake Bot API, the real runtime and engine.

Every press is answered (answerCallbackQuery, so the client stops spinning) and the chat gets
"Tombol itu sudah tidak berlaku." with the current question again. ``v1|x|#²`` used to raise
in the decoder before the answer was sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.service import ChatService
from bot.settings import Settings
from bot.telegram_render import MAX_CALLBACK_BYTES
from handlers import texts
from tests.fakes.telegram_api import (
    Call,
    FakeBotAPI,
    callback_update,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    polling_bot,
    run_async,
)

EXAM = "Nilai uji kompetensi"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatService]:
    path: Path = tmp_path_factory.mktemp("telegram") / "bot.sqlite3"
    svc = ChatService(Settings(database_url=f"sqlite:///{path}"))
    yield svc
    svc.close()


def forged(step: str) -> list[str]:
    """Callback data nobody could have got from us, some on the question on screen."""
    return [
        f"v1|{step}|#²",
        "v1|x|#²",
        f"v1|{step}|#٣",
        f"v1|{step}|#{'9' * 40}",
        "v2|s|t",
        "garbage",
        f"v1|{step}|" + "x" * MAX_CALLBACK_BYTES,  # over 64 bytes: Telegram never sends it
        f"v1|{step}|flow:admin",
    ]


def test_every_forged_button_is_answered_and_the_question_asked_again(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    chat_id = 4100

    async def chat() -> list[tuple[str, list[Call], str]]:
        async with polling_bot(fake_bot_api, service) as bot:
            user = bot.user(chat_id)
            await user.say("/start")
            menu = user.last_keyboard()
            step = menu.buttons[0][1].split("|")[1]
            message = fake_bot_api.sent_message(chat_id, menu.result["message_id"])
            seen = []
            for data in forged(step):
                update = fake_bot_api.next_update_id()
                replies = await user.deliver(callback_update(update, chat_id, data, message))
                seen.append((data, replies, f"cq{update}"))
            return seen

    seen = run_async(chat())
    menu_text = "Menu utama — silakan pilih:"
    for data, replies, query_id in seen:
        answered = [c for c in fake_bot_api.calls_of("answerCallbackQuery")
                    if c.params.get("callback_query_id") == query_id]
        assert len(answered) == 1, data
        assert [c.text for c in replies][:1] == [texts.STALE_BUTTON], data
        assert replies[-1].text == menu_text and replies[-1].buttons, data
