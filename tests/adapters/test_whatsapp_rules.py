"""WhatsApp's rules for reminders, end to end: signed webhooks into the real app (real
ChatService, SQLite and PostgreSQL), reminders through the real Dispatcher + WhatsAppSender
(pywa) to the fake Graph API on loopback, all on one FakeClock (docs/whatsapp.md, "Rules")."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from bot.dispatch import Dispatcher, DispatchReport
from bot.senders.whatsapp import WhatsAppSender, make_client
from bot.service import ChatService
from bot.whatsapp_rules import STOP_CONFIRMATION, WhatsAppRules
from storage import delivery_status, reminder_actions, reminder_plans, whatsapp_consent
from storage.db import session_scope
from storage.models import Delivery
from tests.adapters.whatsapp_chat import WhatsAppChat, whatsapp_chat
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.clock import FakeClock
from tests.fakes.services import chat_service
from tests.fakes.whatsapp_api import FakeGraphAPI

TEMPLATE = "pengingat_jf"
T0 = datetime(2027, 3, 1, 2, 0, tzinfo=UTC)


@dataclass
class World:
    """The app, the fake Graph API, the clock and a way to run the dispatcher."""

    service: ChatService
    api: FakeGraphAPI
    chat: WhatsAppChat
    clock: FakeClock
    tier: int | None = None

    def dispatch(self) -> DispatchReport:
        """One ``run_once`` of the real dispatcher with the real pywa sender."""
        async def virtual_sleep(seconds: float) -> None:  # the pacer waits on the FakeClock
            self.clock.advance(timedelta(seconds=seconds))
            await asyncio.sleep(0)

        async def run() -> DispatchReport:
            async with httpx.AsyncClient(timeout=httpx.Timeout(20.0)) as http:
                wa = make_client(wp.PHONE_ID, wp.ACCESS_TOKEN, self.api.base_url, http=http)
                rules = WhatsAppRules(self.service.sessions, tier=self.tier, inline=True)
                sender = WhatsAppSender(wa, clock=self.clock, template_name=TEMPLATE, rate=1e6,
                                        rules=rules, sleep=virtual_sleep)
                return await Dispatcher(self.service.sessions, [sender], clock=self.clock,
                                        sleep=virtual_sleep, worker_id="t:wa",
                                        inline_db=True).run_once()

        # The world's chat is synchronous (its own loop per message), so the dispatch is too.
        return asyncio.run(run())

    def says(self, text: str, wa_id: str = wp.WA_ID) -> list[dict[str, Any]]:
        """``wa_id`` types ``text``; the messages sent to them meanwhile."""
        return self.chat.post(wp.as_user(wp.text_message(text), wa_id))

    def user_id(self, wa_id: str = wp.WA_ID) -> int:
        """The chat_user id of ``wa_id``."""
        with session_scope(self.service.sessions) as s:
            found = whatsapp_consent.user_id_of(s, "whatsapp", wa_id)
        assert found is not None
        return found

    def reminder(self, wa_id: str, key: str, due: datetime, kind: str = "pribadi") -> int:
        """One reminder with one delivery due at ``due``; its delivery id."""
        uid = self.user_id(wa_id)
        with session_scope(self.service.sessions) as s:
            rem = reminder_plans.save_reminder(s, uid, kind, key, due, offsets=[0],
                                               title="kirim berkas" if kind == "pribadi" else None)
            reminder_plans.materialise(s, rem)
            assert rem.id is not None
            return int(s.connection().execute(sa.select(Delivery.id).where(  # type: ignore
                Delivery.reminder_id == rem.id)).scalar_one())

    def delivery(self, delivery_id: int) -> Any:
        """The delivery's row."""
        with session_scope(self.service.sessions) as s:
            return s.connection().execute(sa.select(Delivery.__table__).where(  # type: ignore
                Delivery.id == delivery_id)).one()

    def opt_in(self, wa_id: str = wp.WA_ID) -> None:
        """The user types IZINKAN (opt-in for every kind)."""
        sent = self.says("IZINKAN", wa_id)
        assert "Terima kasih" in sent[-1]["text"]["body"]


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    with chat_service(db_url) as service, FakeGraphAPI(token=wp.ACCESS_TOKEN) as api:
        clock: FakeClock = service.test_clock  # type: ignore[attr-defined]
        clock.set(T0)
        with whatsapp_chat(service, api, clock=clock) as chat:
            yield World(service, api, chat, clock)


def _sent_to(api: FakeGraphAPI, wa_id: str, since: int = 0) -> list[dict[str, Any]]:
    return [m for m in api.messages()[since:] if m.get("to") == wa_id]


