"""SQLModel tables of the durable layer. No message text is ever stored (privacy rule) beyond
what a feature needs: an admin's broadcast, and the Tanya questions rated, unanswered or
forwarded to the admins (with an admin's reply).

Every table holding data about one user has a ``user_id`` column referencing ``chat_user.id``
``ON DELETE CASCADE``; ``repo.erase_user`` and its test rely on that convention. Every table
must also exist in an Alembic migration (a test compares the migrated schema with this
metadata), so define all tables in this module or in modules it imports.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

CHANNELS = ("console", "telegram", "whatsapp")
UPDATE_STATUSES = ("received", "done", "failed")

# Deterministic constraint names keep migrations reproducible on both databases.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on both databases.

    PostgreSQL stores ``timestamptz``; SQLite has no time zones, so values are stored as
    naive UTC text (which also sorts correctly) and get ``UTC`` attached when read back.
    Naive datetimes are refused: their meaning would depend on the server's clock.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: pass a timezone-aware value")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


class ChatUser(SQLModel, table=True):
    """One person on one channel; the same person on two channels is two users."""

    __tablename__ = "chat_user"
    __table_args__ = (
        sa.UniqueConstraint("channel", "external_id", name="uq_chat_user_channel_external_id"),
        sa.CheckConstraint(f"channel IN ({_in(CHANNELS)})", name="channel"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    active: bool = Field(default=True)
    blocked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)


class ConversationState(SQLModel, table=True):
    """Where a user is in a multi-step flow; ``version`` guards concurrent writers."""

    __tablename__ = "conversation_state"

    user_id: int = Field(primary_key=True, foreign_key="chat_user.id", ondelete="CASCADE")
    flow: str | None = Field(default=None, max_length=64)
    step: str | None = Field(default=None, max_length=64)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON, nullable=False)
    # Items are [step, answer] pairs, newest last, so /kembali can undo one step.
    history: list[Any] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    version: int = Field(default=0)


class ProcessedUpdate(SQLModel, table=True):
    """An incoming channel update already accepted, so redeliveries are handled once."""

    __tablename__ = "processed_update"
    __table_args__ = (
        sa.UniqueConstraint("channel", "update_key", name="uq_processed_update_channel_update_key"),
        sa.CheckConstraint(f"channel IN ({_in(CHANNELS)})", name="channel"),
        sa.CheckConstraint(f"status IN ({_in(UPDATE_STATUSES)})", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    update_key: str = Field(max_length=128)
    user_id: int | None = Field(
        default=None, foreign_key="chat_user.id", ondelete="CASCADE", index=True, nullable=True
    )
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    status: str = Field(default="received", max_length=16)


# --- reminders (docs/reminders_ledger.md) ------------------------------------------------

REMINDER_KINDS = (
    "angka_kredit",
    "predikat_tahunan",
    "ukom_pendaftaran",
    "ukom_ujian",
    "rekomendasi",
    "pribadi",
    "siaran",
    "jawaban",  # an admin's reply to a question forwarded from Tanya
)
REMINDER_STATUSES = ("active", "stopped")
DELIVERY_STATUSES = ("pending", "claimed", "sent", "failed", "cancelled")


class Reminder(SQLModel, table=True):
    """Something a user is reminded of; its deliveries are the individual sends."""

    __tablename__ = "reminder"
    __table_args__ = (
        # Re-materialising the same reminder (same user, kind and source) finds this row.
        sa.UniqueConstraint(
            "user_id", "kind", "source_key", name="uq_reminder_user_id_kind_source_key"
        ),
        sa.CheckConstraint(f"kind IN ({_in(REMINDER_KINDS)})", name="kind"),
        sa.CheckConstraint(f"status IN ({_in(REMINDER_STATUSES)})", name="status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="chat_user.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)
    source_key: str = Field(max_length=128)
    # Only for "pribadi": the short text the user typed; NULL for every other kind.
    title: str | None = Field(default=None, max_length=100)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    timezone: str = Field(max_length=64)
    # Days before due_at at which to remind, e.g. [14, 7, 1]; 0 = at due_at itself.
    offsets: list[int] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    status: str = Field(default="active", max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # What the reminder was fanned out from (Claimed.detail shows its notes or text).
    schedule_id: int | None = Field(
        default=None, foreign_key="ukom_schedule.id", ondelete="CASCADE", nullable=True,
        index=True,
    )
    broadcast_id: int | None = Field(
        default=None, foreign_key="broadcast.id", ondelete="CASCADE", nullable=True, index=True
    )
    question_id: int | None = Field(
        default=None, foreign_key="tanya_question.id", ondelete="CASCADE", nullable=True,
        index=True,
    )


class Delivery(SQLModel, table=True):
    """One send of a reminder; UNIQUE (reminder_id, occurrence) makes it happen once."""

    __tablename__ = "reminder_delivery"
    __table_args__ = (
        sa.UniqueConstraint(
            "reminder_id", "occurrence", name="uq_reminder_delivery_reminder_id_occurrence"
        ),
        sa.CheckConstraint(f"status IN ({_in(DELIVERY_STATUSES)})", name="status"),
        sa.CheckConstraint(f"channel IN ({_in(CHANNELS)})", name="channel"),
        # Partial indexes hold only live rows (sent ones leave them). The claim reads one
        # channel's range in (available_at, id) order, so a claim touches ``limit`` rows
        # however large the backlog of its own or other channels; queries spell the
        # predicates with literals (storage.reminder_claims.CLAIMABLE, LEASED) so both databases
        # can prove them.
        sa.Index(
            "ix_reminder_delivery_claimable", "channel", "available_at", "id",
            sqlite_where=sa.text("status IN ('pending', 'claimed')"),
            postgresql_where=sa.text("status IN ('pending', 'claimed')"),
        ),
        sa.Index(
            "ix_reminder_delivery_leased", "available_at",
            sqlite_where=sa.text("status = 'claimed'"),
            postgresql_where=sa.text("status = 'claimed'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reminder_id: int = Field(foreign_key="reminder.id", ondelete="CASCADE")
    user_id: int = Field(foreign_key="chat_user.id", ondelete="CASCADE", index=True)
    # The user's channel, copied at insert (a chat_user's channel never changes), so a claim
    # for some channels filters this table alone, without a join (docs/reminders_ledger.md).
    channel: str = Field(max_length=16)
    occurrence: str = Field(max_length=40)
    due_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    # pending: earliest claim (due_at, or the retry time); claimed: the lease's end.
    available_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    claimed_by: str | None = Field(default=None, max_length=64)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    last_error: str | None = Field(default=None, max_length=64)


# --- profiles, ukom schedules, broadcasts (docs/reminders.md, docs/storage.md) -----------

ZONE_NAMES = ("WIB", "WITA", "WIT")


class DecimalString(TypeDecorator[Decimal]):
    """Exact decimals on both databases, stored as canonical text (Decimal in, Decimal out)."""

    impl = sa.String(32)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if not isinstance(value, Decimal) or not value.is_finite():
            raise ValueError("a finite Decimal is required")
        return str(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


FORM_TEXT_MAX = 200  # instansi, unit kerja, the official's name, the standar


class UserProfile(SQLModel, table=True):
    """What a user told /profil (handlers.domain.records.Profile); one row per user."""

    __tablename__ = "profile"
    __table_args__ = (sa.CheckConstraint(f"zone IN ({_in(ZONE_NAMES)})", name="zone"),)

    user_id: int = Field(primary_key=True, foreign_key="chat_user.id", ondelete="CASCADE")
    jf: str | None = Field(default=None, max_length=64, index=True)
    jenjang: str | None = Field(default=None, max_length=64)
    golongan: str | None = Field(default=None, max_length=16)
    jenjang_since: date | None = Field(default=None, nullable=True)
    ak: Decimal | None = Field(default=None, sa_type=DecimalString, nullable=True)
    ak_date: date | None = Field(default=None, nullable=True)
    predikat: str | None = Field(default=None, max_length=32)
    zone: str = Field(default="WIB", max_length=8)
    rekomendasi_date: date | None = Field(default=None, nullable=True)
    # Form details remembered for next time (handlers.domain.records.FormDetails).
    instansi: str | None = Field(default=None, max_length=FORM_TEXT_MAX)
    unit_kerja: str | None = Field(default=None, max_length=FORM_TEXT_MAX)
    tahun: str | None = Field(default=None, max_length=4)
    pejabat_nama: str | None = Field(default=None, max_length=FORM_TEXT_MAX)
    pejabat_nip: str | None = Field(default=None, max_length=18)
    standar: str | None = Field(default=None, max_length=FORM_TEXT_MAX)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class UkomScheduleRow(SQLModel, table=True):
    """An uji kompetensi schedule an admin published; ``revision`` > ``planned_revision``
    means the planning job has not fanned out the latest edit yet."""

    __tablename__ = "ukom_schedule"

    id: int | None = Field(default=None, primary_key=True)
    jf: str = Field(max_length=64)
    jenjang: str | None = Field(default=None, max_length=64)
    registration_deadline: date
    exam_date: date
    notes: str = Field(default="", max_length=500)
    revision: int = Field(default=1)
    planned_revision: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Broadcast(SQLModel, table=True):
    """An admin broadcast (its text is what the feature sends) or a report of one to its admin.

    Audience: active users with a profile matching jf/jenjang (jf None = every active user);
    a report (``report_of`` set) goes to ``admin_user_id`` only.
    """

    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=1000)
    jf: str | None = Field(default=None, max_length=64)
    jenjang: str | None = Field(default=None, max_length=64)
    admin_user_id: int | None = Field(
        default=None, foreign_key="chat_user.id", ondelete="SET NULL", nullable=True
    )
    report_of: int | None = Field(
        default=None, foreign_key="broadcast.id", ondelete="CASCADE", nullable=True
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    fanned_out_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reported_half: bool = Field(default=False)
    reported_done: bool = Field(default=False)


# --- Tanya feedback and forwarded questions (docs/flow_tanya.md) ----------------------------

QUESTION_STATUSES = ("answered", "not_in_sources", "calculator")


class TanyaQuestion(SQLModel, table=True):
    """One answer Tanya showed, stored only when the feature needs it: rated (👍/👎), not in
    the sources, or forwarded to the admins. The question text is kept for the admins."""

    __tablename__ = "tanya_question"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "ref", name="uq_tanya_question_user_id_ref"),
        sa.CheckConstraint(f"status IN ({_in(QUESTION_STATUSES)})", name="status"),
        # The admins' queue: forwarded and not answered yet.
        sa.Index(
            "ix_tanya_question_waiting", "forwarded_at",
            sqlite_where=sa.text("forwarded_at IS NOT NULL AND reply IS NULL"),
            postgresql_where=sa.text("forwarded_at IS NOT NULL AND reply IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="chat_user.id", ondelete="CASCADE", index=True)
    ref: str = Field(max_length=32)  # the shown answer's key (handlers.feedback.RecordQuestion)
    question: str = Field(max_length=500)
    status: str = Field(max_length=16)
    passage_ids: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    helpful: bool | None = Field(default=None, nullable=True)
    forwarded_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    reply: str | None = Field(default=None, max_length=1000, nullable=True)
    replied_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


# --- WhatsApp's rules (docs/whatsapp.md): consent, message statuses, the tier ------------
# Imported last so those tables join SQLModel.metadata whenever this module is loaded.
from storage import whatsapp_models as _whatsapp_models  # noqa: E402,F401
