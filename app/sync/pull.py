"""pull_changes: every change visible to a user since a cursor, gap-free, in version order
(a first pull: parks and enterprises first, then the rest)."""

from functools import cache

import orjson
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import (
    Text,
    and_,
    bindparam,
    case,
    exists,
    literal,
    null,
    select,
    union_all,
)

from app.access.permissions import can_pull, parks_added_and_removed, scope_key
from app.core.errors import ApiError
from app.extensions import db
from app.sync.handlers import HANDLERS
from app.sync.pulled_kept import kept_columns
from app.sync.pulled_text import pulled_parts, spliced
from app.sync.versioning import current_version

_serializers: dict[str, URLSafeSerializer] = {}


def _serializer() -> URLSafeSerializer:
    key = current_app.config["SECRET_KEY"]
    if key not in _serializers:  # made once per key: building one was a tenth of a poll
        _serializers[key] = URLSafeSerializer(key, salt="pull-cursor")
    return _serializers[key]


# A first pull brings what the first screen (the enterprise list) needs before the rest: these
# entities up to the counter read when it began (stage 1), then every other entity up to the
# same point (stage 2), then on from there as any pull. Each stage is gap-free on its own.
FIRST_ENTITIES = ("park", "enterprise")


def encode_cursor(version: int, scope: dict, stage: tuple[int, int] | None = None) -> str:
    """Make the opaque cursor: a signed (version, scope) pair, and the first pull's stage
    (1 or 2, and the version it runs to) while one is under way."""
    payload = {"v": version, **scope}
    if stage:
        payload["s"], payload["u"] = stage
    return _serializer().dumps(payload)


def decode_cursor(cursor: str | None) -> tuple[int, dict | None, tuple[int, int] | None]:
    """Read a cursor back: version, scope and stage; an empty one starts from the beginning."""
    if not cursor:
        return 0, None, None
    try:
        payload = _serializer().loads(cursor)
        scope = {key: payload.get(key) for key in ("p", "e", "r")}
        stage = (int(payload["s"]), int(payload["u"])) if payload.get("s") in (1, 2) else None
        return int(payload["v"]), scope, stage
    except (BadSignature, KeyError, TypeError, ValueError) as err:
        raise ApiError(400, "invalid_cursor", fields={"cursor": ["Not a valid cursor."]}) from err


def pull_changes(actor, cursor: str | None, limit: int) -> dict:
    """Return up to `limit` changes after the cursor, the next cursor and has_more."""
    since, old_scope, stage = decode_cursor(cursor)
    scope = scope_key(actor)
    high = current_version()  # read first: rows above it are left for the next pull
    if not cursor and high > 0:
        stage = (1, high)
    if stage and old_scope in (None, scope):
        return _staged_page(actor, scope, since, stage, limit, high)
    if old_scope == scope and since == high:  # "nothing new": the counter was the one read
        return {"changes": [], "cursor": cursor, "has_more": False, "reset": False, "progress": 1.0}
    revoked: list[dict] = []
    reset = False
    if old_scope is not None and old_scope != scope:
        revoked, reset = scope_change(old_scope, scope)
        if reset or revoked:
            since = 0  # bring everything newly visible; devices upsert idempotently
    changes = _changes_between(actor, since, high, limit + 1)
    has_more = len(changes) > limit
    changes = changes[:limit]
    next_version = changes[-1]["version"] if has_more else high
    _enrich(changes)
    return {
        "changes": revoked + changes,
        "cursor": encode_cursor(next_version, scope),
        "has_more": has_more,
        "reset": reset,
        "progress": page_progress(since, next_version, high),
    }


def _staged_page(actor, scope: dict, since: int, stage: tuple[int, int], limit: int, high: int):
    """One page of a first pull: the first screen's entities, then the others, each in version
    order up to the version the first pull began at (a page with room left after the first
    stage goes on into the second); then the cursor goes on from there as any pull's."""
    number, until = stage
    pulled = tuple(e for e in HANDLERS if can_pull(actor, e))
    changes: list[dict] = []
    while True:
        room = limit - len(changes)
        group = tuple(e for e in pulled if (e in FIRST_ENTITIES) == (number == 1))
        found = _changes_between(actor, since, until, room + 1, group)
        more = len(found) > room
        changes += found[:room]
        since = found[room - 1]["version"] if more and room else since
        if more or number == 2:
            break
        number, since = 2, 0  # the first screen's entities are all here: on to the others
    _enrich(changes)
    if more:
        cursor = encode_cursor(since, scope, (number, until))
        share = page_progress(0, since, until) / 2
        progress = round(share if number == 1 else 0.5 + share, 4)
    else:
        cursor, progress = encode_cursor(until, scope), page_progress(0, until, high)
    return {
        "changes": changes,
        "cursor": cursor,
        "has_more": more or high > until,
        "reset": False,
        "progress": progress,
    }


def page_progress(since: int, reached: int, high: int) -> float:
    """The share of the version range (since, high] a page reached, in [0, 1] (rounded)."""
    if high <= since:
        return 1.0
    return round(min(1.0, max(0.0, (reached - since) / (high - since))), 4)


