"""Three-way merge of a stale device write with what the server has since."""

from sqlalchemy import select

from app.extensions import db
from app.models import RecordRevision

_MISSING = object()


class MergeConflict(Exception):
    """Both sides changed the same field differently."""


def base_data(entity: str, record_id: str, version: int) -> dict | None:
    """Return a record's data as it was at a version, or None when unknown."""
    query = select(RecordRevision.data).where(
        RecordRevision.entity == entity,
        RecordRevision.record_id == record_id,
        RecordRevision.version == version,
    )
    return db.session.execute(query).scalar()


def _pick(base, server, device):
    if device in (base, server):
        return server
    if server == base:
        return device
    raise MergeConflict


def merge_dicts(base: dict, server: dict, device: dict, nested: tuple[str, ...] = ()) -> dict:
    """Merge field by field; raise MergeConflict when one field changed on both sides."""
    merged = {}
    for key in dict.fromkeys([*server, *device, *base]):
        b, s, d = base.get(key, _MISSING), server.get(key, _MISSING), device.get(key, _MISSING)
        if key in nested and all(isinstance(v, dict) for v in (b, s, d)):
            value = merge_dicts(b, s, d)
        else:
            value = _pick(b, s, d)
        if value is not _MISSING:
            merged[key] = value
    return merged


def try_merge(handler, existing: dict, base_version: int, device: dict) -> dict | None:
    """Merge a device's data made from base_version into the server's, or None on conflict."""
    base = base_data(handler.entity, existing["id"], base_version)
    if base is None:
        return None
    try:
        return merge_dicts(base, handler.device_data(existing), device, handler.merge_nested)
    except MergeConflict:
        return None
