"""The JSON text a pull sends of each check, kept at each write.

A pull sends it as it is while `pulled_version` equals the check's version; any write that
takes a new version without refreshing it leaves it unused (app/sync/pulled_kept.py). Rows
written before this revision have none: a pull assembles theirs until their next write, or
until `flask keep-pulled-text` fills them.

Revision ID: d5b2e8c4a1f7
Revises: c3f8a1d6e2b9
Create Date: 2026-12-07 16:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d5b2e8c4a1f7"
down_revision = "c3f8a1d6e2b9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("inspection_check") as batch:
        batch.add_column(sa.Column("pulled_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("pulled_version", sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("inspection_check") as batch:
        batch.drop_column("pulled_version")
        batch.drop_column("pulled_text")
