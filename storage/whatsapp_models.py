"""Tables for WhatsApp's own rules (docs/whatsapp.md, "Rules for reminders").

``whatsapp_consent``: the user's opt-in (when, which kinds) or opt-out ("STOP");
``whatsapp_message``: each WhatsApp message a reminder delivery went out in (its ``wamid``),
updated by the status webhooks; ``whatsapp_template_recipient``: who got a template when,
for the messaging-limit tier. Every table refers to ``chat_user.id`` ON DELETE CASCADE, so
``/hapus_data`` (``repo.erase_user``) erases them.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from storage.models import UTCDateTime, utcnow

CONSENT_STATUSES = ("asked", "in", "out")


class WhatsAppConsent(SQLModel, table=True):
    """The user's answer about reminders on WhatsApp; no row = never asked."""

    __tablename__ = "whatsapp_consent"
    __table_args__ = (
        sa.CheckConstraint("status IN ('asked', 'in', 'out')", name="status"),
    )

    user_id: int = Field(primary_key=True, foreign_key="chat_user.id", ondelete="CASCADE")
    # asked: the question was shown, no answer yet; in: opted in; out: declined or "STOP".
    status: str = Field(max_length=8)
    # The reminder kinds a template may carry (storage.models.REMINDER_KINDS), when "in".
    kinds: list[str] = Field(default_factory=list, sa_type=sa.JSON, nullable=False)
    asked_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    opted_in_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    opted_out_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    # Meta answered 131047 (outside the window) at this time: the window is closed until the
    # user's next message, whatever ``chat_user.last_seen_at`` says.
    window_closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class WhatsAppMessage(SQLModel, table=True):
    """One WhatsApp message one reminder delivery went out in (several rows: a merged one)."""

    __tablename__ = "whatsapp_message"
    __table_args__ = (
        sa.UniqueConstraint("wamid", "delivery_id", name="uq_whatsapp_message_wamid"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # NULL while a template send is reserved but not answered yet (the tier counts it).
    wamid: str | None = Field(default=None, max_length=128, nullable=True, index=True)
    delivery_id: int = Field(foreign_key="reminder_delivery.id", ondelete="CASCADE", index=True)
    user_id: int = Field(foreign_key="chat_user.id", ondelete="CASCADE", index=True)
    template: bool = Field(default=False)
    sent_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    failed_at: datetime | None = Field(default=None, sa_type=UTCDateTime, nullable=True)
    error_code: str | None = Field(default=None, max_length=64, nullable=True)


class WhatsAppTemplateRecipient(SQLModel, table=True):
    """The last template sent to a user: users with ``last_at`` in the past 24 hours are the
    business's unique template recipients of the rolling window (the messaging-limit tier)."""

    __tablename__ = "whatsapp_template_recipient"

    user_id: int = Field(primary_key=True, foreign_key="chat_user.id", ondelete="CASCADE")
    last_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
