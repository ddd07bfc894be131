"""What an inspector changed in a check since it was last returned, from the kept revisions."""

from sqlalchemy import select

from app.extensions import db
from app.models import Check, RecordRevision, ReviewDecision
from app.sync.handlers.check import photos_named


def last_return(check: Check) -> ReviewDecision | None:
    """Return the latest return of a check, or None if it was never returned."""
    query = (
        select(ReviewDecision)
        .where(ReviewDecision.entity == "check", ReviewDecision.record_id == check.id)
        .where(ReviewDecision.decision == "return")
        .order_by(ReviewDecision.at.desc(), ReviewDecision.record_version.desc())
        .limit(1)
    )
    return db.session.execute(query).scalar()


def data_at_return(check: Check, decision: ReviewDecision) -> dict:
    """Return the check's data as the supervisor saw it when returning it."""
    query = select(RecordRevision.data).where(
        RecordRevision.entity == "check",
        RecordRevision.record_id == check.id,
        RecordRevision.version <= decision.record_version,
    )
    data = db.session.execute(query.order_by(RecordRevision.version.desc()).limit(1)).scalar()
    return dict(data or {})


def is_sent_again(check: Check) -> bool:
    """Tell whether a check waiting for review was sent again after a return."""
    return check.status == "submitted" and (check.send_count or 0) > 1


def _answer_changes(before: dict, after: dict) -> list[dict]:
    """Return the answers whose value, note or photos differ, by item code."""
    old, new = before.get("answers") or {}, after.get("answers") or {}
    out = []
    for code in list(dict.fromkeys([*old, *new])):
        a, b = old.get(code) or {}, new.get(code) or {}
        if (a.get("value"), a.get("note", ""), a.get("photos", [])) != (
            b.get("value"),
            b.get("note", ""),
            b.get("photos", []),
        ):
            out.append({"code": code, "before": a, "after": b})
    return out


def _finding_changes(before: dict, after: dict) -> list[dict]:
    """Return the findings added, removed or changed, by finding id."""
    old = {f.get("id"): f for f in before.get("findings") or []}
    new = {f.get("id"): f for f in after.get("findings") or []}
    out = []
    for fid in list(dict.fromkeys([*old, *new])):
        a, b = old.get(fid), new.get(fid)
        if a != b:
            change = "added" if a is None else "removed" if b is None else "changed"
            out.append({"change": change, "before": a, "after": b})
    return out


def _signatures(data: dict) -> dict:
    """Return who signed, by name (team members and the representative)."""
    signed = {m.get("name") or "?": m.get("signature") for m in data.get("team") or []}
    signed[data.get("representative_name") or "—"] = data.get("representative_signature")
    return signed


def _signature_changes(before: dict, after: dict) -> list[str]:
    """Return the names whose signature was added, removed or signed again."""
    old, new = _signatures(before), _signatures(after)
    return [name for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name)]


def changes_since_return(check: Check) -> dict | None:
    """Return what changed since the last return (None when the check was never returned)."""
    decision = last_return(check)
    if decision is None:
        return None
    before, after = data_at_return(check, decision), dict(check.data or {})
    old_photos, new_photos = set(photos_named(before)), set(photos_named(after))
    return {
        "decision": decision,
        "answers": _answer_changes(before, after),
        "findings": _finding_changes(before, after),
        "photos_added": sorted(new_photos - old_photos),
        "photos_removed": sorted(old_photos - new_photos),
        "signatures": _signature_changes(before, after),
        "notes": before.get("notes", "") != after.get("notes", ""),
    }
