"""Per-check figures kept as checks are written (dashboard incidents and models without JSON).

Revision ID: c5e8f1a2d7b9
Revises: a4c9e2f7b318
Create Date: 2026-12-04 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c5e8f1a2d7b9"
down_revision = "a4c9e2f7b318"
branch_labels = None
depends_on = None

COPIED = "park_id, enterprise_id, started_at, status, deleted"
MODEL_YES = {
    "sqlite": """json_extract(data, '$.answers."I.1".value') = 'yes'""",
    "postgresql": "data #>> '{answers,I.1,value}' = 'yes'",
}
NUMBERS = {
    "sqlite": """
        SELECT c.id, a.key,
            CASE WHEN a.type = 'object' AND typeof(a.key) = 'text'
                AND json_type(a.value, '$.value') IN ('integer', 'real')
            THEN json_extract(a.value, '$.value') END AS value,
            c.park_id, c.enterprise_id, c.started_at, c.status, c.deleted
        FROM inspection_check c, json_each(c.data, '$.answers') a""",
    "postgresql": """
        SELECT c.id, a.key,
            CASE WHEN jsonb_typeof(a.value -> 'value') = 'number'
            THEN (a.value ->> 'value')::float END AS value,
            c.park_id, c.enterprise_id, c.started_at, c.status, c.deleted
        FROM inspection_check c CROSS JOIN LATERAL jsonb_each(
            CASE WHEN jsonb_typeof(c.data -> 'answers') = 'object'
            THEN c.data -> 'answers' ELSE '{}'::jsonb END) a""",
}


def copied_columns():
    return [
        sa.Column("park_id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
    ]


def upgrade():
    op.create_table(
        "check_figure",
        sa.Column("check_id", sa.String(length=36), nullable=False),
        sa.Column("model_yes", sa.Boolean(), nullable=False),
        sa.Column("finding_count", sa.Integer(), nullable=False),
        *copied_columns(),
        sa.ForeignKeyConstraint(["check_id"], ["inspection_check.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("check_id"),
    )
    op.create_index(
        "ix_check_figure_enterprise",
        "check_figure",
        [
            "enterprise_id",
            "started_at",
            "status",
            "deleted",
            "park_id",
            "model_yes",
            "finding_count",
        ],
        unique=False,
    )
    op.create_table(
        "check_number",
        sa.Column("check_id", sa.String(length=36), nullable=False),
        sa.Column("item_code", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        *copied_columns(),
        sa.ForeignKeyConstraint(["check_id"], ["inspection_check.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("check_id", "item_code"),
    )
    op.create_index(
        "ix_check_number_item",
        "check_number",
        ["item_code", "started_at", "status", "deleted", "park_id", "enterprise_id", "value"],
        unique=False,
    )
    dialect = op.get_bind().dialect.name
    op.execute(
        f"INSERT INTO check_figure (check_id, {COPIED}, model_yes, finding_count) "
        f"SELECT id, {COPIED}, CASE WHEN {MODEL_YES[dialect]} THEN true ELSE false END, "
        "finding_count "
        "FROM inspection_check"
    )
    op.execute(
        f"INSERT INTO check_number (check_id, item_code, value, {COPIED}) "
        f"SELECT id, key, value, {COPIED} FROM ({NUMBERS[dialect]}) AS answered "
        "WHERE value <> 0"
    )


def downgrade():
    op.drop_index("ix_check_number_item", table_name="check_number")
    op.drop_table("check_number")
    op.drop_index("ix_check_figure_enterprise", table_name="check_figure")
    op.drop_table("check_figure")
