"""Forged reply ids on WhatsApp (issue 9, item 3), through signed webhook bodies, the real
pywa app, the real runtime on SQLite and the real engine.

Each is answered with "Tombol itu sudah tidak berlaku." and the current question again;
``s²:abc`` used to raise in ``decode_choice`` (``int("²")``) and the user got nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.service import ChatService
from bot.settings import Settings
from handlers import texts
from tests.adapters.whatsapp_chat import WhatsAppChat, texts_of, whatsapp_chat
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.clock import FakeClock
from tests.fakes.whatsapp_api import FakeGraphAPI


@pytest.fixture
def chat(tmp_path: pytest.TempPathFactory) -> Iterator[WhatsAppChat]:
    svc = ChatService(Settings(database_url=f"sqlite:///{tmp_path}/wa.sqlite3"),
                      clock=FakeClock())
    try:
        with FakeGraphAPI(token=wp.ACCESS_TOKEN) as api, whatsapp_chat(svc, api) as driver:
            yield driver
    finally:
        svc.close()


def test_forged_reply_ids_are_stale_buttons_and_the_question_is_asked_again(
    chat: WhatsAppChat,
) -> None:
    chat.says("menu")
    question = texts_of(chat.picks("Tingkat kesulitan"))[-1]
    last = chat.api.messages()[-1]["interactive"]
    real_id = last["action"]["buttons"][0]["reply"]["id"]
    step = real_id[1:].split(":", 1)[1][: int(real_id[1:].split(":", 1)[0])]
    forged = ["s²:abc", "s٣:abcdef", "s" + "9" * 30 + ":x", "t:²", "garbage",
              f"s{len(step)}:{step}penera_x", f"s{len(step)}:{step}" + "x" * 300]
    for reply_id in forged:
        for body in (wp.button_reply(reply_id, "Penera"), wp.list_reply(reply_id, "Penera")):
            sent = chat.post(body)
            assert chat.last_response is not None and chat.last_response.status_code == 200
            shown = texts_of(sent)
            assert shown[:1] == [texts.STALE_BUTTON], (reply_id, shown)
            assert shown[-1] == question, (reply_id, shown)
