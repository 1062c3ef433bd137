"""A user's conversation state, serialisable to exactly the storage columns."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

META = "_meta"
"""Reserved key in ``answers`` for engine bookkeeping (paging, pending offers, Tanya state)."""


@dataclass
class ChatState:
    """Where a user is: the flow and step, the answers so far and the path taken.

    ``answers`` maps step ids to JSON-able values (numbers as decimal strings, dates as ISO
    strings); the engine keeps its own extras under ``answers["_meta"]``. ``history`` lists the
    ids of the answered question steps in order (for /kembali). ``updated_at`` is the time of
    the last activity (timezone-aware), or None for a brand-new user.
    """

    flow: str | None = None
    step: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    updated_at: dt.datetime | None = None

    @property
    def meta(self) -> dict[str, Any]:
        """Return the engine's bookkeeping dict (created on first use)."""
        meta: dict[str, Any] = self.answers.setdefault(META, {})
        return meta

    def user_answers(self) -> dict[str, Any]:
        """Return a copy of the answers without the engine's bookkeeping."""
        return {k: copy.deepcopy(v) for k, v in self.answers.items() if k != META}

    def clone(self) -> ChatState:
        """Return a deep copy (the engine works on a copy so a failure cannot corrupt state)."""
        return copy.deepcopy(self)

    def to_record(self) -> dict[str, Any]:
        """Return the storage columns: flow, step, answers, history, updated_at."""
        return {
            "flow": self.flow,
            "step": self.step,
            "answers": copy.deepcopy(self.answers),
            "history": list(self.history),
            "updated_at": self.updated_at,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ChatState:
        """Build a state from storage columns (missing or null JSON columns become empty)."""
        updated = record.get("updated_at")
        if isinstance(updated, str):
            updated = dt.datetime.fromisoformat(updated)
        if updated is not None and updated.tzinfo is None:
            # Some databases drop the zone; the runtime always stores UTC.
            updated = updated.replace(tzinfo=dt.UTC)
        return cls(
            flow=record.get("flow"),
            step=record.get("step"),
            answers=copy.deepcopy(record.get("answers") or {}),
            history=list(record.get("history") or []),
            updated_at=updated,
        )
