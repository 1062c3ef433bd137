"""Clock leadership (``bot.leader``): one holder of the advisory lock, take-over, SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.leader import Leadership


def _elect(url: str, events: list[str], name: str) -> Leadership:
    return Leadership(url, on_gain=lambda: events.append(f"{name}+"),
                      on_loss=lambda: events.append(f"{name}-"), retry=0.1, name=name)


async def test_one_leader_and_take_over_when_it_goes(postgres_module_db: str) -> None:
    async def scenario() -> list[str]:
        events: list[str] = []
        a, b = _elect(postgres_module_db, events, "a"), _elect(postgres_module_db, events, "b")
        stop_a, stop_b = asyncio.Event(), asyncio.Event()
        task_a = asyncio.create_task(a.run(stop_a))
        await asyncio.sleep(0.5)
        task_b = asyncio.create_task(b.run(stop_b))
        await asyncio.sleep(0.5)
        assert a.leading and not b.leading
        # The leader's lock connection dies (as with a SIGKILL): b takes over, a notices.
        assert a._conn is not None
        await asyncio.to_thread(a._conn.close)
        for _ in range(50):
            if b.leading:
                break
            await asyncio.sleep(0.1)
        assert b.leading
        await asyncio.sleep(0.3)
        assert not a.leading  # it saw the connection fail and competes again
        stop_a.set()
        stop_b.set()
        await asyncio.gather(task_a, task_b)
        return events

    events = await asyncio.wait_for(scenario(), 30)
    assert events[:3] == ["a+", "b+", "a-"] or events[:3] == ["a+", "a-", "b+"]
    assert events[-1] == "b-"


async def test_sqlite_leads_at_once(tmp_path: Path) -> None:
    async def scenario() -> list[str]:
        events: list[str] = []
        solo = _elect(f"sqlite:///{tmp_path / 'x.sqlite3'}", events, "solo")
        stop = asyncio.Event()
        task = asyncio.create_task(solo.run(stop))
        await asyncio.sleep(0.1)
        assert solo.leading
        stop.set()
        await task
        return events

    assert await scenario() == ["solo+", "solo-"]
