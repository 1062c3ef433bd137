"""Both webhooks over real HTTP on loopback: the body cap and malformed bodies (issue 9).

- A body over ``WEBHOOK_MAX_BODY_BYTES`` gets 413 before it is read whole and before the
  signature (WhatsApp) is looked at: announced by ``Content-Length`` → answered from the
  headers; streamed chunked → answered once the cap is passed, while the client still sends.
- A validly signed (WhatsApp) or correctly authenticated (Telegram) body that is not an update
  gets 200 and one log line without its content, never 4xx/500 (both platforms retry those).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import SecretStr

from bot.settings import Settings
from bot.telegram_app import SECRET_HEADER, TelegramAdapter, build_application, webhook_app
from bot.whatsapp_app import WEBHOOK_PATH, WhatsAppConfig, create_app
from tests.adapters.test_whatsapp_webhook import ScriptedHandler
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.asgi_server import raw_post, serve
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    FakeBotAPI,
    fake_bot_api_fixture,
    message_update,
)
from tests.fakes.whatsapp_api import FakeGraphAPI

CAP = 64 * 1024
STREAMED = 64 * 1024 * 1024  # what an attacker would stream; the server must stop far earlier
MARKER = "RAHASIA-PESAN-PENGGUNA"  # content that must never reach a log line
TG_SECRET = "rahasia-webhook-123"
TG_PATH = "/tg/hook"


@pytest.fixture
def handler() -> ScriptedHandler:
    """The scripted conversation side (records every event it gets)."""
    return ScriptedHandler()


@pytest.fixture
def whatsapp(handler: ScriptedHandler) -> Iterator[tuple[int, FakeGraphAPI]]:
    """The WhatsApp app (body cap ``CAP``) served on loopback; (port, fake Graph API)."""
    with FakeGraphAPI(token=wp.ACCESS_TOKEN) as api:
        config = WhatsAppConfig(wp.PHONE_ID, wp.ACCESS_TOKEN, wp.APP_SECRET, wp.VERIFY_TOKEN,
                                api.base_url, max_body_bytes=CAP)
        with serve(create_app(config, handler)) as port:
            yield port, api


@pytest.fixture
def telegram(fake_bot_api: FakeBotAPI, handler: ScriptedHandler) -> Iterator[int]:
    """The Telegram webhook app (body cap ``CAP``) served on loopback; the port."""
    settings = Settings(telegram_bot_token=SecretStr(fake_bot_api.token),
                        telegram_api_base_url=fake_bot_api.base_url)
    adapter = TelegramAdapter(handler)
    app = webhook_app(build_application(settings, adapter), adapter, secret=TG_SECRET,
                      webhook_url=f"https://contoh.go.id{TG_PATH}", max_body_bytes=CAP)
    with serve(app) as port:
        yield port


def _signed(raw: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", "Content-Length": str(len(raw)),
            **wp.signed_headers(raw)}


def _tg(raw: bytes) -> dict[str, str]:
    return {"Content-Type": "application/json", "Content-Length": str(len(raw)),
            SECRET_HEADER: TG_SECRET}


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log lines at INFO or above carrying the body's text (DEBUG may show payloads)."""
    return [r.getMessage() for r in caplog.records
            if r.levelno >= logging.INFO and MARKER in r.getMessage()]


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def _change(value: Any) -> dict[str, Any]:
    return {"object": "whatsapp_business_account",
            "entry": [{"id": wp.WABA_ID, "changes": [{"field": "messages", "value": value}]}]}


