"""The real ``ChatService`` for end-to-end tests: a fresh database, admins, a FakeClock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.service import ChatService
from bot.settings import Settings
from tests.fakes.clock import FakeClock


@contextmanager
def chat_service(db_url: str, *admins: str) -> Iterator[ChatService]:
    """Yield the service; its clock is ``service.test_clock``."""
    clock = FakeClock()
    svc = ChatService(Settings(database_url=db_url, admin_ids=list(admins)), clock=clock)
    svc.test_clock = clock  # type: ignore[attr-defined]
    try:
        yield svc
    finally:
        svc.close()
