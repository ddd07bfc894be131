"""Monthly sums per park kept by difference: sums of zero go, the recount's index goes.

app.reports.kept_months now adds to a park's monthly sums what a write of a check changes,
instead of recounting the month from check_number and check_figure: the (park, start) index of
check_number served only that recount. The sums of zero the recount could leave are deleted
(a sum of zero has no row now), and a partial index finds the ones a write brings to zero.

Revision ID: 8b13ec2d944a
Revises: a4e1c7b3d9f2
Create Date: 2026-12-07 05:16:00
"""

import sqlalchemy as sa
from alembic import op

revision = "8b13ec2d944a"
down_revision = "a4e1c7b3d9f2"
branch_labels = None
depends_on = None


def upgrade():
    op.drop_index("ix_check_number_park_month", table_name="check_number")
    op.execute("DELETE FROM park_month_figure WHERE value = 0")
    op.create_index(
        "ix_park_month_figure_zero",
        "park_month_figure",
        ["park_id"],
        sqlite_where=sa.text("value = 0"),
        postgresql_where=sa.text("value = 0"),
    )


def downgrade():
    op.drop_index("ix_park_month_figure_zero", table_name="park_month_figure")
    op.create_index("ix_check_number_park_month", "check_number", ["park_id", "started_at"])
