"""Commendations of enterprises' self-protection models (console only).

Revision ID: 3b7d9e1f5a20
Revises: 8e41d2c7a9f3
Create Date: 2026-12-04 05:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3b7d9e1f5a20'
down_revision = '8e41d2c7a9f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'commendation',
        sa.Column('enterprise_id', sa.String(length=36), nullable=False),
        sa.Column('park_id', sa.String(length=36), nullable=False),
        sa.Column('commended_by', sa.String(length=200), nullable=False),
        sa.Column('commended_on', sa.Date(), nullable=False),
        sa.Column('decision_number', sa.String(length=60), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('photo', sa.String(length=64), nullable=True),
        sa.Column('recorded_by_id', sa.String(length=36), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'],
                                name=op.f('fk_commendation_enterprise_id_enterprise')),
        sa.ForeignKeyConstraint(['park_id'], ['park.id'],
                                name=op.f('fk_commendation_park_id_park')),
        sa.ForeignKeyConstraint(['photo'], ['attachment.sha256'],
                                name=op.f('fk_commendation_photo_attachment')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['app_user.id'],
                                name=op.f('fk_commendation_recorded_by_id_app_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation')),
    )
    with op.batch_alter_table('commendation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commendation_commended_on'), ['commended_on'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_commendation_enterprise_id'), ['enterprise_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_commendation_park_id'), ['park_id'], unique=False)


def downgrade():
    with op.batch_alter_table('commendation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commendation_park_id'))
        batch_op.drop_index(batch_op.f('ix_commendation_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_commendation_commended_on'))
    op.drop_table('commendation')
