"""WhatsApp webhook: handshake, signatures, events, dedup and the exact payloads pywa sends.

These tests drive the real FastAPI app and the real pywa client; the conversation side is a
small scripted ChatHandler so that each rendering rule can be pinned exactly. The whole
conversation on the real ChatService and engine is in ``test_whatsapp_flow.py``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from bot.whatsapp_app import GRAPH_API_VERSION, REPLY_ATTEMPTS
from bot.whatsapp_render import is_transient
from handlers.events import ChoiceIn, Event, NotText, TextIn
from handlers.prompts import Document, Image, Message, Option, Prompt, Question
from tests.adapters.whatsapp_chat import WhatsAppChat, texts_of, titles_of, whatsapp_chat
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.whatsapp_api import FakeGraphAPI


@dataclass
class ScriptedHandler:
    """A ChatHandler answering every event with ``reply``; dedups update keys like the real one."""

    reply: list[Prompt] = field(default_factory=lambda: [Message("Halo.")])
    calls: list[tuple[str, str, str | None, Event]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    fail: bool = False

    async def handle(
        self, channel: str, external_id: str, update_key: str | None, event: Event
    ) -> list[Prompt] | None:
        """Record the call; None for a key seen before."""
        if self.fail:
            raise RuntimeError("database unavailable")
        self.calls.append((channel, external_id, update_key, event))
        if update_key is not None:
            if update_key in self.seen:
                return None
            self.seen.add(update_key)
        return list(self.reply)


@pytest.fixture
def api() -> Iterator[FakeGraphAPI]:
    """The fake Graph API on 127.0.0.1."""
    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as fake:
        yield fake


@pytest.fixture
def handler() -> ScriptedHandler:
    """The scripted conversation side."""
    return ScriptedHandler()


@pytest.fixture
def chat(handler: ScriptedHandler, api: FakeGraphAPI) -> Iterator[WhatsAppChat]:
    """The app wired to ``handler`` and ``api``."""
    with whatsapp_chat(handler, api) as driver:
        yield driver


def _question(n: int, **kw: str) -> Question:
    labels = [
        "Analis Perdagangan", "Pengawas Perdagangan", "Negosiator Perdagangan", "Penera",
        "Pengamat Tera", "Penguji Mutu Barang", "Jenjang Ahli Pertama", "Jenjang Ahli Muda",
        "Jenjang Ahli Madya", "Jenjang Ahli Utama", "Terampil", "Mahir",
    ]
    options = tuple(Option(f"o{i}", labels[i]) for i in range(n))
    return Question("Pilih jabatan fungsional Anda.", "st01", options, **kw)


# -- the verification handshake -------------------------------------------------------------
def test_handshake_with_the_right_verify_token_echoes_the_challenge(chat: WhatsAppChat) -> None:
    r = chat.get({"hub.mode": "subscribe", "hub.verify_token": wp.VERIFY_TOKEN,
                  "hub.challenge": "1158201444"})
    assert (r.status_code, r.text) == (200, "1158201444")
    assert r.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize("params", [
    {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "1158201444"},
    {"hub.mode": "unsubscribe", "hub.verify_token": wp.VERIFY_TOKEN, "hub.challenge": "1"},
    {"hub.mode": "subscribe", "hub.challenge": "1158201444"},
    {},
], ids=["wrong-token", "wrong-mode", "no-token", "nothing"])
def test_handshake_is_refused_otherwise(chat: WhatsAppChat, params: dict[str, str]) -> None:
    r = chat.get(params)
    assert r.status_code == 403
    assert "1158201444" not in r.text


# -- signatures ---------------------------------------------------------------------------------
def test_unsigned_post_is_refused_and_nothing_processed(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    raw = wp.encode(wp.text_message("menu"))
    r = chat.post_raw(raw, {"Content-Type": "application/json"})
    assert r.status_code == 401
    assert handler.calls == [] and api.requests == []


@pytest.mark.parametrize("how", ["other-secret", "tampered-body", "garbage"])
def test_wrongly_signed_post_is_refused_and_nothing_processed(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI, how: str
) -> None:
    raw = wp.encode(wp.text_message("menu"))
    if how == "other-secret":
        headers = wp.signed_headers(raw, "not-the-app-secret")
    elif how == "tampered-body":
        headers = wp.signed_headers(raw)
        raw = raw.replace(b'"menu"', b'"batal"')
    else:
        headers = {"X-Hub-Signature-256": "sha256=deadbeef"}
    r = chat.post_raw(raw, headers)
    assert r.status_code == 403
    assert handler.calls == [] and api.requests == []


def test_a_signed_body_that_is_not_json_is_acknowledged(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    # 200, not 400: Meta retries a refusal for days (more shapes: test_webhook_limits.py).
    raw = b"this is not json"
    assert chat.post_raw(raw, wp.signed_headers(raw)).status_code == 200
    assert handler.calls == [] and api.requests == []


# -- incoming events -------------------------------------------------------------------------
def test_text_message_becomes_textin_and_a_message_is_sent_as_text(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    message_id = wp.new_message_id()
    sent = chat.says("menu", message_id=message_id)
    assert chat.last_response is not None and chat.last_response.status_code == 200
    assert handler.calls == [("whatsapp", wp.WA_ID, message_id, TextIn("menu"))]
    assert sent == [{
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wp.WA_ID,
        "type": "text",
        "text": {"body": "Halo.", "preview_url": False},
    }]


def test_button_and_list_replies_become_choices_with_their_step_token(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    chat.post(wp.sample("button_reply"))  # id "s2:q1ya" as in the stored sample
    chat.post(wp.sample("list_reply"))  # id "s2:q2penera"
    assert [c[3] for c in handler.calls] == [
        ChoiceIn(token="ya", step_token="q1"), ChoiceIn(token="penera", step_token="q2"),
    ]
    assert [c[2] for c in handler.calls] == [
        wp.sample("button_reply")["entry"][0]["changes"][0]["value"]["messages"][0]["id"],
        wp.sample("list_reply")["entry"][0]["changes"][0]["value"]["messages"][0]["id"],
    ]


def test_a_template_quick_reply_becomes_a_choice(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    body = wp.text_message("x")
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message.update(type="button", button={"payload": "s3:rem_menu", "text": "Buka menu"})
    chat.post(body)
    assert [c[3] for c in handler.calls] == [ChoiceIn(token="_menu", step_token="rem")]


def test_a_redelivered_message_id_gets_no_second_reply(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    body = wp.text_message("menu")
    first = chat.post(body)
    second = chat.post(body)
    assert chat.last_response is not None and chat.last_response.status_code == 200
    assert len(first) == 1 and second == []
    assert len(handler.calls) == 2  # the handler decided: the adapter passed the same key


def test_replies_to_two_quick_messages_are_not_interleaved(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    handler.reply = [Message("pertama"), Message("kedua"), Message("ketiga")]
    statuses = chat.post_together([wp.text_message("a"), wp.text_message("b")])
    assert statuses == [200, 200]
    assert texts_of(chat.api.messages()) == ["pertama", "kedua", "ketiga"] * 2


@pytest.mark.parametrize("status", ["sent", "delivered", "read"])
def test_status_updates_are_acknowledged_and_ignored(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI, status: str
) -> None:
    assert chat.post(wp.status_update(status)) == []
    assert chat.last_response is not None and chat.last_response.status_code == 200
    assert handler.calls == [] and api.requests == []


def test_an_update_for_another_phone_number_is_ignored(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    body = wp.text_message("menu")
    body["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "999999999999"
    assert chat.post(body) == []
    assert chat.last_response is not None and chat.last_response.status_code == 200
    assert handler.calls == [] and api.requests == []


def test_a_photo_is_recorded_and_handed_on_once(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    """A photo reaches the runtime as NotText (the engine answers it); a redelivery of the
    same webhook gets no second reply."""
    body = wp.image_message()
    sent = chat.post(body)
    assert texts_of(sent) == ["Halo."]
    assert [type(call[3]) for call in handler.calls] == [NotText]
    assert chat.post(body) == []


def test_a_reaction_gets_no_answer(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    body = wp.text_message("x")
    message = body["entry"][0]["changes"][0]["value"]["messages"][0]
    del message["text"]
    message.update(type="reaction", reaction={"message_id": "wamid.OUT1", "emoji": "\U0001f44d"})
    assert chat.post(body) == []
    assert handler.calls == [] and api.requests == []


def test_handler_failure_answers_500_so_meta_redelivers(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    handler.fail = True
    with caplog.at_level(logging.ERROR):
        assert chat.says("menu") == []
    assert chat.last_response is not None and chat.last_response.status_code == 500
    assert "Traceback" not in chat.last_response.text and api.requests == []
    handler.fail = False
    assert texts_of(chat.says("menu")) == ["Halo."]  # the next delivery works


@pytest.fixture
def waits() -> list[float]:
    """The back-off pauses the app asked for (recorded, not slept)."""
    return []


@pytest.fixture
def quick_chat(handler: ScriptedHandler, api: FakeGraphAPI,
               waits: list[float]) -> Iterator[WhatsAppChat]:
    """``chat`` whose retry back-off is recorded in ``waits`` instead of slept."""
    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    with whatsapp_chat(handler, api, sleep=no_wait) as driver:
        yield driver


def test_a_reset_connection_sends_the_reply_again(
    quick_chat: WhatsAppChat, api: FakeGraphAPI, waits: list[float]
) -> None:
    # The update is recorded before the reply goes out, so a redelivery would get nothing:
    # the reply must survive a dropped connection (the scale test met these under load).
    api.hang_up_next(1)
    assert texts_of(quick_chat.says("menu")) == ["Halo."]
    assert quick_chat.last_response is not None and quick_chat.last_response.status_code == 200
    assert [r.status for r in api.requests] == [0, 200] and waits == [0.5]


def test_meta_s_temporary_error_sends_the_reply_again(
    quick_chat: WhatsAppChat, api: FakeGraphAPI, waits: list[float]
) -> None:
    api.fail_next(2, status=500, code=131000)
    assert texts_of(quick_chat.says("menu")) == ["Halo."]
    assert [r.status for r in api.requests] == [500, 500, 200] and waits == [0.5, 1.0]


def test_only_the_failed_message_of_a_reply_is_sent_again(
    quick_chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    handler.reply = [Message("Satu."), Message("Dua.")]
    api.hang_up_next(1, after=1)  # the first message goes out; the second's connection drops
    assert texts_of(quick_chat.says("menu")) == ["Satu.", "Dua."]
    assert [r.status for r in api.requests] == [200, 0, 200]


def test_a_failing_send_still_acknowledges_the_recorded_update(
    quick_chat: WhatsAppChat, api: FakeGraphAPI, waits: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    api.fail_next(REPLY_ATTEMPTS)
    with caplog.at_level(logging.WARNING):
        assert quick_chat.says("menu") == []
    assert quick_chat.last_response is not None and quick_chat.last_response.status_code == 200
    assert [r.status for r in api.requests] == [500] * REPLY_ATTEMPTS
    assert waits == [0.5, 1.0, 1.5] and "sending again" in caplog.text


def test_a_gateway_error_is_sent_again_but_not_a_read_timeout(
    quick_chat: WhatsAppChat, api: FakeGraphAPI, waits: list[float]
) -> None:
    api.fail_next(1, status=503, code=503)  # what pywa reports for a 503 without a Graph body
    assert texts_of(quick_chat.says("menu")) == ["Halo."]
    assert [r.status for r in api.requests] == [503, 200]
    # After 30 s without an answer Meta has most likely taken the message: not sent twice.
    request = httpx.Request("POST", "https://graph.example.test/messages")
    assert not is_transient(httpx.ReadTimeout("timed out", request=request))
    assert is_transient(httpx.ReadError("reset", request=request))
    assert is_transient(httpx.ConnectError("refused", request=request))


def test_a_refusal_is_not_sent_again(
    quick_chat: WhatsAppChat, api: FakeGraphAPI, waits: list[float]
) -> None:
    api.fail_next(1, status=400, code=131026)  # undeliverable: an answer, not a hiccup
    assert quick_chat.says("menu") == []
    assert [r.status for r in api.requests] == [400] and waits == []


def test_no_message_text_is_logged_at_info(
    chat: WhatsAppChat, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        chat.says("rahasia pribadi saya 12345")
    assert "rahasia" not in caplog.text and "Halo." not in caplog.text


# -- rendering: exact payloads ---------------------------------------------------------------
def test_three_options_become_reply_buttons(chat: WhatsAppChat, handler: ScriptedHandler) -> None:
    handler.reply = [Question(
        "Apakah Anda sudah diangkat dalam jabatan fungsional?", "ab12cd34",
        (Option("ya", "Ya"), Option("tidak", "Tidak"),
         Option("ragu", "Saya belum yakin, perlu dicek dulu", short="Belum yakin")),
        progress="Langkah 1 dari 9", hint="Pilih salah satu tombol.",
    )]
    sent = chat.says("mulai")
    assert sent == [{
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wp.WA_ID,
        "type": "interactive",
        "interactive": {
            "type": "button",
            "action": {"buttons": [
                {"type": "reply", "reply": {"id": "s8:ab12cd34ya", "title": "Ya"}},
                {"type": "reply", "reply": {"id": "s8:ab12cd34tidak", "title": "Tidak"}},
                {"type": "reply", "reply": {"id": "s8:ab12cd34ragu", "title": "Belum yakin"}},
            ]},
            "body": {"text": (
                "Langkah 1 dari 9\n\n"
                "Apakah Anda sudah diangkat dalam jabatan fungsional?\n\n"
                "1. Ya\n2. Tidak\n3. Saya belum yakin, perlu dicek dulu\n\n"
                "Pilih salah satu tombol."
            )},
        },
    }]


def test_buttons_without_cut_titles_do_not_repeat_the_options(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    handler.reply = [Question("Lanjutkan?", "q9", (Option("ya", "Ya"), Option("tidak", "Tidak")))]
    (sent,) = chat.says("x")
    assert sent["interactive"]["body"] == {"text": "Lanjutkan?"}


def test_long_labels_are_cut_to_twenty_characters_on_buttons(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    handler.reply = [_question(3)]
    (sent,) = chat.says("x")
    titles = titles_of(sent)
    assert titles == ["Analis Perdagangan", "Pengawas Perdagangan", "Negosiator…"]
    assert all(len(t) <= 20 for t in titles)
    assert "3. Negosiator Perdagangan" in sent["interactive"]["body"]["text"]


def test_four_to_ten_options_become_a_list_message(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    handler.reply = [_question(6, progress="Langkah 2 dari 9")]
    (sent,) = chat.says("x")
    interactive = sent["interactive"]
    assert interactive["type"] == "list"
    assert interactive["action"]["button"] == "Lihat pilihan"
    assert interactive["action"]["sections"] == [{
        "title": "Pilihan",
        "rows": [
            {"id": "s4:st01o0", "title": "Analis Perdagangan"},
            {"id": "s4:st01o1", "title": "Pengawas Perdagangan"},
            {"id": "s4:st01o2", "title": "Negosiator Perdagangan"},
            {"id": "s4:st01o3", "title": "Penera"},
            {"id": "s4:st01o4", "title": "Pengamat Tera"},
            {"id": "s4:st01o5", "title": "Penguji Mutu Barang"},
        ],
    }]
    assert interactive["body"]["text"] == (
        "Langkah 2 dari 9\n\nPilih jabatan fungsional Anda.\n\n"
        "1. Analis Perdagangan\n2. Pengawas Perdagangan\n3. Negosiator Perdagangan\n"
        "4. Penera\n5. Pengamat Tera\n6. Penguji Mutu Barang"
    )


def test_list_rows_respect_title_and_description_limits(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    long = "Pengembangan standar kemetrologian legal dan pengawasan alat ukur di daerah"
    options = tuple(Option(f"k{i}", f"{long} nomor {i}", description=long * 2) for i in range(5))
    handler.reply = [Question("Pilih kegiatan.", "k1", options)]
    (sent,) = chat.says("x")
    rows = sent["interactive"]["action"]["sections"][0]["rows"]
    assert len(rows) == 5
    assert all(len(r["title"]) <= 24 and len(r["description"]) <= 72 for r in rows)
    assert len({r["title"] for r in rows}) == 5  # cut titles were numbered to stay distinct
    assert len(sent["interactive"]["action"]["button"]) <= 20


def test_more_than_ten_options_become_a_numbered_text_list(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    handler.reply = [_question(12, hint="Balas dengan angka.")]
    (sent,) = chat.says("x")
    assert sent["type"] == "text"
    body = sent["text"]["body"]
    assert "1. Analis Perdagangan" in body and "12. Mahir" in body
    assert body.endswith("Balas dengan angka.\n\nKetik nomor pilihan Anda, contoh: 1.")


def test_long_texts_are_split_at_4096(chat: WhatsAppChat, handler: ScriptedHandler) -> None:
    paragraph = "Pasal ini mengatur angka kredit kumulatif jabatan fungsional. " * 20
    handler.reply = [Message("\n\n".join([paragraph.strip()] * 8))]
    sent = chat.says("x")
    bodies = texts_of(sent)
    assert len(bodies) == 3 and all(len(b) <= 4096 for b in bodies)
    assert all(m["type"] == "text" for m in sent)


def test_a_long_question_keeps_its_interactive_body_within_1024(
    chat: WhatsAppChat, handler: ScriptedHandler
) -> None:
    text = "Bacalah ketentuan berikut dengan saksama. " * 40  # ~1700 characters
    handler.reply = [Question(text.strip(), "lq", (Option("ya", "Ya"), Option("tidak", "Tidak")),
                              hint="Tekan Ya bila setuju.")]
    sent = chat.says("x")
    assert [m["type"] for m in sent] == ["text", "interactive"]
    assert len(sent[1]["interactive"]["body"]["text"]) <= 1024
    assert sent[1]["interactive"]["body"]["text"].endswith("Tekan Ya bila setuju.")


def test_a_document_is_uploaded_then_sent_with_filename_and_caption(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    data = b"PK\x03\x04 not really a workbook"
    handler.reply = [Document("formulir_klasifikasi.xlsx", data, caption="Formulir terisi.")]
    sent = chat.says("x")
    (upload,) = api.uploads()
    assert (upload.phone_id, upload.filename, upload.data) == (
        wp.PHONE_ID, "formulir_klasifikasi.xlsx", data)
    assert upload.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert sent == [{
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wp.WA_ID,
        "type": "document",
        "document": {"id": upload.media_id, "caption": "Formulir terisi.",
                     "filename": "formulir_klasifikasi.xlsx"},
    }]


def test_an_image_is_uploaded_then_sent_with_caption(
    chat: WhatsAppChat, handler: ScriptedHandler, api: FakeGraphAPI
) -> None:
    png = b"\x89PNG\r\n\x1a\n fake chart"
    handler.reply = [Image("proyeksi_angka_kredit.png", png, caption="Proyeksi angka kredit.")]
    (sent,) = chat.says("x")
    (upload,) = api.uploads()
    assert (upload.mime, upload.data) == ("image/png", png)
    assert sent["type"] == "image"
    assert sent["image"] == {"id": upload.media_id, "caption": "Proyeksi angka kredit."}


def test_every_request_carries_the_access_token(chat: WhatsAppChat, api: FakeGraphAPI) -> None:
    chat.says("x")
    assert [r.authorization for r in api.requests] == [f"Bearer {wp.ACCESS_TOKEN}"]
    assert api.requests[0].path == f"/v{GRAPH_API_VERSION}/{wp.PHONE_ID}/messages"
