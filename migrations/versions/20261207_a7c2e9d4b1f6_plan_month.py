"""A plan's period may be one month: inspection_plan.month (1-12, empty for a quarter).

Revision ID: a7c2e9d4b1f6
Revises: a4c9e2f7b1d3
Create Date: 2026-12-07 03:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a7c2e9d4b1f6"
down_revision = "a4c9e2f7b1d3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection_plan") as batch:
        batch.add_column(sa.Column("month", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("inspection_plan") as batch:
        batch.drop_column("month")
