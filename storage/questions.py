"""Tanya's stored questions: ratings, unanswered questions, the admins' queue and replies.

A reply is delivered like a reminder: one "jawaban" reminder per question (UNIQUE user, kind,
source_key) with one delivery (UNIQUE reminder, occurrence), claimed and sent exactly once by
``bot.dispatch`` (docs/reminders_ledger.md).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from handlers.feedback import (
    FrequentQuestion,
    RecordQuestion,
    WaitingQuestion,
)
from storage import reminder_plans
from storage.models import TanyaQuestion
from storage.repo import Bind, connection_of, insert_on_conflict

_Q = TanyaQuestion.__table__  # type: ignore[attr-defined]
KIND_JAWABAN = "jawaban"
WAITING = sa.text("tanya_question.forwarded_at IS NOT NULL AND tanya_question.reply IS NULL")


def record(bind: Bind, user_id: int, effect: RecordQuestion, now: datetime) -> None:
    """Store one shown answer, or update its rating / forwarding (upsert on user and ref)."""
    connection = connection_of(bind)
    values = {
        "user_id": user_id, "ref": effect.ref, "question": effect.question[:500],
        "status": effect.status, "passage_ids": list(effect.passage_ids),
        "helpful": effect.helpful, "forwarded_at": now if effect.forward else None,
        "created_at": now,
    }
    changes: dict[str, object] = {}
    if effect.helpful is not None:
        changes["helpful"] = effect.helpful
    if effect.forward:
        # A second press keeps the first time (the queue's order).
        changes["forwarded_at"] = sa.func.coalesce(_Q.c.forwarded_at, now)
    stmt = insert_on_conflict(connection, _Q).values(**values)
    if changes:
        stmt = stmt.on_conflict_do_update(index_elements=["user_id", "ref"], set_=changes)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=["user_id", "ref"])
    connection.execute(stmt)


def waiting(bind: Bind, limit: int = 20) -> list[WaitingQuestion]:
    """Return the forwarded questions no admin has replied to, oldest first."""
    rows = connection_of(bind).execute(
        sa.select(_Q.c.id, _Q.c.question, _Q.c.status, _Q.c.forwarded_at)
        .where(WAITING).order_by(_Q.c.forwarded_at, _Q.c.id).limit(limit)
    ).all()
    return [WaitingQuestion(r.id, r.question, r.status, r.forwarded_at) for r in rows]


def frequent(bind: Bind, limit: int = 20) -> list[FrequentQuestion]:
    """Return the most frequent unanswered and unhelpful questions (casefolded), with counts."""
    kind = sa.case((_Q.c.status == "not_in_sources", "tidak_terjawab"),
                   else_="tidak_membantu")
    text = sa.func.lower(_Q.c.question)
    rows = connection_of(bind).execute(
        sa.select(text.label("q"), kind.label("kind"), sa.func.count().label("n"),
                  sa.func.max(_Q.c.created_at).label("last"))
        .where(sa.or_(_Q.c.status == "not_in_sources", _Q.c.helpful.is_(False)))
        .group_by(text, kind)
        .order_by(sa.desc("n"), sa.desc("last"), text)
        .limit(limit)
    ).all()
    return [FrequentQuestion(r.q, r.kind, r.n) for r in rows]


def reply(bind: Bind, question_id: int, text: str, now: datetime) -> bool:
    """Store an admin's reply and plan its one delivery to the asker.

    Returns False when the question is gone (erased) or was answered already: the first
    reply wins, so an asker never gets two answers to one question.
    """
    connection = connection_of(bind)
    asker = connection.execute(
        sa.update(_Q).where(_Q.c.id == question_id, WAITING)
        .values(reply=text[:1000], replied_at=now).returning(_Q.c.user_id)
    ).scalar_one_or_none()
    if asker is None:
        return False
    reminder = reminder_plans.save_reminder(
        connection, asker, KIND_JAWABAN, f"jawaban:{question_id}", now, now=now,
        question_id=question_id)
    reminder_plans.materialise(connection, reminder)
    return True
