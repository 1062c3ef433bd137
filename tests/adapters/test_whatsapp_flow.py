"""Whole WhatsApp conversations on the REAL ChatService, engine and database.

The user taps reply buttons and list rows exactly as WhatsApp delivers them (webhook bodies
signed with the app secret); the replies are read from what pywa sent to the fake Graph API.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa

from bot.service import ChatService
from bot.settings import Settings
from storage.models import ChatUser, ConversationState, ProcessedUpdate
from tests.adapters.whatsapp_chat import WhatsAppChat, tap, texts_of, titles_of, whatsapp_chat
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.clock import FakeClock
from tests.fakes.whatsapp_api import FakeGraphAPI

# Long walks run on SQLite only (the adapter does not care which database the service uses);
# the cases about recording (dedup, refused posts) run on both.
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
PROGRESS = re.compile(r"^Langkah (\d+) dari (\d+)\n")


@pytest.fixture
def service(db_url: str) -> Iterator[ChatService]:
    """The real ChatService on a fresh database (migrated by the service itself)."""
    svc = ChatService(Settings(database_url=db_url), clock=FakeClock())
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def api() -> Iterator[FakeGraphAPI]:
    """The fake Graph API on 127.0.0.1."""
    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as fake:
        yield fake


@pytest.fixture
def chat(service: ChatService, api: FakeGraphAPI) -> Iterator[WhatsAppChat]:
    """A WhatsApp user talking to the real service."""
    with whatsapp_chat(service, api) as driver:
        yield driver


def _count(service: ChatService, model: type[Any]) -> int:
    with service.sessions() as session:
        return int(session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one())


def _check_limits(sent: list[dict[str, Any]]) -> None:
    for message in sent:
        if message["type"] == "text":
            assert len(message["text"]["body"]) <= 4096
        elif message["type"] == "interactive":
            interactive = message["interactive"]
            assert len(interactive["body"]["text"]) <= 1024
            limit = 20 if interactive["type"] == "button" else 24
            assert all(len(t) <= limit for t in titles_of(message))


@SQLITE_ONLY
def test_nilai_ukom_walked_with_buttons_to_the_result(chat: WhatsAppChat) -> None:
    sent = chat.says("menu")
    assert "Nilai uji kompetensi" in "\n".join(texts_of(sent))
    sent = chat.picks("Nilai uji kompetensi")
    first = texts_of(sent)[-1]
    match = PROGRESS.match(first)
    assert match is not None and match[1] == "1", first
    total = int(match[2])
    answers = ["80", "8", "48", "24", "24", "32", "24", "80, 90, 70", "75"]
    for step, answer in enumerate(answers, start=2):
        sent = chat.says(answer)
        _check_limits(sent)
        assert texts_of(sent)[-1].startswith(f"Langkah {step} dari {total}\n"), texts_of(sent)
    # The optional date has a "Lewati" button; the result follows.
    sent = chat.presses("Lewati")
    _check_limits(sent)
    result = "\n".join(texts_of(sent))
    assert "Nilai akhir" in result and "77,50" in result and "Lulus" in result
    assert sent[-1]["type"] == "interactive"  # what next: buttons to start again / menu


@SQLITE_ONLY
def test_kebutuhan_jf_ends_with_the_xlsx_uploaded_and_sent_as_a_document(
    chat: WhatsAppChat, api: FakeGraphAPI
) -> None:
    chat.says("menu")
    chat.picks("Kebutuhan JF (formasi)")
    assert chat.last_sent[-1]["interactive"]["type"] == "list"  # six JF → a list message
    for label in ["Penera", "Keahlian", "Tera/Tera Ulang Kompleks (SKR 312,5)",
                  "Selesai memilih (1 dipilih)"]:
        _check_limits(chat.picks(label))
    chat.says("1000")
    chat.picks("Tidak")
    _check_limits(chat.picks("Lewati (semua 0)"))
    sent = chat.picks("Lewati (titik-titik)")  # the form details
    _check_limits(sent)
    (upload,) = api.uploads()
    assert upload.filename.endswith(".xlsx") and upload.phone_id == wp.PHONE_ID
    assert upload.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(upload.data))  # a real workbook arrived
    assert workbook.sheetnames
    (document,) = [m for m in sent if m["type"] == "document"]
    assert document["to"] == wp.WA_ID
    assert document["document"]["id"] == upload.media_id
    assert document["document"]["filename"] == upload.filename
    assert document["document"]["caption"]
    assert "Penera" in texts_of(sent)[0]  # the explanation comes before the file


@SQLITE_ONLY
def test_angka_kredit_ends_with_the_chart_uploaded_and_sent_as_an_image(
    chat: WhatsAppChat, api: FakeGraphAPI
) -> None:
    chat.says("menu")
    for label in ["Angka kredit", "Proyeksi kenaikan pangkat/jenjang", "Ahli Muda",
                  "III/c"]:
        _check_limits(chat.picks(label))
    chat.says("62,5")
    chat.says("1 Januari 2025")
    sent = chat.picks("Baik")
    (upload,) = api.uploads()
    assert upload.mime == "image/png" and upload.data.startswith(b"\x89PNG\r\n\x1a\n")
    (image,) = [m for m in sent if m["type"] == "image"]
    assert image["image"]["id"] == upload.media_id and image["image"]["caption"]
    assert "Proyeksi" in "\n".join(texts_of(sent))


@SQLITE_ONLY
def test_tanya_walked_with_reply_buttons(chat: WhatsAppChat) -> None:
    chat.says("menu")
    chat.picks("Tanya aturan & kode etik")
    sent = chat.says("penera boleh menerima hadiah?")
    assert sent[-1]["interactive"]["type"] == "button"  # three next steps → reply buttons
    assert titles_of(sent[-1]) == ["👍 Membantu", "👎 Tidak membantu", "Lihat lainnya"]
    sent = chat.presses("Lihat lainnya")
    _check_limits(sent)
    assert texts_of(sent)[0].startswith("Hasil lain (1 dari ")


def test_typed_commands_arrive_as_text(chat: WhatsAppChat) -> None:
    chat.says("menu")
    chat.picks("Nilai uji kompetensi")
    chat.says("80")
    back = texts_of(chat.says("kembali"))
    assert back[-1].startswith("Langkah 1 dari "), back
    cancelled = chat.says("batal")
    assert cancelled, "batal must be answered"
    assert not texts_of(chat.says("bantuan"))[-1].startswith("Langkah")


def test_a_stale_button_is_answered_and_the_question_asked_again(chat: WhatsAppChat) -> None:
    menu = chat.says("menu")[-1]["interactive"]
    chat.picks("Nilai uji kompetensi")
    sent = chat.post(tap(menu, "Nilai uji kompetensi"))  # the old menu, tapped again
    assert texts_of(sent)[-1].startswith("Langkah 1 dari "), texts_of(sent)


def test_a_redelivered_message_gets_one_reply_and_one_record(
    chat: WhatsAppChat, service: ChatService
) -> None:
    chat.says("menu")
    chat.picks("Nilai uji kompetensi")
    body = wp.text_message("80")
    first = chat.post(body)
    again = chat.post(body)
    assert texts_of(first)[-1].startswith("Langkah 2 dari ")
    assert again == []
    assert chat.last_response is not None and chat.last_response.status_code == 200
    key = body["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    with service.sessions() as session:
        rows = session.execute(sa.select(ProcessedUpdate)).scalars().all()
    assert [(r.update_key, r.status) for r in rows if r.update_key == key] == [(key, "done")]
    # The state advanced once: the next answer is taken for step 2, not step 3.
    assert texts_of(chat.says("8"))[-1].startswith("Langkah 3 dari ")


def test_refused_posts_record_nothing(chat: WhatsAppChat, service: ChatService) -> None:
    raw = wp.encode(wp.text_message("menu"))
    assert chat.post_raw(raw, {"Content-Type": "application/json"}).status_code == 401
    assert chat.post_raw(raw, wp.signed_headers(raw, "bukan-rahasia")).status_code == 403
    assert chat.post(wp.status_update("read")) == []
    assert chat.api.requests == []
    for model in (ChatUser, ProcessedUpdate, ConversationState):
        assert _count(service, model) == 0
