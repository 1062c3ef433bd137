"""A python-telegram-bot ``BaseRequest`` on aiohttp: PTB's Bot still makes every call.

PTB's default transport (httpx → httpcore → anyio → h11) spends ~0.5 ms CPU per Bot API call;
aiohttp's C HTTP parser and plain asyncio transports do the same request for a fraction of
that (docs/telegram.md, "Benchmark"). The wire format is what ``HTTPXRequest`` sends: the
parameters form-encoded (``RequestData.json_parameters``), files as multipart/form-data, the
same User-Agent. Errors map as in ``HTTPXRequest``: a timeout → ``TimedOut``, any other client
error → ``NetworkError`` (PTB's ``BaseRequest`` turns HTTP status codes into its errors).

aiohttp has no write timeout: the request's send is bounded by the connect timeout plus the
read timeout of the whole exchange instead (``ClientTimeout.sock_read`` covers waiting for the
answer after the body was written).
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp.helpers import get_env_proxy_for_url
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from yarl import URL

_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class AiohttpRequest(BaseRequest):
    """PTB request class on one ``aiohttp.ClientSession`` with a bounded connection pool."""

    __slots__ = ("_connect", "_limit", "_media_write", "_pool", "_proxies", "_read", "_session",
                 "_write")

    def __init__(
        self,
        connection_pool_size: int = 4,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._limit = connection_pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, tuple[Any, Any]] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds."""
        return self._read

    async def initialize(self) -> None:
        """Open the HTTP session (idempotent)."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._limit, limit_per_host=self._limit)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT},
                auto_decompress=False)
            self._proxies.clear()

    async def shutdown(self) -> None:
        """Close the HTTP session and its connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One HTTP request: (status code, body)."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = self._read if read_timeout is BaseRequest.DEFAULT_NONE else read_timeout
        connect = self._connect if connect_timeout is BaseRequest.DEFAULT_NONE else connect_timeout
        pool = self._pool if pool_timeout is BaseRequest.DEFAULT_NONE else pool_timeout
        write = (self._media_write if files else self._write) \
            if write_timeout is BaseRequest.DEFAULT_NONE else write_timeout
        # ``connect`` in aiohttp includes the wait for a free pooled connection.
        wait = None if pool is None and connect is None else (pool or 0.0) + (connect or 0.0)
        sock_read = None if read is None and write is None else (read or 0.0) + (write or 0.0)
        timeout = aiohttp.ClientTimeout(total=None, connect=wait, sock_connect=connect,
                                        sock_read=sock_read)
        data: Any = None
        headers: dict[str, str] | None = None
        if request_data is not None:
            if files:
                form = aiohttp.FormData(quote_fields=False)
                for name, value in request_data.json_parameters.items():
                    form.add_field(name, value)
                for name, (filename, content, mimetype) in files.items():
                    form.add_field(name, content, filename=filename, content_type=mimetype)
                data = form
            else:
                data = urlencode(request_data.json_parameters).encode("ascii")
                headers = _FORM
        proxy, proxy_auth = self._proxy_for(url)
        try:
            async with session.request(method, url, data=data, headers=headers, timeout=timeout,
                                       proxy=proxy, proxy_auth=proxy_auth) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # asyncio.TimeoutError is TimeoutError on 3.11+
            raise TimedOut from exc
        except asyncio.CancelledError:
            raise
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

    def _proxy_for(self, url: str) -> tuple[Any, Any]:
        """HTTP(S)_PROXY / NO_PROXY as httpx reads them, looked up once per origin.

        (aiohttp's own ``trust_env`` re-reads the environment and ~/.netrc on every request:
        ~10 % of the bot's CPU in the benchmark.)
        """
        origin = url[:url.find("/", url.find("//") + 2)]
        found = self._proxies.get(origin)
        if found is None:
            try:
                found = get_env_proxy_for_url(URL(origin))
            except LookupError:
                found = (None, None)
            self._proxies[origin] = found
        return found
