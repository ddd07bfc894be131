"""Applying one device mutation: an upsert (merged with the stored row when the device's
base version is old), a delete, or a conflict kept for a supervisor; each gets its version
and receipt. The batch around it (envelopes, duplicates, savepoints) is app.sync.push.
"""

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from app.access.permissions import can_push
from app.core.ids import new_id
from app.sync import nested
from app.sync.context import PushContext, Rejected
from app.sync.handlers import HANDLERS
from app.sync.handlers.base import Data, Handler, Row
from app.sync.merge import try_merge
from app.sync.receipts import make_receipt
from app.sync.versioning import next_version

KEPT_FOR_GOOD = _l("A submitted record cannot be deleted from a device.")


def apply_one(ctx: PushContext, env: dict) -> dict:
    """Apply one parsed mutation: its result (applied, conflict or rejected) for the device."""
    base = {"mutation_id": env["mutation_id"], "id": env.get("id"), "version": None}
    if "error" in env:
        return {
            **base,
            "status": "rejected",
            "errors": {"code": "invalid", "fields": plain(env["error"])},
        }
    handler = HANDLERS[env["entity"]]
    ctx.current_id = env["id"]
    try:
        if not can_push(ctx.actor, handler.entity):
            raise Rejected("forbidden")
        if env["op"] == "delete":
            return {**base, **_delete(ctx, handler, env)}
        return {**base, **_upsert(ctx, handler, env)}
    except Rejected as rej:
        return {
            **base,
            "status": "rejected",
            "errors": {"code": rej.code, "fields": plain(rej.fields)},
        }


def plain(messages):
    """Turn schema messages into JSON: lazy strings become their English msgid.

    The result is stored with the mutation id, so a replay can translate it again.
    """
    if isinstance(messages, dict):
        return {str(key): plain(value) for key, value in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [plain(value) for value in messages]
    if isinstance(messages, LazyString):
        return str(messages._args[0]) if messages._args else str(messages)
    return messages


def _upsert(ctx: PushContext, handler: Handler, env: dict) -> dict:
    data = handler.load(env["data"])
    raw = env["data"]
    existing = handler.find_existing(ctx, env["id"], data)
    handler.authorize(ctx, data, existing)
    ctx.current_id = existing["id"] if existing else env["id"]
    merged = False
    if existing is not None and not handler.ignores_base_version:
        # A device that knew the row (at any version) edits it; one that never did (a second
        # phone scanning the same worker) converges with it.
        unseen = existing["id"] != env["id"] or env["base_version"] == 0
        converged = handler.converge(ctx, existing, data, raw) if unseen else None
        if converged is not None:
            return _write(ctx, handler, converged, raw, existing, env, merged=True)
        if handler.is_locked(existing):
            return _conflict(ctx, handler, env, existing, "locked")
        if env["base_version"] != existing["version"] and existing["deleted"]:
            return _conflict(ctx, handler, env, existing, "stale_base")  # deleted meanwhile
        if env["base_version"] != existing["version"]:
            merged_raw = try_merge(handler, existing, env["base_version"], raw)
            if merged_raw is None:
                return _conflict(ctx, handler, env, existing, "stale_base")
            raw, data, merged = merged_raw, handler.load(merged_raw), True
    row = {**(existing or {}), **handler.build_row(ctx, data, raw, existing)}
    return _write(ctx, handler, row, raw, existing, env, merged=merged, data=data)


def _write(
    ctx: PushContext,
    handler: Handler,
    row: Row,
    raw: Data,
    existing: Row | None,
    env: dict,
    merged: bool = False,
    data: Data | None = None,
) -> dict:
    if data is not None:
        nested.claim(ctx, handler, ctx.current_id, data)
    row["id"] = ctx.current_id
    row["version"] = next_version()
    row["deleted"] = row.get("deleted", False) if existing is None else False
    row["updated_at"] = ctx.now
    row.setdefault("created_at", ctx.now)
    receipt = make_receipt(row["id"], row["version"], ctx.now)
    if "receipt" in handler.model.__table__.c:
        row["receipt"] = receipt
    ctx.save(handler, row, is_new=existing is None)
    if data is not None:
        handler.after_write(ctx, row, data, existing)
    ctx.add_revision(handler.entity, row, raw, env["mutation_id"])
    result = {"status": "applied", "id": row["id"], "version": row["version"], "receipt": receipt}
    if merged:
        result["merged"] = True
    return result


def _delete(ctx: PushContext, handler: Handler, env: dict) -> dict:
    existing = ctx.row(handler, env["id"])
    if existing is None:
        raise Rejected("not_found")
    handler.authorize(ctx, handler.owner_data(existing), existing)
    if not existing["deleted"] and not handler.may_delete(existing):
        raise Rejected("forbidden", {"id": [KEPT_FOR_GOOD]})
    if existing["deleted"]:
        return {
            "status": "applied",
            "version": existing["version"],
            "receipt": make_receipt(existing["id"], existing["version"], existing["updated_at"]),
        }
    if handler.is_locked(existing) or env["base_version"] != existing["version"]:
        env = {**env, "data": {"_deleted": True}}
        return _conflict(
            ctx, handler, env, existing, "locked" if handler.is_locked(existing) else "stale_base"
        )
    row = dict(existing, deleted=True, version=next_version(), updated_at=ctx.now)
    receipt = make_receipt(row["id"], row["version"], ctx.now)
    if "receipt" in row:
        row["receipt"] = receipt
    ctx.save(handler, row, is_new=False)
    ctx.add_revision(handler.entity, row, {"_deleted": True}, env["mutation_id"])
    return {"status": "applied", "version": row["version"], "receipt": receipt}


def _conflict(ctx: PushContext, handler: Handler, env: dict, existing: Row, reason: str) -> dict:
    conflict_id = new_id()
    row = {
        "id": conflict_id,
        "version": next_version(),
        "deleted": False,
        "created_at": ctx.now,
        "updated_at": ctx.now,
        "entity": handler.entity,
        "record_id": existing["id"],
        "park_id": existing.get("park_id"),
        "user_id": ctx.actor.id,
        "client_id": ctx.client_id,
        "mutation_id": env["mutation_id"],
        "reason": reason,
        "base_version": env["base_version"],
        "server_version": existing["version"],
        "device_data": env["data"],
        "server_data": handler.device_data(existing),
        "status": "open",
        "resolution": None,
        "resolved_by_id": None,
        "resolved_at": None,
    }
    ctx.save(HANDLERS["conflict"], row, is_new=True)
    return {
        "status": "conflict",
        "id": existing["id"],
        "version": existing["version"],
        "conflict_id": conflict_id,
    }
