"""The reminder ledger (storage.reminder_*) on real SQLite and PostgreSQL (``db_url`` runs both).

Time is passed explicitly everywhere (``now=...``), so nothing here sleeps on the clock.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, SQLModel, select

from storage import reminder_actions, reminder_claims, reminder_plans, repo
from storage.db import (
    current_revision,
    downgrade_to,
    make_engine,
    session_factory,
    session_scope,
    upgrade_to_head,
)
from storage.models import Delivery, Reminder
from storage.reminder_plans import Occurrence

T = TypeVar("T")
Sessions = sessionmaker[Session]
# Registration deadline of an uji kompetensi: 20 May 2027, 09:00 WIB = 02:00 UTC.
DEADLINE = datetime(2027, 5, 20, 2, 0, tzinfo=UTC)
LEASE = timedelta(minutes=5)


def _in(sessions: Sessions, work: Callable[[Session], T]) -> T:
    with session_scope(sessions) as session:
        return work(session)


def _user(sessions: Sessions, external_id: str = "42") -> int:
    def work(s: Session) -> int:
        user_id = repo.get_or_create_user(s, "telegram", external_id).id
        assert user_id is not None
        return user_id

    return _in(sessions, work)


def _ukom(sessions: Sessions, user_id: int, source_key: str = "ukom:2027-1") -> Reminder:
    return _in(
        sessions,
        lambda s: reminder_plans.save_reminder(s, user_id, "ukom_pendaftaran", source_key,
                                               DEADLINE),
    )


def _statuses(sessions: Sessions) -> dict[str, tuple[str, int]]:
    def work(s: Session) -> dict[str, tuple[str, int]]:
        rows = s.connection().execute(
            sa.text("SELECT occurrence, status, attempts FROM reminder_delivery")
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    return _in(sessions, work)


def _claim(sessions: Sessions, now: datetime, worker: str = "w1", limit: int = 100) -> list[Any]:
    return _in(sessions, lambda s: reminder_claims.claim_due(s, now, worker, limit, LEASE))


# --- reminders and materialising ----------------------------------------------------------


def test_occurrences_count_local_days_before_the_due_time(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    planned = reminder_plans.occurrences(reminder)
    assert [(o.key, o.due_at) for o in planned] == [
        ("D-14", datetime(2027, 5, 6, 2, 0, tzinfo=UTC)),
        ("D-7", datetime(2027, 5, 13, 2, 0, tzinfo=UTC)),
        ("D-1", datetime(2027, 5, 19, 2, 0, tzinfo=UTC)),
    ]
    assert (reminder.timezone, reminder.offsets, reminder.status) == (
        "Asia/Jakarta", [14, 7, 1], "active"
    )


def test_saving_and_materialising_twice_creates_nothing_new(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    first = _ukom(db_sessions, user_id)
    again = _ukom(db_sessions, user_id)
    assert first.id == again.id
    assert _in(db_sessions, lambda s: reminder_plans.materialise(s, first)) == 3
    assert _in(db_sessions, lambda s: reminder_plans.materialise(s, again)) == 0
    assert set(_statuses(db_sessions)) == {"D-14", "D-7", "D-1"}
    # The same source for another user, or another source, is another reminder.
    other = _ukom(db_sessions, _user(db_sessions, "43"))
    assert other.id != first.id
    counts = _in(db_sessions, lambda s: s.connection().execute(
        sa.text("SELECT COUNT(*) FROM reminder")).scalar_one())
    assert counts == 2


def test_materialise_skips_past_sends_and_stopped_reminders(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    reminder = _ukom(db_sessions, user_id)
    # Set up 5 days before the deadline: D-14 and D-7 are already past and must not go out.
    now = DEADLINE - timedelta(days=5)
    assert _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder, skip_before=now)) == 1
    assert set(_statuses(db_sessions)) == {"D-1"}
    _in(db_sessions, lambda s: reminder_actions.stop_reminder(s, user_id, reminder.id or 0))
    stopped = _ukom(db_sessions, user_id)
    assert stopped.status == "stopped"
    assert _in(db_sessions, lambda s: reminder_plans.materialise(s, stopped)) == 0


def test_bad_reminders_are_refused(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    cases: list[tuple[Callable[[Session], Any], str]] = [
        (lambda s: reminder_plans.save_reminder(s, user_id, "ulang_tahun", "x", DEADLINE), "kind"),
        (lambda s: reminder_plans.save_reminder(s, user_id, "ukom_ujian", "x", DEADLINE,
                                                title="Ujian"), "title"),
        (lambda s: reminder_plans.save_reminder(s, user_id, "pribadi", "x",
                                                datetime(2027, 5, 20)), "timezone-aware"),
        (lambda s: reminder_plans.save_reminder(s, user_id, "pribadi", "x", DEADLINE,
                                                offsets=[-1]), "negative"),
    ]
    for work, message in cases:
        with pytest.raises(ValueError, match=message), session_scope(db_sessions) as s:
            work(s)
    with pytest.raises(IntegrityError), session_scope(db_sessions) as s:
        reminder_plans.save_reminder(s, 999_999, "pribadi", "x", DEADLINE, title="Rapat")


# --- claiming -----------------------------------------------------------------------------


def test_each_due_delivery_is_claimed_once(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    reminder = _ukom(db_sessions, user_id)
    _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder))
    d7 = DEADLINE - timedelta(days=7)
    assert _claim(db_sessions, d7 - timedelta(seconds=1) - timedelta(days=7)) == []
    claimed = _claim(db_sessions, d7)
    assert [c.occurrence for c in claimed] == ["D-14", "D-7"]  # oldest first
    first = claimed[0]
    assert (first.kind, first.user_id, first.channel, first.external_id, first.user_active) == (
        "ukom_pendaftaran", user_id, "telegram", "42", True
    )
    assert (first.attempts, first.reminder_due_at, first.timezone) == (
        1, DEADLINE, "Asia/Jakarta"
    )
    # D-14 went out a week late (the process was down); D-7 is on time.
    assert [c.late for c in claimed] == [True, False]
    assert _claim(db_sessions, d7, worker="w2") == []
    assert _statuses(db_sessions) == {
        "D-14": ("claimed", 1), "D-7": ("claimed", 1), "D-1": ("pending", 0)
    }
    assert _in(db_sessions, lambda s: reminder_claims.mark_sent(
        s, [c.delivery_id for c in claimed], "w1", d7)) == 2
    assert _claim(db_sessions, DEADLINE + timedelta(days=365), worker="w2")[0].occurrence == "D-1"


def test_claims_come_in_batches_of_the_limit(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    planned = [Occurrence(f"n{i:03}", DEADLINE - timedelta(minutes=i)) for i in range(25)]
    assert _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder, planned)) == 25
    batches = [_claim(db_sessions, DEADLINE, limit=10) for _ in range(4)]
    assert [len(b) for b in batches] == [10, 10, 5, 0]
    assert batches[0][0].occurrence == "n024"  # the oldest due first
    assert len({c.delivery_id for b in batches for c in b}) == 25


def test_an_expired_lease_is_claimable_again_a_sent_one_never(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder))
    now = DEADLINE
    (dead,) = _claim(db_sessions, now, worker="dead", limit=1)  # dies before mark_sent
    (sent,) = _claim(db_sessions, now, worker="ok", limit=1)
    assert _in(db_sessions,
               lambda s: reminder_claims.mark_sent(s, [sent.delivery_id], "ok", now)) == 1
    again = _claim(db_sessions, now + LEASE, worker="w3")
    assert sorted(c.occurrence for c in again) == sorted([dead.occurrence, "D-1"])
    retaken = next(c for c in again if c.delivery_id == dead.delivery_id)
    assert retaken.attempts == 2
    # The dead worker's late mark_sent no longer counts; the new holder's does.
    assert _in(db_sessions, lambda s: reminder_claims.mark_sent(
        s, [dead.delivery_id], "dead", now)) == 0
    assert _in(db_sessions, lambda s: reminder_claims.mark_sent(
        s, [dead.delivery_id], "w3", now)) == 1
    assert _statuses(db_sessions)[sent.occurrence] == ("sent", 1)
    assert [c.occurrence for c in _claim(db_sessions, now + timedelta(days=400), "w4")] == [
        "D-1"  # w3 never reported it; the sent ones never come back
    ]


def test_a_lease_is_not_taken_before_it_ends(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder, [Occurrence("D", DEADLINE)]))
    assert len(_claim(db_sessions, DEADLINE, worker="a")) == 1
    assert _claim(db_sessions, DEADLINE + LEASE - timedelta(seconds=1), worker="b") == []
    assert len(_claim(db_sessions, DEADLINE + LEASE, worker="b")) == 1


def test_failures_back_off_then_give_up(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder, [Occurrence("D", DEADLINE)]))
    now = DEADLINE
    seen = []
    for attempt in range(1, reminder_claims.MAX_ATTEMPTS + 1):
        (claim,) = _claim(db_sessions, now)
        assert claim.attempts == attempt
        status = _in(db_sessions, lambda s, c=claim, t=now: reminder_claims.mark_failed(
            s, c.delivery_id, "w1", t, "telegram_timeout"))
        seen.append(status)
        assert _claim(db_sessions, now) == []  # not before the back-off
        now += reminder_claims.backoff(attempt)
    assert seen == ["pending"] * (reminder_claims.MAX_ATTEMPTS - 1) + ["failed"]
    assert _statuses(db_sessions) == {"D": ("failed", reminder_claims.MAX_ATTEMPTS)}
    assert _claim(db_sessions, now + timedelta(days=1)) == []
    assert [reminder_claims.backoff(n) for n in (1, 2, 3)] == [
        timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)
    ]
    assert reminder_claims.backoff(40) == reminder_claims.BACKOFF_CAP


def test_permanent_failure_retry_time_and_ownership(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder))
    a, b, c = _claim(db_sessions, DEADLINE)
    retry_at = DEADLINE + timedelta(hours=2)

    def fail(delivery_id: int, worker: str, **kw: Any) -> str | None:
        return _in(db_sessions, lambda s: reminder_claims.mark_failed(
            s, delivery_id, worker, DEADLINE, "blocked", **kw))

    assert fail(a.delivery_id, "w1", permanent=True) == "failed"
    assert fail(b.delivery_id, "w1", retry_at=retry_at) == "pending"
    assert fail(c.delivery_id, "someone-else") is None
    with pytest.raises(ValueError, match="short code"), session_scope(db_sessions) as s:
        reminder_claims.mark_failed(s, c.delivery_id, "w1", DEADLINE, "Pesan gagal: Halo Budi")
    # Before retry_at only c comes back (w1 still holds it, but its lease has ended).
    early = _claim(db_sessions, retry_at - timedelta(seconds=1), worker="w2")
    assert [x.delivery_id for x in early] == [c.delivery_id]
    assert [x.delivery_id for x in _claim(db_sessions, retry_at, worker="w2")] == [b.delivery_id]
    error = _in(db_sessions, lambda s: s.get(Delivery, a.delivery_id))
    assert error is not None and error.last_error == "blocked"


def test_an_expired_lease_without_attempts_left_fails(db_sessions: Sessions) -> None:
    reminder = _ukom(db_sessions, _user(db_sessions))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, reminder, [Occurrence("D", DEADLINE)]))
    now = DEADLINE
    for _ in range(reminder_claims.MAX_ATTEMPTS):  # the delivery crashes its worker every time
        assert len(_claim(db_sessions, now)) == 1
        now += LEASE
    assert _claim(db_sessions, now) == []
    row = _in(db_sessions, lambda s: s.exec(select(Delivery)).one())
    assert (row.status, row.last_error) == ("failed", "lease_expired")


# --- the user's own actions ---------------------------------------------------------------


def test_snooze_stop_and_upcoming(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    other_id = _user(db_sessions, "43")
    ukom = _ukom(db_sessions, user_id)
    own = _in(db_sessions, lambda s: reminder_plans.save_reminder(
        s, user_id, "pribadi", "rapat-1", DEADLINE + timedelta(days=1), title="Rapat tim"))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, ukom))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, own))
    listed = _in(db_sessions, lambda s: reminder_actions.upcoming(s, user_id))
    assert [(u.kind, u.occurrence, u.title) for u in listed] == [
        ("ukom_pendaftaran", "D-14", None),
        ("ukom_pendaftaran", "D-7", None),
        ("ukom_pendaftaran", "D-1", None),
        ("pribadi", "D", "Rapat tim"),
    ]
    assert _in(db_sessions, lambda s: reminder_actions.upcoming(s, other_id)) == []
    # The D-14 went out; the user taps "ingatkan lagi besok".
    (d14,) = _claim(db_sessions, DEADLINE - timedelta(days=14), limit=1)
    _in(db_sessions, lambda s: reminder_claims.mark_sent(
        s, [d14.delivery_id], "w1", DEADLINE - timedelta(days=14)))
    tomorrow = DEADLINE - timedelta(days=13)
    assert not _in(db_sessions,
                   lambda s: reminder_actions.snooze(s, other_id, d14.delivery_id, tomorrow))
    for _ in range(2):  # a double tap adds one
        assert _in(db_sessions,
                   lambda s: reminder_actions.snooze(s, user_id, d14.delivery_id, tomorrow))
    assert _statuses(db_sessions)["tunda:2027-05-07T02:00Z"] == ("pending", 0)
    (again,) = _claim(db_sessions, tomorrow)
    assert (again.occurrence, again.late) == ("tunda:2027-05-07T02:00Z", False)
    # "Hentikan pengingat ukom": pending sends end, the personal reminder stays.
    assert _in(db_sessions,
               lambda s: reminder_actions.stop_kind(s, user_id, "ukom_pendaftaran")) == 2
    assert [u.kind for u in _in(db_sessions, lambda s: reminder_actions.upcoming(s, user_id))] == [
        "ukom_pendaftaran", "pribadi"  # the snoozed send is claimed right now; it finishes
    ]
    assert _claim(db_sessions, DEADLINE + timedelta(days=30)) != []
    assert not _in(db_sessions,
                   lambda s: reminder_actions.snooze(s, user_id, d14.delivery_id, tomorrow))


def test_erase_user_removes_reminders_and_deliveries(db_sessions: Sessions) -> None:
    gone, kept = _user(db_sessions, "111"), _user(db_sessions, "222")
    for user_id in (gone, kept):
        reminder = _ukom(db_sessions, user_id)
        _in(db_sessions, lambda s, r=reminder: reminder_plans.materialise(s, r))
    _claim(db_sessions, DEADLINE, limit=1)  # a claimed row is erased as well
    deleted = _in(db_sessions, lambda s: repo.erase_user(s, gone))
    assert deleted["reminder"] == 1 and deleted["reminder_delivery"] == 3

    def left(s: Session) -> list[tuple[str, int]]:
        return [
            (table, s.connection().execute(
                sa.text(f"SELECT COUNT(*) FROM {table} WHERE user_id = :u"), {"u": u}
            ).scalar_one())
            for table in ("reminder", "reminder_delivery")
            for u in (gone, kept)
        ]

    assert _in(db_sessions, left) == [
        ("reminder", 0), ("reminder", 1), ("reminder_delivery", 0), ("reminder_delivery", 3)
    ]


# --- concurrency: two worker processes ----------------------------------------------------

N_DELIVERIES = 2_000


def _worker(url: str, name: str, start: Any, results: Any) -> None:
    """Claim in batches until nothing is due; report the claimed ids (runs in a child)."""
    engine = make_engine(url)
    try:
        sessions = session_factory(engine)
        mine: list[int] = []
        start.wait(60)
        began = time.perf_counter()
        while True:
            with session_scope(sessions) as s:
                batch = reminder_claims.claim_due(s, DEADLINE, name, 50, LEASE)
            if not batch:
                break
            mine.extend(c.delivery_id for c in batch)
        results.put((name, mine, time.perf_counter() - began))
    finally:
        engine.dispose()


def test_two_processes_claim_every_delivery_exactly_once(
    migrated_db_url: str, db_sessions: Sessions
) -> None:
    user_id = _user(db_sessions)
    for r in range(20):
        reminder = _ukom(db_sessions, user_id, f"bulk-{r}")
        planned = [Occurrence(f"n{i}", DEADLINE - timedelta(minutes=i)) for i in range(100)]
        _in(db_sessions, lambda s, rem=reminder, p=planned: reminder_plans.materialise(s, rem, p))
    everything = set(_in(db_sessions, lambda s: s.connection().execute(
        sa.text("SELECT id FROM reminder_delivery")).scalars().all()))
    assert len(everything) == N_DELIVERIES

    ctx = multiprocessing.get_context("spawn")
    start = ctx.Barrier(2)
    results = ctx.Queue()
    workers = [
        ctx.Process(target=_worker, args=(migrated_db_url, f"w{i}", start, results))
        for i in range(2)
    ]
    for process in workers:
        process.start()
    try:
        got = dict((name, ids) for name, ids, _ in (results.get(timeout=120) for _ in workers))
    except queue.Empty:
        pytest.fail("a worker process did not report")
    finally:
        for process in workers:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
    a, b = set(got["w0"]), set(got["w1"])
    assert len(got["w0"]) == len(a) and len(got["w1"]) == len(b)  # nothing twice in a worker
    assert a & b == set()
    assert a | b == everything
    states = _in(db_sessions, lambda s: s.connection().execute(
        sa.text("SELECT status, attempts, COUNT(*) FROM reminder_delivery "
                "GROUP BY status, attempts")).all())
    assert [tuple(row) for row in states] == [("claimed", 1, N_DELIVERIES)]


# --- schema -------------------------------------------------------------------------------


def test_reminder_migration_downgrades_and_upgrades(migrated_db_url: str) -> None:
    engine = make_engine(migrated_db_url)
    try:
        sessions = session_factory(engine)
        user_id = _user(sessions)
        _in(sessions, lambda s: reminder_plans.materialise(s, _ukom(sessions, user_id)))
    finally:
        engine.dispose()
    downgrade_to(migrated_db_url, "0001")
    assert current_revision(migrated_db_url) == "0001"
    engine = make_engine(migrated_db_url)
    try:
        with engine.connect() as connection:
            tables = set(sa.inspect(connection).get_table_names())
            users = connection.execute(sa.text("SELECT COUNT(*) FROM chat_user")).scalar_one()
    finally:
        engine.dispose()
    assert "reminder" not in tables and "reminder_delivery" not in tables and users == 1
    upgrade_to_head(migrated_db_url)
    engine = make_engine(migrated_db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert list(compare_metadata(context, SQLModel.metadata)) == []
            inspector = sa.inspect(connection)
            fks = sorted(
                (fk["name"], fk["referred_table"], fk["options"].get("ondelete"))
                for table in ("reminder", "reminder_delivery")
                for fk in inspector.get_foreign_keys(table)
            )
    finally:
        engine.dispose()
    assert fks == [
        ("fk_reminder_broadcast_id_broadcast", "broadcast", "CASCADE"),
        ("fk_reminder_delivery_reminder_id_reminder", "reminder", "CASCADE"),
        ("fk_reminder_delivery_user_id_chat_user", "chat_user", "CASCADE"),
        ("fk_reminder_question_id_tanya_question", "tanya_question", "CASCADE"),
        ("fk_reminder_schedule_id_ukom_schedule", "ukom_schedule", "CASCADE"),
        ("fk_reminder_user_id_chat_user", "chat_user", "CASCADE"),
    ]


# --- additions for the reminder features (retry_later, claim details, sync, mark_done) ----


def test_retry_later_gives_the_attempt_back_and_only_for_the_own_claim(
    db_sessions: Sessions,
) -> None:
    user_id = _user(db_sessions)
    _in(db_sessions, lambda s: reminder_plans.materialise(s, _ukom(db_sessions, user_id)))
    now = DEADLINE - timedelta(days=14)
    (claim,) = _claim(db_sessions, now, limit=1)
    assert claim.attempts == 1
    retry = now + timedelta(seconds=30)
    assert not _in(db_sessions, lambda s: reminder_claims.retry_later(
        s, claim.delivery_id, "other", now, retry, "telegram_429"))
    assert _in(db_sessions, lambda s: reminder_claims.retry_later(
        s, claim.delivery_id, "w1", now, retry, "telegram_429"))
    assert _statuses(db_sessions)["D-14"] == ("pending", 0)
    assert _claim(db_sessions, now + timedelta(seconds=29)) == []
    (again,) = _claim(db_sessions, retry, limit=1)
    assert (again.delivery_id, again.attempts) == (claim.delivery_id, 1)
    with pytest.raises(ValueError):
        _in(db_sessions, lambda s: reminder_claims.retry_later(
            s, claim.delivery_id, "w1", now, retry, "Too Many Requests"))


def test_claim_carries_source_key_last_seen_and_detail(db_sessions: Sessions) -> None:
    from storage import broadcasts

    seen = datetime(2027, 3, 1, 1, 0, tzinfo=UTC)

    def setup(s: Session) -> None:
        user_id = repo.get_or_create_user(s, "whatsapp", "6281", now=seen).id
        assert user_id is not None
        bid = broadcasts.create_broadcast(s, "Rapat koordinasi Senin.", None, None, None, seen)
        rem = reminder_plans.save_reminder(s, user_id, "siaran", f"siaran:{bid}", seen,
                                           broadcast_id=bid)
        reminder_plans.materialise(s, rem)
        own = reminder_plans.save_reminder(s, user_id, "pribadi", "p:1", seen, title="kirim berkas")
        reminder_plans.materialise(s, own)

    _in(db_sessions, setup)
    claims = {c.kind: c for c in _claim(db_sessions, seen + timedelta(minutes=1))}
    assert claims["siaran"].detail == "Rapat koordinasi Senin."
    assert claims["siaran"].source_key.startswith("siaran:")
    assert claims["siaran"].last_seen_at == seen
    assert claims["pribadi"].detail is None and claims["pribadi"].source_key == "p:1"


def test_claims_are_oldest_first_and_limited_with_a_large_backlog(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)
    start = datetime(2027, 1, 1, tzinfo=UTC)
    planned = [Occurrence(f"o{i}", start + timedelta(seconds=1500 - i)) for i in range(1500)]

    def setup(s: Session) -> int:
        rem = reminder_plans.save_reminder(s, user_id, "pribadi", "bulk", start, title="x")
        return reminder_plans.materialise(s, rem, planned)

    assert _in(db_sessions, setup) == 1500
    now = start + timedelta(days=1)
    first = _claim(db_sessions, now, limit=1000)
    assert [c.occurrence for c in first] == [f"o{i}" for i in range(1499, 499, -1)]
    sent = _in(db_sessions, lambda s: reminder_claims.mark_sent(
        s, [c.delivery_id for c in first], "w1", now))
    assert sent == 1000
    rest = _claim(db_sessions, now, limit=1000)
    assert len(rest) == 500 and {c.delivery_id for c in rest}.isdisjoint(
        {c.delivery_id for c in first})


def test_sync_reminders_replaces_the_set_of_a_kind(db_sessions: Sessions) -> None:
    from handlers.domain.records import ReminderSpec

    user_id = _user(db_sessions)
    now = datetime(2027, 4, 1, tzinfo=UTC)
    a = ReminderSpec("rekomendasi", "rekomendasi:2027-12-01", DEADLINE + timedelta(days=200),
                     "Asia/Jakarta", (90, 30))
    b = ReminderSpec("rekomendasi", "rekomendasi:2028-01-01", DEADLINE + timedelta(days=230),
                     "Asia/Jakarta", (90, 30))
    own = ReminderSpec("pribadi", "p:1", DEADLINE, "Asia/Jakarta", (0,), "kirim berkas")
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [own], (), now)) == (1, 0)
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [a], ("rekomendasi",), now)) == (2, 0)
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [a], ("rekomendasi",), now)) == (0, 0)
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [b], ("rekomendasi",), now)) == (2, 1)
    left = _in(db_sessions, lambda s: reminder_actions.upcoming(s, user_id))
    assert sorted({(u.kind, u.occurrence) for u in left}) == [
        ("pribadi", "D"), ("rekomendasi", "D-30"), ("rekomendasi", "D-90")]
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [], ("rekomendasi",), now)) == (0, 1)


def test_mark_done_stops_only_the_own_reminder(db_sessions: Sessions) -> None:
    owner, other = _user(db_sessions, "1"), _user(db_sessions, "2")
    _in(db_sessions, lambda s: reminder_plans.materialise(s, _ukom(db_sessions, owner)))
    (first, *_rest) = _in(db_sessions, lambda s: reminder_actions.upcoming(s, owner))
    assert not _in(db_sessions, lambda s: reminder_actions.mark_done(s, other, first.delivery_id))
    assert len(_in(db_sessions, lambda s: reminder_actions.upcoming(s, owner))) == 3
    assert _in(db_sessions, lambda s: reminder_actions.mark_done(s, owner, first.delivery_id))
    assert _in(db_sessions, lambda s: reminder_actions.upcoming(s, owner)) == []


# --- review fixes: snooze, re-planning, zone changes, channel filter ----------------------


def _rows(sessions: Sessions) -> dict[str, tuple[str, datetime]]:
    """occurrence -> (status, due_at) of every delivery."""
    def work(s: Session) -> dict[str, tuple[str, datetime]]:
        d = Delivery.__table__  # type: ignore[attr-defined]
        rows = s.execute(sa.select(d.c.occurrence, d.c.status, d.c.due_at)).all()
        return {row.occurrence: (row.status, row.due_at) for row in rows}

    return _in(sessions, work)


def test_snoozing_a_pending_delivery_moves_it_instead_of_adding_one(
        db_sessions: Sessions) -> None:
    """/pengingat "Tunda 1 hari" before the send: the reminder goes out once, a day later."""
    user_id = _user(db_sessions)
    own = _in(db_sessions, lambda s: reminder_plans.save_reminder(
        s, user_id, "pribadi", "p:1", DEADLINE, title="kirim berkas"))
    _in(db_sessions, lambda s: reminder_plans.materialise(s, own))
    (pending,) = _in(db_sessions, lambda s: reminder_actions.upcoming(s, user_id))
    later = DEADLINE + timedelta(days=1)
    for _ in range(2):  # a double tap changes nothing more
        assert _in(db_sessions,
                   lambda s: reminder_actions.snooze(s, user_id, pending.delivery_id, later))
    assert _statuses(db_sessions) == {"D": ("cancelled", 0),
                                      "tunda:2027-05-21T02:00Z": ("pending", 0)}
    assert _claim(db_sessions, DEADLINE) == []
    (moved,) = _claim(db_sessions, later)
    assert moved.occurrence == "tunda:2027-05-21T02:00Z"
    # Snoozing the tunda delivery to its own minute keeps it (nothing cancelled).
    _in(db_sessions, lambda s: reminder_claims.retry_later(s, moved.delivery_id, "w1", later, later,
                                                           "telegram_429"))
    assert _in(db_sessions, lambda s: reminder_actions.snooze(s, user_id, moved.delivery_id, later))
    assert _statuses(db_sessions)["tunda:2027-05-21T02:00Z"] == ("pending", 0)


def test_snoozing_a_sent_or_claimed_delivery_adds_one_and_keeps_it(
        db_sessions: Sessions) -> None:
    """The button on a received reminder adds a send; a claim being sent is left alone."""
    user_id = _user(db_sessions)
    ukom = _ukom(db_sessions, user_id)
    _in(db_sessions, lambda s: reminder_plans.materialise(s, ukom))
    d14_at, d7_at = DEADLINE - timedelta(days=14), DEADLINE - timedelta(days=7)
    (d14,) = _claim(db_sessions, d14_at)
    _in(db_sessions, lambda s: reminder_claims.mark_sent(s, [d14.delivery_id], "w1", d14_at))
    assert _in(db_sessions, lambda s: reminder_actions.snooze(
        s, user_id, d14.delivery_id, d7_at + timedelta(days=2)))
    (d7,) = _claim(db_sessions, d7_at, limit=1)
    assert d7.occurrence == "D-7"
    assert _in(db_sessions, lambda s: reminder_actions.snooze(
        s, user_id, d7.delivery_id, d7_at + timedelta(days=1)))
    assert _statuses(db_sessions) == {
        "D-14": ("sent", 1), "D-7": ("claimed", 1), "D-1": ("pending", 0),
        "tunda:2027-05-15T02:00Z": ("pending", 0), "tunda:2027-05-14T02:00Z": ("pending", 0)}
    assert _in(db_sessions,
               lambda s: reminder_claims.mark_sent(s, [d7.delivery_id], "w1", d7_at)) == 1


def test_replanning_keeps_pending_sends_that_are_already_due(db_sessions: Sessions) -> None:
    """A changed key stops the old reminder, but its late (due, pending) send still goes out."""
    from handlers.domain.records import ReminderSpec

    user_id = _user(db_sessions)
    old = ReminderSpec("ukom_pendaftaran", "ukom:1:daftar:2027-05-20", DEADLINE,
                       "Asia/Jakarta", (14, 7, 1))
    new = ReminderSpec("ukom_pendaftaran", "ukom:1:daftar:2027-05-27",
                       DEADLINE + timedelta(days=7), "Asia/Jakarta", (14, 7, 1))
    planned_at = DEADLINE - timedelta(days=20)
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [old], ("ukom_pendaftaran",), planned_at)) == (3, 0)
    # D-14 came due while the process was down; the profile is re-planned an hour later.
    now = DEADLINE - timedelta(days=14) + timedelta(hours=1)
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [new], ("ukom_pendaftaran",), now))[1] == 1

    def by_key(s: Session) -> list[tuple[str, str, str]]:
        d, r = Delivery.__table__, Reminder.__table__  # type: ignore[attr-defined]
        rows = s.execute(sa.select(r.c.source_key, d.c.occurrence, d.c.status)
                         .join(r, r.c.id == d.c.reminder_id)).all()
        return sorted((row[0][-5:], row[1], row[2]) for row in rows)

    assert _in(db_sessions, by_key) == [
        ("05-20", "D-1", "cancelled"), ("05-20", "D-14", "pending"), ("05-20", "D-7", "cancelled"),
        ("05-27", "D-1", "pending"), ("05-27", "D-14", "pending"), ("05-27", "D-7", "pending")]
    (late,) = _claim(db_sessions, now)
    assert (late.occurrence, late.source_key, late.late) == (
        "D-14", "ukom:1:daftar:2027-05-20", True)


def test_stop_schedule_reminders_keeps_pending_sends_that_are_already_due(
        db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)

    def plan(s: Session) -> int:
        from handlers.domain.records import UkomSchedule
        from storage import schedules

        schedule_id = schedules.save_schedule(s, UkomSchedule(
            None, "penera", None, DEADLINE.date(), DEADLINE.date()), DEADLINE)
        reminder = reminder_plans.save_reminder(s, user_id, "ukom_pendaftaran", "ukom:x:daftar",
                                                DEADLINE, schedule_id=schedule_id)
        reminder_plans.materialise(s, reminder)
        return schedule_id

    sid = _in(db_sessions, plan)
    now = DEADLINE - timedelta(days=7) + timedelta(minutes=5)
    nobody = sa.select(sa.literal(-1))
    assert _in(db_sessions, lambda s: reminder_plans.stop_schedule_reminders(
        s, sid, ["ukom:x:other"], nobody, now=now)) == 1
    assert {k: v[0] for k, v in _statuses(db_sessions).items()} == {
        "D-14": "pending", "D-7": "pending", "D-1": "cancelled"}


def test_a_zone_change_moves_the_active_reminder_and_its_future_sends(
        db_sessions: Sessions) -> None:
    """WIB -> WIT under the same key: future sends at 09.00 WIT, a sent one not sent again."""
    from handlers.domain.records import ReminderSpec

    user_id = _user(db_sessions)
    key = "ukom:1:daftar:2027-05-20"
    wib = ReminderSpec("ukom_pendaftaran", key, DEADLINE, "Asia/Jakarta", (14, 7, 1))
    wit_due = DEADLINE - timedelta(hours=2)  # 09.00 WIT = 00.00 UTC
    wit = ReminderSpec("ukom_pendaftaran", key, wit_due, "Asia/Jayapura", (14, 7, 1))
    kinds = ("ukom_pendaftaran",)
    _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [wib], kinds, DEADLINE - timedelta(days=20)))
    d14_at = DEADLINE - timedelta(days=14)
    (d14,) = _claim(db_sessions, d14_at)
    _in(db_sessions, lambda s: reminder_claims.mark_sent(s, [d14.delivery_id], "w1", d14_at))
    now = d14_at + timedelta(hours=3)
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [wit], kinds, now)) == (2, 0)
    rows = _rows(db_sessions)
    assert rows == {"D-14": ("sent", d14_at),
                    "D-7": ("pending", wit_due - timedelta(days=7)),
                    "D-1": ("pending", wit_due - timedelta(days=1))}
    (stored,) = _in(db_sessions, lambda s: [Reminder(**dict(r._mapping)) for r in s.execute(
        sa.select(Reminder.__table__)).all()])  # type: ignore[attr-defined]
    assert (stored.due_at, stored.timezone, stored.status) == (wit_due, "Asia/Jayapura", "active")
    # The same spec again changes nothing.
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [wit], kinds, now)) == (0, 0)
    assert _rows(db_sessions) == rows


def test_a_moved_send_whose_new_time_just_passed_goes_out_now(db_sessions: Sessions) -> None:
    """WIB -> WIT at 10.00 WIT on D-1: 09.00 WIT has passed but the send had not gone out."""
    from handlers.domain.records import ReminderSpec

    user_id = _user(db_sessions)
    key = "p:1"
    wib = ReminderSpec("pribadi", key, DEADLINE, "Asia/Jakarta", (0,), "rapat")
    wit = ReminderSpec("pribadi", key, DEADLINE - timedelta(hours=2), "Asia/Jayapura", (0,),
                       "rapat")
    _in(db_sessions, lambda s: reminder_plans.sync_reminders(s, user_id, [wib], (), DEADLINE
                                                             - timedelta(days=1)))
    now = DEADLINE - timedelta(hours=1)
    assert _in(db_sessions,
               lambda s: reminder_plans.sync_reminders(s, user_id, [wit], (), now)) == (1, 0)
    assert _rows(db_sessions) == {"D": ("pending", now)}
    (claim,) = _claim(db_sessions, now)
    assert not claim.late


def test_a_stopped_reminder_stays_stopped_when_its_zone_changes(db_sessions: Sessions) -> None:
    from handlers.domain.records import ReminderSpec

    user_id = _user(db_sessions)
    wib = ReminderSpec("rekomendasi", "rekomendasi:x", DEADLINE, "Asia/Jakarta", (90, 30))
    wit = ReminderSpec("rekomendasi", "rekomendasi:x", DEADLINE - timedelta(hours=2),
                       "Asia/Jayapura", (90, 30))
    now = DEADLINE - timedelta(days=100)
    _in(db_sessions,
        lambda s: reminder_plans.sync_reminders(s, user_id, [wib], ("rekomendasi",), now))
    _in(db_sessions, lambda s: reminder_actions.stop_kind(s, user_id, "rekomendasi"))
    assert _in(db_sessions, lambda s: reminder_plans.sync_reminders(
        s, user_id, [wit], ("rekomendasi",), now)) == (0, 0)
    assert {v[0] for v in _rows(db_sessions).values()} == {"cancelled"}
    stored = _in(db_sessions, lambda s: s.execute(sa.text(
        "SELECT timezone, status FROM reminder")).one())
    assert tuple(stored) == ("Asia/Jakarta", "stopped")


def test_fan_out_moves_reminders_of_members_who_changed_zone(db_sessions: Sessions) -> None:
    from handlers.domain.records import ReminderSpec

    user_id = _user(db_sessions)
    key = "ukom:1:ujian:2027-05-20"
    wib = ReminderSpec("ukom_ujian", key, DEADLINE, "Asia/Jakarta", (1,))
    wit = ReminderSpec("ukom_ujian", key, DEADLINE - timedelta(hours=2), "Asia/Jayapura", (1,))
    now = DEADLINE - timedelta(days=10)
    _in(db_sessions, lambda s: reminder_plans.sync_reminders(s, user_id, [wib], (), now))
    audience = sa.select(sa.literal(user_id).label("user_id"), sa.literal("WIT").label("zone"))
    assert _in(db_sessions, lambda s: reminder_plans.fan_out(
        s, audience, {"WIB": [wib], "WIT": [wit]}, now)) == 1
    assert _rows(db_sessions) == {"D-1": ("pending", DEADLINE - timedelta(days=1, hours=2))}


def test_claim_due_takes_only_the_given_channels(db_sessions: Sessions) -> None:
    """A Telegram process never claims WhatsApp deliveries (and an empty list claims none)."""
    def users(s: Session) -> dict[str, int]:
        found = {}
        for channel in ("telegram", "whatsapp", "console"):
            user = repo.get_or_create_user(s, channel, "9")
            assert user.id is not None
            reminder = reminder_plans.save_reminder(s, user.id, "pribadi", "p", DEADLINE, title="x")
            reminder_plans.materialise(s, reminder)
            found[channel] = user.id
        return found

    ids = _in(db_sessions, users)

    def claim(channels: list[str] | None) -> set[int]:
        return {c.user_id for c in _in(db_sessions, lambda s: reminder_claims.claim_due(
            s, DEADLINE, "w1", 100, LEASE, channels=channels))}

    assert claim([]) == set()
    assert claim(["telegram"]) == {ids["telegram"]}
    assert claim(["telegram"]) == set()
    assert claim(["whatsapp", "console"]) == {ids["whatsapp"], ids["console"]}
    assert claim(None) == set()
    statuses = _in(db_sessions, lambda s: s.execute(sa.text(
        "SELECT status, attempts FROM reminder_delivery")).all())
    assert sorted(tuple(row) for row in statuses) == [("claimed", 1)] * 3


# --- the delivery's own channel column and the claim's plan --------------------------------


def _channels_of_deliveries(sessions: Sessions) -> dict[int, set[str]]:
    """user_id -> the channel values of that user's deliveries."""
    def work(s: Session) -> dict[int, set[str]]:
        d = Delivery.__table__  # type: ignore[attr-defined]
        found: dict[int, set[str]] = {}
        for row in s.execute(sa.select(d.c.user_id, d.c.channel)).all():
            found.setdefault(row.user_id, set()).add(row.channel)
        return found

    return _in(sessions, work)


