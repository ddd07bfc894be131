"""ID card numbers kept apart from badge codes; enterprises' legal forms.

roster_person.id_card keeps the CCCD/CMND; a person whose badge code (employee_number) was a
12-digit CCCD gets a minted code instead, and their attendance and gift rows follow it (each
re-stamped so phones replace the old rows). enterprise.legal_form is read from the name
("Công ty TNHH …"); the ownership column keeps its codes, now labelled as sectors.

Revision ID: a4e1c7b3d9f2
Revises: a7c2e9f4b1d3
Create Date: 2026-12-07 02:40:00
"""

import re
import secrets

import sqlalchemy as sa
from alembic import op

from app.core.legal_forms import legal_form_of

revision = "a4e1c7b3d9f2"
down_revision = "a7c2e9f4b1d3"
branch_labels = None
depends_on = None

_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CCCD = re.compile(r"^\d{12}$")


def upgrade():
    with op.batch_alter_table("roster_person") as batch:
        batch.add_column(sa.Column("id_card", sa.String(12), nullable=False, server_default=""))
    with op.batch_alter_table("enterprise") as batch:
        batch.add_column(sa.Column("legal_form", sa.String(20), nullable=False, server_default=""))
    bind = op.get_bind()
    for ent_id, name in bind.execute(sa.text("SELECT id, name FROM enterprise")).all():
        form = legal_form_of(name)
        if form:
            bind.execute(
                sa.text("UPDATE enterprise SET legal_form = :f WHERE id = :i"), {"f": form, "i": ent_id}
            )
    _rekey_cccd_codes(bind)


def _rekey_cccd_codes(bind) -> None:
    """Move CCCD badge codes to id_card and mint codes; re-stamp every row that changes."""
    people = bind.execute(
        sa.text("SELECT id, enterprise_id, employee_number FROM roster_person")
    ).all()
    stale = [p for p in people if _CCCD.match(p[2] or "")]
    if not stale:
        return
    taken = {(p[1], (p[2] or "").upper()) for p in people}
    version = bind.execute(sa.text("SELECT version FROM sync_state WHERE id = 1")).scalar() or 0
    for person_id, ent_id, number in stale:
        code = _mint(ent_id, taken)
        version += 1
        bind.execute(
            sa.text(
                "UPDATE roster_person SET employee_number = :c, id_card = :n, version = :v"
                " WHERE id = :i"
            ),
            {"c": code, "n": number, "v": version, "i": person_id},
        )
        for table in ("attendance", "gift"):
            rows = bind.execute(
                sa.text(
                    f"SELECT id FROM {table} WHERE enterprise_id = :e AND employee_number = :n"
                ),
                {"e": ent_id, "n": number},
            ).all()
            for (row_id,) in rows:
                version += 1
                bind.execute(
                    sa.text(
                        f"UPDATE {table} SET employee_number = :c, person_key = :k, version = :v"
                        " WHERE id = :i"
                    ),
                    {"c": code, "k": f"no:{code}", "v": version, "i": row_id},
                )
    bind.execute(sa.text("UPDATE sync_state SET version = :v WHERE id = 1"), {"v": version})


def _mint(ent_id: str, taken: set) -> str:
    while True:
        code = "QR-" + "".join(secrets.choice(_LETTERS) for _ in range(8))
        if (ent_id, code) not in taken:
            taken.add((ent_id, code))
            return code


def downgrade():
    with op.batch_alter_table("enterprise") as batch:
        batch.drop_column("legal_form")
    with op.batch_alter_table("roster_person") as batch:
        batch.drop_column("id_card")
