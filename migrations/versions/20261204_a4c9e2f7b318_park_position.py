"""Park position: a point (lat, lng) and an optional outline, for the console map.

Revision ID: a4c9e2f7b318
Revises: b7d3e9a1c5f2
Create Date: 2026-12-04 06:05:00

"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = 'a4c9e2f7b318'
down_revision = 'b7d3e9a1c5f2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('park', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column('lng', sa.Double(), nullable=True))
        batch_op.add_column(sa.Column(
            'outline', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()),
                                              'postgresql'), nullable=True))


def downgrade():
    with op.batch_alter_table('park', schema=None) as batch_op:
        batch_op.drop_column('outline')
        batch_op.drop_column('lng')
        batch_op.drop_column('lat')
