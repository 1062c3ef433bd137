"""Effects of Tanya's feedback and its person behind the bot (performed by the runtime).

A question is stored only when the feature needs it: when the user rates an answer, when the
sources do not cover it (the admins' "unanswered" list), or when it is forwarded to the
admins. ``ref`` names one shown answer of one user (the runtime upserts on it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

REPLY_MAX = 900  # characters of an admin's reply (its message stays within one template body)


@dataclass(frozen=True)
class RecordQuestion:
    """Store (or update) one shown answer: the question, its status, the passages shown,
    the rating (``helpful`` None = not rated) and whether it goes to the admins."""

    ref: str
    question: str
    status: str
    passage_ids: tuple[str, ...] = ()
    helpful: bool | None = None
    forward: bool = False


@dataclass(frozen=True)
class ReplyToQuestion:
    """An admin's reply to a forwarded question: stored and sent to the asker exactly once."""

    question_id: int
    text: str


TanyaEffect = RecordQuestion | ReplyToQuestion


@dataclass(frozen=True)
class WaitingQuestion:
    """A question forwarded to the admins and not replied to yet."""

    id: int
    question: str
    status: str
    forwarded_at: dt.datetime


@dataclass(frozen=True)
class FrequentQuestion:
    """A question (casefolded) the sources did not answer ("tidak_terjawab") or users rated
    unhelpful ("tidak_membantu"), and how often."""

    question: str
    kind: str
    count: int


@runtime_checkable
class QuestionDesk(Protocol):
    """Read access to the admins' queue (``Services.user`` of the runtime provides it)."""

    def waiting_questions(self, limit: int = 20) -> list[WaitingQuestion]:
        """Return the forwarded questions no admin has replied to, oldest first."""
        ...

    def frequent_questions(self, limit: int = 20) -> list[FrequentQuestion]:
        """Return the most frequent unanswered and unhelpful questions with counts."""
        ...
