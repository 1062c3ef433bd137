"""Serve an ASGI app with uvicorn on 127.0.0.1 in a background thread, and raw HTTP clients.

``serve(app)`` yields the bound port; the app runs in the thread's own event loop (its
lifespan too). ``raw_post`` talks HTTP/1.1 over a plain socket so a test controls exactly what
is sent and when: a ``Content-Length`` that is a lie, a chunked body streamed until the server
answers.
"""

from __future__ import annotations

import select
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def serve(app: Any) -> Iterator[int]:
    """uvicorn serving ``app`` on a random loopback port until the block ends; the port."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                           lifespan="on"))
    thread = threading.Thread(target=server.run, name="asgi-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield int(server.servers[0].sockets[0].getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(15)


def _status(sock: socket.socket) -> int:
    """The status code of the response on ``sock`` (0 when the server hung up silently)."""
    data = b""
    while b"\r\n" not in data:
        try:
            chunk = sock.recv(4096)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        data += chunk
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def raw_post(
    port: int, path: str, headers: dict[str, str], body: bytes = b"", *,
    chunked_total: int = 0, chunk: int = 64 * 1024, timeout: float = 10.0,
) -> tuple[int, int]:
    """POST ``body`` (or ``chunked_total`` bytes in chunks) until the server answers.

    Returns (status, body bytes sent). With ``chunked_total`` the body is streamed with
    ``Transfer-Encoding: chunked`` and sending stops as soon as a response is readable.
    """
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1"]
        if chunked_total:
            lines.append("Transfer-Encoding: chunked")
        lines += [f"{k}: {v}" for k, v in headers.items()]
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        sent = 0
        if body:
            sock.sendall(body)
            sent = len(body)
        piece = b"%x\r\n" % chunk + b"x" * chunk + b"\r\n"
        sock.settimeout(2.0)
        while sent < chunked_total:
            if select.select([sock], [], [], 0)[0]:
                break  # the server answered (or hung up) already
            try:
                sock.sendall(piece)
            except OSError:  # a timeout too: the server stopped reading
                break
            sent += chunk
        if chunked_total and sent >= chunked_total:
            try:
                sock.sendall(b"0\r\n\r\n")
            except OSError:
                pass
        sock.settimeout(timeout)
        return _status(sock), sent
