"""The ``UserData`` read port: how the pure engine reads the current user's stored data.

The runtime implements it on the update's own transaction; tests use an in-memory fake.
"""

from __future__ import annotations

from typing import Protocol

from handlers.domain.records import FormDetails, Profile, ReminderView, Stats, UkomSchedule


class UserData(Protocol):
    """Read access to the current user's stored data (and, for admins, the global view)."""

    def profile(self) -> Profile | None:
        """Return the saved profile, or None."""
        ...

    def form_details(self) -> FormDetails:
        """Return the form details remembered from earlier forms (all None at first)."""
        ...

    def upcoming(self, limit: int = 20) -> list[ReminderView]:
        """Return the user's pending deliveries, soonest first."""
        ...

    def delivery(self, delivery_id: int) -> ReminderView | None:
        """Return one of THIS user's deliveries (any status), or None."""
        ...

    def is_admin(self) -> bool:
        """Return True when this user is listed in ADMIN_IDS."""
        ...

    def schedules(self) -> list[UkomSchedule]:
        """Return every published ukom schedule, soonest deadline first."""
        ...

    def audience_size(self, jf: str | None, jenjang: str | None) -> int:
        """Return how many active users with a profile match (None = any)."""
        ...

    def statistics(self) -> Stats:
        """Return the admin statistics."""
        ...

    def stored_counts(self) -> dict[str, int]:
        """Return the rows /hapus_data would erase now, per table (``storage.repo``)."""
        ...
