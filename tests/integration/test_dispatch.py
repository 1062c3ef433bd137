"""The dispatcher (bot.dispatch) on real SQLite and PostgreSQL with a recording sender.

Time is virtual: a ``FakeClock`` and a ``sleep`` that moves it, so pacing is measured
without waiting. The ledger rows are real; the prompts come from the real
``handlers.reminders.messages``.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.dispatch import Dispatcher
from bot.pacer import Pacer
from bot.senders import Blocked, Slot, Transient
from bot.senders.console import ConsoleSender
from handlers.domain.records import DueReminder
from handlers.prompts import Message, Prompt, Question
from storage import reminder_plans, repo
from storage.db import session_scope
from storage.models import ChatUser, Delivery
from storage.reminder_claims import Claimed
from tests.fakes.clock import FakeClock

T = TypeVar("T")
Sessions = sessionmaker[Session]
WITA = ZoneInfo("Asia/Makassar")


def _in(sessions: Sessions, work: Callable[[Session], T]) -> T:
    with session_scope(sessions) as session:
        return work(session)


def _user(sessions: Sessions, external_id: str, channel: str = "telegram",
          seen: datetime | None = None) -> int:
    def work(s: Session) -> int:
        user_id = repo.get_or_create_user(s, channel, external_id, now=seen).id
        assert user_id is not None
        return user_id

    return _in(sessions, work)


def _plan(sessions: Sessions, user_id: int, kind: str, key: str, due: datetime,
          zone: str = "Asia/Jakarta", title: str | None = None,
          skip_before: datetime | None = None) -> int:
    def work(s: Session) -> int:
        reminder = reminder_plans.save_reminder(s, user_id, kind, key, due, timezone=zone,
                                                title=title)
        return reminder_plans.materialise(s, reminder, skip_before=skip_before)

    return _in(sessions, work)


def _statuses(sessions: Sessions) -> dict[int, tuple[str, str | None, int]]:
    def work(s: Session) -> dict[int, tuple[str, str | None, int]]:
        d = Delivery.__table__  # type: ignore[attr-defined]
        rows = s.execute(sa.select(d.c.id, d.c.status, d.c.last_error, d.c.attempts)).all()
        return {r.id: (r.status, r.last_error, r.attempts) for r in rows}

    return _in(sessions, work)


@dataclass
class Sent:
    """One recorded send."""

    at: datetime
    chat: str
    due: DueReminder
    prompts: list[Prompt]

    @property
    def text(self) -> str:
        """All prompt texts joined."""
        return "\n".join(p.text for p in self.prompts if isinstance(p, Message | Question))


class RecordingSender:
    """Records every send; ``fail`` maps chat → exception to raise instead."""

    def __init__(self, channel: str = "telegram", pacer: Pacer | None = None,
                 clock: FakeClock | None = None,
                 on_send: Callable[[Claimed], None] | None = None) -> None:
        self.channel = channel
        self.pacer = pacer
        self.clock = clock or FakeClock()
        self.sent: list[Sent] = []
        self.fail: dict[str, Exception] = {}
        self.on_send = on_send

    async def send(self, claimed: Claimed, due: DueReminder, prompts: list[Prompt],
                   slot: Slot) -> None:
        await slot(claimed.external_id)
        if self.on_send is not None:
            self.on_send(claimed)
        if claimed.external_id in self.fail:
            raise self.fail[claimed.external_id]
        self.sent.append(Sent(self.clock(), claimed.external_id, due, prompts))


def _virtual(clock: FakeClock) -> Callable[[float], asyncio.Future[None]]:
    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    return sleep  # type: ignore[return-value]


def _dispatcher(sessions: Sessions, clock: FakeClock, *senders: object,
                **kwargs: object) -> Dispatcher:
    return Dispatcher(sessions, list(senders), clock=clock, sleep=_virtual(clock),  # type: ignore[arg-type]
                      worker_id="test:1", inline_db=True, **kwargs)  # type: ignore[arg-type]


def _local(day: datetime, hour: int = 9, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute, tzinfo=WITA).astimezone(UTC)


async def test_every_kind_goes_out_on_its_day_at_nine_local(db_sessions: Sessions) -> None:
    """Each kind's offsets fire on the right local day at 09.00 WITA, not a minute before."""
    start = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    clock = FakeClock(start)
    user = _user(db_sessions, "501", seen=start)
    deadline = _local(datetime(2027, 3, 20))
    expiry = _local(datetime(2027, 3, 31))
    planned = {
        ("ukom_pendaftaran", "ukom:1:daftar:2027-03-20"): (deadline, (14, 7, 1)),
        ("ukom_ujian", "ukom:1:ujian:2027-03-25"): (_local(datetime(2027, 3, 25)), (1,)),
        ("rekomendasi", "rekomendasi:2027-03-31"): (expiry, (90, 30)),
        ("angka_kredit", "ak:capai:III/b:2027-02-10"): (_local(datetime(2027, 2, 10)), (0,)),
        ("predikat_tahunan", "predikat:2026"): (_local(datetime(2027, 1, 15)), (0,)),
        ("pribadi", "pribadi:1"): (_local(datetime(2027, 2, 3), 14, 30), (0,)),
    }
    for (kind, key), (due, _offsets) in planned.items():
        title = "kirim berkas" if kind == "pribadi" else None
        _plan(db_sessions, user, kind, key, due, zone="Asia/Makassar", title=title)
    expected = sorted(
        (due - timedelta(days=days), kind)
        for (kind, _key), (due, offsets) in planned.items() for days in offsets
    )
    sender = RecordingSender(clock=clock)
    dispatcher = _dispatcher(db_sessions, clock, sender)

    async def walk() -> None:
        for when, _kind in expected:
            clock.set(when - timedelta(minutes=1))
            report = await dispatcher.run_once()
            assert report.sent == 0, f"something went out before {when}"
            clock.set(when)
            await dispatcher.run_once()

    await walk()
    got = [(s.at, s.due.kind) for s in sender.sent]
    assert got == expected
    for sent in sender.sent:
        local = sent.at.astimezone(WITA)
        if sent.due.kind != "pribadi":
            assert (local.hour, local.minute) == (9, 0)
        assert not sent.due.late
        assert "terlambat" not in sent.text
        assert sent.prompts, "every reminder has prompts"
    # D-14 of the registration deadline: 6 March 2027 local.
    first_ukom = next(s for s in sender.sent if s.due.kind == "ukom_pendaftaran")
    assert first_ukom.at.astimezone(WITA).date().isoformat() == "2027-03-06"
    assert first_ukom.due.occurrence == "D-14"
    assert all(v[0] == "sent" for v in _statuses(db_sessions).values())


