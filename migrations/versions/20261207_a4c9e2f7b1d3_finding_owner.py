"""Corrective actions with an owner: the contact named on the check, or a supervisor's name.

Revision ID: a4c9e2f7b1d3
Revises: a9e4c2f7b1d3
Create Date: 2026-12-07 02:35:00

"""

import json
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a4c9e2f7b1d3"
down_revision = "a9e4c2f7b1d3"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    """As app.core.i18n.fold at this revision: lower case, no diacritics, đ as d."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return " ".join(text.lower().split())


def _backfill() -> None:
    """Name each existing finding's contact from its check's representative."""
    bind = op.get_bind()
    checks = sa.table("inspection_check", sa.column("id"), sa.column("data"))
    finding = sa.table(
        "finding", sa.column("check_id"), sa.column("contact_name"), sa.column("contact_key")
    )
    with_findings = sa.select(checks.c.id, checks.c.data).where(
        checks.c.id.in_(sa.select(finding.c.check_id).distinct())
    )
    for check_id, data in bind.execute(with_findings):
        data = json.loads(data) if isinstance(data, (str, bytes)) else (data or {})
        name = str(data.get("representative_name") or "")[:200]
        if name:
            bind.execute(
                finding.update()
                .where(finding.c.check_id == check_id)
                .values(contact_name=name, contact_key=_fold(name)[:200])
            )


def upgrade():
    with op.batch_alter_table("finding") as batch:
        batch.add_column(
            sa.Column("contact_name", sa.String(length=200), server_default="", nullable=False)
        )
        batch.add_column(
            sa.Column("contact_key", sa.String(length=200), server_default="", nullable=False)
        )
    op.create_table(
        "finding_owner",
        sa.Column("finding_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("set_by_id", sa.String(length=36), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["app_user.id"], name=op.f("fk_finding_owner_set_by_id_app_user")
        ),
        sa.PrimaryKeyConstraint("finding_id", name=op.f("pk_finding_owner")),
    )
    op.create_index(op.f("ix_finding_owner_name_key"), "finding_owner", ["name_key"])
    _backfill()


def downgrade():
    op.drop_index(op.f("ix_finding_owner_name_key"), table_name="finding_owner")
    op.drop_table("finding_owner")
    with op.batch_alter_table("finding") as batch:
        batch.drop_column("contact_key")
        batch.drop_column("contact_name")
