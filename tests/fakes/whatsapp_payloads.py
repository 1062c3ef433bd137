"""WhatsApp Cloud API webhook bodies in the real format, and the ``X-Hub-Signature-256`` signer.

The samples in ``tests/fakes/whatsapp_payloads/*.json`` are verbatim Cloud API webhook bodies
(``object: whatsapp_business_account`` → ``entry[].changes[].value``; contacts carry both the
phone-number ``wa_id`` and the business-scoped ``user_id`` that pywa 4.5 requires). The builders
below copy a sample and change only what a test needs (text, reply id, message id, sender), so
every body a test POSTs has exactly the shape Meta sends.

Signing follows Meta: ``sha256=`` + hex HMAC-SHA256 of the raw body bytes keyed by the app
secret. Always sign the exact bytes you POST (``encode`` them once with :func:`encode`).
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

SAMPLES_DIR = Path(__file__).with_name("whatsapp_payloads")

# Identities used by the samples (a test configures the app with the same ones).
WABA_ID = "102290129340398"
PHONE_ID = "106540352242922"
DISPLAY_PHONE_NUMBER = "6281100000000"
WA_ID = "6281234567890"
BSUID = "ID.1234567890123456789"
APP_SECRET = "c0ffee-app-secret-for-tests"
VERIFY_TOKEN = "verifikasi-asisten-jf"
ACCESS_TOKEN = "EAAG-test-access-token"

_counter = itertools.count(1)
_timestamps = itertools.count(1_795_766_400, 7)


@cache
def _sample(name: str) -> dict[str, Any]:
    body: dict[str, Any] = json.loads((SAMPLES_DIR / f"{name}.json").read_text(encoding="utf-8"))
    return body


def sample(name: str) -> dict[str, Any]:
    """A fresh deep copy of ``whatsapp_payloads/<name>.json``."""
    return copy.deepcopy(_sample(name))


def new_message_id() -> str:
    """A unique id in WhatsApp's ``wamid.`` format."""
    return f"wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNF{next(_counter):016X}AA=="


def _value(body: dict[str, Any]) -> dict[str, Any]:
    value: dict[str, Any] = body["entry"][0]["changes"][0]["value"]
    return value


def _from_user(
    name: str, *, message_id: str | None, wa_id: str, bsuid: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    body = sample(name)
    value = _value(body)
    contact = value["contacts"][0]
    contact["wa_id"] = wa_id
    contact["user_id"] = bsuid
    message = value["messages"][0]
    message["from"] = wa_id
    message["id"] = message_id or new_message_id()
    message["timestamp"] = str(next(_timestamps))
    return body, message


def text_message(
    text: str, *, message_id: str | None = None, wa_id: str = WA_ID, bsuid: str = BSUID
) -> dict[str, Any]:
    """A user typed ``text`` (``type: text``)."""
    body, message = _from_user("text_message", message_id=message_id, wa_id=wa_id, bsuid=bsuid)
    message["text"]["body"] = text
    return body


def button_reply(
    reply_id: str,
    title: str,
    *,
    message_id: str | None = None,
    wa_id: str = WA_ID,
    bsuid: str = BSUID,
) -> dict[str, Any]:
    """A user pressed a reply button (``interactive.type: button_reply``)."""
    body, message = _from_user("button_reply", message_id=message_id, wa_id=wa_id, bsuid=bsuid)
    message["interactive"]["button_reply"] = {"id": reply_id, "title": title}
    return body


def list_reply(
    reply_id: str,
    title: str,
    description: str | None = None,
    *,
    message_id: str | None = None,
    wa_id: str = WA_ID,
    bsuid: str = BSUID,
) -> dict[str, Any]:
    """A user chose a list row (``interactive.type: list_reply``)."""
    body, message = _from_user("list_reply", message_id=message_id, wa_id=wa_id, bsuid=bsuid)
    reply: dict[str, Any] = {"id": reply_id, "title": title}
    if description is not None:
        reply["description"] = description
    message["interactive"]["list_reply"] = reply
    return body


def image_message(*, message_id: str | None = None, wa_id: str = WA_ID) -> dict[str, Any]:
    """A user sent a photo (a message type the assistant does not read)."""
    body, _ = _from_user("image_message", message_id=message_id, wa_id=wa_id, bsuid=BSUID)
    return body


def status_update(status: str = "delivered", *, message_id: str | None = None) -> dict[str, Any]:
    """WhatsApp reports ``sent`` / ``delivered`` / ``read`` for one of our messages."""
    body = sample("status_update")
    entry = _value(body)["statuses"][0]
    entry["status"] = status
    if message_id is not None:
        entry["id"] = message_id
    return body


def encode(body: dict[str, Any]) -> bytes:
    """The raw bytes to POST (compact JSON, as Meta sends it)."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def signature(raw: bytes, app_secret: str = APP_SECRET) -> str:
    """The ``X-Hub-Signature-256`` value Meta computes for ``raw``."""
    digest = hmac.new(app_secret.encode("utf-8"), raw, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signed_headers(raw: bytes, app_secret: str = APP_SECRET) -> dict[str, str]:
    """Request headers of a correctly signed webhook POST of ``raw``."""
    return {"Content-Type": "application/json", "X-Hub-Signature-256": signature(raw, app_secret)}


def as_user(body: dict[str, Any], wa_id: str) -> dict[str, Any]:
    """The same webhook body, sent by ``wa_id``."""
    body = copy.deepcopy(body)
    value = body["entry"][0]["changes"][0]["value"]
    value["contacts"][0]["wa_id"] = wa_id
    value["contacts"][0]["user_id"] = f"ID.{wa_id}"
    value["messages"][0]["from"] = wa_id
    return body
