"""Index to find the surveys of a period by template version (app/reports/survey.py).

Revision ID: 6d2f8a4c1e93
Revises: 3b7d9e1f5a20
Create Date: 2026-12-04 05:45:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '6d2f8a4c1e93'
down_revision = '3b7d9e1f5a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspection_check', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_check_template',
                              ['template_version_id', 'started_at', 'status', 'deleted',
                               'park_id'], unique=False)


def downgrade():
    with op.batch_alter_table('inspection_check', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_check_template')
