"""Each user's own key for sealing their unsent work on a shared phone at logout.

The field app seals a user's outbox (AES-GCM) with this key when they sign out; the server
gives it only to them, at login. Every existing user gets a random one.

Revision ID: c3f8a1d6e2b9
Revises: 8b13ec2d944a
Create Date: 2026-12-07 14:30:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "c3f8a1d6e2b9"
down_revision = "8b13ec2d944a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("outbox_key", sa.String(length=64), nullable=True))
    bind = op.get_bind()
    users = sa.table("app_user", sa.column("id"), sa.column("outbox_key"))
    for (user_id,) in bind.execute(sa.select(users.c.id)).all():
        bind.execute(
            users.update()
            .where(users.c.id == user_id)
            .values(outbox_key=secrets.token_urlsafe(32))
        )


def downgrade():
    with op.batch_alter_table("app_user") as batch:
        batch.drop_column("outbox_key")
