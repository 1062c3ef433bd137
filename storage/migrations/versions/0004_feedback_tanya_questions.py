"""Tanya feedback and forwarded questions: tanya_question; reminder kind "jawaban" (an admin's
reply, sent through the reminder ledger) and its source column question_id.

Revision ID: 0004_feedback
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_feedback"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies (a revision never imports application code, which changes over time).
_OLD_KINDS = (
    "kind IN ('angka_kredit', 'predikat_tahunan', 'ukom_pendaftaran', 'ukom_ujian', "
    "'rekomendasi', 'pribadi', 'siaran')"
)
_KINDS = (
    "kind IN ('angka_kredit', 'predikat_tahunan', 'ukom_pendaftaran', 'ukom_ujian', "
    "'rekomendasi', 'pribadi', 'siaran', 'jawaban')"
)
_STATUSES = "status IN ('answered', 'not_in_sources', 'calculator')"
_WAITING = "forwarded_at IS NOT NULL AND reply IS NULL"


def upgrade() -> None:
    """Create tanya_question; let reminders be an admin's reply to one."""
    op.create_table(
        "tanya_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("question", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("passage_ids", sa.JSON(), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.Column("forwarded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reply", sa.String(length=1000), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tanya_question")),
        sa.UniqueConstraint("user_id", "ref", name=op.f("uq_tanya_question_user_id_ref")),
        sa.CheckConstraint(_STATUSES, name=op.f("ck_tanya_question_status")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["chat_user.id"], name=op.f("fk_tanya_question_user_id_chat_user"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_tanya_question_user_id"), "tanya_question", ["user_id"],
                    unique=False)
    op.create_index(
        op.f("ix_tanya_question_waiting"), "tanya_question", ["forwarded_at"], unique=False,
        sqlite_where=sa.text(_WAITING), postgresql_where=sa.text(_WAITING),
    )
    with op.batch_alter_table("reminder") as batch:
        batch.drop_constraint(op.f("ck_reminder_kind"), type_="check")
        batch.create_check_constraint("kind", _KINDS)
        batch.add_column(sa.Column("question_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_reminder_question_id_tanya_question"), "tanya_question", ["question_id"],
            ["id"], ondelete="CASCADE",
        )
        batch.create_index(op.f("ix_reminder_question_id"), ["question_id"], unique=False)


def downgrade() -> None:
    """Drop tanya_question and the reply reminders ("jawaban" reminders are deleted first)."""
    op.execute("DELETE FROM reminder WHERE kind = 'jawaban'")
    with op.batch_alter_table("reminder") as batch:
        batch.drop_index(op.f("ix_reminder_question_id"))
        batch.drop_constraint(op.f("fk_reminder_question_id_tanya_question"),
                              type_="foreignkey")
        batch.drop_column("question_id")
        batch.drop_constraint(op.f("ck_reminder_kind"), type_="check")
        batch.create_check_constraint("kind", _OLD_KINDS)
    op.drop_index(op.f("ix_tanya_question_waiting"), table_name="tanya_question")
    op.drop_index(op.f("ix_tanya_question_user_id"), table_name="tanya_question")
    op.drop_table("tanya_question")
