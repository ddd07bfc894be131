"""apply_push: one batch of device mutations, in one transaction, each on its own.

The batch is written in one go (rows buffered in PushContext, one executemany per table) inside
a SAVEPOINT. If anything unexpected fails there, that savepoint is rolled back and the batch is
applied again one mutation per savepoint: the one that fails is answered `server_error` alone
and the others commit. Only a database that is gone fails the request (a 503 from
app/web/probes.py).
"""

import logging
import uuid

from flask import g, has_request_context
from sqlalchemy import insert, select
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError

from app.extensions import db
from app.models import AppliedMutation, Device
from app.models.base import utcnow
from app.schemas.common import UUID_RE
from app.sync import nested
from app.sync.apply import apply_one
from app.sync.context import PushContext
from app.sync.fastload import fast_load
from app.sync.handlers import HANDLERS
from app.sync.handlers.base import Handler
from app.sync.schemas import mutation_schema
from app.sync.versioning import clock_mark, rewind_clock, take_versions

log = logging.getLogger(__name__)
DATABASE_GONE = (OperationalError, DisconnectionError, InterfaceError)


def apply_push(
    actor, client_id: str, mutations: list[dict], user_agent: str = "", keep_rejected: bool = True
) -> list[dict]:
    """Apply a batch of mutations for `actor` and return one result per mutation, in order.

    keep_rejected=False (an import) records no rejected mutation id: junk leaves nothing.
    """
    now = utcnow()
    take_versions(0)  # lock the counter first: concurrent pushes of one batch serialise here
    touch_device(actor, client_id, user_agent, now)
    envelopes = [_envelope(raw) for raw in mutations]
    seen = already_applied(actor.id, [e["mutation_id"] for e in envelopes if e["mutation_id"]])
    mark = clock_mark()
    try:
        with db.session.begin_nested():
            return _apply_batch(
                PushContext(actor=actor, client_id=client_id, now=now),
                envelopes,
                dict(seen),
                keep_rejected,
            )
    except DATABASE_GONE:
        raise
    except Exception as err:  # noqa: BLE001 - isolated below, mutation by mutation
        rewind_clock(mark)
        log.warning("push of %d mutations fell back to one savepoint each: %r", len(envelopes), err)
    return _apply_each(actor, client_id, now, envelopes, seen, keep_rejected)


def _apply_batch(
    ctx: PushContext, envelopes: list[dict], seen: dict, keep_rejected: bool = True
) -> list[dict]:
    """Apply envelopes with one write per table; `seen` gains the mutation ids applied."""
    _prefetch(ctx, envelopes)
    results, applied = [], []
    for env in envelopes:
        mutation_id = env["mutation_id"]
        if mutation_id in seen:
            results.append(_duplicate(seen[mutation_id]))
            continue
        result = apply_one(ctx, env)
        results.append(result)
        if mutation_id and (keep_rejected or result["status"] != "rejected"):
            seen[mutation_id] = result
            applied.append(_applied_row(ctx, env, result))
    ctx.flush()
    if applied:
        db.session.execute(insert(AppliedMutation.__table__), applied)
    return results


def _apply_each(
    actor, client_id: str, now, envelopes: list[dict], seen: dict, keep_rejected: bool
) -> list[dict]:
    """Apply envelopes one SAVEPOINT each: a failure rolls back its own mutation only."""
    results = []
    for env in envelopes:
        if env["mutation_id"] in seen:
            results.append(_duplicate(seen[env["mutation_id"]]))
            continue
        mark = clock_mark()
        try:
            with db.session.begin_nested():
                ctx = PushContext(actor=actor, client_id=client_id, now=now)
                results.extend(_apply_batch(ctx, [env], seen, keep_rejected))
        except DATABASE_GONE:
            raise
        except Exception:  # noqa: BLE001 - this mutation alone is answered server_error
            rewind_clock(mark)
            seen.pop(env["mutation_id"], None)
            results.append(_server_error(env))
    return results


def _duplicate(first: dict) -> dict:
    return {**first, "status": "duplicate", "first_status": first["status"]}


def _server_error(env: dict) -> dict:
    request_id = _request_id()
    log.exception(
        "mutation %s (%s %s) failed on the server; request %s",
        env["mutation_id"],
        env.get("entity"),
        env.get("op"),
        request_id,
    )
    return {
        "mutation_id": env["mutation_id"],
        "id": env.get("id"),
        "version": None,
        "status": "rejected",
        "errors": {"code": "server_error", "request_id": request_id},
    }


