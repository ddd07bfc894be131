"""The state of one push: the actor, caches of what was read, and the rows to write."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, delete, insert, select, update

from app.access.permissions import park_ids
from app.core.ids import new_id
from app.extensions import db
from app.models import Enterprise, RecordRevision
from app.models.base import utcnow


class Rejected(Exception):
    """A mutation refused for good: bad fields, out of scope, not found."""

    def __init__(self, code: str, fields: dict | None = None):
        super().__init__(code)
        self.code = code
        self.fields = fields or {}


@dataclass
class PushContext:
    actor: object
    client_id: str
    now: datetime = field(default_factory=utcnow)
    current_id: str = ""  # the record the mutation being applied writes
    # entity -> id -> row dict (what the database holds, updated as the batch writes)
    rows: dict = field(default_factory=dict)
    enterprises: dict = field(default_factory=dict)
    _inserts: dict = field(default_factory=dict)
    _updates: dict = field(default_factory=dict)
    revisions: list = field(default_factory=list)
    extra_statements: list = field(default_factory=list)
    # (child model, parent column) -> {"reset": parent ids, "rows": parent id -> child rows}
    _children: dict = field(default_factory=dict)
    # model -> handler, for the records whose pulled text is kept (app/sync/pulled_kept.py)
    _kept_text: dict = field(default_factory=dict)

    def in_park_scope(self, park_id: str | None) -> bool:
        """permissions.in_park_scope for the actor, with the park set read once per push."""
        if "_parks" not in self.__dict__:
            self._parks = park_ids(self.actor)
        return self._parks is None or park_id in self._parks

    def row(self, handler, record_id: str) -> dict | None:
        """Return the current row of a record (this batch's writes included)."""
        return self.rows.setdefault(handler.entity, {}).get(record_id)

    def load_rows(self, handler, ids) -> None:
        """Fetch the rows of these ids in one query."""
        cache = self.rows.setdefault(handler.entity, {})
        missing = [i for i in set(ids) if i not in cache]
        table = handler.model.__table__
        for chunk in _chunks(missing, 900):
            for found in db.session.execute(select(table).where(table.c.id.in_(chunk))):
                cache[found.id] = dict(found._mapping)

    def load_enterprises(self, ids) -> None:
        """Fetch (park, ownership) of the enterprises a batch names."""
        missing = [i for i in set(ids) if i and i not in self.enterprises]
        for chunk in _chunks(missing, 900):
            query = select(Enterprise.id, Enterprise.park_id, Enterprise.deleted).where(
                Enterprise.id.in_(chunk)
            )
            for ent in db.session.execute(query):
                self.enterprises[ent.id] = ent

    def enterprise_park(self, enterprise_id: str) -> str:
        """Return the park of an existing enterprise, or reject the mutation."""
        ent = self.enterprises.get(enterprise_id)
        if ent is None or ent.deleted:
            raise Rejected("unknown_enterprise", {"enterprise_id": ["Unknown enterprise."]})
        return ent.park_id

    def save(self, handler, row: dict, is_new: bool) -> None:
        """Queue a row for writing and make it visible to the rest of the batch."""
        self.rows.setdefault(handler.entity, {})[row["id"]] = row
        if handler.pull_json:
            self._kept_text[handler.model] = handler
        pending_insert = self._inserts.get(handler.model, {})
        target = self._inserts if is_new or row["id"] in pending_insert else self._updates
        target.setdefault(handler.model, {})[row["id"]] = row

    def add_revision(self, entity: str, row: dict, data: dict, mutation_id: str | None) -> None:
        """Keep the data of a record at its new version (history, and base of merges)."""
        self.revisions.append(
            {
                "id": new_id(),
                "entity": entity,
                "record_id": row["id"],
                "version": row["version"],
                "data": data,
                "user_id": self.actor.id,
                "client_id": self.client_id,
                "mutation_id": mutation_id,
                "created_at": self.now,
            }
        )

    def replace_children(
        self, model, column: str, parent_id: str, rows: list[dict], existed: bool
    ) -> None:
        """Queue the rows of a child table that replace a parent's (one executemany at flush)."""
        group = self._children.setdefault((model, column), {"reset": set(), "rows": {}})
        if existed:
            group["reset"].add(parent_id)
        group["rows"][parent_id] = rows

    def flush(self) -> None:
        """Write every queued row with one executemany per table (and per shape of update)."""
        session = db.session
        self._keep_pulled_text()
        order = {table: n for n, table in enumerate(db.metadata.sorted_tables)}
        for model in sorted(self._inserts, key=lambda m: order[m.__table__]):
            session.execute(insert(model.__table__), list(self._inserts[model].values()))
        for model, rows in self._updates.items():
            _update_many(model.__table__, list(rows.values()))
        if self.revisions:
            session.execute(insert(RecordRevision.__table__), self.revisions)
        for (model, column), group in self._children.items():
            table = model.__table__
            for chunk in _chunks(sorted(group["reset"]), 900):
                session.execute(delete(table).where(table.c[column].in_(chunk)))
            children = [row for rows in group["rows"].values() for row in rows]
            if children:
                session.execute(insert(table), children)
        for statement, params in self.extra_statements:
            session.execute(statement, params) if params else session.execute(statement)

    def _keep_pulled_text(self) -> None:
        """Set the pulled text of each row as written (so no second write keeps it)."""
        for model, handler in self._kept_text.items():
            for queued in (self._inserts, self._updates):
                for row in queued.get(model, {}).values():
                    row["pulled_text"] = handler.pulled_text(row)
                    row["pulled_version"] = row["version"]


def _update_many(table, rows: list[dict]) -> None:
    """UPDATE rows by id, one executemany per set of columns."""
    shapes: dict[tuple, list[dict]] = {}
    for row in rows:
        shapes.setdefault(tuple(sorted(k for k in row if k != "id")), []).append(row)
    for columns, group in shapes.items():
        statement = (
            update(table)
            .where(table.c.id == bindparam("_id"))
            .values({name: bindparam(f"_v_{name}") for name in columns})
        )
        params = [
            {"_id": row["id"], **{f"_v_{name}": row[name] for name in columns}} for row in group
        ]
        db.session.connection().execute(statement, params)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]
