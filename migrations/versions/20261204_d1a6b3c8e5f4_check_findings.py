"""Findings counted per check, category and severity, kept as checks are written.

Revision ID: d1a6b3c8e5f4
Revises: c5e8f1a2d7b9
Create Date: 2026-12-04 08:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d1a6b3c8e5f4"
down_revision = "c5e8f1a2d7b9"
branch_labels = None
depends_on = None

COPIED = ("park_id", "enterprise_id", "started_at", "status", "deleted")


def upgrade():
    op.create_table(
        "check_finding",
        sa.Column("check_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=40), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("park_id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["check_id"], ["inspection_check.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("check_id", "category", "severity"),
    )
    op.create_index(
        "ix_check_finding_report",
        "check_finding",
        ["started_at", "status", "deleted", "park_id", "enterprise_id", "category", "severity", "count"],
        unique=False,
    )
    copied = ", ".join(f"c.{c}" for c in COPIED)
    op.execute(
        f"INSERT INTO check_finding (check_id, category, severity, count, {', '.join(COPIED)}) "
        f"SELECT f.check_id, f.category, f.severity, COUNT(*), {copied} "
        "FROM finding f JOIN inspection_check c ON c.id = f.check_id "
        f"GROUP BY f.check_id, f.category, f.severity, {copied}"
    )


def downgrade():
    op.drop_index("ix_check_finding_report", table_name="check_finding")
    op.drop_table("check_finding")
