"""A fake WhatsApp Cloud (Graph) API on 127.0.0.1 that records what a real pywa client sends.

Start it with ``with FakeGraphAPI(token=...) as api:`` and point the app's
``WHATSAPP_API_BASE_URL`` at ``api.base_url``. It answers like Meta does:

- ``POST /v{N}/{phone_id}/messages`` (JSON) → ``{"messaging_product", "contacts", "messages"}``
  with a fresh ``wamid.`` id; the JSON body is recorded.
- ``POST /v{N}/{phone_id}/media`` (multipart: ``file``, ``type``, ``messaging_product``) →
  ``{"id": "<media id>"}``; the uploaded bytes, filename and MIME type are recorded.
- A wrong or missing ``Authorization: Bearer <token>`` → 401 with Graph error code 190.
- ``fail_next(n)`` makes the next ``n`` requests fail with a Graph error (e.g. 500 / 131000).

- ``hang_up_next(n, after=k)`` answers ``k`` requests, then resets the connection of the
  next ``n`` after reading them, with no response (recorded with ``status`` 0): what a
  dropped connection looks like to httpx.
- ``fail_next(n, status=400, code=131047)`` scripts a specific Graph error (e.g. 131047
  re-engagement, 130429 throughput), ``templates()`` returns the template messages sent.

Everything is recorded in order in ``requests`` (each stamped ``at`` with ``clock()``,
``time.perf_counter`` unless a test sets a virtual clock); ``messages()`` returns just the
message bodies (what was sent to users), ``uploads()`` the media uploads. Thread-safe: the
server runs in a background thread, tests read from the main thread.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

_METHOD_ERROR = "GraphMethodException"
HANG_UP = 0  # the "status" of a request answered by a reset connection (``hang_up_next``)
_PATH = re.compile(r"^/v(?P<version>\d+(?:\.\d+)?)/(?P<phone_id>[^/]+)/(?P<edge>messages|media)$")


@dataclass(frozen=True)
class Upload:
    """One media upload as received."""

    phone_id: str
    filename: str
    mime: str
    data: bytes = field(repr=False)
    media_id: str


@dataclass(frozen=True)
class GraphRequest:
    """One request as received (``json`` for JSON bodies, ``upload`` for media uploads)."""

    method: str
    path: str
    authorization: str | None
    json: dict[str, Any] | None = None
    upload: Upload | None = None
    status: int = 200
    at: float = 0.0  # ``FakeGraphAPI.clock()`` when received


def _graph_error(code: int, message: str, kind: str = "OAuthException") -> bytes:
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": "AfakeTraceId0"}
    return json.dumps({"error": error}).encode()


def _parse_multipart(content_type: str, body: bytes) -> dict[str, tuple[str | None, str, bytes]]:
    """Form fields by name → (filename, content type, bytes)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, tuple[str | None, str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields[name] = (part.get_filename(), part.get_content_type(), payload)
    return fields


class _Server(ThreadingHTTPServer):
    """A listen backlog like a real front end's: http.server's default of 5 resets
    connections when several workers open new ones in the same instant."""

    request_queue_size = 128


class FakeGraphAPI:
    """The fake server; see the module docstring."""

    def __init__(self, token: str) -> None:
        self.token = token
        self._lock = threading.Lock()
        self._requests: list[GraphRequest] = []
        self._failures: list[tuple[int, int] | None] = []
        self._ids = itertools.count(1)
        self.clock: Callable[[], float] = time.perf_counter
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> FakeGraphAPI:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>`` — the value for WHATSAPP_API_BASE_URL."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- what tests read ---------------------------------------------------------------------
    @property
    def requests(self) -> list[GraphRequest]:
        """Every request so far, oldest first."""
        with self._lock:
            return list(self._requests)

    def messages(self) -> list[dict[str, Any]]:
        """JSON bodies of the successful ``/messages`` calls, oldest first."""
        return [
            r.json
            for r in self.requests
            if r.json is not None and r.path.endswith("/messages") and r.status == 200
        ]

    def templates(self) -> list[dict[str, Any]]:
        """Successful template messages (``type == "template"``), oldest first."""
        return [m for m in self.messages() if m.get("type") == "template"]

    def uploads(self) -> list[Upload]:
        """Successful media uploads, oldest first."""
        return [r.upload for r in self.requests if r.upload is not None and r.status == 200]

    def clear(self) -> None:
        """Forget what was recorded (e.g. between the steps of a chat)."""
        with self._lock:
            self._requests.clear()

    def fail_next(self, count: int = 1, *, status: int = 500, code: int = 131000) -> None:
        """Answer the next ``count`` requests with a Graph error."""
        with self._lock:
            self._failures.extend([(status, code)] * count)

    # -- the HTTP side -------------------------------------------------------------------------
    def hang_up_next(self, count: int = 1, *, after: int = 0) -> None:
        """Answer ``after`` requests normally, then reset the next ``count`` connections."""
        with self._lock:
            self._failures.extend([None] * after + [(HANG_UP, 0)] * count)

    def _record(self, request: GraphRequest) -> None:
        request = replace(request, at=self.clock())
        with self._lock:
            self._requests.append(request)

    def _take_failure(self) -> tuple[int, int] | None:
        with self._lock:
            return self._failures.pop(0) if self._failures else None

    def _next_id(self) -> int:
        with self._lock:
            return next(self._ids)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return  # keep test output clean

            def _hang_up(self) -> None:
                # SO_LINGER 0: close() sends a RST, as a dropped connection does.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.close_connection = True

            def _reply(self, status: int, body: bytes) -> None:
                if status == HANG_UP:
                    self._hang_up()
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                fake._record(GraphRequest("GET", self.path, self.headers.get("Authorization")))
                self._reply(404, _graph_error(100, "Unsupported get request.", _METHOD_ERROR))

            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                auth = self.headers.get("Authorization")
                match = _PATH.match(self.path.split("?", 1)[0])
                if auth != f"Bearer {fake.token}":
                    fake._record(GraphRequest("POST", self.path, auth, status=401))
                    self._reply(401, _graph_error(190, "Invalid OAuth access token."))
                    return
                if match is None:
                    fake._record(GraphRequest("POST", self.path, auth, status=404))
                    self._reply(404, _graph_error(100, "Unknown path components", _METHOD_ERROR))
                    return
                failure = fake._take_failure()
                if match["edge"] == "media":
                    self._media(match["phone_id"], raw, auth, failure)
                else:
                    self._message(raw, auth, failure)

            def _media(
                self, phone_id: str, raw: bytes, auth: str | None, failure: tuple[int, int] | None
            ) -> None:
                fields = _parse_multipart(self.headers.get("Content-Type", ""), raw)
                filename, content_type, data = fields.get("file", (None, "", b""))
                mime = fields["type"][2].decode() if "type" in fields else content_type
                media_id = f"{1_000_000_000_000_000 + fake._next_id()}"
                upload = Upload(phone_id, filename or "", mime, data, media_id)
                status = failure[0] if failure else 200
                fake._record(GraphRequest("POST", self.path, auth, upload=upload, status=status))
                if failure:
                    self._reply(failure[0], _graph_error(failure[1], "Media upload error"))
                    return
                self._reply(200, json.dumps({"id": media_id}).encode())

            def _message(
                self, raw: bytes, auth: str | None, failure: tuple[int, int] | None
            ) -> None:
                body = json.loads(raw or b"{}")
                status = failure[0] if failure else 200
                fake._record(GraphRequest("POST", self.path, auth, json=body, status=status))
                if failure:
                    self._reply(failure[0], _graph_error(failure[1], "Something went wrong"))
                    return
                contact = (
                    {"input": body["to"], "wa_id": body["to"]}
                    if body.get("to")
                    else {"input": body.get("recipient"), "user_id": body.get("recipient")}
                )
                answer = {
                    "messaging_product": "whatsapp",
                    "contacts": [contact],
                    "messages": [{"id": f"wamid.OUT{fake._next_id():012d}"}],
                }
                self._reply(200, json.dumps(answer).encode())

        return Handler
