"""Form details remembered with the profile: instansi, unit kerja, tahun, the signing
official's name and NIP (formasi forms) and the standar (Formulir Klasifikasi).

Revision ID: 0005_profile_forms
Revises: 0004_feedback
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_profile_forms"
down_revision: str | None = "0004_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copy (a revision never imports application code, which changes over time).
_COLUMNS = (("instansi", 200), ("unit_kerja", 200), ("tahun", 4), ("pejabat_nama", 200),
            ("pejabat_nip", 18), ("standar", 200))


def upgrade() -> None:
    """Add the nullable form-detail columns to profile."""
    with op.batch_alter_table("profile") as batch:
        for name, length in _COLUMNS:
            batch.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    """Drop the form-detail columns."""
    with op.batch_alter_table("profile") as batch:
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