def test_every_insert_path_copies_the_users_channel(db_sessions: Sessions) -> None:
    """materialise, materialise_many, insert_deliveries, snooze and fan_out fill ``channel``."""
    from handlers.domain.records import ReminderSpec

    def users(s: Session) -> dict[str, int]:
        ids = {}
        for channel in ("telegram", "whatsapp", "console"):
            user = repo.get_or_create_user(s, channel, "7")
            assert user.id is not None
            ids[channel] = user.id
        return ids

    ids = _in(db_sessions, users)

    def plan(s: Session) -> None:
        tg = reminder_plans.save_reminder(s, ids["telegram"], "pribadi", "a", DEADLINE, title="x")
        assert reminder_plans.materialise(s, tg) == 1
        wa = reminder_plans.save_reminder(s, ids["whatsapp"], "ukom_pendaftaran", "b", DEADLINE)
        assert reminder_plans.materialise_many(s, [wa]) == 3
        con = reminder_plans.save_reminder(s, ids["console"], "pribadi", "c", DEADLINE, title="y")
        assert con.id is not None
        assert reminder_plans.insert_deliveries(s, [{
            "reminder_id": con.id, "user_id": ids["console"], "occurrence": "x",
            "due_at": DEADLINE, "available_at": DEADLINE, "status": "pending", "attempts": 0,
        }]) == 1

    _in(db_sessions, plan)
    (claimed,) = _in(db_sessions, lambda s: reminder_claims.claim_due(
        s, DEADLINE, "w1", 100, LEASE, channels=["telegram"]))
    assert _in(db_sessions, lambda s: reminder_actions.snooze(
        s, ids["telegram"], claimed.delivery_id, DEADLINE + timedelta(days=1)))
    spec = ReminderSpec("ukom_ujian", "ujian", DEADLINE, "Asia/Jakarta", (1,))
    audience = sa.select(sa.literal(ids["whatsapp"]).label("user_id"),
                         sa.literal("WIB").label("zone"))
    assert _in(db_sessions, lambda s: reminder_plans.fan_out(
        s, audience, {"WIB": [spec]}, DEADLINE - timedelta(days=10))) == 1
    assert _channels_of_deliveries(db_sessions) == {
        ids["telegram"]: {"telegram"}, ids["whatsapp"]: {"whatsapp"},
        ids["console"]: {"console"}}
    counts = _in(db_sessions, lambda s: s.execute(sa.text(
        "SELECT channel, COUNT(*) FROM reminder_delivery GROUP BY channel")).all())
    assert dict(tuple(row) for row in counts) == {"telegram": 2, "whatsapp": 4, "console": 1}


