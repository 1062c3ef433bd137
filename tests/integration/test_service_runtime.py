"""ChatService plumbing on real SQLite and PostgreSQL with a tiny counting engine.

The real engine is exercised in ``test_service.py``; here a deliberately trivial engine makes
the runtime's own guarantees observable: every step records what it saw, so a lost update or
two steps of one user running at once show up in the saved history.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.service import ChatService
from bot.settings import Settings
from handlers.events import Event, TextIn
from handlers.prompts import Message, Prompt
from handlers.state import ChatState
from storage import repo
from tests.fakes.clock import FakeClock


@dataclass
class CountOutcome:
    state: ChatState
    prompts: Sequence[Prompt]
    effects: Sequence[object] = ()
    errors: Sequence[tuple[str, BaseException]] = ()


@dataclass
class CountingEngine:
    """Appends each text to the history; tracks how many steps run at once per user."""

    pause: float = 0.0  # widens the race window; correctness never depends on it
    running: dict[str, int] = field(default_factory=dict)
    most_at_once: dict[str, int] = field(default_factory=dict)
    barrier: threading.Barrier | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(
        self, state: ChatState, event: Event, *, now: datetime, services: Any
    ) -> CountOutcome:
        assert isinstance(event, TextIn)
        who = str(state.answers.get("who", event.text.split(":")[0]))
        with self.lock:
            self.running[who] = self.running.get(who, 0) + 1
            self.most_at_once[who] = max(self.most_at_once.get(who, 0), self.running[who])
        try:
            if self.barrier is not None:
                self.barrier.wait(timeout=15)
            if self.pause:
                time.sleep(self.pause)
            new = state.clone()
            new.answers["who"] = who
            new.answers["count"] = int(new.answers.get("count", 0)) + 1
            new.history.append(f"{event.text}@{len(state.history)}")
            new.updated_at = now
            return CountOutcome(new, [Message(f"ke-{new.answers['count']}")])
        finally:
            with self.lock:
                self.running[who] -= 1


MakeService = Callable[[Any], ChatService]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_service(db_url: str, clock: FakeClock) -> Iterator[MakeService]:
    made: list[ChatService] = []

    def make(engine: Any) -> ChatService:
        service = ChatService(Settings(database_url=db_url), clock=clock, advance=engine)
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


async def _state(service: ChatService, channel: str, external_id: str) -> ChatState:
    state = await service.load_state(channel, external_id)
    assert state is not None
    return state


async def test_state_is_saved_after_every_step_with_the_clock_time(
    make_service: MakeService, clock: FakeClock
) -> None:
    service = make_service(CountingEngine())

    async def talk() -> list[list[Prompt] | None]:
        first = await service.handle("telegram", "7", "u1", TextIn("a"))
        clock.advance(timedelta(minutes=5))
        second = await service.handle("telegram", "7", "u2", TextIn("a"))
        return [first, second]

    assert await talk() == [[Message("ke-1")], [Message("ke-2")]]
    state = await _state(service, "telegram", "7")
    assert state.history == ["a@0", "a@1"]
    assert state.updated_at == clock()


async def test_twenty_concurrent_events_of_one_user_apply_one_at_a_time(
    make_service: MakeService,
) -> None:
    engine = CountingEngine(pause=0.002)
    service = make_service(engine)

    async def burst() -> list[list[Prompt] | None]:
        return await asyncio.gather(
            *(service.handle("telegram", "7", f"k{i}", TextIn(f"u7:{i}")) for i in range(20))
        )

    replies = await burst()
    counts = sorted(int(r[0].text.removeprefix("ke-")) for r in replies if r)  # type: ignore[union-attr]
    assert counts == list(range(1, 21))  # every step saw the previous one's saved state
    state = await _state(service, "telegram", "7")
    assert state.answers["count"] == 20
    # "@n" is the history length the step saw: 0..19 each exactly once = no lost update.
    assert sorted(int(h.split("@")[1]) for h in state.history) == list(range(20))
    assert sorted(h.split("@")[0] for h in state.history) == sorted(f"u7:{i}" for i in range(20))
    assert engine.most_at_once["u7"] == 1
    assert len(service._locks) == 0  # per-user locks are dropped once nobody waits


async def test_different_users_are_not_serialised_by_the_runtime(
    make_service: MakeService, db_url: str
) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("SQLite serialises all writers (BEGIN IMMEDIATE): one transaction at a time")
    # Both steps wait for each other inside the engine: serialised users would break the barrier.
    engine = CountingEngine(barrier=threading.Barrier(2))
    service = make_service(engine)

    async def two() -> list[list[Prompt] | None]:
        return list(await asyncio.gather(
            service.handle("telegram", "1", "a", TextIn("u1:x")),
            service.handle("telegram", "2", "b", TextIn("u2:x")),
        ))

    assert await two() == [[Message("ke-1")], [Message("ke-1")]]


async def test_a_redelivered_update_gets_none_and_changes_nothing(
    make_service: MakeService,
) -> None:
    service = make_service(CountingEngine())

    async def twice() -> list[list[Prompt] | None]:
        first = await service.handle("whatsapp", "628", "wamid.1", TextIn("a"))
        again = await service.handle("whatsapp", "628", "wamid.1", TextIn("a"))
        return [first, again]

    assert await twice() == [[Message("ke-1")], None]
    assert (await _state(service, "whatsapp", "628")).history == ["a@0"]


async def test_concurrent_redeliveries_are_processed_once(make_service: MakeService) -> None:
    service = make_service(CountingEngine(pause=0.01))

    async def burst() -> list[list[Prompt] | None]:
        return await asyncio.gather(
            *(service.handle("telegram", "9", "same", TextIn("a")) for _ in range(5))
        )

    replies = await burst()
    assert replies.count(None) == 4
    assert (await _state(service, "telegram", "9")).history == ["a@0"]


class Boom(RuntimeError):
    pass


async def test_storage_failure_gives_an_apology_and_marks_the_update_failed(
    make_service: MakeService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    service = make_service(CountingEngine())
    await service.handle("telegram", "7", "u1", TextIn("a"))

    def broken_save(*args: Any, **kwargs: Any) -> Any:
        raise Boom("disk on fire")

    monkeypatch.setattr(repo, "save_state", broken_save)
    monkeypatch.setattr(repo, "save_state_record", broken_save)
    reply = await service.handle("telegram", "7", "u2", TextIn("secret text"))
    assert reply is not None and len(reply) == 1 and isinstance(reply[0], Message)
    assert reply[0].text.startswith("Maaf, terjadi kesalahan")
    error_id = reply[0].text.split("(kode ")[1].split(")")[0]
    assert len(error_id) == 8
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None and logged[0].exc_info[0] is Boom
    assert all("secret text" not in r.getMessage() for r in caplog.records)
    monkeypatch.undo()

    assert (await _state(service, "telegram", "7")).history == ["a@0"]  # untouched
    with service.sessions() as s:
        status = s.connection().execute(
            sa.text("SELECT status FROM processed_update WHERE update_key = 'u2'")
        ).scalar_one()
    assert status == "failed"
    # The user simply sends again (a new update) and nothing was lost.
    again = await service.handle("telegram", "7", "u3", TextIn("b"))
    assert again == [Message("ke-2")]
    assert (await _state(service, "telegram", "7")).history == ["a@0", "b@1"]


async def test_an_engine_crash_is_an_apology_too(make_service: MakeService) -> None:
    def crash(state: ChatState, event: Event, *, now: datetime, services: Any) -> Any:
        raise ZeroDivisionError

    service = make_service(crash)
    reply = await service.handle("console", "me", None, TextIn("a"))
    assert reply is not None and isinstance(reply[0], Message) and "kode" in reply[0].text
    assert await service.load_state("console", "me") is None


async def test_errors_reported_by_the_engine_are_logged_with_an_id(
    make_service: MakeService, caplog: pytest.LogCaptureFixture
) -> None:
    def with_error(state: ChatState, event: Event, *, now: datetime, services: Any) -> Any:
        return CountOutcome(state.clone(), [Message("ok")], errors=[("abcd1234", KeyError("x"))])

    service = make_service(with_error)
    assert await service.handle("console", "me", None, TextIn("a")) == [Message("ok")]
    assert any(
        "abcd1234" in r.getMessage() and r.exc_info and r.exc_info[0] is KeyError
        for r in caplog.records
    )


async def test_a_cancelled_caller_keeps_the_user_locked_until_the_step_ends(
    make_service: MakeService,
) -> None:
    gate = threading.Event()

    def slow(state: ChatState, event: Event, *, now: datetime, services: Any) -> Any:
        gate.wait(timeout=15)
        new = state.clone()
        new.history.append(event.text)  # type: ignore[union-attr]
        return CountOutcome(new, [Message(event.text)])  # type: ignore[union-attr]

    service = make_service(slow)

    async def scenario() -> list[Prompt] | None:
        first = asyncio.create_task(service.handle("telegram", "7", "a", TextIn("first")))
        await asyncio.sleep(0.05)
        first.cancel()
        second = asyncio.create_task(service.handle("telegram", "7", "b", TextIn("second")))
        await asyncio.sleep(0.05)
        assert not second.done()  # still waiting for the first worker thread
        gate.set()
        return await second

    assert await scenario() == [Message("second")]
    assert (await _state(service, "telegram", "7")).history == ["first", "second"]


async def test_the_event_loop_stays_free_while_a_step_runs(make_service: MakeService) -> None:
    gate = threading.Event()

    def waits_for_the_loop(state: ChatState, event: Event, *, now: datetime,
                           services: Any) -> CountOutcome:
        # Only the event loop can open the gate: a step run on the loop would time out here.
        if not gate.wait(timeout=15):
            raise TimeoutError("the event loop was blocked by the step")
        return CountOutcome(state.clone(), [Message("ok")])

    service = make_service(waits_for_the_loop)

    async def scenario() -> list[Prompt] | None:
        task = asyncio.create_task(service.handle("telegram", "7", "a", TextIn("x")))
        await asyncio.sleep(0)  # the task starts and hands its work to a thread
        gate.set()
        return await task

    assert await scenario() == [Message("ok")]
