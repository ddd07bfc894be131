"""The thread on a record (record_comment) and each send's time on checks.

A check keeps its own start and end for ever; the server keeps when it was first sent, when
last sent, and how many times (a check sent again after a return is marked so).

Revision ID: a9e4c2f7b1d3
Revises: f3c8d1e6a2b5
Create Date: 2026-12-07 02:30:00
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "a9e4c2f7b1d3"
down_revision = "f3c8d1e6a2b5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "record_comment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("entity", sa.String(length=10), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("park_id", sa.String(length=36), nullable=False),
        sa.Column("enterprise_id", sa.String(length=36), nullable=True),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["app_user.id"], name=op.f("fk_record_comment_author_id_app_user")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_id"],
            ["enterprise.id"],
            name=op.f("fk_record_comment_enterprise_id_enterprise"),
        ),
        sa.ForeignKeyConstraint(
            ["park_id"], ["park.id"], name=op.f("fk_record_comment_park_id_park")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_comment")),
    )
    with op.batch_alter_table("record_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_record_comment_version"), ["version"], unique=True)
        batch_op.create_index(batch_op.f("ix_record_comment_record_id"), ["record_id"])
        batch_op.create_index(batch_op.f("ix_record_comment_park_id"), ["park_id"])
        batch_op.create_index(batch_op.f("ix_record_comment_enterprise_id"), ["enterprise_id"])
    with op.batch_alter_table("inspection_check", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("send_count", sa.Integer(), server_default="0", nullable=False)
        )
    # A check sent before today was sent once, at its submitted_at.
    op.execute(
        "UPDATE inspection_check SET first_sent_at = submitted_at, last_sent_at = submitted_at, "
        "send_count = 1 WHERE submitted_at IS NOT NULL"
    )
    _thread_from_decisions()


# Each earlier decision's comment becomes its record's first thread entries, with versions
# taken from the one counter so that phones pull them.
DECISIONS = """
SELECT d.id, d.entity, d.record_id, d.decision, d.comment, d.at, d.user_id,
       u.full_name, u.username, u.role, r.park_id, r.enterprise_id
FROM review_decision d JOIN app_user u ON u.id = d.user_id
JOIN {table} r ON r.id = d.record_id
WHERE d.entity = '{entity}' AND d.comment <> ''
ORDER BY d.at, d.id
"""


def _thread_from_decisions() -> None:
    bind = op.get_bind()
    rows = []
    for entity, table in (("check", "inspection_check"), ("event", "event")):
        rows += bind.execute(sa.text(DECISIONS.format(table=table, entity=entity))).all()
    if not rows:
        return
    version = bind.execute(sa.text("SELECT version FROM sync_state WHERE id = 1")).scalar() or 0
    comment = sa.table(
        "record_comment",
        *(
            sa.column(name)
            for name in (
                "id", "version", "deleted", "created_at", "updated_at", "entity", "record_id",
                "park_id", "enterprise_id", "author_id", "author_name", "author_role", "kind",
                "text", "written_at",
            )
        ),
    )
    entries = []
    for n, row in enumerate(rows, start=1):
        entries.append(
            {
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"comment:{row.id}")),
                "version": version + n,
                "deleted": False,
                "created_at": row.at,
                "updated_at": row.at,
                "entity": row.entity,
                "record_id": row.record_id,
                "park_id": row.park_id,
                "enterprise_id": row.enterprise_id,
                "author_id": row.user_id,
                "author_name": row.full_name or row.username,
                "author_role": row.role,
                "kind": row.decision,
                "text": row.comment,
                "written_at": row.at,
            }
        )
    op.bulk_insert(comment, entries)
    bind.execute(
        sa.text("UPDATE sync_state SET version = :v WHERE id = 1"), {"v": version + len(rows)}
    )


def downgrade():
    with op.batch_alter_table("inspection_check", schema=None) as batch_op:
        batch_op.drop_column("send_count")
        batch_op.drop_column("last_sent_at")
        batch_op.drop_column("first_sent_at")
    with op.batch_alter_table("record_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_comment_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_record_comment_park_id"))
        batch_op.drop_index(batch_op.f("ix_record_comment_record_id"))
        batch_op.drop_index(batch_op.f("ix_record_comment_version"))
    op.drop_table("record_comment")