def scope_change(old: dict, new: dict) -> tuple[list[dict], bool]:
    """Say what is no longer visible after a scope change, as revocation changes.

    The second value asks the device to start again (`reset`): its records are resent from
    version 0 and it drops, once the pull is complete, what was not resent.
    """
    if old.get("r") is not None and old["r"] != new.get("r"):
        return [], True  # another role pulls other entities: start again
    revoked = []
    if old.get("e") and old.get("e") != new.get("e"):
        revoked.append(_revocation("enterprise", old["e"]))
    added, removed = parks_added_and_removed(old.get("p"), new.get("p"))
    if removed is None:
        return revoked, True  # shrank from the whole province: start again
    revoked.extend(_revocation("park", park_id) for park_id in sorted(removed))
    return revoked, bool(added) or added is None


def _revocation(entity: str, record_id: str) -> dict:
    return {
        "entity": entity,
        "id": record_id,
        "version": 0,
        "deleted": True,
        "data": {"revoked": True},
    }


def _changed_entities(entities: tuple[str, ...], since: int, high: int) -> set[str]:
    """The entities with a row versioned in (since, high], whoever may see it: one statement
    of indexed probes, so a delta does not query each of the ten tables."""
    if not entities:
        return set()
    params = {"since": since, "high": high}
    return set(db.session.execute(_probes(entities), params).scalars())


@cache
def _probes(entities: tuple[str, ...]):
    """The probe statement for these entities (built once: building it cost more than it)."""
    probes = []
    for entity in entities:
        version = HANDLERS[entity].model.__table__.c.version
        changed = exists().where(version > bindparam("since"), version <= bindparam("high"))
        probes.append(select(literal(entity, Text)).where(changed))
    return union_all(*probes)


def _changes_between(
    actor, since: int, high: int, limit: int, pulled: tuple[str, ...] | None = None
) -> list[dict]:
    rows = []
    sqlite = db.session.get_bind().dialect.name == "sqlite"
    if pulled is None:
        pulled = tuple(entity for entity in HANDLERS if can_pull(actor, entity))
    changed = _changed_entities(pulled, since, high)
    for entity in pulled:
        if entity not in changed:
            continue
        handler = HANDLERS[entity]
        table = handler.model.__table__
        scope = handler.pull_filter(actor)
        if sqlite:
            # A pull walks the version index. Written plainly, the scope condition tempts
            # SQLite's planner (no statistics unless ANALYZE ran) into the park index, and a
            # page would cost as much as the park's whole history; the CASE keeps the meaning
            # but cannot be served by an index. PostgreSQL gets the plain, sargable condition:
            # with statistics it walks the version index, and it does not misjudge a CASE.
            scope = case((scope, 1), else_=0) == 1
        where = and_(table.c.version > since, table.c.version <= high, scope)
        if not sqlite:
            where = table.c.version.in_(_page_versions(table, where, limit))
        query = (
            select(*_columns(handler.entity, sqlite))
            .where(where)
            .order_by(table.c.version)
            .limit(limit)
        )
        rows.extend((handler, row) for row in db.session.execute(query).all())  # one fetchall
    rows.sort(key=lambda pair: pair[1].version)
    return [_change(handler, row) for handler, row in rows[:limit]]


def _page_versions(table, where, limit: int):
    """The versions of one page, chosen before any row is read whole (PostgreSQL).

    Right after a bulk write the statistics still say the table is small, and the planner
    then reads every row above the cursor through two bitmaps and sorts them: with the
    columns and the stored JSON of each, a page of 1,000 out of 10,000 fresh checks took
    1.4 s. Choosing the page's versions first costs, on any plan, only index entries; the
    page's rows are then read by their version, 1,000 at most.
    """
    return select(table.c.version).where(where).order_by(table.c.version).limit(limit)


@cache
def _columns(entity: str, sqlite: bool) -> tuple:
    """The columns a pull reads of an entity (built once: the pulled text's SQL is long)."""
    handler = HANDLERS[entity]
    table = handler.model.__table__
    if handler.pull_columns is None:
        return (table,)
    columns = tuple(table.c[name] for name in ("id", "version", "deleted"))
    if handler.pull_json:  # the kept text when it is usable, else the two parts assembled
        dialect = "sqlite" if sqlite else "postgresql"
        kept, usable = kept_columns(handler, table)
        stored, fields = (
            case((usable, null()), else_=part) for part in pulled_parts(handler, table, dialect)
        )
        return (*columns, kept.label("_kept"), stored.label("_json"), fields.label("_server"))
    return (*columns, *(table.c[name] for name in handler.pull_columns))


def _change(handler, row) -> dict:
    return {
        "entity": handler.entity,
        "id": row.id,
        "version": row.version,
        "deleted": row.deleted,
        "data": None if row.deleted else _data(handler, row),
    }


def _data(handler, row):
    if not handler.pull_json:
        return handler.to_data(row)
    if row._kept is not None:
        return orjson.Fragment(row._kept)
    if row._json is None:  # not an object (or not valid JSON): the whole row, decoded
        table = handler.model.__table__
        return handler.to_data(db.session.execute(select(table).where(table.c.id == row.id)).one())
    return orjson.Fragment(spliced(row._json, row._server))  # written out as is


def _enrich(changes: list[dict]) -> None:
    by_entity: dict[str, list[dict]] = {}
    for change in changes:
        by_entity.setdefault(change["entity"], []).append(change)
    for entity, group in by_entity.items():
        HANDLERS[entity].enrich(group)
