"""Chat driver for the WhatsApp adapter tests: a user on one side, the fake Graph API on the other.

``WhatsAppChat`` POSTs real-format, correctly signed webhook bodies to the FastAPI app (httpx
ASGI transport, inside one event loop run by an anyio blocking portal so that tests read as
plain sequential chats) and returns what the app sent back, as captured by
``tests.fakes.whatsapp_api.FakeGraphAPI`` over real HTTP on 127.0.0.1. The app handles an update
completely before answering the POST, so once ``says``/``presses``/``chooses`` returns, every
reply has been captured: no waiting, no sleeping.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal

from bot.service_api import ChatHandler
from bot.whatsapp_app import WEBHOOK_PATH, WhatsAppConfig, create_app
from tests.fakes import whatsapp_payloads as wp
from tests.fakes.whatsapp_api import FakeGraphAPI

CONFIG = WhatsAppConfig(
    phone_id=wp.PHONE_ID,
    token=wp.ACCESS_TOKEN,
    app_secret=wp.APP_SECRET,
    verify_token=wp.VERIFY_TOKEN,
)


class WhatsAppChat:
    """One WhatsApp user talking to the app; see the module docstring."""

    def __init__(
        self, portal: BlockingPortal, client: httpx.AsyncClient, api: FakeGraphAPI
    ) -> None:
        self.portal = portal
        self.client = client
        self.api = api
        self.last_response: httpx.Response | None = None
        self.last_sent: list[dict[str, Any]] = []

    # -- raw HTTP ------------------------------------------------------------------------------
    def post_raw(self, raw: bytes, headers: dict[str, str]) -> httpx.Response:
        """POST exactly ``raw`` with ``headers`` to the webhook."""
        return self.portal.call(lambda: self.client.post(WEBHOOK_PATH, content=raw,
                                                         headers=headers))

    def get(self, params: dict[str, str]) -> httpx.Response:
        """GET the webhook (the verification handshake)."""
        return self.portal.call(lambda: self.client.get(WEBHOOK_PATH, params=params))

    def post(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        """POST ``body`` correctly signed; return the messages the app sent meanwhile."""
        before = len(self.api.messages())
        raw = wp.encode(body)
        self.last_response = self.post_raw(raw, wp.signed_headers(raw))
        self.last_sent = self.api.messages()[before:]
        return self.last_sent

    def post_together(self, bodies: list[dict[str, Any]]) -> list[int]:
        """POST several signed bodies at the same time; return the status codes."""

        async def all_at_once() -> list[int]:
            raws = [wp.encode(b) for b in bodies]
            responses = await asyncio.gather(*(
                self.client.post(WEBHOOK_PATH, content=r, headers=wp.signed_headers(r))
                for r in raws
            ))
            return [r.status_code for r in responses]

        return self.portal.call(all_at_once)

    # -- what a user does --------------------------------------------------------------------
    def says(self, text: str, *, message_id: str | None = None) -> list[dict[str, Any]]:
        """The user types ``text``."""
        return self.post(wp.text_message(text, message_id=message_id))

    def presses(self, title: str) -> list[dict[str, Any]]:
        """The user presses the reply button titled ``title`` on the latest buttons message."""
        button = next(
            b["reply"]
            for b in self._latest_interactive("button")["action"]["buttons"]
            if b["reply"]["title"] == title
        )
        return self.post(wp.button_reply(button["id"], button["title"]))

    def chooses(self, title: str) -> list[dict[str, Any]]:
        """The user opens the latest list message and picks the row titled ``title``."""
        rows = [r for s in self._latest_interactive("list")["action"]["sections"]
                for r in s["rows"]]
        row = next(r for r in rows if r["title"] == title)
        return self.post(wp.list_reply(row["id"], row["title"], row.get("description")))

    def picks(self, label: str) -> list[dict[str, Any]]:
        """Tap the option ``label`` on the latest buttons or list message, as a user would."""
        return self.post(tap(self._latest_interactive(None), label))

    def _latest_interactive(self, kind: str | None) -> dict[str, Any]:
        for message in reversed(self.api.messages()):
            if message["type"] == "interactive":
                interactive: dict[str, Any] = message["interactive"]
                assert kind in (None, interactive["type"]), (
                    f"latest interactive is {interactive['type']}")
                return interactive
        raise AssertionError("no interactive message was sent")


def tap(interactive: dict[str, Any], label: str) -> dict[str, Any]:
    """The webhook body of a user tapping ``label`` on a sent buttons/list ``interactive``.

    The option is found by its title, or by its full wording numbered in the body
    ("3. Nilai uji kompetensi") when the title had to be shortened.
    """
    if interactive["type"] == "button":
        choices = [b["reply"] for b in interactive["action"]["buttons"]]
    else:
        choices = [r for s in interactive["action"]["sections"] for r in s["rows"]]
    titles = [c["title"] for c in choices]
    if label in titles:
        chosen = choices[titles.index(label)]
    else:
        lines = interactive["body"]["text"].splitlines()
        number = next(i for i in range(1, len(choices) + 1) if f"{i}. {label}" in lines)
        chosen = choices[number - 1]
    if interactive["type"] == "button":
        return wp.button_reply(chosen["id"], chosen["title"])
    return wp.list_reply(chosen["id"], chosen["title"], chosen.get("description"))


def texts_of(sent: list[dict[str, Any]]) -> list[str]:
    """The visible text of each sent message (body of text/interactive, caption of media)."""
    out = []
    for m in sent:
        if m["type"] == "text":
            out.append(m["text"]["body"])
        elif m["type"] == "interactive":
            out.append(m["interactive"]["body"]["text"])
        else:
            out.append(m[m["type"]].get("caption", ""))
    return out


def titles_of(message: dict[str, Any]) -> list[str]:
    """Button or row titles of an interactive message."""
    interactive = message["interactive"]
    if interactive["type"] == "button":
        return [b["reply"]["title"] for b in interactive["action"]["buttons"]]
    return [r["title"] for s in interactive["action"]["sections"] for r in s["rows"]]


@contextmanager
def whatsapp_chat(
    handler: ChatHandler, api: FakeGraphAPI, config: WhatsAppConfig = CONFIG,
    clock: Callable[[], datetime] | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Iterator[WhatsAppChat]:
    """The app for ``handler`` wired to ``api``; yields the chat driver."""
    config = WhatsAppConfig(
        config.phone_id, config.token, config.app_secret, config.verify_token, api.base_url
    )
    with start_blocking_portal(backend="asyncio") as portal:

        async def build() -> tuple[httpx.AsyncClient, httpx.AsyncClient]:
            session = httpx.AsyncClient(timeout=httpx.Timeout(20.0))
            app = (create_app(config, handler, session=session, sleep=sleep) if clock is None
                   else create_app(config, handler, session=session, clock=clock, sleep=sleep))
            transport = httpx.ASGITransport(app=app)
            return session, httpx.AsyncClient(transport=transport, base_url="http://app.test")

        session, client = portal.call(build)
        try:
            yield WhatsAppChat(portal, client, api)
        finally:
            portal.call(client.aclose)
            portal.call(session.aclose)
