"""Group commit (``ChatService(group_commit=True)``, SQLite): several steps, one COMMIT.

Steps queued while the SQLite worker is busy run in one transaction, each in a SAVEPOINT; the
guarantees of docs/runtime.md must hold unchanged: per-user order, dedupe, a failing step
rolled back alone (apology, recorded as failed), and nothing returned before it is durable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.service import ChatService
from bot.settings import Settings
from handlers.events import Event, TextIn
from handlers.prompts import Message
from handlers.state import ChatState
from tests.fakes.clock import FakeClock
from tests.integration.test_service_runtime import CountingEngine, CountOutcome


class FailingFor(CountingEngine):
    """The counting engine, but a text starting with ``boom`` raises (escapes the engine)."""

    def __call__(
        self, state: ChatState, event: Event, *, now: datetime, services: Any
    ) -> CountOutcome:
        assert isinstance(event, TextIn)
        if event.text.startswith("boom"):
            raise RuntimeError("step failed")
        return super().__call__(state, event, now=now, services=services)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'group.sqlite3'}"


@pytest.fixture
def service(url: str) -> Iterator[ChatService]:
    svc = ChatService(Settings(database_url=url), clock=FakeClock(), advance=FailingFor(),
                      services=object(), group_commit=True)
    commits: list[int] = []
    sa.event.listen(svc._engine, "commit", lambda conn: commits.append(1))
    svc.commits = commits  # type: ignore[attr-defined]
    yield svc
    svc.close()


def _count(url: str, sql: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(sql)).scalar_one())
    finally:
        engine.dispose()


async def test_many_users_share_commits_and_keep_order(service: ChatService, url: str) -> None:
    async def main() -> list[Any]:
        calls = [service.handle("console", f"u{u}", f"{u}-{i}", TextIn(f"u{u}:{i}"))
                 for i in range(10) for u in range(20)]
        return await asyncio.gather(*calls)

    replies = await main()
    assert all(r is not None and isinstance(r[0], Message) for r in replies)
    for u in range(20):
        state = await service.load_state("console", f"u{u}")
        assert state is not None
        # Each user's ten messages applied once each, in arrival order.
        assert state.history == [f"u{u}:{i}@{i}" for i in range(10)]
    # 200 steps in fewer transactions: steps queued behind a busy writer were grouped.
    assert len(service.commits) < 200  # type: ignore[attr-defined]
    assert _count(url, "SELECT count(*) FROM processed_update") == 200


async def test_a_failing_step_is_rolled_back_alone(service: ChatService, url: str) -> None:
    async def main() -> list[Any]:
        calls = [service.handle("console", f"v{u}", f"k{u}",
                                TextIn("boom" if u == 3 else f"v{u}:x")) for u in range(8)]
        return await asyncio.gather(*calls)

    replies = await main()
    apology = replies[3]
    assert apology is not None and "kesalahan" in apology[0].text
    for u in range(8):
        state = await service.load_state("console", f"v{u}")
        if u == 3:
            assert state is None  # nothing of the failed step was saved
        else:
            assert state is not None and state.history == [f"v{u}:x@0"]
    # The failed update is recorded as failed: a redelivery is not processed again.
    assert _count(url, "SELECT count(*) FROM processed_update WHERE status = 'failed'") == 1
    assert await service.handle("console", "v3", "k3", TextIn("v3:x")) is None


async def test_redelivery_gets_nothing_and_reply_comes_after_commit(
    service: ChatService, url: str
) -> None:
    async def main() -> list[Any]:
        first = await service.handle("console", "w", "same", TextIn("w:1"))
        # Durable before the reply came back: a separate connection already sees it.
        seen = _count(url, "SELECT count(*) FROM processed_update")
        again = await asyncio.gather(*(service.handle("console", "w", "same", TextIn("w:1"))
                                       for _ in range(3)))
        return [first, seen, again]

    first, seen, again = await main()
    assert first is not None and seen == 1
    assert again == [None, None, None]
    state = await service.load_state("console", "w")
    assert state is not None and state.history == ["w:1@0"]


async def test_erase_inside_a_batch_is_kept(url: str) -> None:
    """/hapus_data runs in a SAVEPOINT here: the erase must survive the group's COMMIT."""
    service = ChatService(Settings(database_url=url), clock=FakeClock(), group_commit=True)
    try:
        async def main() -> list[Any]:
            out = [await service.handle("whatsapp", "628111", f"w{i}", TextIn(text))
                   for i, text in enumerate(["ukom", "80", "hapus data"])]
            # The confirmation shares its batch with other users' steps.
            out += await asyncio.gather(
                service.handle("whatsapp", "628111", "w9", TextIn("Ya, hapus")),
                *(service.handle("whatsapp", f"62900{u}", f"o{u}", TextIn("ukom"))
                  for u in range(10)))
            return out

        replies = await main()
    finally:
        service.close()
    assert replies[3] is not None and "sudah dihapus" in replies[3][0].text
    assert _count(url, "SELECT count(*) FROM chat_user WHERE external_id = '628111'") == 0
    assert _count(url, "SELECT count(*) FROM chat_user") == 10
