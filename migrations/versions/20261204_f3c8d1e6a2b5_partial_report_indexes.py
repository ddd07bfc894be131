"""Partial indexes for the dashboard: checks not sent in, findings still open.

The overdue corrective actions were counted by reading every past-due finding and every
check (to leave out drafts and deleted checks): 40-60 ms a dashboard on 50,000 checks.

Revision ID: f3c8d1e6a2b5
Revises: e2b7c4d9f6a1
Create Date: 2026-12-04 14:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "f3c8d1e6a2b5"
down_revision = "e2b7c4d9f6a1"
branch_labels = None
depends_on = None


def _where(sqlite: str, postgresql: str) -> dict:
    return {"sqlite_where": sa.text(sqlite), "postgresql_where": sa.text(postgresql)}


def upgrade():
    op.create_index(
        "ix_inspection_check_unsent",
        "inspection_check",
        ["id"],
        **_where("deleted IS 1 OR status = 'draft'", "deleted IS true OR status = 'draft'"),
    )
    op.create_index(
        "ix_finding_open",
        "finding",
        ["due_date", "severity", "park_id", "check_id"],
        **_where("closed_at IS NULL", "closed_at IS NULL"),
    )


def downgrade():
    op.drop_index("ix_finding_open", table_name="finding")
    op.drop_index("ix_inspection_check_unsent", table_name="inspection_check")
