"""Reminder ledger: reminder and reminder_delivery.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a revision never imports application code, which changes over time).
_KINDS = (
    "kind IN ('angka_kredit', 'predikat_tahunan', 'ukom_pendaftaran', 'ukom_ujian', "
    "'rekomendasi', 'pribadi')"
)
_REMINDER_STATUSES = "status IN ('active', 'stopped')"
_DELIVERY_STATUSES = "status IN ('pending', 'claimed', 'sent', 'failed', 'cancelled')"


def upgrade() -> None:
    """Create the reminder and reminder_delivery tables."""
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("source_key", sa.String(length=128), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("offsets", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint(
            "user_id", "kind", "source_key", name=op.f("uq_reminder_user_id_kind_source_key")
        ),
        sa.CheckConstraint(_KINDS, name=op.f("ck_reminder_kind")),
        sa.CheckConstraint(_REMINDER_STATUSES, name=op.f("ck_reminder_status")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["chat_user.id"],
            name=op.f("fk_reminder_user_id_chat_user"),
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "reminder_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("occurrence", sa.String(length=40), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("available_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_delivery")),
        sa.UniqueConstraint(
            "reminder_id",
            "occurrence",
            name=op.f("uq_reminder_delivery_reminder_id_occurrence"),
        ),
        sa.CheckConstraint(_DELIVERY_STATUSES, name=op.f("ck_reminder_delivery_status")),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["reminder.id"],
            name=op.f("fk_reminder_delivery_reminder_id_reminder"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["chat_user.id"],
            name=op.f("fk_reminder_delivery_user_id_chat_user"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        op.f("ix_reminder_delivery_status_available_at"),
        "reminder_delivery",
        ["status", "available_at"],
        unique=False,
    )
    op.create_index(
        op.f("ix_reminder_delivery_user_id"), "reminder_delivery", ["user_id"], unique=False
    )


def downgrade() -> None:
    """Drop the reminder tables (deliveries first)."""
    op.drop_index(op.f("ix_reminder_delivery_user_id"), table_name="reminder_delivery")
    op.drop_index(
        op.f("ix_reminder_delivery_status_available_at"), table_name="reminder_delivery"
    )
    op.drop_table("reminder_delivery")
    op.drop_table("reminder")
