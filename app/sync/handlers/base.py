"""What every synced entity declares and does; each entity module fills in its own rules.

A handler is the one place of an entity's facts (its name, model, the schemas of what a device
pushes and what a pull sends, who pulls and pushes it) and of its hooks. push.py, pull.py and
resolve.py call only the hooks declared here; each has a default, so an entity overrides only
what it does differently.

Rows stay plain dicts (`Row`): a push of thousands of records reads, merges and writes them
without building an object per row.
"""

from datetime import UTC, datetime
from typing import Any, ClassVar

from flask_babel.speaklater import LazyString
from marshmallow import Schema, ValidationError
from sqlalchemy import ColumnElement, false

from app.access.permissions import EVERY_ROLE, photos_not_claimable, scope_clause
from app.core.jsoncodec import dumps
from app.extensions import db
from app.sync.context import PushContext, Rejected
from app.sync.fastload import fast_load

Row = dict[str, Any]
"""A record as its table holds it, column by column (or as a push is about to write it)."""
Data = dict[str, Any]
"""A mutation's `data`: as the device sent it (`raw`), or as the entity's schema loaded it."""

PHOTO_CLAIM = "You may use only photos you uploaded or may already see."


class Handler:
    """One entity of the sync API: how it is loaded, checked, written and pulled."""

    entity: ClassVar[str] = ""
    label: ClassVar[LazyString | None] = None  # its name on the console (else `entity`)
    model: ClassVar[type] = None  # type: ignore[assignment]
    # Loads a pushed `data` (its class, less "Schema", names the OpenAPI component);
    # None for an entity devices only pull.
    schema: ClassVar[Schema | None] = None
    pulled_schema: ClassVar[type[Schema]] = None  # type: ignore[assignment]  # a pull's `data`
    pulled_by: ClassVar[frozenset[str]] = EVERY_ROLE  # roles (app/access/permissions.py groups)
    pushed_by: ClassVar[frozenset[str]] = frozenset()
    personal: ClassVar[bool] = False  # rows carry worker personal data
    merge_nested: ClassVar[tuple[str, ...]] = ()  # dict fields merged key by key
    # (child model, parent column, data key) of nested parts whose device ids are rows' ids:
    # each belongs to one record (app/sync/nested.py)
    nested: ClassVar[tuple[tuple[type, str, str], ...]] = ()
    # short text fields prefetch() may read besides the ids (each a string of at most 200)
    prefetch_text: ClassVar[tuple[str, ...]] = ()
    # True: a push is never stale (a conflict's resolution settles whatever the version)
    ignores_base_version: ClassVar[bool] = False

    # --- what the registry derives ------------------------------------------
    @property
    def pushable(self) -> bool:
        """Tell whether devices push this entity (it has a schema to load their data)."""
        return self.schema is not None

    @property
    def data_component(self) -> str:
        """Name the OpenAPI component of the `data` a device pushes."""
        return type(self.schema).__name__.removesuffix("Schema")

    @property
    def pulled_component(self) -> str:
        """Name the OpenAPI component of the `data` a pull sends."""
        return self.pulled_schema.__name__.removesuffix("Schema")

    # --- pull ---------------------------------------------------------------
    # The columns to_data reads (besides id, version, deleted), or None for all: a pull page
    # of 1,000 checks then skips decoding what it never sends (timestamps, photo lists).
    pull_columns: tuple[str, ...] | None = None
    # A JSON column whose object to_data returns with server_fields(row) set over it: a pull
    # then sends the text the database assembles (app/sync/pulled_text.py), never decoded.
    pull_json: str | None = None

    def pull_filter(self, user) -> ColumnElement[bool]:
        """Return the WHERE clause of what this user receives."""
        return scope_clause(user, self.model, personal=self.personal)

    def to_data(self, row) -> Data:
        """Serialise a database row (attributes, not a dict) as the `data` of a pulled change."""
        raise NotImplementedError

    def server_fields(self, row) -> dict:
        """Return what to_data sets over the pull_json column's object (default: nothing)."""
        return {}

    def pull_patch(self, stored, table, dialect: str):
        """SQL for the pull_json column's object as pulled, before the server fields are set
        over it (default: as stored; app/sync/pulled_text.py)."""
        return stored

    def pulled_text(self, row: Row) -> str | None:
        """The JSON text a pull sends of a row about to be written, before the patch (None
        when its pull_json value is not an object: such a row is always assembled)."""
        if not isinstance(row.get(self.pull_json), dict):
            return None
        return dumps(self.to_data(_Written(row)))  # as the JSON columns are written

    def pull_patch_applies(self, table) -> ColumnElement[bool]:
        """SQL: whether pull_patch changes this row (its kept text is then not sent as it is,
        app/sync/pulled_kept.py); default: never."""
        return false()

    def enrich(self, changes: list[dict]) -> None:
        """Add what a page of changes read through to_data needs from other tables (default:
        nothing)."""

    # --- push ---------------------------------------------------------------
    def load(self, raw: Data | None) -> Data:
        """Validate a mutation's data, or reject it with the field messages."""
        if not isinstance(raw, dict):
            raise Rejected("invalid", {"data": ["Not a valid mapping type."]})
        try:
            return fast_load(self.schema, raw)
        except ValidationError as err:
            raise Rejected("invalid", err.messages_dict) from err

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        """Read in one go what the batch's mutations refer to (default: nothing)."""

    def find_existing(self, ctx: PushContext, record_id: str, data: Data) -> Row | None:
        """Return the stored row an upsert writes (default: the one with its id, prefetched)."""
        return ctx.row(self, record_id)

    def owner_data(self, existing: Row) -> Data:
        """The fields authorize() reads, taken from a stored row (for deletes)."""
        keys = ("enterprise_id", "event_id", "template_version_id")
        data = {k: existing[k] for k in keys if k in existing}
        data.setdefault("template_version_id", None)
        return data

    def authorize(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
        """Reject a mutation outside the actor's scope."""
        raise NotImplementedError

    def is_locked(self, existing: Row) -> bool:
        """Tell whether a device may no longer overwrite this record."""
        return False

    def may_delete(self, existing: Row) -> bool:
        """Tell whether a device may still delete this record (default: yes)."""
        return True

    def device_data(self, existing: Row) -> Data:
        """Return the part of a row the device edits (the base of three-way merges)."""
        return self.to_data(existing)

    def converge(self, ctx: PushContext, existing: Row, data: Data, raw: Data) -> Row | None:
        """Return a row merging a stale write that cannot conflict, or None (default)."""
        return None

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
        """Return the full row to write for an upsert."""
        raise NotImplementedError

    def after_write(self, ctx: PushContext, row: Row, data: Data, existing: Row | None) -> None:
        """Write what depends on the row (default: nothing)."""


def iso(value) -> str | None:
    """Format a date or datetime as ISO 8601 (None stays None; naive datetimes are UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime) and value.tzinfo is None:  # SQLite reads back naive UTC
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def utc(value: datetime | None) -> datetime | None:
    """Normalise an aware datetime to UTC, so SQLite (which drops the offset) keeps the instant."""
    return value.astimezone(UTC) if value is not None and value.tzinfo is not None else value


def check_photo_claims(ctx: PushContext, named: list[str], existing: Row | None) -> None:
    """Reject a record that newly names a stored photo its pusher may not see."""
    before = set((existing or {}).get("photos") or [])
    new = [sha for sha in named if sha not in before]
    if new and photos_not_claimable(db.session, ctx.actor, new):
        raise Rejected("forbidden", {"photos": [PHOTO_CLAIM]})


class _Written(dict):
    """A row about to be written, read as the database row will be (a column left out: NULL)."""

    def __getattr__(self, name: str):
        return self.get(name)
