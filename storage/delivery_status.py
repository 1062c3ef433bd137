"""WhatsApp message ids of reminder sends, their status webhooks, and the messaging-limit tier.

``record_sent`` links a ``wamid`` to the deliveries it carried (several when merged).
``apply_status`` records Meta's ``sent``/``delivered``/``read``/``failed`` statuses; a
failure also decides the delivery's fate by error code (``FAILURE_RULES``), once, however
often or late the webhook comes. ``reserve_template`` enforces the tier (unique template
recipients per rolling 24 hours). Functions never commit (like ``storage.repo``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

import sqlalchemy as sa

from storage.models import ChatUser, Delivery
from storage.reminder_claims import MAX_ATTEMPTS, backoff
from storage.repo import Bind, connection_of, insert_on_conflict
from storage.whatsapp_consent import REENGAGE, close_window, opt_out
from storage.whatsapp_models import WhatsAppMessage, WhatsAppTemplateRecipient

_M = WhatsAppMessage.__table__  # type: ignore[attr-defined]
_T = WhatsAppTemplateRecipient.__table__  # type: ignore[attr-defined]
_D = Delivery.__table__  # type: ignore[attr-defined]
_U = ChatUser.__table__  # type: ignore[attr-defined]

WINDOW = timedelta(hours=24)
# Any constant: the key of the advisory lock serialising tier reservations on PostgreSQL.
_TIER_LOCK = 0x57_41_54_49_45_52  # "WATIER"

Action = Literal["reengage", "stop", "opt_out", "later", "retry", "fail"]
# What a failed status does to its delivery (Cloud API error codes):
# - reengage: the window was closed (131047): the window is marked closed and the delivery
#   is due again at once; the sender then uses the template (opted-in users) or waits for
#   the user's next message.
# - stop: the number cannot receive it (131026 undeliverable, 131051 unsupported type):
#   failed for good, the user is marked inactive (as for a synchronous 131026).
# - opt_out: the user stopped marketing messages (131050): recorded like "STOP".
# - later: rate limits (130429 throughput, 131056 pair rate, 131049 ecosystem limit):
#   pending again after a back-off, the attempt counted.
# - fail: template errors (132xxx) need an operator: failed for good.
# - retry: anything else (131000 generic, 131053 media …): back-off, up to MAX_ATTEMPTS.
FAILURE_RULES: dict[int, Action] = {
    131047: "reengage",
    131026: "stop",
    131051: "stop",
    131050: "opt_out",
    130429: "later",
    131056: "later",
    131049: "later",
}
LATER_MIN = timedelta(minutes=15)  # rate limits: at least this long, more with each attempt
ECOSYSTEM_WAIT = timedelta(hours=24)  # 131049: Meta asks to wait before trying again


def failure_action(code: int | None) -> Action:
    """What a failed status with Graph error ``code`` does to its delivery."""
    if code is None:
        return "retry"
    if 132000 <= code < 133000:
        return "fail"
    return FAILURE_RULES.get(code, "retry")


def record_sent(bind: Bind, wamid: str, delivery_ids: Iterable[int], user_id: int,
                now: datetime, *, template: bool) -> None:
    """Link the sent message ``wamid`` to its deliveries (idempotent)."""
    rows = [{"wamid": wamid, "delivery_id": d, "user_id": user_id, "template": template,
             "sent_at": now} for d in delivery_ids]
    if not rows:
        return
    connection = connection_of(bind)
    connection.execute(
        insert_on_conflict(connection, _M).on_conflict_do_nothing(
            index_elements=["wamid", "delivery_id"]),
        rows,
    )


@dataclass(frozen=True)
class StatusResult:
    """What one status did: the rows it matched and the deliveries whose fate it changed."""

    matched: int
    changed: tuple[int, ...] = ()
    action: Action | None = None


def apply_status(bind: Bind, wamid: str, status: str, at: datetime,
                 error_code: int | None = None) -> StatusResult:
    """Record one status webhook of ``wamid``; repeated and out-of-order ones change nothing.

    ``delivered``/``read`` set their time once (``read`` implies delivered). ``failed``
    sets ``failed_at``/``error_code`` once and, for a delivery still ``sent`` and not
    delivered, applies ``failure_action(error_code)``.
    """
    connection = connection_of(bind)
    mine = _M.c.wamid == wamid
    if status == "delivered":
        result = connection.execute(
            sa.update(_M).where(mine, _M.c.delivered_at.is_(None)).values(delivered_at=at))
        return StatusResult(int(result.rowcount))
    if status == "read":
        result = connection.execute(
            sa.update(_M).where(mine, _M.c.read_at.is_(None)).values(
                read_at=at, delivered_at=sa.func.coalesce(_M.c.delivered_at, at)))
        return StatusResult(int(result.rowcount))
    if status != "failed":
        return StatusResult(0)  # "sent": the send itself already recorded it
    code_text = f"whatsapp_{error_code}" if error_code is not None else "whatsapp_failed"
    rows = connection.execute(
        sa.update(_M)
        .where(mine, _M.c.failed_at.is_(None))
        .values(failed_at=at, error_code=code_text)
        .returning(_M.c.delivery_id, _M.c.user_id, _M.c.delivered_at)
    ).all()
    if not rows:
        return StatusResult(0)
    action = failure_action(error_code)
    ids = [int(r.delivery_id) for r in rows if r.delivered_at is None]
    user_id = int(rows[0].user_id)
    changed = _apply_failure(connection, ids, user_id, action, code_text, at)
    return StatusResult(len(rows), changed, action)


def _apply_failure(connection: sa.Connection, ids: list[int], user_id: int, action: Action,
                   code: str, at: datetime) -> tuple[int, ...]:
    if not ids:
        return ()
    sent = sa.and_(_D.c.id.in_(ids), _D.c.status == "sent")
    if action == "opt_out":
        connection.execute(sa.update(_D).where(sent).values(status="failed", last_error=code))
        opt_out(connection, user_id, at)
        return tuple(ids)
    if action in ("stop", "fail"):
        changed = connection.execute(
            sa.update(_D).where(sent).values(status="failed", last_error=code)
            .returning(_D.c.id)).scalars().all()
        if action == "stop":
            connection.execute(sa.update(_U).where(_U.c.id == user_id)
                               .values(active=False, blocked_at=at))
        return tuple(int(i) for i in changed)
    if action == "reengage":
        close_window(connection, user_id, at)
        changed = connection.execute(
            sa.update(_D).where(sent).values(status="pending", available_at=at, sent_at=None,
                                             claimed_by=None, last_error=REENGAGE)
            .returning(_D.c.id)).scalars().all()
        return tuple(int(i) for i in changed)
    out: list[int] = []
    for delivery_id, attempts in connection.execute(
            sa.select(_D.c.id, _D.c.attempts).where(sent)).all():
        if action == "retry" and attempts >= MAX_ATTEMPTS:
            values: dict[str, object] = {"status": "failed", "last_error": code}
        else:
            wait = backoff(attempts)
            if action == "later":
                wait = ECOSYSTEM_WAIT if code == "whatsapp_131049" else max(wait, LATER_MIN)
            values = {"status": "pending", "available_at": at + wait, "sent_at": None,
                      "claimed_by": None, "last_error": code}
        connection.execute(sa.update(_D).where(_D.c.id == delivery_id, _D.c.status == "sent")
                           .values(**values))
        out.append(int(delivery_id))
    return tuple(out)


def delivery_messages(bind: Bind, delivery_id: int) -> list[WhatsAppMessage]:
    """The messages a delivery went out in, oldest first (support, tests)."""
    rows = connection_of(bind).execute(
        sa.select(_M).where(_M.c.delivery_id == delivery_id).order_by(_M.c.id)).all()
    return [WhatsAppMessage(**dict(r._mapping)) for r in rows]


def deliveries_of_message(bind: Bind, wamid: str) -> list[int]:
    """The deliveries the message ``wamid`` carried (several when merged)."""
    return [int(i) for i in connection_of(bind).execute(
        sa.select(_M.c.delivery_id).where(_M.c.wamid == wamid).order_by(_M.c.delivery_id)
    ).scalars()]


# --- the messaging-limit tier -------------------------------------------------------------
def reserve_template(bind: Bind, user_id: int, now: datetime,
                     cap: int | None) -> tuple[bool, datetime | None]:
    """Take a template slot for ``user_id`` under the tier ``cap`` (None = unlimited).

    Returns (allowed, previous last_at to give back with ``release_template`` if the send
    fails, or — when not allowed — the time a slot frees). A user who got a template in the
    past 24 hours is not a new unique recipient. Serialised across processes (PostgreSQL:
    a transaction advisory lock; SQLite: the database write lock).
    """
    connection = connection_of(bind)
    since = now - WINDOW
    previous = connection.execute(sa.select(_T.c.last_at).where(_T.c.user_id == user_id)
                                  ).scalar()
    if cap is not None and (previous is None or previous <= since):
        if connection.dialect.name == "postgresql":
            connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_TIER_LOCK)))
        recent = sa.select(_T.c.last_at).where(_T.c.last_at > since).order_by(_T.c.last_at)
        used = connection.execute(
            sa.select(sa.func.count()).select_from(recent.limit(cap).subquery())).scalar_one()
        if used >= cap:
            oldest = connection.execute(recent.limit(1)).scalar_one()
            return False, oldest + WINDOW
    connection.execute(
        insert_on_conflict(connection, _T).values(user_id=user_id, last_at=now)
        .on_conflict_do_update(index_elements=["user_id"], set_={"last_at": now}))
    return True, previous


def release_template(bind: Bind, user_id: int, previous: datetime | None) -> None:
    """Give back a slot whose template was not accepted (restore the previous time)."""
    connection = connection_of(bind)
    if previous is None:
        connection.execute(sa.delete(_T).where(_T.c.user_id == user_id))
    else:
        connection.execute(sa.update(_T).where(_T.c.user_id == user_id)
                           .values(last_at=previous))


def template_recipients(bind: Bind, now: datetime) -> int:
    """Unique template recipients in the rolling 24 hours before ``now``."""
    return int(connection_of(bind).execute(
        sa.select(sa.func.count()).select_from(_T).where(_T.c.last_at > now - WINDOW)
    ).scalar_one())
