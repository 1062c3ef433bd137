"""``StoredUserData``: the engine's ``UserData`` read port on the update's own connection.

Nothing is queried until the engine asks; answers are read on the caller's transaction.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from handlers.domain.records import FormDetails, Profile, ReminderView, Stats, UkomSchedule
from handlers.feedback import FrequentQuestion, WaitingQuestion
from storage import profiles, questions, repo, schedules, stats
from storage.models import Delivery, Reminder
from storage.reminder_claims import DETAIL, join_detail_sources
from storage.repo import Bind, connection_of

_R = Reminder.__table__  # type: ignore[attr-defined]
_D = Delivery.__table__  # type: ignore[attr-defined]

_VIEW = join_detail_sources(
    sa.select(
        _D.c.id, _D.c.reminder_id, _R.c.kind, _R.c.title, _D.c.occurrence,
        _D.c.due_at, _R.c.due_at.label("event_at"), _R.c.timezone, DETAIL,
    )
    .select_from(_D)
    .join(_R, _R.c.id == _D.c.reminder_id)
)


def _view(row: Any) -> ReminderView:
    return ReminderView(
        delivery_id=row.id, reminder_id=row.reminder_id, kind=row.kind, title=row.title,
        occurrence=row.occurrence, send_at=row.due_at, event_at=row.event_at,
        timezone=row.timezone, detail=row.detail,
    )


class StoredUserData:
    """``handlers.domain.user_data.UserData`` for one user, on the caller's transaction."""

    def __init__(self, bind: Bind, user_id: int, *, admin: bool) -> None:
        """Remember where and for whom to read; no query runs here."""
        self._bind = bind
        self._user_id = user_id
        self._admin = admin

    def profile(self) -> Profile | None:
        """Return the saved profile, or None."""
        return profiles.get_profile(self._bind, self._user_id)

    def form_details(self) -> FormDetails:
        """Return the form details remembered from earlier forms."""
        return profiles.get_form_details(self._bind, self._user_id)

    def upcoming(self, limit: int = 20) -> list[ReminderView]:
        """Return the user's pending deliveries (also those being sent), soonest first."""
        rows = connection_of(self._bind).execute(
            _VIEW.where(_D.c.user_id == self._user_id,
                        _D.c.status.in_(("pending", "claimed")))
            .order_by(_D.c.due_at, _D.c.id).limit(limit)
        ).all()
        return [_view(row) for row in rows]

    def delivery(self, delivery_id: int) -> ReminderView | None:
        """Return one of THIS user's deliveries (any status), or None."""
        row = connection_of(self._bind).execute(
            _VIEW.where(_D.c.id == delivery_id, _D.c.user_id == self._user_id)
        ).first()
        return None if row is None else _view(row)

    def is_admin(self) -> bool:
        """Return True when this user is listed in ADMIN_IDS."""
        return self._admin

    def schedules(self) -> list[UkomSchedule]:
        """Return every published ukom schedule, soonest deadline first."""
        return schedules.list_schedules(self._bind)

    def audience_size(self, jf: str | None, jenjang: str | None) -> int:
        """Return how many active users a broadcast for jf/jenjang reaches (None = any)."""
        return stats.audience_size(self._bind, jf, jenjang)

    def statistics(self) -> Stats:
        """Return the admin statistics."""
        return stats.statistics(self._bind)

    def stored_counts(self) -> dict[str, int]:
        """Return the rows /hapus_data would erase now, per table (the erase's own discovery)."""
        return repo.count_user_rows(self._bind, self._user_id)

    def waiting_questions(self, limit: int = 20) -> list[WaitingQuestion]:
        """Return the forwarded questions no admin has replied to, oldest first."""
        return questions.waiting(self._bind, limit)

    def frequent_questions(self, limit: int = 20) -> list[FrequentQuestion]:
        """Return the most frequent unanswered and unhelpful questions with counts."""
        return questions.frequent(self._bind, limit)
