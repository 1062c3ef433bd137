"""Claim due reminder deliveries, send them through the channel senders, record outcomes.

``Dispatcher.run_once`` loops ``claim_due`` (its own short transaction, committed before
anything is sent) until nothing is due, claiming only deliveries of the channels it has
senders for (a Telegram process leaves WhatsApp and console deliveries to their processes);
each claimed delivery becomes a ``DueReminder``, its prompts come from
``handlers.reminders.messages.reminder_prompts`` and its channel's sender delivers them,
paced (``bot.pacer``). Outcomes follow docs/reminders.md:

- sent → ``mark_sent``; 429 → the sender pauses and ``retry_later`` (no attempt used);
- blocked → ``set_user_blocked`` + ``mark_failed(permanent)``; timeout/5xx/network →
  ``mark_failed`` with back-off; an inactive user → ``mark_failed(permanent, user_inactive)``.

Exactly once across a SIGKILL: the "sent" marks are committed before the pacer sleeps, before
the next send whenever the clock moved since the last mark (a real send takes real time, so
with real pacing every mark is committed before the next message leaves), and at the end of
every batch. An instantaneous fake sender on virtual time thus gets one commit per batch. The
remaining window is the one HTTP call between the channel accepting a message and its mark
(docs/reminders_ledger.md, "Limits"). Message text is never logged.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.pacer import Clock, Pacer, Sleep
from bot.senders import (
    Blocked,
    Permanent,
    Queued,
    RateLimited,
    Sender,
    SendError,
    Transient,
    Unroutable,
)
from handlers.domain.records import DueReminder
from handlers.prompts import Prompt
from storage import reminder_claims, repo
from storage.db import session_scope
from storage.reminder_claims import Claimed

log = logging.getLogger("bot.dispatch")

T = TypeVar("T")
PromptBuilder = Callable[[DueReminder], list[Prompt]]

BATCH_SIZE = 100
LEASE = reminder_claims.DEFAULT_LEASE
# A delivery this process has no sender for waits this long for a process that has one.
DEFER = timedelta(minutes=15)
CONSOLE = "console"


def default_worker_id() -> str:
    """``host:pid``: unique per process, readable in ``claimed_by``."""
    return f"{socket.gethostname()[:48]}:{os.getpid()}"


def default_prompts(due: DueReminder) -> list[Prompt]:
    """The reminder's prompts (``handlers.reminders.messages.reminder_prompts``)."""
    from handlers.reminders.messages import reminder_prompts

    return list(reminder_prompts(due))


def due_reminder(claimed: Claimed) -> DueReminder:
    """The message-side view of a claimed delivery."""
    return DueReminder(
        delivery_id=claimed.delivery_id,
        kind=claimed.kind,
        title=claimed.title,
        occurrence=claimed.occurrence,
        send_at=claimed.due_at,
        event_at=claimed.reminder_due_at,
        timezone=claimed.timezone,
        late=claimed.late,
        detail=claimed.detail,
    )


@dataclass
class DispatchReport:
    """Counts of one ``run_once``: sent, retried later, failed for good, blocked users."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    deferred: int = 0  # no sender for the channel in this process (or another console user)
    lost_claims: int = 0  # marks refused: the lease had passed to another worker

    def add(self, other: DispatchReport) -> None:
        """Add ``other``'s counts to this report."""
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