# Validly signed bodies Meta never sends (each carries MARKER where it has text).
WHATSAPP_MALFORMED: dict[str, bytes] = {
    "no-entry": json.dumps({"object": "whatsapp_business_account", "note": MARKER}).encode(),
    "nested-arrays-unclosed": b"[" * (CAP // 2),
    "nested-arrays": _nested(30_000),
    "nested-inside-an-update": json.dumps(_change({"messages": 1})).encode().replace(
        b"1}", _nested(20_000) + b"}"),
    "entry-is-text": json.dumps({"entry": MARKER}).encode(),
    "entry-of-numbers": b'{"entry": [1, 2, 3]}',
    "changes-not-a-list": json.dumps({"entry": [{"id": "1", "changes": {"x": MARKER}}]}).encode(),
    "field-not-text": json.dumps({"entry": [{"id": "1", "changes": [
        {"field": 5, "value": [MARKER]}]}]}).encode(),
    "messages-not-a-list": json.dumps(_change({
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": wp.DISPLAY_PHONE_NUMBER,
                     "phone_number_id": wp.PHONE_ID},
        "messages": MARKER})).encode(),
    "a-message-without-fields": json.dumps(_change({
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": wp.DISPLAY_PHONE_NUMBER,
                     "phone_number_id": wp.PHONE_ID},
        "contacts": [{"wa_id": wp.WA_ID}],
        "messages": [{"text": {"body": MARKER}}]})).encode(),
    "invalid-json": b'{"entry": [' + MARKER.encode(),
    "non-utf8": b'{"entry": "\xff\xfe' + MARKER.encode() + b'"}',
    "top-level-list": json.dumps([MARKER]).encode(),
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(WHATSAPP_MALFORMED))
def test_whatsapp_malformed_signed_body_is_acknowledged_and_logged_without_content(
        whatsapp: tuple[int, FakeGraphAPI], handler: ScriptedHandler,
        caplog: pytest.LogCaptureFixture, name: str) -> None:
    """200 (Meta retries anything else for days), nothing processed, a log line, no text."""
    port, api = whatsapp
    raw = WHATSAPP_MALFORMED[name]
    assert len(raw) <= CAP
    with caplog.at_level(logging.DEBUG):
        status, _ = raw_post(port, WEBHOOK_PATH, _signed(raw), raw)
    assert status == 200
    assert handler.calls == [] and api.requests == []
    # Ours, or pywa's own ("Received unexpected update") for a shape only it can judge.
    warned = [r for r in caplog.records if r.name in ("bot.whatsapp", "pywa.server")
              and r.levelno >= logging.WARNING]
    assert warned, "one log line says the update was ignored"
    assert not _leaks(caplog)


def test_whatsapp_a_real_update_still_passes_the_cap(
        whatsapp: tuple[int, FakeGraphAPI], handler: ScriptedHandler) -> None:
    """The cap and the shape check leave Meta's own bodies alone."""
    port, api = whatsapp
    raw = wp.encode(wp.text_message("menu"))
    status, _ = raw_post(port, WEBHOOK_PATH, _signed(raw), raw)
    assert status == 200
    assert len(handler.calls) == 1 and len(api.messages()) == 1


@pytest.mark.parametrize("signed", [False, True])
def test_whatsapp_body_announced_over_the_cap_is_413_without_reading_it(
        whatsapp: tuple[int, FakeGraphAPI], handler: ScriptedHandler, signed: bool) -> None:
    """Content-Length of 200 MB, 1 kB sent: 413 at once (signed or not), nothing processed."""
    port, _ = whatsapp
    raw = b"x" * 1024
    headers = {"Content-Type": "application/json", "Content-Length": str(200 * 1024 * 1024)}
    if signed:
        headers.update(wp.signed_headers(raw))
    status, _ = raw_post(port, WEBHOOK_PATH, headers, raw, timeout=5.0)
    assert status == 413
    assert handler.calls == []


def test_whatsapp_streamed_body_over_the_cap_is_413_while_it_is_sent(
        whatsapp: tuple[int, FakeGraphAPI], handler: ScriptedHandler) -> None:
    """An unsigned chunked 64 MB body: 413 long before the client is done (not 401 after)."""
    port, _ = whatsapp
    status, sent = raw_post(port, WEBHOOK_PATH, {"Content-Type": "application/json"},
                            chunked_total=STREAMED)
    assert status == 413
    assert sent < STREAMED // 4, f"the server read {sent} bytes before refusing"
    assert handler.calls == []