async def test_after_downtime_due_sends_go_out_late_with_the_late_wording(
        db_sessions: Sessions) -> None:
    """Deliveries missed while the process was down go out at start-up, saying so."""
    due = datetime(2027, 4, 1, 2, 0, tzinfo=UTC)
    clock = FakeClock(due + timedelta(hours=3))
    user = _user(db_sessions, "502", seen=due)
    _plan(db_sessions, user, "pribadi", "p:late", due, title="rapat")
    _plan(db_sessions, user, "pribadi", "p:fresh", clock() - timedelta(minutes=10),
          title="telepon")
    sender = RecordingSender(clock=clock)
    report = await _dispatcher(db_sessions, clock, sender).run_once()
    assert report.sent == 2
    by_title = {s.due.title: s for s in sender.sent}
    assert by_title["rapat"].due.late and "terlambat" in by_title["rapat"].text
    assert not by_title["telepon"].due.late and "terlambat" not in by_title["telepon"].text


async def test_inactive_users_fail_and_other_channels_are_left_unclaimed(
        db_sessions: Sessions) -> None:
    """No send to a blocked user; WhatsApp and console deliveries are not even claimed."""
    clock = FakeClock()
    gone = _user(db_sessions, "503")
    _in(db_sessions, lambda s: repo.set_user_blocked(s, gone, True))
    console = _user(db_sessions, "sari", channel="console")
    whatsapp = _user(db_sessions, "62811", channel="whatsapp")
    for uid in (gone, console, whatsapp):
        _plan(db_sessions, uid, "pribadi", "p", clock() - timedelta(minutes=1), title="x")
    sender = RecordingSender(clock=clock)
    report = await _dispatcher(db_sessions, clock, sender).run_once()
    assert sender.sent == []
    assert (report.failed, report.deferred) == (1, 0)
    errors = sorted(_statuses(db_sessions).values())
    assert errors == [("failed", "user_inactive", 1), ("pending", None, 0),
                      ("pending", None, 0)]
    # The WhatsApp process then sends its own at once (no 15-minute deferral).
    whatsapp_sender = RecordingSender(channel="whatsapp", clock=clock)
    report = await _dispatcher(db_sessions, clock, whatsapp_sender).run_once()
    assert (report.sent, report.deferred) == (1, 0)
    assert [s.chat for s in whatsapp_sender.sent] == ["62811"]


async def test_console_sender_prints_only_its_own_users_reminders(db_sessions: Sessions) -> None:
    """The console process shows its user's reminder and leaves another user's for later."""
    clock = FakeClock()
    mine = _user(db_sessions, "sari", channel="console")
    other = _user(db_sessions, "budi", channel="console")
    _plan(db_sessions, mine, "pribadi", "p", clock() - timedelta(minutes=1), title="kirim berkas")
    _plan(db_sessions, other, "pribadi", "p", clock() - timedelta(minutes=1), title="rahasia")
    out = io.StringIO()
    report = await _dispatcher(db_sessions, clock, ConsoleSender(out, "sari")).run_once()
    assert (report.sent, report.deferred) == (1, 1)
    assert "kirim berkas" in out.getvalue() and "rahasia" not in out.getvalue()
    assert "Pengingat" in out.getvalue()


