"""Effects of Tanya's feedback and its person behind the bot (performed by the runtime).

A question is stored only when the feature needs it: when the user rates an answer, when the
sources do not cover it (the admins' "unanswered" list), or when it is forwarded to the
admins. ``ref`` names one shown answer of one user (the runtime upserts on it).
"""

from __future__ import annotations

from dataclasses import dataclass

QUESTION_MAX = 500  # characters of a question kept (the admins need the gist, not an essay)
REPLY_MAX = 1000  # characters of an admin's reply (one chat message)


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
