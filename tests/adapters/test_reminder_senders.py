"""The reminder senders with the real clients: PTB's Bot and pywa against loopback fakes.

Exact outgoing payloads are checked from what the fakes received.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from telegram import Bot

from bot.dispatch import due_reminder
from bot.senders import Blocked, Permanent, RateLimited
from bot.senders.telegram import TelegramSender
from bot.senders.whatsapp import WhatsAppSender, make_client
from bot.telegram_render import CallbackCodec
from bot.whatsapp_render import decode_choice
from handlers.reminders.messages import reminder_prompts, whatsapp_template_text
from storage.reminder_claims import Claimed
from tests.fakes.clock import FakeClock
from tests.fakes.telegram_api import (  # noqa: F401 - fixture
    TOKEN,
    FakeBotAPI,
    fake_bot_api_fixture,
)
from tests.fakes.whatsapp_api import FakeGraphAPI

NOW = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
WA_TOKEN = "wa-test-token"


def _claimed(delivery_id: int = 41, channel: str = "telegram", external_id: str = "777",
             kind: str = "ukom_pendaftaran", seen: datetime = NOW) -> Claimed:
    return Claimed(
        delivery_id=delivery_id, reminder_id=1, user_id=1, kind=kind, title=None,
        occurrence="D-7", due_at=NOW, reminder_due_at=NOW + timedelta(days=7),
        timezone="Asia/Jakarta", attempts=1, late=False, channel=channel,
        external_id=external_id, user_active=True, source_key="ukom:1:daftar:2027-04-08",
        last_seen_at=seen, detail=None)


async def _no_wait(_: str) -> None:
    return None


async def _run(coro: Awaitable[Any]) -> Any:
    return await asyncio.wait_for(coro, 20)


async def _telegram(fake: FakeBotAPI, work: Callable[[TelegramSender], Awaitable[None]]) -> None:
    async with Bot(TOKEN, base_url=fake.base_url) as bot:
        await work(TelegramSender(bot, clock=FakeClock(NOW)))


async def test_telegram_reminder_has_self_contained_buttons(fake_bot_api: FakeBotAPI) -> None:
    """The message carries the reminder text and buttons a restarted bot can decode."""
    claimed = _claimed()
    due = due_reminder(claimed)
    prompts = reminder_prompts(due)

    async def work(sender: TelegramSender) -> None:
        await sender.send(claimed, due, prompts, _no_wait)

    await _run(_telegram(fake_bot_api, work))
    (call,) = fake_bot_api.sent(777)
    assert call.text == prompts[0].text  # type: ignore[union-attr]
    data = [d for _, d in call.buttons]
    assert data == ["v1|rem:41|selesai", "v1|rem:41|tunda_1h", "v1|rem:41|tunda_7h",
                    "v1|rem:41|henti"]
    fresh = CallbackCodec()  # a restarted process: empty overflow table
    assert [(p.step_token, p.token) for p in map(fresh.decode, data) if p] == [
        ("rem:41", "selesai"), ("rem:41", "tunda_1h"), ("rem:41", "tunda_7h"),
        ("rem:41", "henti")]


async def test_telegram_errors_map_to_outcomes(fake_bot_api: FakeBotAPI) -> None:
    """429 → RateLimited with retry_after; 403 → Blocked."""
    claimed = _claimed()
    due = due_reminder(claimed)
    prompts = reminder_prompts(due)
    fake_bot_api.fail_next("sendMessage", retry_after=7)

    async def work(sender: TelegramSender) -> None:
        with pytest.raises(RateLimited) as limited:
            await sender.send(claimed, due, prompts, _no_wait)
        assert limited.value.retry_after == 7
        fake_bot_api.block_chat(777)
        with pytest.raises(Blocked):
            await sender.send(claimed, due, prompts, _no_wait)

    await _run(_telegram(fake_bot_api, work))
    assert [c.status for c in fake_bot_api.calls_of("sendMessage")] == [429, 403]


def _wa(api: FakeGraphAPI, clock: FakeClock, template: str | None) -> WhatsAppSender:
    return WhatsAppSender(make_client("10001", WA_TOKEN, api.base_url), clock=clock,
                          template_name=template, template_language="id")


async def test_whatsapp_inside_the_window_sends_an_interactive_message() -> None:
    """Last message 2 hours ago: a free-form list message with the reminder's choices."""
    claimed = _claimed(channel="whatsapp", external_id="6281100", seen=NOW - timedelta(hours=2))
    due = due_reminder(claimed)
    prompts = reminder_prompts(due)
    with FakeGraphAPI(WA_TOKEN) as api:
        await _run(_wa(api, FakeClock(NOW), "pengingat_jf").send(claimed, due, prompts, _no_wait))
        (body,) = api.messages()
    assert body["to"] == "6281100" and body["type"] == "interactive"
    interactive = body["interactive"]
    assert interactive["body"]["text"].startswith(prompts[0].text[:40])  # type: ignore[union-attr]
    rows = interactive["action"]["sections"][0]["rows"]
    events = [decode_choice(row["id"]) for row in rows]
    assert [(e.step_token, e.token) for e in events] == [
        ("rem:41", "selesai"), ("rem:41", "tunda_1h"), ("rem:41", "tunda_7h"),
        ("rem:41", "henti")]