class Dispatcher:
    """Claim → send → mark, paced per channel; see the module docstring."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        senders: Mapping[str, Sender] | Iterable[Sender],
        *,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        worker_id: str | None = None,
        batch_size: int = BATCH_SIZE,
        lease: timedelta = LEASE,
        prompts: PromptBuilder = default_prompts,
        inline_db: bool = False,
        defer: timedelta = DEFER,
    ) -> None:
        self.sessions = sessions
        self.senders: dict[str, Sender] = (
            dict(senders) if isinstance(senders, Mapping) else {s.channel: s for s in senders})
        self.clock = clock
        self.sleep = sleep
        self.worker_id = worker_id or default_worker_id()
        self.batch_size = batch_size
        self.lease = lease
        self.prompts = prompts
        self.inline_db = inline_db
        self.defer = defer
        self._pending: list[int] = []
        self._pending_since: datetime | None = None
        self._report = DispatchReport()
        self._blocked: set[int] = set()  # users found blocked during this run
        self._stopping = False
        self._sending = False  # the current delivery passed its first slot: it may be out

    # -- database ------------------------------------------------------------------------
    async def _db(self, work: Callable[[Session], T]) -> T:
        def run() -> T:
            with session_scope(self.sessions) as session:
                return work(session)

        if self.inline_db:
            return run()
        return await asyncio.to_thread(run)

    async def _flush(self) -> None:
        """Commit the "sent" marks recorded so far."""
        if not self._pending:
            return
        ids, self._pending = self._pending, []
        self._pending_since = None
        now = self.clock()
        marked = await self._db(
            lambda s: reminder_claims.mark_sent(s, ids, self.worker_id, now))
        if marked < len(ids):
            self._report.lost_claims += len(ids) - marked
            log.warning("mark_sent: %d of %d deliveries were no longer claimed by %s",
                        len(ids) - marked, len(ids), self.worker_id)

    async def _slot(self, pacer: Pacer | None, chat: str) -> None:
        # Time passed since the last mark (a real send): commit before the next send.
        if self._pending and self._pending_since is not None \
                and self.clock() != self._pending_since:
            await self._flush()
        if pacer is not None:
            await pacer.acquire(chat, before_wait=self._flush)

    def request_stop(self) -> None:
        """Stop after the delivery being sent; the rest of the claimed batch is given back."""
        self._stopping = True

    async def _release(self, unsent: list[Claimed]) -> None:
        """Give unsent claims back at once (due now) instead of leaving them to the lease."""
        if not unsent:
            return
        ids = [claimed.delivery_id for claimed in unsent]
        now = self.clock()
        released = await self._db(
            lambda s: reminder_claims.release_claims(s, ids, self.worker_id, now))
        log.info("reminders: %d unsent claim(s) given back", released)

    # -- outcomes ------------------------------------------------------------------------
    async def _fail(self, claimed: Claimed, code: str, *, permanent: bool = False,
                    block: bool = False) -> None:
        now = self.clock()
        pending, self._pending = self._pending, []
        self._pending_since = None

        def work(s: Session) -> str | None:
            if pending:
                reminder_claims.mark_sent(s, pending, self.worker_id, now)
            if block:
                repo.set_user_blocked(s, claimed.user_id, True, now=now)
            return reminder_claims.mark_failed(s, claimed.delivery_id, self.worker_id, now, code,
                                               permanent=permanent)

        status = await self._db(work)
        if block:
            self._report.blocked += 1
        elif status == "pending":
            self._report.retried += 1
        else:
            self._report.failed += 1

    async def _later(self, claimed: Claimed, code: str, seconds: float,
                     deferred: bool = False) -> None:
        now = self.clock()
        retry_at = now + timedelta(seconds=seconds)
        pending, self._pending = self._pending, []
        self._pending_since = None

        def work(s: Session) -> bool:
            if pending:
                reminder_claims.mark_sent(s, pending, self.worker_id, now)
            return reminder_claims.retry_later(s, claimed.delivery_id, self.worker_id, now,
                                               retry_at, code)

        await self._db(work)
        if deferred:
            self._report.deferred += 1
        else:
            self._report.retried += 1

    # -- one delivery ----------------------------------------------------------------------
    async def _deliver(self, claimed: Claimed) -> None:
        if not claimed.user_active or claimed.user_id in self._blocked:
            await self._fail(claimed, "user_inactive", permanent=True)
            return
        sender = self.senders.get(claimed.channel)
        if sender is None:
            if claimed.channel == CONSOLE:
                await self._fail(claimed, "console_no_push", permanent=True)
            else:
                await self._later(claimed, f"no_sender_{claimed.channel}"[:64],
                                  self.defer.total_seconds(), deferred=True)
            return
        try:
            due = due_reminder(claimed)
            prompts = self.prompts(due)
        except Exception:  # noqa: BLE001 - a bad row must not stop the others
            log.exception("reminder %d: building the message failed", claimed.delivery_id)
            await self._fail(claimed, "build_error")
            return
        async def slot(chat: str) -> None:
            await self._slot(sender.pacer, chat)
            self._sending = True

        try:
            await sender.send(claimed, due, prompts, slot)
        except Exception as exc:  # noqa: BLE001 - mapped onto the ledger in _settle
            await self._settle(claimed, sender, exc)
        else:
            await self._settle(claimed, sender, None)

    async def _settle(self, claimed: Claimed, sender: Sender, error: BaseException | None
                      ) -> None:
        """Record one delivery's outcome: sent (``error`` None) or the error's rule."""
        pacer = sender.pacer
        if error is None:
            self._pending.append(claimed.delivery_id)
            self._pending_since = self.clock()
            self._report.sent += 1
        elif isinstance(error, RateLimited):
            if pacer is not None:
                pacer.pause_for(max(error.retry_after, 1.0))
            log.info("%s: flood control, pausing %.1f s", sender.channel, error.retry_after)
            await self._later(claimed, error.code, max(error.retry_after, 1.0))
        elif isinstance(error, Queued):
            wait = (error.until - self.clock()).total_seconds()
            await self._later(claimed, error.code, max(wait, 1.0), deferred=True)
        elif isinstance(error, Blocked):
            self._blocked.add(claimed.user_id)
            await self._fail(claimed, error.code, permanent=True, block=True)
        elif isinstance(error, Permanent):
            await self._fail(claimed, error.code, permanent=True)
        elif isinstance(error, Unroutable):
            await self._later(claimed, error.code, self.defer.total_seconds(), deferred=True)
        elif isinstance(error, Transient | SendError):
            await self._fail(claimed, error.code)
        else:  # unexpected: retry with back-off
            log.error("reminder %d: unexpected %s while sending", claimed.delivery_id,
                      type(error).__name__)
            await self._fail(claimed, "unexpected")

    async def _deliver_merged(self, group: list[Claimed]) -> None:
        """One user's deliveries due in the same minute, through the sender's send_group."""
        sender = self.senders[group[0].channel]
        items = []
        for claimed in group:
            try:
                due = due_reminder(claimed)
                items.append((claimed, due, self.prompts(due)))
            except Exception:  # noqa: BLE001 - a bad row must not stop the others
                log.exception("reminder %d: building the message failed", claimed.delivery_id)
                await self._fail(claimed, "build_error")
        if not items:
            return

        async def slot(chat: str) -> None:
            await self._slot(sender.pacer, chat)
            self._sending = True

        try:
            refused = await sender.send_group(items, slot)  # type: ignore[attr-defined]
        except Exception as exc:  # noqa: BLE001 - every delivery of the group shares it
            refused = {claimed.delivery_id: exc for claimed, _, _ in items}
        for claimed, _, _ in items:
            await self._settle(claimed, sender, refused.get(claimed.delivery_id))

    def _same_minute(self, first: Claimed, batch: list[Claimed]) -> list[Claimed]:
        """``first`` and the batch's other claims of its user due in the same minute
        (taken out of ``batch``) when its sender merges; else just ``first``."""
        sender = self.senders.get(first.channel)
        if sender is None or not getattr(sender, "merges", False) or not first.user_active \
                or first.user_id in self._blocked:
            return [first]
        minute = first.due_at.replace(second=0, microsecond=0)
        group = [first] + [c for c in batch if c.user_id == first.user_id
                           and c.due_at.replace(second=0, microsecond=0) == minute]
        for claimed in group[1:]:
            batch.remove(claimed)
        return group

    def _next(self, batch: list[Claimed]) -> Claimed:
        """The claim whose chat can be sent to soonest (first in order on ties)."""
        best, best_wait = 0, float("inf")
        for index, claimed in enumerate(batch):
            sender = self.senders.get(claimed.channel)
            pacer = sender.pacer if sender is not None else None
            idle = not claimed.user_active or claimed.user_id in self._blocked
            wait = 0.0 if pacer is None or idle \
                else pacer.delay(claimed.external_id)
            if wait <= 0:
                best = index
                break
            if wait < best_wait:
                best, best_wait = index, wait
        return batch.pop(best)

    # -- the job ----------------------------------------------------------------------------
    async def run_once(self, now: datetime | None = None) -> DispatchReport:
        """Send everything due (claiming in batches until none is left); return the counts."""
        self._report = DispatchReport()
        self._blocked = set()
        claim_at = now or self.clock()
        while True:
            at = claim_at

            def claim(s: Session, at: datetime = at) -> list[Claimed]:
                return reminder_claims.claim_due(s, at, self.worker_id, self.batch_size, self.lease,
                                                 channels=sorted(self.senders))

            batch = await self._db(claim)
            if not batch:
                break
            current: list[Claimed] = []
            try:
                while batch and not self._stopping:
                    current = self._same_minute(self._next(batch), batch)
                    self._sending = False
                    if len(current) > 1:
                        await self._deliver_merged(current)
                    else:
                        await self._deliver(current[0])
                    current = []
            finally:
                # Also when cancelled (a stop that could not wait): the sent marks first,
                # then every claim not sent is given back; one whose send had begun keeps
                # its lease (it may have reached the user).
                await self._flush()
                await self._release(batch + ([] if self._sending else current))
            if self._stopping:
                break
            claim_at = max(self.clock(), claim_at)
        report = self._report
        if report.sent or report.failed or report.retried or report.blocked:
            log.info("reminders: sent %d, retried %d, failed %d, blocked %d, deferred %d",
                     report.sent, report.retried, report.failed, report.blocked,
                     report.deferred)
        return report
