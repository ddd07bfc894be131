"""What every synced entity shares; each entity module fills in its own rules."""

from datetime import UTC, datetime

from marshmallow import Schema, ValidationError
from sqlalchemy import ColumnElement

from app.extensions import db
from app.permissions import photos_not_claimable, scope_clause
from app.sync.context import PushContext, Rejected
from app.sync.fastload import fast_load

PHOTO_CLAIM = "You may use only photos you uploaded or may already see."


class Handler:
    """One entity of the sync API: how it is loaded, checked, written and pulled."""

    entity: str = ""
    model: type = None  # type: ignore[assignment]
    schema: Schema | None = None
    personal = False  # rows carry worker personal data
    merge_nested: tuple[str, ...] = ()  # dict fields merged key by key
    # (child model, parent column, data key) of nested parts whose device ids are rows' ids:
    # each belongs to one record (app/sync/nested.py)
    nested: tuple[tuple[type, str, str], ...] = ()

    # --- pull ---------------------------------------------------------------
    # The columns to_data reads (besides id, version, deleted), or None for all: a pull page
    # of 1,000 checks then skips decoding what it never sends (timestamps, photo lists).
    pull_columns: tuple[str, ...] | None = None
    # A JSON column whose object to_data returns with server_fields(row) set over it: a pull
    # then sends its stored text as is (those keys removed in SQL) and never decodes it.
    pull_json: str | None = None

    def pull_filter(self, user) -> ColumnElement[bool]:
        """Return the WHERE clause of what this user receives."""
        return scope_clause(user, self.model, personal=self.personal)

    def to_data(self, row) -> dict:
        """Serialise a database row as the `data` of a pulled change."""
        raise NotImplementedError

    def server_fields(self, row) -> dict:
        """Return what to_data sets over the pull_json column's object (default: nothing)."""
        return {}

    def enrich(self, changes: list[dict]) -> None:
        """Add what a page of changes needs from other tables (default: nothing)."""

    # --- push ---------------------------------------------------------------
    def load(self, raw: dict | None) -> dict:
        """Validate a mutation's data, or reject it with the field messages."""
        if not isinstance(raw, dict):
            raise Rejected("invalid", {"data": ["Not a valid mapping type."]})
        try:
            return fast_load(self.schema, raw)
        except ValidationError as err:
            raise Rejected("invalid", err.messages_dict) from err

    def prefetch(self, ctx: PushContext, batch_data: list[dict]) -> None:
        """Read in one go what the batch's mutations refer to (default: nothing)."""

    def authorize(self, ctx: PushContext, data: dict, existing: dict | None) -> None:
        """Reject a mutation outside the actor's scope."""
        raise NotImplementedError

    def is_locked(self, existing: dict) -> bool:
        """Tell whether a device may no longer overwrite this record."""
        return False

    def device_data(self, existing: dict) -> dict:
        """Return the part of a row the device edits (the base of three-way merges)."""
        return self.to_data(existing)

    def converge(self, ctx: PushContext, existing: dict, data: dict, raw: dict) -> dict | None:
        """Return a row merging a stale write that cannot conflict, or None (default)."""
        return None

    def build_row(self, ctx: PushContext, data: dict, raw: dict, existing: dict | None) -> dict:
        """Return the full row to write for an upsert."""
        raise NotImplementedError

    def after_write(self, ctx: PushContext, row: dict, data: dict, existing: dict | None) -> None:
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


def check_photo_claims(ctx: PushContext, named: list[str], existing: dict | None) -> None:
    """Reject a record that newly names a stored photo its pusher may not see."""
    before = set((existing or {}).get("photos") or [])
    new = [sha for sha in named if sha not in before]
    if new and photos_not_claimable(db.session, ctx.actor, new):
        raise Rejected("forbidden", {"photos": [PHOTO_CLAIM]})
