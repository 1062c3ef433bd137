"""bot.keyed_lock.KeyedLock: order per key, independence across keys, cleanup, cancellation."""

from __future__ import annotations

import asyncio

import pytest

from bot.keyed_lock import KeyedLock


async def _settle() -> None:
    """Let every ready task run until it blocks again."""
    for _ in range(10):
        await asyncio.sleep(0)


async def test_turns_of_one_key_run_one_at_a_time_in_arrival_order() -> None:
    locks: KeyedLock[str] = KeyedLock()
    log: list[str] = []

    async def turn(n: int) -> None:
        async with locks.hold("u"):
            log.append(f"start {n}")
            for _ in range(3):  # yield inside the turn: others get every chance to cut in
                await asyncio.sleep(0)
            log.append(f"end {n}")

    tasks = []
    for n in range(20):
        tasks.append(asyncio.create_task(turn(n)))
        await asyncio.sleep(0)  # task n is waiting before task n + 1 exists
    await asyncio.gather(*tasks)
    assert log == [entry for n in range(20) for entry in (f"start {n}", f"end {n}")]


async def test_a_newcomer_does_not_overtake_waiters_when_the_lock_is_handed_over() -> None:
    locks: KeyedLock[str] = KeyedLock()
    order: list[str] = []
    release_first = await locks.acquire("u")

    async def turn(name: str) -> None:
        async with locks.hold("u"):
            order.append(name)

    waiting = asyncio.create_task(turn("waiting"))
    await _settle()
    release_first()
    # Released, but the waiter has not run yet: a turn arriving now must queue behind it.
    newcomer = asyncio.create_task(turn("newcomer"))
    await asyncio.gather(waiting, newcomer)
    assert order == ["waiting", "newcomer"]


async def test_keys_are_independent() -> None:
    locks: KeyedLock[tuple[str, str]] = KeyedLock()
    release_a = await locks.acquire(("telegram", "1"))
    done: list[tuple[str, str]] = []

    async def turn(key: tuple[str, str]) -> None:
        async with locks.hold(key):
            done.append(key)

    others = [asyncio.create_task(turn(("telegram", "2"))),
              asyncio.create_task(turn(("whatsapp", "1")))]
    await asyncio.wait_for(asyncio.gather(*others), timeout=5)
    assert done == [("telegram", "2"), ("whatsapp", "1")]  # while ("telegram", "1") is held
    blocked = asyncio.create_task(turn(("telegram", "1")))
    await _settle()
    assert not blocked.done()
    release_a()
    await asyncio.wait_for(blocked, timeout=5)


async def test_no_key_is_kept_once_its_turns_are_over() -> None:
    locks: KeyedLock[int] = KeyedLock()
    seen_inside: list[int] = []

    async def turn(key: int) -> None:
        async with locks.hold(key):
            seen_inside.append(len(locks))
            await asyncio.sleep(0)

    await asyncio.gather(*(turn(key % 50) for key in range(500)))
    assert max(seen_inside) == 50  # while busy: one lock per key, not per turn
    assert len(locks) == 0
    assert 7 not in locks


async def test_a_failing_turn_releases_and_leaves_nothing_behind() -> None:
    locks: KeyedLock[str] = KeyedLock()
    with pytest.raises(ZeroDivisionError):
        async with locks.hold("u"):
            assert "u" in locks
            raise ZeroDivisionError
    assert len(locks) == 0
    async with locks.hold("u"):  # not stuck
        pass


async def test_release_twice_releases_once() -> None:
    locks: KeyedLock[str] = KeyedLock()
    release_first = await locks.acquire("u")
    second = asyncio.create_task(locks.acquire("u"))
    await _settle()
    release_first()
    release_second = await asyncio.wait_for(second, timeout=5)
    release_first()  # a late second call must not end the second turn
    third = asyncio.create_task(locks.acquire("u"))
    await _settle()
    assert not third.done()
    release_second()
    (await asyncio.wait_for(third, timeout=5))()
    assert len(locks) == 0


async def test_a_cancelled_waiter_leaves_without_the_lock_and_without_blocking_others() -> None:
    locks: KeyedLock[str] = KeyedLock()
    order: list[str] = []
    release_first = await locks.acquire("u")

    async def turn(name: str) -> None:
        async with locks.hold("u"):
            order.append(name)

    cancelled = asyncio.create_task(turn("cancelled"))
    behind = asyncio.create_task(turn("behind"))
    await _settle()
    cancelled.cancel()
    await _settle()
    assert cancelled.cancelled()
    assert "u" in locks  # the holder and ``behind`` still count
    release_first()
    await asyncio.wait_for(behind, timeout=5)
    assert order == ["behind"]
    assert len(locks) == 0


async def test_a_waiter_cancelled_just_as_its_turn_came_hands_the_turn_on() -> None:
    locks: KeyedLock[str] = KeyedLock()
    order: list[str] = []
    release_first = await locks.acquire("u")

    async def turn(name: str) -> None:
        async with locks.hold("u"):
            order.append(name)

    woken = asyncio.create_task(turn("woken"))
    behind = asyncio.create_task(turn("behind"))
    await _settle()
    release_first()  # ``woken`` is chosen, but cancelled before it runs
    woken.cancel()
    await asyncio.wait_for(behind, timeout=5)
    assert woken.cancelled()
    assert order == ["behind"]
    assert len(locks) == 0


async def test_a_cancelled_holder_releases_its_key() -> None:
    locks: KeyedLock[str] = KeyedLock()
    entered = asyncio.Event()

    async def holder() -> None:
        async with locks.hold("u"):
            entered.set()
            await asyncio.Event().wait()  # until cancelled

    task = asyncio.create_task(holder())
    await entered.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(locks) == 0
    await asyncio.wait_for(locks.acquire("u"), timeout=5)
