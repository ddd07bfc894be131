"""Mutation ids scoped to their user: applied_mutation's key is (user_id, mutation_id).

Revision ID: b7d3e9a1c5f2
Revises: 3b7e5f1a9c2d
Create Date: 2026-12-04 05:20:00
"""

from alembic import op

revision = "b7d3e9a1c5f2"
down_revision = "3b7e5f1a9c2d"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("applied_mutation", schema=None) as batch_op:
        batch_op.drop_constraint("pk_applied_mutation", type_="primary")
        batch_op.create_primary_key("pk_applied_mutation", ["user_id", "mutation_id"])
        batch_op.create_index(batch_op.f("ix_applied_mutation_mutation_id"), ["mutation_id"],
                              unique=False)


def downgrade():
    # Two users' rows with one mutation id cannot both stay under the old key: keep the first.
    op.execute("DELETE FROM applied_mutation WHERE EXISTS (SELECT 1 FROM applied_mutation AS a "
               "WHERE a.mutation_id = applied_mutation.mutation_id "
               "AND a.created_at < applied_mutation.created_at)")
    with op.batch_alter_table("applied_mutation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applied_mutation_mutation_id"))
        batch_op.drop_constraint("pk_applied_mutation", type_="primary")
        batch_op.create_primary_key("pk_applied_mutation", ["mutation_id"])
