"""Pacing of outgoing messages: an overall rate, a per-chat minimum interval, 429 pauses.

Hand-written instead of ``aiolimiter`` because the time source must be injectable: the
tests and the benchmark run on virtual time (a ``FakeClock`` moved by a fake ``sleep``),
while aiolimiter reads the event loop's own clock. The overall limit is a token bucket of
capacity ``burst`` (default 1: sends are spaced by at least ``1 / rate`` seconds, so no
one-second window ever holds more than ``rate`` sends); the per-chat limit keeps the last
send time of each chat; ``pause_for`` (flood control, HTTP 429) stops every send for a while.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable
from datetime import datetime

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]
BeforeWait = Callable[[], Awaitable[None]]
EPSILON = 1e-6


class Pacer:
    """A token bucket with per-chat spacing and a global pause, on an injected clock."""

    def __init__(
        self,
        rate: float,
        per_chat_interval: float = 0.0,
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        burst: float = 1.0,
    ) -> None:
        if rate <= 0 or burst < 1 or per_chat_interval < 0:
            raise ValueError("rate must be > 0, burst >= 1, per_chat_interval >= 0")
        self.rate = rate
        self.per_chat_interval = per_chat_interval
        self.burst = burst
        self._clock = clock
        self._sleep = sleep
        self._tokens = burst
        self._updated: float | None = None
        self._last_by_chat: dict[str, float] = {}
        self._paused_until = -math.inf
        self._lock = asyncio.Lock()

    def _now(self) -> float:
        return self._clock().timestamp()

    def _refill(self, now: float) -> None:
        if self._updated is not None and now > self._updated:
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
        if self._updated is None or now > self._updated:
            self._updated = now

    def delay(self, chat: str) -> float:
        """Seconds until a message to ``chat`` may go out (0 = now)."""
        now = self._now()
        self._refill(now)
        waits = [0.0, self._paused_until - now]
        if self._tokens < 1:
            waits.append((1 - self._tokens) / self.rate)
        last = self._last_by_chat.get(chat)
        if last is not None:
            waits.append(last + self.per_chat_interval - now)
        wait = max(waits)
        # Below a microsecond is float noise (and a datetime clock cannot move by less).
        return wait if wait >= EPSILON else 0.0

    def take(self, chat: str) -> None:
        """Record a send to ``chat`` now (call only when ``delay(chat)`` is 0)."""
        now = self._now()
        self._refill(now)
        self._tokens -= 1
        if self.per_chat_interval > 0:
            self._last_by_chat[chat] = now
            if len(self._last_by_chat) > 10_000:
                horizon = now - self.per_chat_interval
                self._last_by_chat = {
                    k: v for k, v in self._last_by_chat.items() if v > horizon}

    async def acquire(self, chat: str, before_wait: BeforeWait | None = None) -> None:
        """Wait for a slot for ``chat`` and take it; ``before_wait`` runs before any sleep."""
        async with self._lock:
            while (wait := self.delay(chat)) > 0:
                if before_wait is not None:
                    await before_wait()
                await self._sleep(max(wait, EPSILON))
            self.take(chat)

    def pause_for(self, seconds: float) -> None:
        """Stop every send for ``seconds`` from now."""
        self._paused_until = max(self._paused_until, self._now() + seconds)
