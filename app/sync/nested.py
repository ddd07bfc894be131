"""Nested parts with ids of their own (a check's findings) belong to one record each."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.sync.context import PushContext, Rejected

TAKEN = _l("This id already belongs to another record.")
TWICE = _l("This id is used twice in the record.")


def prefetch_owners(ctx: PushContext, handler, batch_data: list[dict]) -> None:
    """Read which record owns each nested id the batch names (one query per child table)."""
    owners = ctx.rows.setdefault("nested_owners", {})
    for model, column, key in handler.nested:
        ids = {part["id"] for data in batch_data for part in data.get(key, ())}
        ids = [i for i in ids if (model, i) not in owners]
        table = model.__table__
        for start in range(0, len(ids), 900):
            query = select(table.c.id, table.c[column]).where(
                table.c.id.in_(ids[start : start + 900])
            )
            for part_id, parent_id in db.session.execute(query):
                owners[(model, part_id)] = parent_id


def claim(ctx: PushContext, handler, record_id: str, data: dict) -> None:
    """Reject a record naming a nested id another record owns (or one id twice); else own them."""
    owners = ctx.rows.setdefault("nested_owners", {})
    for model, _column, key in handler.nested:
        errors, seen = {}, set()
        for index, part in enumerate(data.get(key, ())):
            owner = owners.get((model, part["id"]))
            if part["id"] in seen:
                errors[index] = {"id": [TWICE]}
            elif owner is not None and owner != record_id:
                errors[index] = {"id": [TAKEN]}
            seen.add(part["id"])
        if errors:
            raise Rejected("nested_id_taken", {key: errors})
    for model, _column, key in handler.nested:
        for part in data.get(key, ()):
            owners[(model, part["id"])] = record_id
