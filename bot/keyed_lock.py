"""One ``asyncio.Lock`` per key (a user, a chat): turns of one key run one at a time, in order.

``ChatService`` (per channel and user), the Telegram adapter (per chat) and the WhatsApp
adapter (per user) all serialise a user's updates with ``KeyedLock``. Per key the turns run
in arrival order (``asyncio.Lock`` wakes its waiters first in, first out and lets no newcomer
overtake them); different keys never wait for each other. A key's lock exists only while a
turn holds or waits for it, so a process that has seen a million users keeps no million
locks. A waiter that is cancelled leaves without taking the lock and without stranding the
ones behind it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class _Entry:
    """A key's lock and how many turns hold or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class KeyedLock(Generic[K]):
    """Per-key mutual exclusion in one event loop; a key's lock is dropped when unused."""

    def __init__(self) -> None:
        self._entries: dict[K, _Entry] = {}

    async def acquire(self, key: K) -> Callable[[], None]:
        """Wait for ``key``'s turn; return the function that ends it (calling it twice is safe).

        For a turn that ends elsewhere than where it began (``ChatService`` releases when its
        worker thread finishes, even if the awaiting task was cancelled); ``hold`` otherwise.
        """
        entry = self._entries.get(key)
        if entry is None:
            entry = self._entries[key] = _Entry()
        entry.users += 1
        try:
            await entry.lock.acquire()
        except BaseException:
            self._leave(key, entry)
            raise
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                entry.lock.release()
                self._leave(key, entry)

        return release

    @asynccontextmanager
    async def hold(self, key: K) -> AsyncIterator[None]:
        """``async with locks.hold(key):`` the block runs as ``key``'s only turn."""
        release = await self.acquire(key)
        try:
            yield
        finally:
            release()

    def _leave(self, key: K, entry: _Entry) -> None:
        entry.users -= 1
        if entry.users == 0:
            del self._entries[key]

    def __len__(self) -> int:
        """How many keys have a turn running or waiting (0 when idle: nothing is kept)."""
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        """True while ``key`` has a turn running or waiting."""
        return key in self._entries
