"""Per-event attendance tallies kept as rows are written (dashboard without recounting).

Revision ID: 3b7e5f1a9c2d
Revises: b7d3e1f0a2c4
Create Date: 2026-12-04 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b7e5f1a9c2d'
down_revision = 'b7d3e1f0a2c4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'event_tally',
        sa.Column('event_id', sa.String(length=36), nullable=False),
        sa.Column('attendance', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['event_id'], ['event.id'], ),
        sa.PrimaryKeyConstraint('event_id'),
    )
    op.execute(
        "INSERT INTO event_tally (event_id, attendance) "
        "SELECT event_id, COUNT(*) FROM attendance WHERE deleted = false GROUP BY event_id")


def downgrade():
    op.drop_table('event_tally')
