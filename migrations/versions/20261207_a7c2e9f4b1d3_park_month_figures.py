"""Monthly sums per park of the checks' kept figures, for the annual report.

Filled from the kept per-check rows (check_figure, check_number, check_finding); from then
on app.reports.kept_months recounts a park's month in the transaction that writes a check.

Revision ID: a7c2e9f4b1d3
Revises: a7c2e9d4b1f6
Create Date: 2026-12-07 02:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7c2e9f4b1d3"
down_revision = "a7c2e9d4b1f6"
branch_labels = None
depends_on = None

MONTH = {
    "sqlite": "CAST(strftime('%Y%m', started_at, '+7 hours') AS INTEGER)",
    "postgresql": "CAST(to_char((started_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYYMM') "
    "AS INTEGER)",
}
SUMS = """
    INSERT INTO park_month_figure (park_id, month, key, value)
    SELECT park_id, month, key, SUM(value) FROM (
        SELECT park_id, {month} AS month, 'done' AS key, 1 AS value
            FROM check_figure WHERE {where}
        UNION ALL SELECT park_id, {month}, 'with_findings', 1
            FROM check_figure WHERE {where} AND finding_count > 0
        UNION ALL SELECT park_id, {month}, 'finding:' || category || ':' || severity, count
            FROM check_finding WHERE {where}
        UNION ALL SELECT park_id, {month}, 'number:' || item_code, value
            FROM check_number WHERE {where}
    ) AS figures GROUP BY park_id, month, key"""


def upgrade():
    op.create_table(
        "park_month_figure",
        sa.Column("park_id", sa.String(length=36), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("park_id", "month", "key", name="pk_park_month_figure"),
    )
    # a park's month is recounted from these with every write of one of its checks
    op.create_index("ix_check_figure_park_month", "check_figure", ["park_id", "started_at"])
    op.create_index("ix_check_number_park_month", "check_number", ["park_id", "started_at"])
    dialect = op.get_bind().dialect.name
    false = "false" if dialect == "postgresql" else "0"
    where = (
        f"status IN ('submitted', 'approved') AND deleted = {false} AND started_at IS NOT NULL"
    )
    op.execute(SUMS.format(month=MONTH[dialect], where=where))


def downgrade():
    op.drop_index("ix_check_number_park_month", table_name="check_number")
    op.drop_index("ix_check_figure_park_month", table_name="check_figure")
    op.drop_table("park_month_figure")
