"""Profiles, ukom schedules, broadcasts; reminder kind "siaran" and its source columns;
the user's channel copied onto each delivery (the claim filters on it without a join).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a revision never imports application code, which changes over time).
_OLD_KINDS = (
    "kind IN ('angka_kredit', 'predikat_tahunan', 'ukom_pendaftaran', 'ukom_ujian', "
    "'rekomendasi', 'pribadi')"
)
_KINDS = (
    "kind IN ('angka_kredit', 'predikat_tahunan', 'ukom_pendaftaran', 'ukom_ujian', "
    "'rekomendasi', 'pribadi', 'siaran')"
)
_CLAIMABLE = "status IN ('pending', 'claimed')"
_LEASED = "status = 'claimed'"
_ZONES = "zone IN ('WIB', 'WITA', 'WIT')"
_CHANNELS = "channel IN ('console', 'telegram', 'whatsapp')"


def upgrade() -> None:
    """Create profile, ukom_schedule and broadcast; link reminders to their source."""
    op.create_table(
        "profile",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("jf", sa.String(length=64), nullable=True),
        sa.Column("jenjang", sa.String(length=64), nullable=True),
        sa.Column("golongan", sa.String(length=16), nullable=True),
        sa.Column("jenjang_since", sa.Date(), nullable=True),
        sa.Column("ak", sa.String(length=32), nullable=True),
        sa.Column("ak_date", sa.Date(), nullable=True),
        sa.Column("predikat", sa.String(length=32), nullable=True),
        sa.Column("zone", sa.String(length=8), nullable=False),
        sa.Column("rekomendasi_date", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_profile")),
        sa.CheckConstraint(_ZONES, name=op.f("ck_profile_zone")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["chat_user.id"], name=op.f("fk_profile_user_id_chat_user"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_profile_jf"), "profile", ["jf"], unique=False)
    op.create_table(
        "ukom_schedule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jf", sa.String(length=64), nullable=False),
        sa.Column("jenjang", sa.String(length=64), nullable=True),
        sa.Column("registration_deadline", sa.Date(), nullable=False),
        sa.Column("exam_date", sa.Date(), nullable=False),
        sa.Column("notes", sa.String(length=500), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("planned_revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ukom_schedule")),
    )
    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("jf", sa.String(length=64), nullable=True),
        sa.Column("jenjang", sa.String(length=64), nullable=True),
        sa.Column("admin_user_id", sa.Integer(), nullable=True),
        sa.Column("report_of", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fanned_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reported_half", sa.Boolean(), nullable=False),
        sa.Column("reported_done", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast")),
        sa.ForeignKeyConstraint(
            ["admin_user_id"], ["chat_user.id"],
            name=op.f("fk_broadcast_admin_user_id_chat_user"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_of"], ["broadcast.id"], name=op.f("fk_broadcast_report_of_broadcast"),
            ondelete="CASCADE",
        ),
    )
    with op.batch_alter_table("reminder") as batch:
        batch.drop_constraint(op.f("ck_reminder_kind"), type_="check")
        batch.create_check_constraint("kind", _KINDS)
        batch.add_column(sa.Column("schedule_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("broadcast_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_reminder_schedule_id_ukom_schedule"), "ukom_schedule", ["schedule_id"], ["id"],
            ondelete="CASCADE",
        )
        batch.create_foreign_key(
            op.f("fk_reminder_broadcast_id_broadcast"), "broadcast", ["broadcast_id"], ["id"],
            ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_reminder_schedule_id"), ["schedule_id"], unique=False)
        batch.create_index(op.f("ix_reminder_broadcast_id"), ["broadcast_id"], unique=False)
    # The claim reads partial indexes of live deliveries in order (docs/reminders_ledger.md).
    op.drop_index(
        op.f("ix_reminder_delivery_status_available_at"), table_name="reminder_delivery"
    )
    # Each delivery carries its user's channel (a chat_user's channel never changes), so a
    # claim for some channels filters reminder_delivery alone. Added nullable, filled from
    # chat_user, then NOT NULL with its CHECK (SQLite: the batch recreates the table, before
    # the partial indexes below exist).
    with op.batch_alter_table("reminder_delivery") as batch:
        batch.add_column(sa.Column("channel", sa.String(length=16), nullable=True))
    op.execute(
        "UPDATE reminder_delivery SET channel = (SELECT chat_user.channel FROM chat_user"
        " WHERE chat_user.id = reminder_delivery.user_id)"
    )
    with op.batch_alter_table("reminder_delivery") as batch:
        batch.alter_column("channel", existing_type=sa.String(length=16), nullable=False)
        batch.create_check_constraint("channel", _CHANNELS)
    op.create_index(
        op.f("ix_reminder_delivery_claimable"), "reminder_delivery",
        ["channel", "available_at", "id"],
        unique=False, sqlite_where=sa.text(_CLAIMABLE), postgresql_where=sa.text(_CLAIMABLE),
    )
    op.create_index(
        op.f("ix_reminder_delivery_leased"), "reminder_delivery", ["available_at"],
        unique=False, sqlite_where=sa.text(_LEASED), postgresql_where=sa.text(_LEASED),
    )


def downgrade() -> None:
    """Drop the new tables and columns; "siaran" reminders are deleted first."""
    op.drop_index(op.f("ix_reminder_delivery_leased"), table_name="reminder_delivery")
    op.drop_index(op.f("ix_reminder_delivery_claimable"), table_name="reminder_delivery")
    with op.batch_alter_table("reminder_delivery") as batch:
        batch.drop_constraint(op.f("ck_reminder_delivery_channel"), type_="check")
        batch.drop_column("channel")
    op.create_index(
        op.f("ix_reminder_delivery_status_available_at"), "reminder_delivery",
        ["status", "available_at"], unique=False,
    )
    op.execute("DELETE FROM reminder WHERE kind = 'siaran'")
    with op.batch_alter_table("reminder") as batch:
        batch.drop_index(op.f("ix_reminder_broadcast_id"))
        batch.drop_index(op.f("ix_reminder_schedule_id"))
        batch.drop_constraint(op.f("fk_reminder_broadcast_id_broadcast"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_reminder_schedule_id_ukom_schedule"), type_="foreignkey")
        batch.drop_column("broadcast_id")
        batch.drop_column("schedule_id")
        batch.drop_constraint(op.f("ck_reminder_kind"), type_="check")
        batch.create_check_constraint("kind", _OLD_KINDS)
    op.drop_table("broadcast")
    op.drop_table("ukom_schedule")
    op.drop_index(op.f("ix_profile_jf"), table_name="profile")
    op.drop_table("profile")
