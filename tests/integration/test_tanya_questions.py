"""Tanya's stored questions on real SQLite and PostgreSQL: ratings, the unanswered list, the
admins' queue, and an admin's reply sent to the asker exactly once by the real dispatcher."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from bot.dispatch import Dispatcher
from bot.effects import perform
from bot.senders import Slot
from handlers.domain.records import DueReminder
from handlers.feedback import FrequentQuestion, RecordQuestion, ReplyToQuestion
from handlers.prompts import Message, Prompt
from storage import questions, repo
from storage.db import session_scope
from storage.models import TanyaQuestion
from storage.reminder_claims import Claimed
from storage.user_data import StoredUserData
from tests.fakes.clock import FakeClock

Sessions = sessionmaker[Session]
NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
_Q = TanyaQuestion.__table__  # type: ignore[attr-defined]


def _user(sessions: Sessions, external_id: str) -> int:
    with session_scope(sessions) as s:
        user_id = repo.get_or_create_user(s, "telegram", external_id, now=NOW).id
        assert user_id is not None
        return user_id


def _do(sessions: Sessions, user_id: int, *effects: object, now: datetime = NOW) -> None:
    with session_scope(sessions) as s:
        for effect in effects:
            perform(s, user_id, effect, now=now, settings=None)


def _rows(sessions: Sessions) -> list[dict[str, object]]:
    with session_scope(sessions) as s:
        rows = s.connection().execute(sa.select(_Q).order_by(_Q.c.id)).all()
        return [dict(r._mapping) for r in rows]


def test_a_shown_answer_is_one_row_updated_by_rating_and_forwarding(
        db_sessions: Sessions) -> None:
    user = _user(db_sessions, "1")
    shown = RecordQuestion("20261205020000000000", "penera boleh terima parsel?", "answered",
                           ("panduan:penera:12",))
    _do(db_sessions, user, RecordQuestion(**{**shown.__dict__, "helpful": False}))
    later = NOW + timedelta(minutes=1)
    _do(db_sessions, user, RecordQuestion(**{**shown.__dict__, "forward": True}), now=later)
    _do(db_sessions, user, RecordQuestion(**{**shown.__dict__, "forward": True}),
        now=later + timedelta(minutes=5))  # a second press keeps the first time
    [row] = _rows(db_sessions)
    assert row["question"] == "penera boleh terima parsel?" and row["helpful"] is False
    assert row["passage_ids"] == ["panduan:penera:12"]
    assert row["forwarded_at"] == later and row["reply"] is None


def test_frequent_questions_count_unanswered_and_unhelpful_casefolded(
        db_sessions: Sessions) -> None:
    a, b, c = (_user(db_sessions, x) for x in ("1", "2", "3"))
    _do(db_sessions, a, RecordQuestion("r1", "Cara daftar CPNS 2026", "not_in_sources"))
    _do(db_sessions, b, RecordQuestion("r1", "cara daftar cpns 2026", "not_in_sources"))
    _do(db_sessions, c, RecordQuestion("r1", "cara daftar cpns 2026", "not_in_sources"),
        RecordQuestion("r2", "boleh terima parsel", "answered", helpful=False),
        RecordQuestion("r3", "boleh terima amplop", "answered", helpful=True))
    with session_scope(db_sessions) as s:
        found = StoredUserData(s, a, admin=True).frequent_questions()
    assert found == [FrequentQuestion("cara daftar cpns 2026", "tidak_terjawab", 3),
                     FrequentQuestion("boleh terima parsel", "tidak_membantu", 1)]


async def test_the_queue_and_a_reply_that_reaches_the_asker_exactly_once(
        db_sessions: Sessions) -> None:
    asker, other, admin = (_user(db_sessions, x) for x in ("11", "12", "99"))
    _do(db_sessions, asker, RecordQuestion("r1", "cara daftar cpns 2026", "not_in_sources",
                                           forward=True))
    _do(db_sessions, other, RecordQuestion("r1", "boleh terima parsel", "answered",
                                           helpful=False),
        now=NOW + timedelta(minutes=1))  # rated, not forwarded: not in the queue
    with session_scope(db_sessions) as s:
        [waiting] = StoredUserData(s, admin, admin=True).waiting_questions()
    assert waiting.question == "cara daftar cpns 2026" and waiting.forwarded_at == NOW
    _do(db_sessions, admin, ReplyToQuestion(waiting.id, "Pendaftaran CPNS melalui SSCASN BKN."))
    _do(db_sessions, admin, ReplyToQuestion(waiting.id, "Jawaban kedua."))  # refused
    with session_scope(db_sessions) as s:
        assert StoredUserData(s, admin, admin=True).waiting_questions() == []
        [view] = StoredUserData(s, asker, admin=False).upcoming()
    assert view.kind == "jawaban" and view.detail == "Pendaftaran CPNS melalui SSCASN BKN."

    clock = FakeClock(NOW + timedelta(minutes=2))
    sent: list[tuple[str, list[Prompt]]] = []

    class Recorder:
        channel = "telegram"
        pacer = None

        async def send(self, claimed: Claimed, due: DueReminder, prompts: list[Prompt],
                       slot: Slot) -> None:
            await slot(claimed.external_id)
            sent.append((claimed.external_id, prompts))

    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))

    dispatcher = Dispatcher(db_sessions, [Recorder()], clock=clock, sleep=sleep,  # type: ignore[list-item]
                            worker_id="test:1", inline_db=True)
    await dispatcher.run_once()
    await dispatcher.run_once()
    assert sent == [("11", [Message("Jawaban admin atas pertanyaan yang Anda teruskan:\n\n"
                                    "Pendaftaran CPNS melalui SSCASN BKN.")])]


def test_a_reply_to_an_erased_question_is_refused(db_sessions: Sessions) -> None:
    asker = _user(db_sessions, "21")
    _do(db_sessions, asker, RecordQuestion("r1", "cara daftar cpns", "not_in_sources",
                                           forward=True))
    [row] = _rows(db_sessions)
    with session_scope(db_sessions) as s:
        repo.erase_user(s, asker)
    with session_scope(db_sessions) as s:
        assert not questions.reply(s, int(str(row["id"])), "Halo.", NOW)
