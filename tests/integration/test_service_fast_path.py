"""The fast path of ``ChatService``: inline SQLite steps and the cached user ids.

``sqlite_inline=True`` (what ``python -m bot telegram`` uses) must keep every guarantee of the
worker-thread mode; the user-id cache must never outlive the user it points to.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.service import ChatService
from bot.settings import Settings
from handlers.events import TextIn
from handlers.prompts import Message
from storage import repo
from tests.fakes.clock import FakeClock
from tests.integration.test_service_runtime import CountingEngine


@pytest.fixture
def inline(tmp_path: Path) -> Iterator[ChatService]:
    service = ChatService(Settings(database_url=f"sqlite:///{tmp_path}/fast.sqlite3"),
                          clock=FakeClock(), advance=CountingEngine(), sqlite_inline=True)
    yield service
    service.close()


async def _history(service: ChatService, external_id: str) -> list[str]:
    state = await service.load_state("telegram", external_id)
    assert state is not None
    return list(state.history)


async def test_inline_steps_of_one_user_run_in_order_and_redeliveries_are_dropped(
    inline: ChatService,
) -> None:
    async def burst() -> list[object]:
        texts = [inline.handle("telegram", "7", f"u{i}", TextIn(f"m{i}")) for i in range(20)]
        again = inline.handle("telegram", "7", "u3", TextIn("m3"))
        return list(await asyncio.gather(*texts, again))

    replies = await burst()
    assert replies[-1] is None  # the redelivered u3
    assert await _history(inline, "7") == [f"m{i}@{i}" for i in range(20)]


async def test_inline_storage_failure_is_an_apology_and_the_update_is_failed(
    inline: ChatService, monkeypatch: pytest.MonkeyPatch
) -> None:
    await inline.handle("telegram", "7", "u1", TextIn("a"))

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(repo, "save_state", broken)
    monkeypatch.setattr(repo, "save_state_record", broken)
    reply = await inline.handle("telegram", "7", "u2", TextIn("b"))
    monkeypatch.undo()
    assert reply is not None and isinstance(reply[0], Message)
    assert reply[0].text.startswith("Maaf, terjadi kesalahan")
    assert await _history(inline, "7") == ["a@0"]
    with inline.sessions() as s:
        status = s.connection().execute(
            sa.text("SELECT status FROM processed_update WHERE update_key = 'u2'")).scalar_one()
    assert status == "failed"
    assert await inline.handle("telegram", "7", "u2", TextIn("b")) is None


async def test_a_cached_user_id_is_checked_again_after_another_process_erased_the_user(
    db_url: str,
) -> None:
    service = ChatService(Settings(database_url=db_url), clock=FakeClock(),
                          advance=CountingEngine())
    try:
        await service.handle("telegram", "7", "u1", TextIn("a"))
        # Another process erases the user (this service's cache still holds the old id).
        with service.sessions() as s:
            user = repo.get_or_create_user(s, "telegram", "7", touch=False)
            assert user.id is not None
            repo.erase_user(s, user.id)
            s.commit()
        await service.handle("telegram", "7", "u2", TextIn("b"))
        assert await _history(service, "7") == ["b@0"]  # a fresh user, not a write to a dead id
    finally:
        service.close()
