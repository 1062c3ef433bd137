"""Telegram transport details through the REAL PTB client, the real ChatService (SQLite) and
a tiny scripted engine: long texts, files, long option tokens, flood control, odd updates.

The conversations of the real engine are in ``test_telegram_chat.py``; this file pins what the
adapter itself must do whatever the engine says.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.service import ChatService
from bot.settings import Settings
from bot.telegram_render import MAX_CALLBACK_BYTES
from handlers.events import ChoiceIn, Event, NotText
from handlers.prompts import Document, Image, Message, Option, Prompt, Question
from handlers.state import ChatState
from tests.fakes.telegram_api import (
    FakeBotAPI,
    callback_update,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    photo_update,
    polling_bot,
)

# PTB itself warns about the future type of RetryAfter.retry_after when raising it.
pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

LONG_TOKEN = "opsi-dengan-token-yang-sangat-panjang-" + "x" * 60
MENU = Question(
    "Silakan pilih:",
    "menu1",
    (
        Option("panjang", "Teks panjang"),
        Option("dokumen", "Kirim dokumen"),
        Option(LONG_TOKEN, "Token panjang"),
        Option("angka", "Isi angka"),
    ),
    progress="Langkah 1 dari 2",
    hint="Pilih salah satu tombol.",
)
NUMBER = Question("Berapa nilainya?", "angka1", hint="Ketik angka, contoh: 12,5")
PARAGRAPH = "Paragraf {n}: " + "kata " * 150


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "Nilai"
    book.active["B1"] = 28.13
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class _Outcome:
    state: ChatState
    prompts: list[Prompt]
    effects: list[object] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def scripted_advance(state: ChatState, event: Event, *, now: dt.datetime, services: Any) -> Any:
    """A stand-in engine: a menu, a number question, a long text, a document."""
    st = state.clone()
    st.updated_at = now
    current = NUMBER if st.step == "angka" else MENU
    if isinstance(event, ChoiceIn):
        if event.step_token != current.step_token:
            return _Outcome(st, [Message("Tombol itu sudah tidak berlaku."), current])
        st.answers["pilihan"] = event.token
        if event.token == "panjang":
            text = "\n\n".join(PARAGRAPH.format(n=n) for n in range(12))
            return _Outcome(st, [Message(text), MENU])
        if event.token == "dokumen":
            picture = Image("grafik.png", b"\x89PNG fake", caption="Grafik")
            doc = Document("hasil.xlsx", _xlsx(), caption="Formulir terisi " + "k" * 1100)
            return _Outcome(st, [doc, picture, MENU])
        if event.token == LONG_TOKEN:
            return _Outcome(st, [Message("Token panjang diterima."), MENU])
        st.step = "angka"
        return _Outcome(st, [NUMBER])
    if isinstance(event, NotText):
        return _Outcome(st, [Message("Bukan teks.")])
    if st.step == "angka" and not event.text.startswith("/"):
        st.step = None
        return _Outcome(st, [Message(f"Tercatat: {event.text}."), MENU])
    st.step = None
    return _Outcome(st, [Message("Selamat datang."), MENU])


@pytest.fixture
def service(tmp_path: Path) -> Iterator[ChatService]:
    """The real ChatService on a temporary SQLite database, with the scripted engine."""
    settings = Settings(database_url=f"sqlite:///{tmp_path}/bot.sqlite3")
    svc = ChatService(settings, advance=scripted_advance, services=None)
    yield svc
    svc.close()


async def test_long_text_is_split_on_paragraphs(
    fake_bot_api: FakeBotAPI, service: ChatService,
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(1001)
            await sari.say("/start")
            replies = await sari.press("Teks panjang")
            texts = [c.text or "" for c in replies]
            assert len(texts) >= 3  # two chunks of text and the menu again
            assert all(len(t) <= 4096 for t in texts)
            body = texts[:-1]
            assert all(t.startswith("Paragraf") for t in body)  # cut between paragraphs
            assert sum(t.count("Paragraf") for t in body) == 12
            assert replies[-1].buttons

    await asyncio.wait_for(chat(), 30.0)


async def test_document_and_photo_arrive_with_bounded_captions(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(1002)
            await sari.say("/start")
            replies = await sari.press("Kirim dokumen")
            methods = [c.method for c in replies]
            assert methods[:3] == ["sendDocument", "sendMessage", "sendPhoto"]
            doc = replies[0]
            assert "caption" not in doc.params  # 1100+ characters: sent as a text after it
            assert replies[1].text is not None and replies[1].text.startswith("Formulir")
            upload = doc.files["document"]
            assert upload.filename == "hasil.xlsx"
            sheet = openpyxl.load_workbook(io.BytesIO(upload.data)).active
            assert sheet["B1"].value == 28.13
            assert replies[2].params["caption"] == "Grafik"
            assert replies[2].files["photo"].data == b"\x89PNG fake"

    await asyncio.wait_for(chat(), 30.0)


async def test_question_shows_progress_and_hint_with_versioned_buttons(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            replies = await bot.user(1003).say("/start")
            question = replies[-1]
            assert question.text == "Langkah 1 dari 2\n\nSilakan pilih:\n\nPilih salah satu tombol."
            datas = [data for _, data in question.buttons]
            assert datas[0] == "v1|menu1|panjang"
            assert all(len(d.encode()) <= MAX_CALLBACK_BYTES for d in datas)
            assert datas[2] == "v1|menu1|#2"  # the long token travels as an index

    await asyncio.wait_for(chat(), 30.0)


async def test_long_option_token_round_trips_and_keyboard_is_closed(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(1004)
            await sari.say("/start")
            menu = sari.last_keyboard()
            replies = await sari.press("Token panjang")
            assert replies[0].text == "Token panjang diterima."
            # The same menu is asked again (same step): its old copy just loses the buttons.
            edits = fake_bot_api.calls_of("editMessageReplyMarkup", chat_id=1004)
            assert edits and edits[-1].params["message_id"] == menu.result["message_id"]
            assert not fake_bot_api.calls_of("editMessageText")
            assert "reply_markup" not in fake_bot_api.sent_message(1004, menu.result["message_id"])
            answers = fake_bot_api.calls_of("answerCallbackQuery")
            assert len(answers) == 1 and "text" not in answers[0].params

            replies = await sari.press("Isi angka")  # moves on: the answer is kept visible
            marked = fake_bot_api.calls_of("editMessageText", chat_id=1004)
            assert marked and marked[-1].text is not None
            assert marked[-1].text.endswith("\n\n✅ Isi angka")

    await asyncio.wait_for(chat(), 30.0)


async def test_unknown_callback_version_gets_a_polite_answer_and_the_current_question(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(1005)
            await sari.say("/start")
            replies = await sari.press_data("v0|lama|panjang")
            answer = fake_bot_api.calls_of("answerCallbackQuery")[-1]
            assert answer.params["text"].startswith("Tombol ini sudah tidak berlaku")
            assert replies[-1].buttons  # the current question again
            assert "tidak berlaku" in (replies[0].text or "")

    await asyncio.wait_for(chat(), 30.0)


async def test_flood_control_is_retried_after_the_given_delay(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def chat() -> None:
        async with polling_bot(fake_bot_api, service, sleep=fake_sleep) as bot:
            fake_bot_api.fail_next("sendMessage", retry_after=3, times=2)
            replies = await bot.user(1006).say("/start")
            assert [c.text for c in replies][0] == "Selamat datang."
            assert slept == [3.0, 3.0]
            refused = [c for c in fake_bot_api.calls_of("sendMessage") if c.status == 429]
            assert len(refused) == 2

    await asyncio.wait_for(chat(), 30.0)


async def test_a_reply_lost_after_bounded_retries_is_logged_not_raised(
    fake_bot_api: FakeBotAPI, service: ChatService, caplog: pytest.LogCaptureFixture
) -> None:
    async def no_sleep(seconds: float) -> None:
        return None

    async def chat() -> None:
        async with polling_bot(fake_bot_api, service, sleep=no_sleep, max_attempts=3) as bot:
            fake_bot_api.fail_next("sendMessage", retry_after=1, times=3)
            replies = await bot.user(1007).say("/start")
            # The greeting was lost after three 429s; the question after it still came.
            assert [c.text for c in replies] == [
                "Langkah 1 dari 2\n\nSilakan pilih:\n\nPilih salah satu tombol."]
            replies = await bot.user(1007).say("lagi")  # the bot still works
            assert replies

    await asyncio.wait_for(chat(), 30.0)
    lost = [r for r in caplog.records if "lost after 3 attempt" in r.getMessage()]
    assert len(lost) == 1
    assert all("Selamat" not in r.getMessage() for r in caplog.records)


async def test_a_dropped_connection_is_retried(
    fake_bot_api: FakeBotAPI, service: ChatService,
) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    async def chat() -> None:
        async with polling_bot(fake_bot_api, service, sleep=fake_sleep) as bot:
            fake_bot_api.drop_next("sendMessage")
            replies = await bot.user(1011).say("/start")
            assert [c.text for c in replies][0] == "Selamat datang."
            assert len(slept) == 1  # one short back-off, then the reply went through

    await asyncio.wait_for(chat(), 30.0)
    dropped = [c for c in fake_bot_api.calls_of("sendMessage") if c.status == 0]
    assert len(dropped) == 1


async def test_a_photo_without_text_gets_one_polite_sentence(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            user = bot.user(1008)
            photo = photo_update(fake_bot_api.next_update_id(), 1008)
            replies = await user.deliver(photo, copies=2)
            # Recorded like any update: the redelivered copy gets no second reply.
            assert [c.text for c in replies] == ["Bukan teks."]

    await asyncio.wait_for(chat(), 30.0)


async def test_the_same_update_twice_gets_one_reply(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(1009)
            await sari.say("/start")
            press = sari.press_update("Isi angka")
            replies = await sari.deliver(press, copies=2)
            assert [c.text for c in replies] == ["Berapa nilainya?\n\nKetik angka, contoh: 12,5"]
            answers = fake_bot_api.calls_of("answerCallbackQuery")
            assert len(answers) == 2  # every callback query is answered, even a redelivery

    await asyncio.wait_for(chat(), 30.0)


async def test_a_callback_without_message_is_still_answered(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            update = callback_update(fake_bot_api.next_update_id(), 1010, "v1|menu1|angka")
            del update["callback_query"]["message"]
            replies = await bot.user(1010).deliver(update)
            assert replies and replies[-1].text == "Berapa nilainya?\n\nKetik angka, contoh: 12,5"
            assert fake_bot_api.calls_of("answerCallbackQuery")

    await asyncio.wait_for(chat(), 30.0)
