"""Stopping the dispatcher mid-batch (bot.dispatch, storage.reminder_claims.release_claims).

Real SQLite and PostgreSQL ledgers, virtual time. A stop requested after the 3rd send gives the
other claims back at once; a cancel (a stop that could not wait) gives back every claim whose
send had not begun and keeps the lease only on the one being sent.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.pacer import Pacer
from bot.senders import Slot
from handlers.domain.records import DueReminder
from handlers.prompts import Prompt
from storage import reminder_claims
from storage.reminder_claims import Claimed
from tests.fakes.clock import FakeClock
from tests.integration.test_dispatch import (
    RecordingSender,
    _dispatcher,
    _in,
    _plan,
    _statuses,
    _user,
)

Sessions = sessionmaker[Session]


def _ten_due(sessions: Sessions, clock: FakeClock) -> None:
    for i in range(10):
        _plan(sessions, _user(sessions, str(900 + i)), "pribadi", "p",
              clock() - timedelta(minutes=1), title="t")


def _claimable_now(sessions: Sessions, clock: FakeClock) -> int:
    return len(_in(sessions, lambda s: reminder_claims.claim_due(s, clock(), "other:1")))


async def test_a_requested_stop_sends_no_more_and_gives_the_rest_back(
    db_sessions: Sessions,
) -> None:
    """Stop after the 3rd send: 3 sent, 7 pending at once with their attempt given back."""
    clock = FakeClock()
    _ten_due(db_sessions, clock)
    sender = RecordingSender(clock=clock)
    dispatcher = _dispatcher(db_sessions, clock, sender)

    def stop_at_third(_: Claimed) -> None:
        if len(sender.sent) == 2:  # this is the 3rd send
            dispatcher.request_stop()

    sender.on_send = stop_at_third
    report = await dispatcher.run_once()
    assert report.sent == 3 and len(sender.sent) == 3
    statuses = sorted(v[0] for v in _statuses(db_sessions).values())
    assert statuses == ["pending"] * 7 + ["sent"] * 3
    assert {v[2] for v in _statuses(db_sessions).values() if v[0] == "pending"} == {0}
    assert _claimable_now(db_sessions, clock) == 7  # no lease to wait for


class HangingSender(RecordingSender):
    """Sends the first ``sends`` deliveries, then hangs inside the next send (after its slot)."""

    def __init__(self, sends: int, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sends = sends
        self.hanging = asyncio.Event()

    async def send(self, claimed: Claimed, due: DueReminder, prompts: list[Prompt],
                   slot: Slot) -> None:
        if len(self.sent) == self.sends:
            await slot(claimed.external_id)
            self.hanging.set()
            await asyncio.Event().wait()  # the HTTP call that never returns
        await super().send(claimed, due, prompts, slot)


async def test_a_cancel_mid_send_keeps_only_that_lease(db_sessions: Sessions) -> None:
    """Cancelled inside the 3rd send: 2 sent, that one still claimed, 7 claimable now."""
    clock = FakeClock()
    _ten_due(db_sessions, clock)
    sender = HangingSender(2, clock=clock)

    async def scenario() -> None:
        task = asyncio.create_task(_dispatcher(db_sessions, clock, sender).run_once())
        await sender.hanging.wait()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    await scenario()
    statuses = sorted(v[0] for v in _statuses(db_sessions).values())
    assert statuses == ["claimed"] + ["pending"] * 7 + ["sent"] * 2
    assert _claimable_now(db_sessions, clock) == 7


async def test_a_cancel_while_waiting_for_the_pacer_gives_that_claim_back(
        db_sessions: Sessions) -> None:
    """One chat, 1 message per 60 s: cancelled in the pacer wait, nothing is left claimed."""
    clock = FakeClock()
    uid = _user(db_sessions, "990")
    for j in range(3):
        _plan(db_sessions, uid, "pribadi", f"p{j}", clock() - timedelta(minutes=1), title="t")
    waiting = asyncio.Event()

    async def slow_sleep(seconds: float) -> None:
        waiting.set()
        await asyncio.Event().wait()  # a long flood-control pause

    pacer = Pacer(25, 60.0, clock=clock, sleep=slow_sleep)
    sender = RecordingSender(pacer=pacer, clock=clock)

    async def scenario() -> None:
        task = asyncio.create_task(_dispatcher(db_sessions, clock, sender).run_once())
        await waiting.wait()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    await scenario()
    assert len(sender.sent) == 1
    statuses = sorted(v[0] for v in _statuses(db_sessions).values())
    assert statuses == ["pending", "pending", "sent"]