def test_a_delivery_without_a_known_channel_is_refused(db_sessions: Sessions) -> None:
    user_id = _user(db_sessions)

    def bad_channel(s: Session) -> None:
        rem = reminder_plans.save_reminder(s, user_id, "pribadi", "a", DEADLINE, title="x")
        assert rem.id is not None
        reminder_plans.insert_deliveries(s, [{
            "reminder_id": rem.id, "user_id": user_id, "channel": "sms", "occurrence": "x",
            "due_at": DEADLINE, "available_at": DEADLINE, "status": "pending", "attempts": 0,
        }])

    with pytest.raises(IntegrityError):
        _in(db_sessions, bad_channel)

    def unknown_user(s: Session) -> None:
        rem = reminder_plans.save_reminder(s, user_id, "pribadi", "b", DEADLINE, title="x")
        assert rem.id is not None
        reminder_plans.insert_deliveries(s, [{
            "reminder_id": rem.id, "user_id": user_id + 999, "occurrence": "x",
            "due_at": DEADLINE, "available_at": DEADLINE, "status": "pending", "attempts": 0,
        }])

    with pytest.raises(ValueError, match="unknown users"):
        _in(db_sessions, unknown_user)


def _mixed_backlog(sessions: Sessions, users: int, per_user: int, key: str = "p") -> datetime:
    """``users`` Telegram and as many WhatsApp users, each ``per_user`` due sends; the
    WhatsApp ones are an hour older. Returns a time at which all are due."""
    start = datetime(2027, 1, 1, tzinfo=UTC)

    def work(s: Session) -> None:
        planned = []
        for i in range(users):
            for channel, shift in (("telegram", timedelta(0)), ("whatsapp", -timedelta(hours=1))):
                uid = repo.get_or_create_user(s, channel, str(i)).id
                assert uid is not None
                planned.append(reminder_plans.save_reminder(
                    s, uid, "pribadi", key, start + shift, offsets=list(range(per_user)),
                    title="x", now=start))
        assert reminder_plans.materialise_many(s, planned) == 2 * users * per_user

    _in(sessions, work)
    return start + timedelta(minutes=1)


