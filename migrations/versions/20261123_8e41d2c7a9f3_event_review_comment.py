"""Events keep the supervisor's comment when returned to HR for correction.

Revision ID: 8e41d2c7a9f3
Revises: 5c0a7e2b91d4
Create Date: 2026-11-23 11:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e41d2c7a9f3'
down_revision = '5c0a7e2b91d4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_comment', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_column('review_comment')
