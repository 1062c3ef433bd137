"""WhatsApp's rules: whatsapp_consent (opt-in/opt-out), whatsapp_message (the message ids of
reminder sends, updated by status webhooks), whatsapp_template_recipient (the messaging-limit
tier).

Revision ID: 0006_whatsapp_rules
Revises: 0005_profile_forms
Create Date: 2027-01-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_whatsapp_rules"
down_revision: str | None = "0005_profile_forms"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _user_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["user_id"], ["chat_user.id"], name=op.f(f"fk_{table}_user_id_chat_user"),
        ondelete="CASCADE",
    )


def upgrade() -> None:
    """Create the three tables."""
    op.create_table(
        "whatsapp_consent",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("kinds", sa.JSON(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opted_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("window_closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_whatsapp_consent")),
        sa.CheckConstraint("status IN ('asked', 'in', 'out')",
                           name=op.f("ck_whatsapp_consent_status")),
        _user_fk("whatsapp_consent"),
    )
    op.create_table(
        "whatsapp_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("wamid", sa.String(length=128), nullable=True),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("template", sa.Boolean(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("error_code", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_whatsapp_message")),
        sa.UniqueConstraint("wamid", "delivery_id", name=op.f("uq_whatsapp_message_wamid")),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["reminder_delivery.id"],
            name=op.f("fk_whatsapp_message_delivery_id_reminder_delivery"), ondelete="CASCADE",
        ),
        _user_fk("whatsapp_message"),
    )
    for column in ("wamid", "delivery_id", "user_id"):
        op.create_index(op.f(f"ix_whatsapp_message_{column}"), "whatsapp_message", [column],
                        unique=False)
    op.create_table(
        "whatsapp_template_recipient",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_whatsapp_template_recipient")),
        _user_fk("whatsapp_template_recipient"),
    )
    op.create_index(op.f("ix_whatsapp_template_recipient_last_at"),
                    "whatsapp_template_recipient", ["last_at"], unique=False)


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("whatsapp_template_recipient")
    op.drop_table("whatsapp_message")
    op.drop_table("whatsapp_consent")