def test_claims_merge_the_channels_oldest_first(db_sessions: Sessions) -> None:
    now = _mixed_backlog(db_sessions, 3, 20)

    def oldest(s: Session) -> list[int]:
        d = Delivery.__table__  # type: ignore[attr-defined]
        return list(s.execute(sa.select(d.c.id).order_by(d.c.available_at, d.c.id)).scalars())

    order = _in(db_sessions, oldest)
    both = _in(db_sessions, lambda s: reminder_claims.claim_due(s, now, "w1", 50, LEASE))
    assert [c.delivery_id for c in both] == order[:50]
    assert {c.channel for c in both} == {"telegram", "whatsapp"}
    tg = _in(db_sessions, lambda s: reminder_claims.claim_due(
        s, now, "w1", 1000, LEASE, channels=["telegram"]))
    assert {c.channel for c in tg} == {"telegram"}
    assert len(tg) == 60 - sum(c.channel == "telegram" for c in both)
    rest = _in(db_sessions, lambda s: reminder_claims.claim_due(
        s, now, "w1", 1000, LEASE, channels=["whatsapp", "console"]))
    assert sorted(c.delivery_id for c in both + tg + rest) == sorted(order)


def _claim_plan(sessions: Sessions, now: datetime, channels: list[str] | None) -> str:
    """The database's plan of claim_due's UPDATE, taken on the same connection and
    transaction just before it runs (so with whatever settings claim_due applied)."""
    plans: list[str] = []
    engine = sessions.kw["bind"]

    def explain(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        if statement.lstrip().upper().startswith(("EXPLAIN", "SELECT PREVIOUS")):
            return
        if "UPDATE reminder_delivery SET" in statement and "claimed_by" in statement \
                and "ORDER BY" in statement:
            prefix = ("EXPLAIN " if engine.dialect.name == "postgresql"
                      else "EXPLAIN QUERY PLAN ")
            cursor.execute(prefix + statement, parameters)
            plans.append("\n".join(str(row[-1]) for row in cursor.fetchall()))

    sa.event.listen(engine, "before_cursor_execute", explain)
    try:
        claimed = _in(sessions, lambda s: reminder_claims.claim_due(
            s, now, "w1", 100, LEASE, channels=channels))
    finally:
        sa.event.remove(engine, "before_cursor_execute", explain)
    assert len(claimed) == 100 and len(plans) == 1
    return plans[0]


def _cte_subtree(plan: str) -> str:
    """The lines of a PostgreSQL text plan under its ``CTE claimed`` node (the UPDATE)."""
    lines = plan.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "CTE claimed")
    depth = len(lines[start]) - len(lines[start].lstrip())
    body = []
    for line in lines[start + 1:]:
        if len(line) - len(line.lstrip()) <= depth:
            break
        body.append(line)
    assert body, plan
    return "\n".join(body)