def test_no_template_before_opt_in_and_the_opt_in_is_asked_and_stored(world: World) -> None:
    world.says("menu")
    first = world.reminder(wp.WA_ID, "a", T0 + timedelta(days=3))
    world.clock.set(T0 + timedelta(days=3))
    before = len(world.api.messages())
    report = world.dispatch()
    assert world.api.messages()[before:] == [] and report.sent == 0  # outside window, no opt-in
    row = world.delivery(first)
    assert (row.status, row.last_error) == ("pending", "whatsapp_wait_window")
    # Asked in the conversation once the user has reminders: a question with three buttons.
    sent = world.says("halo")
    question = sent[-1]
    assert question["type"] == "interactive" and "STOP" in question["interactive"]["body"]["text"]
    assert "Bolehkah" in question["interactive"]["body"]["text"]
    assert "Bolehkah" not in str(world.says("halo"))  # asked once only
    # The user's message opened the window: the waiting reminder goes out free-form now.
    before = len(world.api.messages())
    assert world.dispatch().sent == 1
    (reminder_msg,) = _sent_to(world.api, wp.WA_ID, before)
    assert reminder_msg["type"] == "interactive"
    # The answer is stored (when, which kinds): "Ya, semua".
    world.chat.post(wp.button_reply("optin:all", "Ya, semua"))
    with session_scope(world.service.sessions) as s:
        consent = whatsapp_consent.get(s, world.user_id())
    assert consent is not None and consent.status == "in" and "siaran" in consent.kinds
    assert consent.opted_in_at == world.clock()
    # Now, outside the window, a template.
    world.reminder(wp.WA_ID, "b", world.clock() + timedelta(days=2))
    world.clock.advance(timedelta(days=2))
    assert world.dispatch().sent == 1
    assert world.api.templates()[-1]["template"]["name"] == TEMPLATE
    # /hapus_data erases the consent too.
    uid = world.user_id()
    world.says("/hapus_data")
    world.chat.presses("Ya, hapus")
    with session_scope(world.service.sessions) as s:
        assert whatsapp_consent.get(s, uid) is None
        assert delivery_status.template_recipients(s, world.clock()) == 0


def test_stop_stops_every_kind_and_is_confirmed(world: World) -> None:
    world.says("menu")
    world.opt_in()
    ids = [world.reminder(wp.WA_ID, "p", T0 + timedelta(days=2)),
           world.reminder(wp.WA_ID, "rk", T0 + timedelta(days=3), kind="rekomendasi"),
           world.reminder(wp.WA_ID, "s", T0 + timedelta(days=4), kind="siaran")]
    for word in ("Stop!",):
        sent = world.chat.post(wp.text_message(word, message_id="wamid.STOP1"))
        assert [m["text"]["body"] for m in sent] == [STOP_CONFIRMATION]
    assert STOP_CONFIRMATION.count(".") == 1 and "IZINKAN" in STOP_CONFIRMATION
    assert world.chat.post(wp.text_message("Stop!", message_id="wamid.STOP1")) == []  # redelivery
    assert {world.delivery(i).status for i in ids} == {"cancelled"}
    world.clock.set(T0 + timedelta(days=5))
    before = len(world.api.messages())
    world.dispatch()
    assert world.api.messages()[before:] == []
    for word in ("berhenti", "BERHENTI.", "stop"):
        assert world.says(word)[-1]["text"]["body"] == STOP_CONFIRMATION


def test_window_is_checked_at_the_moment_of_sending(world: World) -> None:
    world.says("menu")
    world.opt_in()  # last inbound message at T0
    inside = world.reminder(wp.WA_ID, "in", T0 + timedelta(hours=23))
    outside = world.reminder(wp.WA_ID, "out", T0 + timedelta(hours=25))
    world.clock.set(T0 + timedelta(hours=23))
    before = len(world.api.messages())
    world.dispatch()
    assert [m["type"] for m in world.api.messages()[before:]] == ["interactive"]
    world.clock.set(T0 + timedelta(hours=25))  # an hour after the window closed
    before = len(world.api.messages())
    world.dispatch()
    assert [m["type"] for m in world.api.messages()[before:]] == ["template"]
    assert world.delivery(inside).status == world.delivery(outside).status == "sent"


def _status(wamid: str, status: str, at: datetime, code: int | None = None) -> dict[str, Any]:
    body = wp.status_update(status, message_id=wamid)
    entry = body["entry"][0]["changes"][0]["value"]["statuses"][0]
    entry["timestamp"] = str(int(at.timestamp()))
    entry["recipient_id"] = wp.WA_ID
    # pywa 4.5 builds the status's user from "contacts" (Cloud API with business-scoped ids).
    body["entry"][0]["changes"][0]["value"]["contacts"] = [
        {"wa_id": wp.WA_ID, "user_id": wp.BSUID, "profile": {"name": "Budi"}}]
    if code is not None:
        entry["errors"] = [{"code": code, "title": "Error", "message": "x",
                            "error_data": {"details": "x"}}]
    return body