async def test_console_reminder_points_to_pengingat_instead_of_numbered_choices(
        db_sessions: Sessions) -> None:
    """A typed number answers the current question, so the console offers no choices."""
    clock = FakeClock()
    mine = _user(db_sessions, "sari", channel="console")
    _plan(db_sessions, mine, "pribadi", "p", clock() - timedelta(minutes=1), title="kirim berkas")
    prompts: list[list[Prompt]] = []

    def build(due: DueReminder) -> list[Prompt]:
        from bot.dispatch import default_prompts
        made = default_prompts(due)
        prompts.append(made)
        return made

    out = io.StringIO()
    await _dispatcher(db_sessions, clock, ConsoleSender(out, "sari"),
                      prompts=build).run_once()
    labels = [o.label for p in prompts[0] if isinstance(p, Question) for o in p.options]
    assert labels, "the reminder has buttons on the other channels"
    printed = out.getvalue()
    assert "kirim berkas" in printed
    assert not any(label in printed for label in labels)
    assert printed.strip().splitlines()[-1] == (
        "Untuk menunda atau menghentikan pengingat ini, ketik /pengingat.")


async def test_blocked_and_transient_outcomes(db_sessions: Sessions) -> None:
    """Blocked → user inactive, failed for good; transient → back to pending with back-off."""
    clock = FakeClock()
    a, b = _user(db_sessions, "601"), _user(db_sessions, "602")
    _plan(db_sessions, a, "pribadi", "p", clock() - timedelta(minutes=1), title="x")
    _plan(db_sessions, b, "pribadi", "p", clock() - timedelta(minutes=1), title="y")
    sender = RecordingSender(clock=clock)
    sender.fail = {"601": Blocked("telegram_403"), "602": Transient("telegram_network")}
    report = await _dispatcher(db_sessions, clock, sender).run_once()
    assert (report.blocked, report.retried, report.sent) == (1, 1, 0)
    users = _in(db_sessions, lambda s: {u.external_id: u.active for u in
                                        s.execute(sa.select(ChatUser)).scalars()})
    assert users == {"601": False, "602": True}
    assert sorted(v[:2] for v in _statuses(db_sessions).values()) == [
        ("failed", "telegram_403"), ("pending", "telegram_network")]
    # The retry comes after the back-off (1 minute), not before.
    sender.fail = {}
    clock.advance(timedelta(seconds=59))
    assert (await _dispatcher(db_sessions, clock, sender).run_once()).sent == 0
    clock.advance(timedelta(seconds=2))
    assert (await _dispatcher(db_sessions, clock, sender).run_once()).sent == 1


async def test_paced_sends_commit_each_mark_before_the_next_send(db_sessions: Sessions) -> None:
    """With pacing, every earlier delivery is already 'sent' in the database at each send."""
    clock = FakeClock()
    users = [_user(db_sessions, str(700 + i)) for i in range(5)]
    for uid in users:
        for j in range(4):
            _plan(db_sessions, uid, "pribadi", f"p{j}", clock() - timedelta(minutes=j + 1),
                  title=f"t{j}")
    seen: list[int] = []

    def check(_: Claimed) -> None:
        committed = sum(1 for v in _statuses(db_sessions).values() if v[0] == "sent")
        seen.append(committed)

    pacer = Pacer(25, 1.0, clock=clock, sleep=_virtual(clock))
    sender = RecordingSender(pacer=pacer, clock=clock, on_send=check)
    report = await _dispatcher(db_sessions, clock, sender).run_once()
    assert report.sent == 20
    assert seen == list(range(20))
    # Per chat at least 1 s apart; never more than 25 in any 1 s window.
    times = [s.at.timestamp() for s in sender.sent]
    for chat in {s.chat for s in sender.sent}:
        mine = [s.at.timestamp() for s in sender.sent if s.chat == chat]
        assert all(b - a >= 1.0 - 1e-6 for a, b in zip(mine, mine[1:], strict=False))
    assert all(sum(1 for u in times if t <= u < t + 1) <= 25 for t in times)
    # Other chats are served while one chat waits: 20 sends take ~3 s, not ~20 s.
    assert times[-1] - times[0] < 4.0


async def test_instant_sender_without_pacing_commits_once_per_batch(db_sessions: Sessions) -> None:
    """An instantaneous sender on virtual time: marks are committed at the end of a batch."""
    clock = FakeClock()
    uid = _user(db_sessions, "800")
    for j in range(30):
        _plan(db_sessions, uid, "pribadi", f"p{j}", clock() - timedelta(minutes=1), title="t")
    seen: list[int] = []
    sender = RecordingSender(clock=clock, on_send=lambda _: seen.append(
        sum(1 for v in _statuses(db_sessions).values() if v[0] == "sent")))
    report = await _dispatcher(db_sessions, clock, sender, batch_size=10).run_once()
    assert report.sent == 30
    assert seen == [0] * 10 + [10] * 10 + [20] * 10
