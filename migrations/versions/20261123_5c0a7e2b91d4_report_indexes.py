"""Covering indexes for the console's report queries (dashboard, summary, exports).

Revision ID: 5c0a7e2b91d4
Revises: 1f46c3386de6
Create Date: 2026-11-23 10:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5c0a7e2b91d4'
down_revision = '1f46c3386de6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('inspection_check', schema=None) as batch_op:
        batch_op.create_index('ix_inspection_check_report',
                              ['started_at', 'status', 'deleted', 'park_id', 'enterprise_id',
                               'finding_count', 'id'], unique=False)
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_event_live', ['event_id', 'deleted'], unique=False)
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index('ix_finding_report',
                              ['check_id', 'category', 'severity', 'closed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index('ix_finding_report')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_event_live')
    with op.batch_alter_table('inspection_check', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_check_report')
