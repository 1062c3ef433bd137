"""Chats on Telegram, end to end: the REAL python-telegram-bot client long-polling the fake
Bot API on loopback, our adapter, the real ``ChatService`` on a temporary SQLite database and
the real engine with its flows."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from bot.service import ChatService
from bot.settings import Settings
from bot.telegram_app import STALE_BUTTON, bot_commands
from bot.telegram_render import MAX_CALLBACK_BYTES
from handlers import texts as engine_texts
from tests.fakes.telegram_api import (
    Call,
    FakeBotAPI,
    callback_update,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    polling_bot,
)

EXAM = "Nilai uji kompetensi"


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChatService]:
    """One real ChatService (SQLite, real engine) for the module; every test has its own chat."""
    path: Path = tmp_path_factory.mktemp("telegram") / "bot.sqlite3"
    svc = ChatService(Settings(database_url=f"sqlite:///{path}"))
    yield svc
    svc.close()


def texts(calls: list[Call]) -> list[str]:
    """The texts of the bot's messages."""
    return [c.text or "" for c in calls]


async def test_start_shows_the_menu_and_the_command_menu_is_in_indonesian(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            replies = await bot.user(3001).say("/start")
            assert texts(replies)[0].startswith("Selamat datang di Asisten JF Perdagangan")
            menu = replies[-1]
            assert menu.text == "Menu utama — silakan pilih:"
            labels = [label for label, _ in menu.buttons]
            assert EXAM in labels and "Bantuan" in labels
            assert all(data.startswith("v1|") for _, data in menu.buttons)

    await asyncio.wait_for(chat(), 30.0)
    registered = fake_bot_api.calls_of("setMyCommands")
    assert len(registered) == 1
    commands = registered[0].params["commands"]
    assert [c["command"] for c in commands] == [
        "start", "menu", "batal", "kembali", "bantuan", "profil", "pengingat", "hapus_data"]
    assert [c["description"] for c in commands] == [text for _, text in bot_commands()]
    assert "Batalkan proses yang sedang berjalan" in [c["description"] for c in commands]


async def test_a_whole_exam_flow_with_buttons_typed_answers_and_kembali(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(3002)
            await sari.say("/start")
            menu = sari.last_keyboard()
            replies = await sari.press(EXAM)
            # The pressed menu keeps the chosen answer and loses its buttons.
            closed = fake_bot_api.sent_message(3002, menu.result["message_id"])
            assert "reply_markup" not in closed and closed["text"].endswith(f"✅ {EXAM}")
            question = replies[-1]
            assert question.text is not None
            assert question.text.startswith("Langkah 1 dari 10\n\nNilai CAT")
            assert question.text.endswith("Ketik angka 0 sampai 100, misalnya 80.")

            replies = await sari.say("delapan puluhan")  # not a number: one sentence, again
            assert len(replies) == 2
            assert texts(replies)[0].startswith("Ketik angka")
            assert texts(replies)[1].startswith("Langkah 1 dari 10")

            replies = await sari.say("80")
            assert texts(replies)[-1].startswith("Langkah 2 dari 10\n\nNilai seminar")
            replies = await sari.say("/kembali")
            assert texts(replies)[-1].startswith(
                "Langkah 1 dari 10\n\nJawaban sebelumnya: 80.\nNilai CAT")

            for answer in ["80", "8", "48", "24", "24", "32", "24", "80, 90, 70", "75"]:
                replies = await sari.say(answer)
            assert texts(replies)[-1].startswith("Langkah 10 dari 10")
            replies = await sari.press("Lewati")
            assert "Nilai akhir" in "\n".join(texts(replies))
            assert replies[-1].buttons  # "Ada lagi yang bisa saya bantu?"

    await asyncio.wait_for(chat(), 30.0)


async def test_an_old_button_gets_a_polite_answer_and_the_current_question(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            budi = bot.user(3003)
            await budi.say("/start")
            old_menu = budi.last_keyboard()
            await budi.press(EXAM)
            replies = await budi.press("Bantuan", on=old_menu)  # an old keyboard, pressed late
            answer = fake_bot_api.calls_of("answerCallbackQuery")[-1]
            assert answer.params["text"] == STALE_BUTTON
            assert texts(replies)[0] == "Tombol itu sudah tidak berlaku."
            assert texts(replies)[-1].startswith("Langkah 1 dari 10\n\nNilai CAT")

            replies = await budi.press_data("v0|686a2413|flow:exam", on=old_menu)
            answer = fake_bot_api.calls_of("answerCallbackQuery")[-1]
            assert answer.params["text"].startswith("Tombol ini sudah tidak berlaku")
            assert texts(replies)[-1].startswith("Langkah 1 dari 10\n\nNilai CAT")

    await asyncio.wait_for(chat(), 30.0)


async def test_the_same_update_delivered_twice_gets_one_reply(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            rina = bot.user(3004)
            await rina.say("/start")
            replies = await rina.deliver(rina.press_update(EXAM), copies=2)
            assert len([t for t in texts(replies) if t.startswith("Langkah 1 dari 10")]) == 1

    await asyncio.wait_for(chat(), 30.0)


async def test_batal_leaves_the_flow(fake_bot_api: FakeBotAPI, service: ChatService) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            dewi = bot.user(3005)
            await dewi.say("/start")
            await dewi.press(EXAM)
            replies = await dewi.say("/batal")
            assert replies[-1].buttons  # back at a question with buttons (the menu)
            assert not any(t.startswith("Langkah") for t in texts(replies))

    await asyncio.wait_for(chat(), 30.0)


async def test_a_question_for_tanya_gets_an_answer(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            replies = await bot.user(3006).say("penera boleh menerima hadiah?")
            assert replies and all(len(t) <= 4096 for t in texts(replies))

    await asyncio.wait_for(chat(), 30.0)


def xlsx_from(calls: list[Call]) -> openpyxl.Workbook | None:
    """The first XLSX document among ``calls``, opened."""
    for call in calls:
        if call.method == "sendDocument":
            upload = call.files["document"]
            assert upload.filename.endswith(".xlsx")
            return openpyxl.load_workbook(io.BytesIO(upload.data))
    return None


async def test_formation_flow_delivers_the_filled_xlsx(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            ani = bot.user(3007)
            await ani.say("/start")
            await ani.press("Kebutuhan JF")
            await ani.press("Analis Perdagangan")
            replies = await ani.press("Pengelolaan Ekspor")
            assert replies == []  # the same question, edited in place (issue 12)
            (toggled,) = fake_bot_api.edits(3007)[-1:]
            assert toggled.method == "editMessageText"
            assert ("✓ Pengelolaan Ekspor dan Impor" in [t for t, _ in toggled.buttons])
            await ani.press("Selesai memilih")
            await ani.say("12,5")
            await ani.press("Ya")
            await ani.press("Isi per jenjang")
            for _ in range(3):
                await ani.say("3")
            await ani.say("2+1")
            replies = await ani.press("Lewati (titik-titik)")  # the form details
            book = xlsx_from(replies)
            assert book is not None and book.sheetnames
            document = next(c for c in replies if c.method == "sendDocument")
            assert document.files["document"].filename.startswith("kebutuhan-jf-")
            assert len(document.params.get("caption", "")) <= 1024
            assert replies[-1].buttons  # "Ada lagi yang bisa saya bantu?"

    await asyncio.wait_for(chat(), 30.0)


# Issue 9: forged or undecodable callback data (``v1|x|#²`` used to raise in the decoder
# before the press was answered, so the client kept spinning).
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


async def test_every_forged_button_is_answered_and_the_question_asked_again(
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

    seen = await asyncio.wait_for(chat(), 30.0)
    menu_text = "Menu utama — silakan pilih:"
    for data, replies, query_id in seen:
        answered = [c for c in fake_bot_api.calls_of("answerCallbackQuery")
                    if c.params.get("callback_query_id") == query_id]
        assert len(answered) == 1, data
        assert [c.text for c in replies][:1] == [engine_texts.STALE_BUTTON], data
        assert replies[-1].text == menu_text and replies[-1].buttons, data


async def test_a_volume_typed_with_a_lone_dot_is_asked_once_with_two_buttons(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            budi = bot.user(3010)
            await budi.say("formasi")
            await budi.press("Analis Perdagangan")
            await budi.press("Pengelolaan Ekspor dan Impor")
            await budi.press("Selesai memilih")
            replies = await budi.say("12.5")
            asked = replies[-1]
            assert asked.text is not None and "Maksud Anda 12,5 atau 125?" in asked.text
            assert [label for label, _ in asked.buttons] == ["12,5", "125"]
            replies = await budi.press("125")
            assert "dampak skala nasional" in (replies[-1].text or "")
            await budi.say("/kembali")  # the volume again
            replies = await budi.say("1.500")
            assert "Dicatat: 1.500." in texts(replies)

    await asyncio.wait_for(chat(), 30.0)


async def test_a_multiple_choice_edits_one_message_with_ticks_and_selesai(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    """Picks, an unpick, another page and "Selesai" on ONE message; typed picks send anew."""
    chat_id = 3011

    async def chat() -> None:
        async with polling_bot(fake_bot_api, service) as bot:
            sari = bot.user(chat_id)
            await sari.say("formasi")
            await sari.press("Analis Perdagangan")
            question = sari.last_keyboard()
            message_id = question.result["message_id"]
            sends = len(fake_bot_api.sent(chat_id))
            assert await sari.press("Pengelolaan Ekspor dan Impor") == []
            assert await sari.press("Penjaminan Mutu") == []
            shown = fake_bot_api.sent_message(chat_id, message_id)
            buttons = [t for t, _ in fake_bot_api.buttons_now(chat_id, message_id)]
            assert "✓ Pengelolaan Ekspor dan Impor" in buttons
            assert sum(t.startswith("✓ ") for t in buttons) == 2
            assert "Selesai memilih (2 dipilih)" in buttons
            assert "Sudah dipilih: " in shown["text"]
            assert await sari.press("✓ Pengelolaan Ekspor") == []  # unpicked
            buttons = [t for t, _ in fake_bot_api.buttons_now(chat_id, message_id)]
            assert "Pengelolaan Ekspor dan Impor" in buttons
            assert "Selesai memilih (1 dipilih)" in buttons
            assert await sari.press("Berikutnya") == []  # another page: the same message
            assert len(fake_bot_api.sent(chat_id)) == sends  # nothing sent anew so far
            edits = fake_bot_api.edits(chat_id)
            assert [e.method for e in edits[-4:]] == ["editMessageText"] * 4
            assert all(int(e.params["message_id"]) == message_id for e in edits[-4:])
            for label in (t for t, _ in fake_bot_api.buttons_now(chat_id, message_id)):
                assert len(label) <= 30, label
            typed = await sari.say("1")  # typed, not pressed: sent anew below the user's text
            assert typed and typed[-1].buttons
            replies = await sari.press("Selesai memilih")
            assert replies and "Berapa" in (replies[-1].text or "")

    await asyncio.wait_for(chat(), 30.0)
