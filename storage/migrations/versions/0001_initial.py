"""Initial tables: chat_user, conversation_state, processed_update.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a revision never imports application code, which changes over time).
_CHANNELS = "channel IN ('console', 'telegram', 'whatsapp')"
_STATUSES = "status IN ('received', 'done', 'failed')"


def upgrade() -> None:
    """Create the three tables of the durable layer."""
    op.create_table(
        "chat_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_user")),
        sa.UniqueConstraint(
            "channel", "external_id", name=op.f("uq_chat_user_channel_external_id")
        ),
        sa.CheckConstraint(_CHANNELS, name=op.f("ck_chat_user_channel")),
    )
    op.create_table(
        "conversation_state",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(length=64), nullable=True),
        sa.Column("step", sa.String(length=64), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_conversation_state")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["chat_user.id"],
            name=op.f("fk_conversation_state_user_id_chat_user"),
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "processed_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("update_key", sa.String(length=128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_processed_update")),
        sa.UniqueConstraint(
            "channel", "update_key", name=op.f("uq_processed_update_channel_update_key")
        ),
        sa.CheckConstraint(_CHANNELS, name=op.f("ck_processed_update_channel")),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_processed_update_status")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["chat_user.id"],
            name=op.f("fk_processed_update_user_id_chat_user"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(
        op.f("ix_processed_update_user_id"), "processed_update", ["user_id"], unique=False
    )


def downgrade() -> None:
    """Drop the three tables (children first)."""
    op.drop_index(op.f("ix_processed_update_user_id"), table_name="processed_update")
    op.drop_table("processed_update")
    op.drop_table("conversation_state")
    op.drop_table("chat_user")