async def test_whatsapp_outside_the_window_sends_the_template() -> None:
    """Last message 30 hours ago: the configured template, text parameter, quick replies."""
    claimed = _claimed(channel="whatsapp", external_id="6281100", seen=NOW - timedelta(hours=30))
    due = due_reminder(claimed)
    prompts = reminder_prompts(due)
    with FakeGraphAPI(WA_TOKEN) as api:
        await _run(_wa(api, FakeClock(NOW), "pengingat_jf").send(claimed, due, prompts, _no_wait))
        (body,) = api.templates()
    template = body["template"]
    assert (body["to"], template["name"], template["language"]) == (
        "6281100", "pengingat_jf", {"code": "id"})
    components = template["components"]
    assert components[0]["type"].lower() == "body"  # pywa sends "BODY"
    assert components[0]["parameters"] == [{"type": "text", "text": whatsapp_template_text(due)}]
    buttons = [(c["sub_type"].lower(), c["index"], c["parameters"][0]["payload"])
               for c in components[1:]]
    assert buttons == [("quick_reply", i, f"s6:rem:41{token}") for i, token in
                       enumerate(["selesai", "tunda_1h", "tunda_7h", "henti"])]


@pytest.mark.parametrize("kind", ["predikat_tahunan", "siaran"])
async def test_whatsapp_template_buttons_are_the_same_four_for_every_kind(kind: str) -> None:
    """An approved template has fixed buttons: the January prompt (5 choices in a free-form
    message) and a broadcast (none) still send exactly the four standard quick replies."""
    claimed = _claimed(channel="whatsapp", external_id="6281100", kind=kind,
                       seen=NOW - timedelta(hours=30))
    due = due_reminder(claimed)
    with FakeGraphAPI(WA_TOKEN) as api:
        sender = _wa(api, FakeClock(NOW), "pengingat_jf")
        await _run(sender.send(claimed, due, reminder_prompts(due), _no_wait))
        (body,) = api.templates()
    buttons = [c["parameters"][0]["payload"] for c in body["template"]["components"][1:]]
    assert buttons == [f"s6:rem:41{token}" for token in
                       ["selesai", "tunda_1h", "tunda_7h", "henti"]]


async def test_whatsapp_outside_the_window_without_template_fails_permanently() -> None:
    """No template configured: ``whatsapp_no_template``, nothing sent."""
    claimed = _claimed(channel="whatsapp", external_id="6281100", seen=NOW - timedelta(days=3))
    due = due_reminder(claimed)
    with FakeGraphAPI(WA_TOKEN) as api:
        with pytest.raises(Permanent) as failed:
            sender = _wa(api, FakeClock(NOW), None)
            await _run(sender.send(claimed, due, reminder_prompts(due), _no_wait))
        assert api.requests == []
    assert failed.value.code == "whatsapp_no_template"


@pytest.mark.parametrize(("code", "outcome"), [(131047, Blocked), (130429, RateLimited),
                                               (132001, Permanent)])
async def test_whatsapp_errors_map_to_outcomes(code: int, outcome: type[Exception]) -> None:
    """Re-engagement impossible → blocked; throughput → paused; template missing → permanent."""
    claimed = _claimed(channel="whatsapp", external_id="6281100", seen=NOW - timedelta(hours=30))
    due = due_reminder(claimed)
    with FakeGraphAPI(WA_TOKEN) as api:
        api.fail_next(1, status=400, code=code)
        with pytest.raises(outcome):
            await _run(_wa(api, FakeClock(NOW), "pengingat_jf").send(
                claimed, due, reminder_prompts(due), _no_wait))
