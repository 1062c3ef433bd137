"""A clock tests can set and move: pass ``FakeClock()`` where the runtime takes ``clock``."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

DEFAULT_START = datetime(2027, 4, 1, 8, 0, tzinfo=UTC)


class FakeClock:
    """Returns a fixed timezone-aware time until moved with ``advance`` or ``set``."""

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")
        self._now = start
        self._lock = threading.Lock()  # the runtime reads the clock from worker threads

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta``; return the new time."""
        with self._lock:
            self._now += delta
            return self._now

    def set(self, when: datetime) -> None:
        """Jump to ``when`` (timezone-aware)."""
        if when.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware time")
        with self._lock:
            self._now = when
