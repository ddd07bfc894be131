"""Push-path indexes: applied_mutation keyed (mutation_id, user_id); two redundant indexes go.

With the key (user_id, mutation_id), PostgreSQL answered "which of these 500 mutation ids
has this user sent?" by reading every row of the user, so a push slowed 7x from empty to
100,000 checks. Leading with the mutation id makes ix_applied_mutation_mutation_id
redundant. ix_finding_check_id and ix_inspection_check_started_at are prefixes of
ix_finding_report and ix_inspection_check_report: each was one more random write per row.

Revision ID: e2b7c4d9f6a1
Revises: d1a6b3c8e5f4
Create Date: 2026-12-04 13:45:00
"""

from alembic import op

revision = "e2b7c4d9f6a1"
down_revision = "d1a6b3c8e5f4"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("applied_mutation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applied_mutation_mutation_id"))
        batch_op.drop_constraint("pk_applied_mutation", type_="primary")
        batch_op.create_primary_key("pk_applied_mutation", ["mutation_id", "user_id"])
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_check_id"))
    with op.batch_alter_table("inspection_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_check_started_at"))


def downgrade():
    with op.batch_alter_table("inspection_check", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_check_started_at"), ["started_at"], unique=False
        )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_check_id"), ["check_id"], unique=False)
    with op.batch_alter_table("applied_mutation", schema=None) as batch_op:
        batch_op.drop_constraint("pk_applied_mutation", type_="primary")
        batch_op.create_primary_key("pk_applied_mutation", ["user_id", "mutation_id"])
        batch_op.create_index(
            batch_op.f("ix_applied_mutation_mutation_id"), ["mutation_id"], unique=False
        )
