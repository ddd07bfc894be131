"""Settle a conflict copy from the console: keep the server's record, the device's, or a merge.

The record is written through the same path a push uses (handler rows, the next version,
a RecordRevision), the conflict copy is kept (its device data is never deleted), marked
resolved and stamped so the author's device sees it, and the decision goes to the audit log.
"""

from app.extensions import db
from app.models import ConflictCopy, User
from app.models.audit import Action, audit
from app.models.base import utcnow
from app.sync.apply import KEPT_FOR_GOOD
from app.sync.context import PushContext, Rejected
from app.sync.handlers import HANDLERS
from app.sync.receipts import make_receipt
from app.sync.versioning import next_version, stamp

CHOICES = ("keep_server", "keep_device", "merge")
NESTED_SEP = "/"  # "answers/A.1": one answer of a check, chosen on its own


class ResolveError(ValueError):
    """A resolution that cannot be applied; `code` says why."""

    def __init__(self, code: str, fields: dict | None = None):
        super().__init__(code)
        self.code = code
        self.fields = fields or {}


def current_server_data(conflict: ConflictCopy) -> tuple[dict | None, dict | None]:
    """Return the record's row and its device-shaped data as the server holds them now."""
    handler = HANDLERS[conflict.entity]
    ctx = PushContext(actor=None, client_id=conflict.client_id)
    ctx.load_rows(handler, [conflict.record_id])
    row = ctx.row(handler, conflict.record_id)
    if row is None:
        return None, None
    return row, ({"_deleted": True} if row["deleted"] else handler.device_data(row))


def field_keys(server: dict, device: dict, nested: tuple[str, ...]) -> list[str]:
    """List the comparable fields of both sides; nested dicts are split key by key."""
    keys = []
    for key in dict.fromkeys([*server, *device]):
        s, d = server.get(key), device.get(key)
        if key in nested and isinstance(s, dict) and isinstance(d, dict):
            keys.extend(f"{key}{NESTED_SEP}{sub}" for sub in dict.fromkeys([*s, *d]))
        else:
            keys.append(key)
    return keys


def get_field(data: dict, key: str):
    """Read a field (or one nested field, "answers/A.1") of a record's data."""
    head, _, sub = key.partition(NESTED_SEP)
    value = data.get(head)
    if not sub:
        return value
    return value.get(sub) if isinstance(value, dict) else None


def merged_data(server: dict, device: dict, fields: dict[str, str], nested) -> dict:
    """Build the data that takes, field by field, the side named in `fields` (server default)."""
    merged = {
        key: (dict(value) if isinstance(value, dict) else value) for key, value in server.items()
    }
    for key in field_keys(server, device, nested):
        if fields.get(key) != "device":
            continue
        head, _, sub = key.partition(NESTED_SEP)
        if not sub:
            if head in device:
                merged[head] = device[head]
            else:
                merged.pop(head, None)
            continue
        source = device.get(head) if isinstance(device.get(head), dict) else {}
        if not isinstance(merged.get(head), dict):
            merged[head] = {}
        if sub in source:
            merged[head][sub] = source[sub]
        else:
            merged[head].pop(sub, None)
    return merged


def _authorize_as_author(handler, conflict: ConflictCopy, data: dict, existing: dict) -> None:
    """Check the chosen data as a push from the conflict's author would be (links, scope).

    The console has checked the resolver's scope; this checks the record itself: a visit of
    another enterprise, an enterprise outside the author's parks, a photo they cannot see.
    """
    author = db.session.get(User, conflict.user_id)
    if author is None:
        raise Rejected("forbidden")
    ctx = PushContext(actor=author, client_id=conflict.client_id)
    handler.prefetch(ctx, [data])
    handler.authorize(ctx, data, existing)


def _write_record(actor: User, conflict: ConflictCopy, raw: dict) -> int:
    """Write a record's new data the way a push does; return its new version."""
    handler = HANDLERS[conflict.entity]
    ctx = PushContext(actor=actor, client_id=conflict.client_id)
    ctx.load_rows(handler, [conflict.record_id])
    existing = ctx.row(handler, conflict.record_id)
    if existing is None:
        raise ResolveError("record_missing")
    ctx.current_id = existing["id"]
    if raw.get("_deleted"):
        if not handler.may_delete(existing):
            raise ResolveError("invalid", {"id": [KEPT_FOR_GOOD]})
        row = dict(existing, deleted=True)
        data = None
    else:
        try:
            data = handler.load(raw)
            _authorize_as_author(handler, conflict, data, existing)
            handler.prefetch(ctx, [data])
            row = {**existing, **handler.build_row(ctx, data, raw, existing), "deleted": False}
        except Rejected as rej:
            raise ResolveError("invalid", rej.fields) from rej
    row.update(version=next_version(), updated_at=ctx.now)
    if "receipt" in handler.model.__table__.c:
        row["receipt"] = make_receipt(row["id"], row["version"], ctx.now)
    ctx.save(handler, row, is_new=False)
    if data is not None:
        handler.after_write(ctx, row, data, existing)
    ctx.add_revision(handler.entity, row, raw, None)
    ctx.flush()
    return row["version"]


def resolve_conflict(
    actor: User,
    conflict: ConflictCopy,
    choice: str,
    fields: dict[str, str] | None = None,
    note: str = "",
) -> ConflictCopy:
    """Settle an open conflict copy: keep_server, keep_device, or merge with per-field choices."""
    if conflict.status != "open":
        raise ResolveError("already_resolved")
    if choice not in CHOICES:
        raise ResolveError("unknown_choice")
    handler = HANDLERS[conflict.entity]
    _, server = current_server_data(conflict)
    if server is None:
        raise ResolveError("record_missing")
    device = dict(conflict.device_data or {})
    chosen = {}
    version = None
    if choice == "keep_device":
        version = _write_record(actor, conflict, device)
    elif choice == "merge":
        if device.get("_deleted") or server.get("_deleted"):
            raise ResolveError("cannot_merge_delete")
        chosen = {k: v for k, v in (fields or {}).items() if v in ("server", "device")}
        if any(v == "device" for v in chosen.values()):
            raw = merged_data(server, device, chosen, handler.merge_nested)
            version = _write_record(actor, conflict, raw)
    conflict.status = "resolved"
    conflict.resolution = choice
    conflict.resolved_by_id = actor.id
    conflict.resolved_at = utcnow()
    stamp(conflict)
    audit(
        actor,
        Action.CONFLICT_RESOLVED,
        conflict.entity,
        conflict.record_id,
        {
            "conflict_id": conflict.id,
            "resolution": choice,
            "record_version": version,
            "device_fields": sorted(k for k, v in chosen.items() if v == "device"),
        },
        (note or "").strip() or None,
    )
    db.session.flush()
    return conflict
