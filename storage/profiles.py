"""The profile a user gave ``/profil`` (table ``profile``, one row per user)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from handlers.domain.records import DEFAULT_ZONE, FORM_FIELDS, ZONES, FormDetails, Profile
from storage.models import ChatUser, UserProfile
from storage.repo import Bind, connection_of, insert_on_conflict

_P = UserProfile.__table__  # type: ignore[attr-defined]
_U = ChatUser.__table__  # type: ignore[attr-defined]
_FIELDS = ("jf", "jenjang", "golongan", "jenjang_since", "ak", "ak_date", "predikat", "zone",
           "rekomendasi_date")


def profile_of_row(row: Any) -> Profile:
    """Return the ``Profile`` of a ``profile`` row (any mapping-like row)."""
    values = row._mapping if hasattr(row, "_mapping") else row
    return Profile(**{name: values[name] for name in _FIELDS})


def get_profile(session: Bind, user_id: int) -> Profile | None:
    """Return the user's saved profile, or None (also for a row holding form details only)."""
    row = connection_of(session).execute(sa.select(_P).where(_P.c.user_id == user_id)).first()
    if row is None or all(row._mapping[name] is None for name in _FIELDS if name != "zone"):
        return None
    return profile_of_row(row)


def get_form_details(session: Bind, user_id: int) -> FormDetails:
    """Return the form details remembered for the user (all None when none were given)."""
    row = connection_of(session).execute(
        sa.select(*(_P.c[name] for name in FORM_FIELDS)).where(_P.c.user_id == user_id)).first()
    return FormDetails() if row is None else FormDetails(**dict(row._mapping))


def save_form_details(session: Bind, user_id: int, details: FormDetails, now: datetime) -> None:
    """Remember the given form details (None values leave the stored ones), creating the
    profile row if needed; the profile fields themselves are not touched."""
    values = {name: getattr(details, name) for name in FORM_FIELDS
              if getattr(details, name) is not None}
    if not values:
        return
    connection = connection_of(session)
    stmt = insert_on_conflict(connection, _P).values(user_id=user_id, updated_at=now,
                                                     zone=DEFAULT_ZONE, **values)
    connection.execute(
        stmt.on_conflict_do_update(index_elements=["user_id"],
                                   set_={**values, "updated_at": now}))


def save_profile(session: Bind, user_id: int, profile: Profile, now: datetime) -> None:
    """Create or replace the user's profile (an unknown zone is refused)."""
    if profile.zone not in ZONES:
        raise ValueError(f"zone must be one of {tuple(ZONES)}, not {profile.zone!r}")
    values: dict[str, Any] = {name: getattr(profile, name) for name in _FIELDS}
    values["zone"] = profile.zone or DEFAULT_ZONE
    connection = connection_of(session)
    stmt = insert_on_conflict(connection, _P).values(user_id=user_id, updated_at=now, **values)
    connection.execute(
        stmt.on_conflict_do_update(
            index_elements=["user_id"], set_={**values, "updated_at": now}
        )
    )


def audience(jf: str | None, jenjang: str | None) -> sa.Select[Any]:
    """SELECT (user_id, zone) of the active users a message for jf/jenjang reaches.

    A None jf and jenjang mean every active user (zone WIB without a profile); otherwise
    users with a profile of that JF and/or jenjang.
    """
    zone = sa.func.coalesce(_P.c.zone, DEFAULT_ZONE).label("zone")
    stmt = (
        sa.select(_U.c.id.label("user_id"), zone)
        .select_from(_U.outerjoin(_P, _P.c.user_id == _U.c.id))
        .where(_U.c.active.is_(True))
    )
    if jf is not None:
        stmt = stmt.where(_P.c.jf == jf)
    if jenjang is not None:
        stmt = stmt.where(_P.c.jenjang == jenjang)
    return stmt


def schedule_audience(jf: str, jenjang: str | None) -> sa.Select[Any]:
    """SELECT (user_id, zone) of the active users with a profile an ukom schedule concerns.

    The same rule as ``handlers.reminders.plan.schedule_matches``.
    """
    return audience(jf, jenjang)
