"""Review decisions on checks and events: approve, return with a comment, mark reviewed.

Every decision goes through the one version path (stamp + RecordRevision) so the author's
device gets it on its next pull and later device merges have a base, and is recorded twice:
a ReviewDecision row and an AuditLog row.
"""

from app.extensions import db
from app.models import AuditLog, Check, Event, RecordRevision, ReviewDecision, User
from app.models.base import utcnow
from app.sync.handlers.base import iso
from app.sync.versioning import stamp

CHECK_DECISIONS = {"approve": "approved", "return": "returned"}
CHECK_REVIEWABLE = {"submitted", "returned"}
EVENT_DECISIONS = {"reviewed": "reviewed", "return": "returned"}
# A reviewed event can still be returned (late entries from a phone were refused meanwhile).
EVENT_FROM = {"reviewed": {"held", "returned"}, "return": {"held", "returned", "reviewed"}}
EVENT_REVIEWABLE = EVENT_FROM["return"]
EVENT_FIELDS = ("enterprise_id", "title", "place", "activities", "planned_participants",
                "photos", "notes", "status")


class ReviewError(ValueError):
    """A decision that cannot be taken; `code` says why (for a translated message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _record(actor: User, entity: str, record, decision: str, comment: str, data: dict,
            previous: str) -> ReviewDecision:
    """Write the revision, the decision and the audit row of a reviewed record."""
    db.session.add(RecordRevision(entity=entity, record_id=record.id, version=record.version,
                                  data=data, user_id=actor.id))
    row = ReviewDecision(entity=entity, record_id=record.id, record_version=record.version,
                         decision=decision, comment=comment, user_id=actor.id)
    db.session.add(row)
    db.session.add(AuditLog(user_id=actor.id, action=f"{entity}_{decision}", entity=entity,
                            record_id=record.id, reason=comment or None,
                            detail={"from": previous, "to": record.status,
                                    "version": record.version}))
    db.session.flush()
    return row


def review_check(actor: User, check: Check, decision: str, comment: str = "") -> ReviewDecision:
    """Approve a submitted check, or return it to its author with a (required) comment."""
    comment = (comment or "").strip()
    if decision not in CHECK_DECISIONS:
        raise ReviewError("unknown_decision")
    if check.status not in CHECK_REVIEWABLE:
        raise ReviewError("not_reviewable")
    if decision == "return" and not comment:
        raise ReviewError("comment_required")
    previous = check.status
    check.status = CHECK_DECISIONS[decision]
    check.review_comment = comment or None
    check.reviewed_by_id = actor.id
    check.reviewed_at = utcnow()
    stamp(check)
    return _record(actor, "check", check, decision, comment, dict(check.data or {}), previous)


def event_device_data(event: Event) -> dict:
    """Return an event's fields as a device sends them (the base of later merges)."""
    data = {name: getattr(event, name) for name in EVENT_FIELDS}
    data["date"] = iso(event.date)
    return data


def review_event(actor: User, event: Event, comment: str = "",
                 decision: str = "reviewed") -> ReviewDecision:
    """Mark a held event reviewed (then locked on devices), or return it to HR with a comment."""
    comment = (comment or "").strip()
    if decision not in EVENT_DECISIONS:
        raise ReviewError("unknown_decision")
    if event.deleted or event.status not in EVENT_FROM[decision]:
        raise ReviewError("not_reviewable")
    if decision == "return" and not comment:
        raise ReviewError("comment_required")
    previous = event.status
    event.status = EVENT_DECISIONS[decision]
    event.review_comment = comment or None
    event.reviewed_by_id = actor.id
    event.reviewed_at = utcnow()
    stamp(event)
    return _record(actor, "event", event, decision, comment, event_device_data(event), previous)
