"""Admin statistics and audience sizes."""

from __future__ import annotations

import sqlalchemy as sa

from handlers.domain.records import Stats
from storage import broadcasts
from storage.models import ChatUser, Delivery, UserProfile
from storage.profiles import audience
from storage.repo import Bind, connection_of

_U = ChatUser.__table__  # type: ignore[attr-defined]
_P = UserProfile.__table__  # type: ignore[attr-defined]
_D = Delivery.__table__  # type: ignore[attr-defined]
RECENT_BROADCASTS = 5


def audience_size(session: Bind, jf: str | None, jenjang: str | None) -> int:
    """Return how many active users a broadcast for jf/jenjang reaches (None = any)."""
    members = audience(jf, jenjang).subquery()
    return int(
        connection_of(session).execute(sa.select(sa.func.count()).select_from(members))
        .scalar_one()
    )


def statistics(session: Bind) -> Stats:
    """Return active users per channel and per JF ("" = no profile), deliveries per status,
    and the progress of the latest broadcasts."""
    connection = connection_of(session)
    by_channel = {
        channel: int(count)
        for channel, count in connection.execute(
            sa.select(_U.c.channel, sa.func.count())
            .where(_U.c.active.is_(True)).group_by(_U.c.channel)
        ).all()
    }
    jf = sa.func.coalesce(_P.c.jf, "")
    by_jf = {
        key: int(count)
        for key, count in connection.execute(
            sa.select(jf, sa.func.count())
            .select_from(_U.outerjoin(_P, _P.c.user_id == _U.c.id))
            .where(_U.c.active.is_(True)).group_by(jf)
        ).all()
    }
    deliveries = {
        status: int(count)
        for status, count in connection.execute(
            sa.select(_D.c.status, sa.func.count()).group_by(_D.c.status)
        ).all()
    }
    ids = broadcasts.recent(connection, RECENT_BROADCASTS)
    found = broadcasts.progress(connection, ids)
    return Stats(
        users_by_channel=by_channel, users_by_jf=by_jf, deliveries=deliveries,
        broadcasts=tuple(found[bid] for bid in ids if bid in found),
    )