def test_a_claim_walks_the_claimable_index_in_order_on_a_fresh_table(
        db_sessions: Sessions) -> None:
    """Statistics that know nothing of the new backlog (a history of sent deliveries, then
    a broadcast): still an ordered index walk per channel, no bitmap scan, no sort of the
    whole due backlog, no per-user index."""
    _mixed_backlog(db_sessions, 20, 50, key="old")
    with db_sessions.kw["bind"].begin() as connection:
        connection.execute(sa.text("UPDATE reminder_delivery SET status = 'sent'"))
        connection.execute(sa.text("ANALYZE"))
    now = _mixed_backlog(db_sessions, 20, 50)  # 2,000 due deliveries the statistics miss
    one = _claim_plan(db_sessions, now, ["telegram"])
    every = _claim_plan(db_sessions, now, None)
    if "postgresql" in str(db_sessions.kw["bind"].url):
        assert "Index Scan using ix_reminder_delivery_claimable" in one, one
        for plan in (one, every):
            assert "Bitmap" not in plan and "ix_reminder_delivery_user_id" not in plan, plan
            assert "chat_user" not in _cte_subtree(plan), plan
        assert "Sort" not in one, one
        assert every.count("Index Scan using ix_reminder_delivery_claimable") == 3, every
    else:
        assert "USING INDEX ix_reminder_delivery_claimable (channel=? AND available_at<?)" \
            in one, one
        assert "TEMP B-TREE" not in one and "ix_reminder_delivery_user_id" not in one, one
        assert every.count("USING INDEX ix_reminder_delivery_claimable") == 3, every
