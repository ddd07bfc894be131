"""Users who sent a photo's bytes after another had uploaded them (they may name it).

Revision ID: b7d3e1f0a2c4
Revises: 6d2f8a4c1e93
Create Date: 2026-12-04 05:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d3e1f0a2c4'
down_revision = '6d2f8a4c1e93'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('attachment_holder',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['sha256'], ['attachment.sha256'], name=op.f('fk_attachment_holder_sha256_attachment')),
    sa.ForeignKeyConstraint(['user_id'], ['app_user.id'], name=op.f('fk_attachment_holder_user_id_app_user')),
    sa.PrimaryKeyConstraint('sha256', 'user_id', name=op.f('pk_attachment_holder'))
    )


def downgrade():
    op.drop_table('attachment_holder')