def test_whatsapp_signed_body_one_byte_over_the_cap_is_413(
        whatsapp: tuple[int, FakeGraphAPI], handler: ScriptedHandler) -> None:
    """The cap is exact: CAP + 1 bytes (correctly signed) → 413."""
    port, _ = whatsapp
    body = wp.text_message("menu")
    raw = wp.encode(body)
    raw = raw[:-1] + b" " * (CAP + 1 - len(raw)) + raw[-1:]
    status, _ = raw_post(port, WEBHOOK_PATH, _signed(raw), raw)
    assert status == 413
    assert handler.calls == []


# -- Telegram ----------------------------------------------------------------------------------
TELEGRAM_MALFORMED: dict[str, bytes] = {
    "invalid-json": b'{"update_id": ' + MARKER.encode(),
    "non-utf8": b'{"update_id": 1, "x": "\xff' + MARKER.encode() + b'"}',
    "nested-arrays": _nested(30_000),
    "top-level-list": json.dumps([MARKER]).encode(),
    "update-id-text": json.dumps({"update_id": MARKER}).encode(),
    "message-is-text": json.dumps({"update_id": 5, "message": MARKER}).encode(),
    "message-without-chat": json.dumps({"update_id": 6, "message": {
        "message_id": 1, "date": 0, "text": MARKER}}).encode(),
    "empty": b"",
}


@pytest.mark.parametrize("name", sorted(TELEGRAM_MALFORMED))
def test_telegram_malformed_body_is_acknowledged_and_logged_without_content(
        telegram: int, fake_bot_api: FakeBotAPI, handler: ScriptedHandler,
        caplog: pytest.LogCaptureFixture, name: str) -> None:
    """With the right secret: 200 (Telegram would retry), nothing processed, no text logged."""
    raw = TELEGRAM_MALFORMED[name]
    with caplog.at_level(logging.DEBUG):
        status, _ = raw_post(telegram, TG_PATH, _tg(raw), raw)
    assert status == 200
    assert handler.calls == [] and fake_bot_api.sent() == []
    assert [r for r in caplog.records
            if r.name == "bot.telegram" and r.levelno == logging.WARNING]
    assert not _leaks(caplog)


def test_telegram_secret_is_checked_before_the_body_is_read(telegram: int) -> None:
    """No secret and a 200 MB Content-Length: 401 from the headers alone."""
    headers = {"Content-Type": "application/json", "Content-Length": str(200 * 1024 * 1024)}
    status, _ = raw_post(telegram, TG_PATH, headers, b"{", timeout=5.0)
    assert status == 401


def test_telegram_body_over_the_cap_is_413(telegram: int, handler: ScriptedHandler) -> None:
    """Right secret: announced 200 MB → 413 at once; streamed 64 MB → 413 while sending."""
    headers = {"Content-Type": "application/json", "Content-Length": str(200 * 1024 * 1024),
               SECRET_HEADER: TG_SECRET}
    assert raw_post(telegram, TG_PATH, headers, b"{", timeout=5.0)[0] == 413
    status, sent = raw_post(telegram, TG_PATH, {SECRET_HEADER: TG_SECRET},
                            chunked_total=STREAMED)
    assert status == 413 and sent < STREAMED // 4
    assert handler.calls == []


def test_telegram_a_real_update_still_passes(
        telegram: int, fake_bot_api: FakeBotAPI, handler: ScriptedHandler) -> None:
    """A real update under the cap is processed and answered before the 200."""
    raw = json.dumps(message_update(fake_bot_api.next_update_id(), 4242, "/menu")).encode()
    assert raw_post(telegram, TG_PATH, _tg(raw), raw)[0] == 200
    assert len(handler.calls) == 1 and len(fake_bot_api.sent(4242)) == 1