def test_status_webhooks_update_the_ledger(world: World) -> None:
    world.says("menu")
    world.opt_in()
    ids = [world.reminder(wp.WA_ID, k, T0 + timedelta(days=d)) for k, d in
           (("a", 2), ("b", 3), ("c", 4), ("d", 5))]
    wamids = []
    for day in (2, 3, 4, 5):
        world.clock.set(T0 + timedelta(days=day))
        world.dispatch()
        wamids.append(world.api.templates()[-1])
    with session_scope(world.service.sessions) as s:
        ws = [delivery_status.delivery_messages(s, i)[0].wamid for i in ids]
    assert all(w and w.startswith("wamid.OUT") for w in ws)
    at = T0 + timedelta(days=5, minutes=1)
    # Unsigned: refused, nothing recorded.
    raw = wp.encode(_status(ws[0], "read", at))
    assert world.chat.post_raw(raw, {"Content-Type": "application/json"}).status_code == 401
    # Out of order (read before delivered) and repeated: each time recorded once.
    for body in (_status(ws[0], "read", at), _status(ws[0], "delivered", at - timedelta(
            seconds=5)), _status(ws[0], "read", at + timedelta(minutes=3))):
        world.chat.post(body)
        assert world.chat.last_response is not None
        assert world.chat.last_response.status_code == 200
    with session_scope(world.service.sessions) as s:
        (msg,) = delivery_status.delivery_messages(s, ids[0])
    assert (msg.delivered_at, msg.read_at) == (at, at)
    # Failures decided per code, once even when repeated.
    world.chat.post(_status(ws[1], "failed", at, 131026))
    world.chat.post(_status(ws[2], "failed", at, 130429))
    world.chat.post(_status(ws[3], "failed", at, 131047))
    world.chat.post(_status(ws[3], "failed", at, 131047))
    undeliverable, limited, reengage = (world.delivery(i) for i in ids[1:])
    assert (undeliverable.status, undeliverable.last_error) == ("failed", "whatsapp_131026")
    assert (limited.status, limited.last_error) == ("pending", "whatsapp_130429")
    assert limited.available_at > at
    assert (reengage.status, reengage.last_error) == ("pending", "whatsapp_131047")
    with session_scope(world.service.sessions) as s:
        assert delivery_status.delivery_messages(s, ids[1])[0].error_code == "whatsapp_131026"


def test_reminders_due_in_the_same_minute_go_out_as_one_message(world: World) -> None:
    world.says("menu")
    world.opt_in()
    due = T0 + timedelta(hours=3)
    ids = [world.reminder(wp.WA_ID, f"m{n}", due + timedelta(seconds=10 * n)) for n in range(3)]
    world.clock.set(due + timedelta(minutes=1))
    before = len(world.api.messages())
    report = world.dispatch()
    sent = world.api.messages()[before:]
    assert len(sent) == 1 and report.sent == 3
    interactive = sent[0]["interactive"]
    assert interactive["body"]["text"].startswith("Anda memiliki 3 pengingat:")
    rows = [r for sec in interactive["action"]["sections"] for r in sec["rows"]]
    assert len(rows) == 6 and len({r["id"] for r in rows}) == 6
    assert {world.delivery(i).status for i in ids} == {"sent"}
    world.chat.chooses("2. Ingatkan besok")
    with session_scope(world.service.sessions) as s:
        upcoming = reminder_actions.upcoming(s, world.user_id())
        snoozed = [u for u in upcoming if u.occurrence.startswith("tunda:")]
    assert [u.reminder_id for u in snoozed] == [world.delivery(ids[1]).reminder_id]


def test_the_tier_caps_unique_template_recipients_and_queues_the_rest(world: World) -> None:
    world.tier = 2
    users = [f"62812000000{n:02d}" for n in range(5)]
    for wa_id in users:
        world.says("menu", wa_id)
        world.opt_in(wa_id)
    due = T0 + timedelta(days=2)
    for wa_id in users:
        world.reminder(wa_id, "t", due)
    got: list[str] = []
    for day in (2, 3, 4):
        world.clock.set(T0 + timedelta(days=day, minutes=1))
        before = len(world.api.templates())
        world.dispatch()
        got += [m["to"] for m in world.api.templates()[before:]]
        assert len(got) == min(5, 2 * (day - 1)), (day, got)
    assert sorted(got) == users  # everyone once, nobody doubled