def _request_id() -> str:
    if not has_request_context():
        return uuid.uuid4().hex
    if not g.get("request_id"):
        g.request_id = uuid.uuid4().hex
    return g.request_id


def touch_device(actor, client_id: str, user_agent: str, now) -> None:
    """Record the device and who pushed from it last."""
    device = db.session.get(Device, client_id)
    if device is None:
        device = Device(client_id=client_id)
        db.session.add(device)
    device.user_id = actor.id
    device.user_agent = (user_agent or "")[:300]
    device.last_push_at = now


def _envelope(raw) -> dict:
    try:
        env = fast_load(mutation_schema, raw)
    except Exception as err:  # noqa: BLE001 - a ValidationError or a non-dict
        messages = getattr(err, "messages_dict", {"_schema": ["Not a valid mutation."]})
        fields = raw if isinstance(raw, dict) else {}
        return {
            "mutation_id": _uuid_or_none(fields.get("mutation_id")),
            "error": messages,
            "id": _uuid_or_none(fields.get("id")),
        }
    if env["op"] == "delete":
        env["data"] = None  # a delete is read from the stored row; what it sends is ignored
    return env


def _uuid_or_none(value) -> str | None:
    """Echo an id of a refused mutation only if it is one (it is stored and queried)."""
    return value.lower() if isinstance(value, str) and UUID_RE.match(value.lower()) else None


def already_applied(user_id: str, mutation_ids: list[str]) -> dict:
    """Return the first result of each of these mutation ids this user already sent."""
    found = {}
    for start in range(0, len(mutation_ids), 900):
        chunk = mutation_ids[start : start + 900]
        query = select(AppliedMutation.mutation_id, AppliedMutation.result).where(
            AppliedMutation.user_id == user_id, AppliedMutation.mutation_id.in_(chunk)
        )
        found.update({row.mutation_id: row.result for row in db.session.execute(query)})
    return found


def _prefetch(ctx: PushContext, envelopes: list[dict]) -> None:
    """Read what the batch's mutations refer to, per entity, from their ids alone."""
    by_entity: dict[str, list[dict]] = {}
    for env in envelopes:
        if "error" not in env:
            by_entity.setdefault(env["entity"], []).append(env)
    for entity, envs in by_entity.items():
        handler = HANDLERS[entity]
        ctx.load_rows(handler, [e["id"] for e in envs])
        batch_data = []
        for env in envs:
            if env["op"] == "upsert":
                batch_data.append(_ids_of(handler, env["data"]))
                continue
            existing = ctx.row(handler, env["id"])  # a delete: authorize() reads the owner
            if existing is not None:
                batch_data.append(handler.owner_data(existing))
        handler.prefetch(ctx, batch_data)
        nested.prefetch_owners(ctx, handler, batch_data)


def _ids_of(handler: Handler, raw) -> dict:
    """The ids an upsert names (`*_id` fields, nested parts' ids), each a valid UUID or left out.

    Prefetch reads nothing else, so a hostile value never reaches a query or a set; the whole
    data is loaded (validated) when the mutation is applied, one at a time.
    """
    if not isinstance(raw, dict):
        return {}
    ids = {}
    for key, value in raw.items():
        if type(key) is str and key.endswith("_id") and (value := _uuid_or_none(value)):
            ids[key] = value
    for key in handler.prefetch_text:
        if type(value := raw.get(key)) is str and len(value) <= 200:
            ids[key] = value
    for _model, _column, key in handler.nested:
        parts = raw.get(key)
        if isinstance(parts, list):
            found = (_uuid_or_none(part.get("id")) for part in parts if isinstance(part, dict))
            ids[key] = [{"id": part_id} for part_id in found if part_id]
    return ids


def _applied_row(ctx: PushContext, env: dict, result: dict) -> dict:
    return {
        "mutation_id": env["mutation_id"],
        "client_id": ctx.client_id,
        "user_id": ctx.actor.id,
        "entity": env.get("entity") or "",
        "record_id": result.get("id") or env.get("id") or "",
        "status": result["status"],
        "result": result,
        "created_at": ctx.now,
    }
