"""Webhook mode: Telegram POSTs updates to our FastAPI endpoint served by uvicorn on loopback;
the real PTB Application processes them and talks HTTP to the fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from bot.service import ChatService
from bot.settings import Settings
from bot.telegram_app import SECRET_HEADER, TelegramAdapter, build_application, webhook_app
from tests.adapters.test_telegram_transport import scripted_advance
from tests.fakes.telegram_api import (
    FakeBotAPI,
    fake_bot_api_fixture,  # noqa: F401 - provides the fake_bot_api fixture
    message_update,
)

SECRET = "rahasia-webhook-123"
WEBHOOK_URL = "https://asisten.contoh.go.id/tg/hook"


@pytest.fixture
def service(tmp_path: Path) -> Iterator[ChatService]:
    """The real ChatService on SQLite with the scripted engine."""
    svc = ChatService(Settings(database_url=f"sqlite:///{tmp_path}/bot.sqlite3"),
                      advance=scripted_advance, services=None)
    yield svc
    svc.close()


@asynccontextmanager
async def webhook_server(fake: FakeBotAPI, handler: Any) -> AsyncIterator[httpx.AsyncClient]:
    """uvicorn serving our webhook app on a random loopback port; yields a client for it."""
    settings = Settings(telegram_bot_token=SecretStr(fake.token),
                        telegram_api_base_url=fake.base_url)
    adapter = TelegramAdapter(handler)
    app = webhook_app(build_application(settings, adapter), adapter, secret=SECRET,
                      webhook_url=WEBHOOK_URL)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="on"))
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started:
            await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        await task


async def test_correct_secret_is_processed_before_the_200(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def scenario() -> None:
        async with webhook_server(fake_bot_api, service) as client:
            update = message_update(501, 2001, "/start")
            response = await client.post("/tg/hook", json=update,
                                         headers={SECRET_HEADER: SECRET})
            assert response.status_code == 200
            # Answered only after processing: the replies are already at the Bot API.
            assert [c.text for c in fake_bot_api.sent(2001)][0] == "Selamat datang."

    await asyncio.wait_for(scenario(), 30.0)
    webhook = fake_bot_api.calls_of("setWebhook")
    assert webhook and webhook[0].params["url"] == WEBHOOK_URL
    assert webhook[0].params["secret_token"] == SECRET
    assert fake_bot_api.calls_of("setMyCommands")


@pytest.mark.parametrize(("headers", "status"), [({}, 401), ({SECRET_HEADER: "salah"}, 403)])
async def test_missing_or_wrong_secret_is_refused_and_nothing_processed(
    fake_bot_api: FakeBotAPI, service: ChatService, headers: dict[str, str], status: int
) -> None:
    async def scenario() -> None:
        async with webhook_server(fake_bot_api, service) as client:
            response = await client.post("/tg/hook", json=message_update(502, 2002, "/start"),
                                         headers=headers)
            assert response.status_code == status
            assert fake_bot_api.sent() == []
            # The same update with the right secret is then processed: it was not recorded.
            ok = await client.post("/tg/hook", json=message_update(502, 2002, "/start"),
                                   headers={SECRET_HEADER: SECRET})
            assert ok.status_code == 200

    await asyncio.wait_for(scenario(), 30.0)
    assert [c.text for c in fake_bot_api.sent(2002)][0] == "Selamat datang."
    assert len(fake_bot_api.sent(2002)) == 2  # one reply: greeting and menu, once


async def test_a_redelivered_webhook_update_gets_no_second_reply(
    fake_bot_api: FakeBotAPI, service: ChatService
) -> None:
    async def scenario() -> None:
        async with webhook_server(fake_bot_api, service) as client:
            update = message_update(503, 2003, "/start")
            for _ in range(2):
                response = await client.post("/tg/hook", json=update,
                                             headers={SECRET_HEADER: SECRET})
                assert response.status_code == 200

    await asyncio.wait_for(scenario(), 30.0)
    assert [c.text for c in fake_bot_api.sent(2003)][0] == "Selamat datang."
    assert len(fake_bot_api.sent(2003)) == 2


async def test_a_malformed_body_is_acknowledged(
        fake_bot_api: FakeBotAPI, service: ChatService) -> None:
    async def scenario() -> None:
        async with webhook_server(fake_bot_api, service) as client:
            response = await client.post("/tg/hook", content=b"{not json",
                                         headers={SECRET_HEADER: SECRET})
            # 200, not 400: Telegram retries a refusal (more shapes: test_webhook_limits.py).
            assert response.status_code == 200

    await asyncio.wait_for(scenario(), 30.0)
    assert fake_bot_api.sent() == []
