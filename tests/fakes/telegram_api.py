"""A fake Telegram Bot API server on 127.0.0.1 for the real python-telegram-bot client.

``FakeBotAPI`` serves ``/bot<token>/<method>`` over HTTP/1.1 (``http.server`` in a thread, a
random port) and implements what our adapter and PTB's updater call: getMe, getUpdates (long
poll on a queue the test feeds, honouring ``offset``/``timeout``), sendMessage,
answerCallbackQuery, editMessageText, editMessageReplyMarkup, sendDocument and sendPhoto
(multipart: file name and bytes kept), setMyCommands, deleteWebhook, setWebhook,
getWebhookInfo. Every call is recorded as a ``Call`` with its decoded parameters; edits are
applied to the stored message (``sent_message``, ``buttons_now``, ``edits``) and, as on
Telegram, an edit that changes nothing is refused with 400 "message is not modified".

Point PTB at it with ``ApplicationBuilder().base_url(fake.base_url)``
(``Settings.telegram_api_base_url`` does the same). ``fail_next(method, retry_after=...)``
answers the next call(s) of a method with a 429 flood-control error.

For the reminder dispatcher: ``block_chat(chat_id)`` answers sends to that chat with 403
(the user blocked the bot); ``fail_while(method, predicate, retry_after)`` answers 429 as
long as ``predicate()`` holds (a storm on virtual time); ``before_call(method, params)`` runs
when a request ARRIVES, before anything is recorded or answered (return False to hang up
without processing, e.g. after SIGKILLing the sender); ``clock`` stamps ``Call.at`` (set it
to a virtual clock to measure pacing on virtual time).

Update factories (``message_update``, ``command_update``, ``callback_update``) build
real-format Update JSON like python-telegram-bot's own tests do; ``callback_update`` can
press a button of a message the bot really sent through this fake.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

TOKEN = "123456:TEST-token"
BOT_ID = 123456
BOT_USERNAME = "asisten_jf_test_bot"

# Parameters that are plain strings on the wire (PTB JSON-encodes everything else).
_TEXT_PARAMS = frozenset(
    {"text", "caption", "callback_query_id", "secret_token", "url", "parse_mode", "language_code"}
)
_UPDATE_IDS = itertools.count(10_000)
DROP = -1  # in the failure queue: close the connection instead of answering
SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})


@dataclass
class UploadedFile:
    """A file received in a multipart request."""

    filename: str
    data: bytes
    content_type: str


@dataclass
class Call:
    """One recorded Bot API call."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    at: float = 0.0  # ``FakeBotAPI.clock()`` when received (time.perf_counter by default)
    result: Any = None
    status: int = 200  # 429 when refused by ``fail_next``/``fail_while``, 403 when blocked

    @property
    def chat_id(self) -> int | None:
        """The ``chat_id`` parameter as int, if any."""
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def text(self) -> str | None:
        """Text (sendMessage/editMessageText) or caption (media)."""
        value = self.params.get("text", self.params.get("caption"))
        return None if value is None else str(value)

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(text, callback_data) of every inline button, row by row."""
        markup = self.params.get("reply_markup") or {}
        return [
            (b["text"], b.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]


def _decode(name: str, raw: str) -> Any:
    if name in _TEXT_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class FakeBotAPI:
    """The fake server; use as a context manager or call ``start()``/``stop()``."""

    def __init__(self, token: str = TOKEN, first_update_id: int | None = None) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.webhook: dict[str, Any] | None = None
        self._cond = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        # Global, as on Telegram: a database shared by several fakes dedupes on update ids.
        self._update_ids = (
            _UPDATE_IDS if first_update_id is None else itertools.count(first_update_id))
        self._message_ids = itertools.count(1)
        self._failures: dict[str, list[int]] = {}
        self._sent: dict[tuple[int, int], dict[str, Any]] = {}
        self._closing = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.on_call: Callable[[Call], None] | None = None  # bench hook, runs in server thread
        self.before_call: Callable[[str, dict[str, Any]], bool] | None = None
        self.clock: Callable[[], float] = time.perf_counter  # stamps Call.at
        self._blocked: set[int] = set()
        self._storms: dict[str, tuple[Callable[[], bool], int]] = {}

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeBotAPI:
        """Bind a random loopback port and serve in a daemon thread."""
        fake = self

        class Handler(_RequestHandler):
            api = fake

        server = _QuietServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-bot-api")
        self._thread.daemon = True
        self._thread.start()
        return self

    def stop(self) -> None:
        """Release pending long polls and stop serving."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        assert self._server is not None, "not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """PTB ``base_url`` (the token is appended by PTB)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """PTB ``base_file_url``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- feeding updates ------------------------------------------------------------------
    def next_update_id(self) -> int:
        """A fresh, increasing update id."""
        return next(self._update_ids)

    def feed(self, *updates: dict[str, Any]) -> None:
        """Queue updates for getUpdates atomically (the same dict twice = a redelivery)."""
        with self._cond:
            self._updates.extend(updates)
            self._cond.notify_all()

    def pending_updates(self) -> int:
        """How many fed updates were not yet confirmed by an offset."""
        with self._cond:
            return len(self._updates)

    def pending_update_ids(self) -> set[int]:
        """Ids of the fed updates not yet confirmed by an offset."""
        with self._cond:
            return {int(u["update_id"]) for u in self._updates}

    def confirm(self, offset: int) -> None:
        """Forget updates below ``offset``, as a ``getUpdates`` with that offset does."""
        with self._cond:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def fail_next(self, method: str, retry_after: int = 1, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` with 429 and ``retry_after``."""
        with self._cond:
            self._failures.setdefault(method, []).extend([retry_after] * times)

    def block_chat(self, chat_id: int) -> None:
        """Answer every later send to ``chat_id`` with 403 (bot blocked by the user)."""
        with self._cond:
            self._blocked.add(chat_id)

    def fail_while(self, method: str, predicate: Callable[[], bool], retry_after: int) -> None:
        """Answer ``method`` with 429 ``retry_after`` as long as ``predicate()`` is true."""
        with self._cond:
            self._storms[method] = (predicate, retry_after)

    def drop_next(self, method: str, times: int = 1) -> None:
        """Hang up without answering the next ``times`` calls of ``method`` (network error)."""
        with self._cond:
            self._failures.setdefault(method, []).extend([DROP] * times)

    # -- inspecting calls -----------------------------------------------------------------
    def calls_of(self, *methods: str, chat_id: int | None = None) -> list[Call]:
        """Recorded calls of the given methods (all when none), optionally for one chat."""
        with self._cond:
            return [
                c
                for c in self.calls
                if (not methods or c.method in methods)
                and (chat_id is None or c.chat_id == chat_id)
            ]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Messages, documents and photos delivered (in order; refused calls left out)."""
        return [c for c in self.calls_of(*SEND_METHODS, chat_id=chat_id) if c.status == 200]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Block until ``predicate()`` holds (re-checked on every call) or ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def edits(self, chat_id: int | None = None) -> list[Call]:
        """The editMessageText / editMessageReplyMarkup calls accepted (in order)."""
        return [c for c in self.calls_of("editMessageText", "editMessageReplyMarkup",
                                         chat_id=chat_id) if c.status == 200]

    def buttons_now(self, chat_id: int, message_id: int) -> list[tuple[str, str]]:
        """(text, callback_data) of the buttons a sent message shows now (edits applied)."""
        markup = self.sent_message(chat_id, message_id).get("reply_markup") or {}
        return [(b["text"], b.get("callback_data", ""))
                for row in markup.get("inline_keyboard", []) for b in row]

    def sent_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """The Message JSON the bot sent (with later edits applied)."""
        with self._cond:
            return dict(self._sent[(chat_id, message_id)])

    # -- serving --------------------------------------------------------------------------
    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()
        if self.on_call is not None:
            self.on_call(call)

    def handle(self, method: str, params: dict[str, Any], files: dict[str, UploadedFile]) -> Any:
        """Return (status, body) for one Bot API call."""
        if self.before_call is not None and self.before_call(method, params) is False:
            return 0, None
        with self._cond:
            queue = self._failures.get(method)
            storm = self._storms.get(method)
            if not queue and storm is not None and storm[0]():
                queue = [storm[1]]
            chat = params.get("chat_id")
            if not queue and method in SEND_METHODS and chat is not None \
                    and int(chat) in self._blocked:
                self.calls.append(Call(method, params, files, self.clock(), None, 403))
                self._cond.notify_all()
                return 403, {"ok": False, "error_code": 403,
                             "description": "Forbidden: bot was blocked by the user"}
            if queue:
                retry_after = queue.pop(0)
                status = 0 if retry_after == DROP else 429
                self.calls.append(Call(method, params, files, self.clock(), None, status))
                self._cond.notify_all()
                if status == 0:
                    return 0, None
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                }
        if method == "getUpdates":
            result: Any = self._get_updates(params)
        else:
            call = Call(method, params, files, self.clock())
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            try:
                result = handler(call)
            except KeyError as exc:
                return 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            call.result = result
            self._record(call)
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0) or 0)
        timeout = float(params.get("timeout", 0) or 0)
        limit = int(params.get("limit", 100) or 100)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                if offset:
                    self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or self._closing:
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._cond.wait(left)
            self.calls.append(Call("getUpdates", params, {}, self.clock()))
            return list(self._updates[:limit])

    def _message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        message_id = next(self._message_ids)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Pengguna"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Asisten",
                     "username": BOT_USERNAME},
            **content,
        }
        with self._cond:
            self._sent[(chat_id, message_id)] = message
        return message

    def _m_getMe(self, call: Call) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Asisten", "username": BOT_USERNAME,
                "can_join_groups": False, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def _m_sendMessage(self, call: Call) -> dict[str, Any]:
        markup = call.params.get("reply_markup")
        extra = {"reply_markup": markup} if markup else {}
        return self._message(int(call.params["chat_id"]), text=call.params["text"], **extra)

    def _m_sendDocument(self, call: Call) -> dict[str, Any]:
        upload = call.files["document"]
        document = {"file_id": f"doc{len(self.calls)}", "file_unique_id": f"u{len(self.calls)}",
                    "file_name": upload.filename, "mime_type": upload.content_type,
                    "file_size": len(upload.data)}
        extra = {"caption": call.params["caption"]} if "caption" in call.params else {}
        return self._message(int(call.params["chat_id"]), document=document, **extra)

    def _m_sendPhoto(self, call: Call) -> dict[str, Any]:
        upload = call.files["photo"]
        photo = [{"file_id": f"ph{len(self.calls)}", "file_unique_id": f"p{len(self.calls)}",
                  "width": 800, "height": 600, "file_size": len(upload.data)}]
        extra = {"caption": call.params["caption"]} if "caption" in call.params else {}
        return self._message(int(call.params["chat_id"]), photo=photo, **extra)

    def _edit(self, call: Call, **changes: Any) -> dict[str, Any]:
        key = (int(call.params["chat_id"]), int(call.params["message_id"]))
        with self._cond:
            message = self._sent[key]
            if all(message.get(k) == v for k, v in changes.items()) and message.get(
                    "reply_markup") == call.params.get("reply_markup"):
                # As Telegram does: an edit that changes nothing is refused.
                raise KeyError("message is not modified")
            message.update(changes)
            if "reply_markup" not in call.params:
                message.pop("reply_markup", None)
            else:
                message["reply_markup"] = call.params["reply_markup"]
            return dict(message)

    def _m_editMessageText(self, call: Call) -> dict[str, Any]:
        return self._edit(call, text=call.params["text"])

    def _m_editMessageReplyMarkup(self, call: Call) -> dict[str, Any]:
        return self._edit(call)

    def _m_answerCallbackQuery(self, call: Call) -> bool:
        return True

    def _m_setMyCommands(self, call: Call) -> bool:
        return True

    def _m_deleteWebhook(self, call: Call) -> bool:
        self.webhook = None
        return True

    def _m_setWebhook(self, call: Call) -> bool:
        self.webhook = dict(call.params)
        return True

    def _m_getWebhookInfo(self, call: Call) -> dict[str, Any]:
        url = (self.webhook or {}).get("url", "")
        return {"url": url, "has_custom_certificate": False, "pending_update_count": 0}


class _QuietServer(ThreadingHTTPServer):
    """Ignores clients that hang up mid-request (PTB cancelling a long poll on shutdown)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 keep-alive handler dispatching to ``FakeBotAPI.handle``."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    api: FakeBotAPI

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self.do_POST()

    def do_POST(self) -> None:  # noqa: N802 - stdlib naming
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = urllib.parse.urlsplit(self.path)
        prefix = f"/bot{self.api.token}/"
        if not path.path.startswith(prefix):
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = path.path[len(prefix):]
        params: dict[str, Any] = {
            k: _decode(k, v) for k, v in urllib.parse.parse_qsl(path.query)
        }
        files: dict[str, UploadedFile] = {}
        ctype = self.headers.get("Content-Type", "")
        if ctype.startswith("application/x-www-form-urlencoded"):
            for k, v in urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True):
                params[k] = _decode(k, v)
        elif ctype.startswith("application/json") and body:
            params.update(json.loads(body))
        elif ctype.startswith("multipart/form-data"):
            params_mp, files = _parse_multipart(ctype, body)
            params.update(params_mp)
        status, payload = self.api.handle(method, params, files)
        if status == 0:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._reply(status, payload)

    def _reply(self, status: int, payload: Any) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _parse_multipart(
    ctype: str, body: bytes
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body
    )
    params: dict[str, Any] = {}
    files: dict[str, UploadedFile] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files[str(name)] = UploadedFile(filename, payload, part.get_content_type())
        else:
            params[str(name)] = _decode(str(name), payload.decode("utf-8"))
    return params, files


# -- Update JSON factories ----------------------------------------------------------------
def _user(user_id: int, first_name: str = "Sari") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "id"}


def message_update(
    update_id: int, chat_id: int, text: str, message_id: int = 1, first_name: str = "Sari"
) -> dict[str, Any]:
    """A private-chat text message Update (commands get a ``bot_command`` entity)."""
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": first_name},
        "from": _user(chat_id, first_name),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def command_update(update_id: int, chat_id: int, command: str) -> dict[str, Any]:
    """A ``/command`` message Update (``command`` with or without the slash)."""
    return message_update(update_id, chat_id, "/" + command.lstrip("/"))


def callback_update(
    update_id: int, chat_id: int, data: str, message: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A callback_query Update pressing ``data`` on ``message`` (a message the bot sent)."""
    if message is None:
        message = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Sari"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Asisten"},
            "text": "?",
        }
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cq{update_id}",
            "from": _user(chat_id),
            "chat_instance": f"ci{chat_id}",
            "data": data,
            "message": message,
        },
    }


def photo_update(update_id: int, chat_id: int) -> dict[str, Any]:
    """A photo message without text (something the bot cannot read)."""
    update = message_update(update_id, chat_id, "")
    message = update["message"]
    del message["text"]
    message["photo"] = [{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}]
    return update


@pytest.fixture(name="fake_bot_api")
def fake_bot_api_fixture() -> Iterator[FakeBotAPI]:
    """A started ``FakeBotAPI``, stopped after the test."""
    with FakeBotAPI() as fake:
        yield fake


# -- the real bot (python-telegram-bot + our adapter) running against the fake -------------
class BotUnderTest:
    """Our Telegram adapter polling a ``FakeBotAPI``; ``user(chat_id)`` chats through it."""

    def __init__(self, fake: FakeBotAPI, adapter: Any) -> None:
        self.fake = fake
        self.adapter = adapter
        self._done: dict[int, int] = {}
        self._changed = asyncio.Event()
        adapter.on_done = self._mark_done

    def _mark_done(self, update_id: int) -> None:
        self._done[update_id] = self._done.get(update_id, 0) + 1
        self._changed.set()

    async def wait_done(self, update_id: int, times: int = 1, timeout: float = 10.0) -> None:
        """Wait until the adapter finished ``update_id`` ``times`` times."""
        async with asyncio.timeout(timeout):
            while self._done.get(update_id, 0) < times:
                self._changed.clear()
                await self._changed.wait()

    def user(self, chat_id: int) -> ChatUser:
        """A simulated user chatting in a private chat."""
        return ChatUser(self, chat_id)


class ChatUser:
    """A user in a private chat: ``say`` text, ``press`` buttons, read the bot's replies."""

    def __init__(self, bot: BotUnderTest, chat_id: int) -> None:
        self.bot = bot
        self.fake = bot.fake
        self.chat_id = chat_id

    async def deliver(self, update: dict[str, Any], copies: int = 1) -> list[Call]:
        """Feed ``update`` (``copies`` times in one getUpdates batch); return new sends."""
        before = len(self.fake.sent(self.chat_id))
        self.fake.feed(*([update] * copies))
        await self.bot.wait_done(update["update_id"], copies)
        return self.fake.sent(self.chat_id)[before:]

    async def say(self, text: str) -> list[Call]:
        """Type ``text`` (a command too); return what the bot sent back."""
        return await self.deliver(message_update(self.fake.next_update_id(), self.chat_id, text))

    def last_keyboard(self) -> Call:
        """The last message sent to this user that carries inline buttons."""
        with_buttons = [c for c in self.fake.calls_of("sendMessage", chat_id=self.chat_id)
                        if c.buttons]
        assert with_buttons, "no message with buttons was sent"
        return with_buttons[-1]

    def press_update(self, label: str, on: Call | None = None) -> dict[str, Any]:
        """The callback_query Update of pressing the button ``label`` (prefix) on ``on``."""
        call = on or self.last_keyboard()
        # The buttons as the message shows them now (a multiple choice edits them in place).
        # A message whose buttons were taken off: its original ones (an out-of-date client).
        buttons = self.fake.buttons_now(self.chat_id, call.result["message_id"]) or call.buttons
        matches = [data for text, data in buttons if text.startswith(label)] or [
            # a button shortened to fit a phone ("Terbitkan jadwal uji…"), named in full
            data for text, data in buttons
            if text.endswith("…") and label.startswith(text.removesuffix("…"))]
        assert matches, f"no button {label!r} among {[t for t, _ in buttons]}"
        message = self.fake.sent_message(self.chat_id, call.result["message_id"])
        return callback_update(self.fake.next_update_id(), self.chat_id, matches[0], message)

    async def press(self, label: str, on: Call | None = None) -> list[Call]:
        """Press the button whose text starts with ``label``; return the replies."""
        return await self.deliver(self.press_update(label, on))

    async def press_data(self, data: str, on: Call | None = None) -> list[Call]:
        """Press a button carrying raw callback ``data`` (e.g. from an old bot version)."""
        call = on or self.last_keyboard()
        message = self.fake.sent_message(self.chat_id, call.result["message_id"])
        return await self.deliver(
            callback_update(self.fake.next_update_id(), self.chat_id, data, message))


@asynccontextmanager
async def polling_bot(
    fake: FakeBotAPI, handler: Any, **adapter_kwargs: Any
) -> AsyncIterator[BotUnderTest]:
    """Run the real PTB Application with our adapter, long polling ``fake``."""
    from pydantic import SecretStr

    from bot.settings import Settings
    from bot.telegram_app import TelegramAdapter, build_application, polling

    settings = Settings(telegram_bot_token=SecretStr(fake.token),
                        telegram_api_base_url=fake.base_url)
    adapter = TelegramAdapter(handler, **adapter_kwargs)
    application = build_application(settings, adapter, concurrency=32)
    async with polling(application, adapter, poll_timeout=2.0):
        yield BotUnderTest(fake, adapter)
