"""Review decisions on checks and events: approve, return with a comment, mark reviewed.

Every decision goes through the one version path (stamp + RecordRevision) so the author's
device gets it on its next pull and later device merges have a base, and is recorded twice:
a ReviewDecision row and an AuditLog row.
"""

from collections.abc import Callable

from flask_babel import lazy_gettext

from app.extensions import db
from app.models import Check, Event, RecordRevision, ReviewDecision, User
from app.models.audit import audit, review_action
from app.models.base import utcnow
from app.review.thread import COMMENT_TEXT, write_comment
from app.sync.handlers.base import iso
from app.sync.handlers.event import DEVICE_FIELDS
from app.sync.versioning import stamp

# Why a decision was refused, by the code of the ReviewError (console and festival pages).
REVIEW_ERRORS = {
    "comment_required": lazy_gettext("A comment is required to return a record."),
    "not_reviewable": lazy_gettext("This record cannot be reviewed in its current status."),
    "unknown_decision": lazy_gettext("Unknown decision."),
    "comment_too_long": lazy_gettext("The comment is too long (2,000 characters at most)."),
}
CHECK_DECISIONS = {"approve": "approved", "return": "returned"}
# A returned check waits for its inspector: no decision until it is sent again.
CHECK_REVIEWABLE = {"submitted"}
EVENT_DECISIONS = {"reviewed": "reviewed", "return": "returned"}
# A reviewed event can still be returned (late entries from a phone were refused meanwhile).
EVENT_FROM = {"reviewed": {"held", "returned"}, "return": {"held", "returned", "reviewed"}}
EVENT_REVIEWABLE = EVENT_FROM["return"]


class ReviewError(ValueError):
    """A decision that cannot be taken; `code` says why (for a translated message)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _record(
    actor: User, entity: str, record, decision: str, comment: str, data: dict, previous: str
) -> ReviewDecision:
    """Write the revision, the decision and the audit row of a reviewed record."""
    db.session.add(
        RecordRevision(
            entity=entity, record_id=record.id, version=record.version, data=data, user_id=actor.id
        )
    )
    row = ReviewDecision(
        entity=entity,
        record_id=record.id,
        record_version=record.version,
        decision=decision,
        comment=comment,
        user_id=actor.id,
    )
    db.session.add(row)
    audit(
        actor,
        review_action(entity, decision),
        entity,
        record.id,
        {"from": previous, "to": record.status, "version": record.version},
        comment or None,
    )
    db.session.flush()
    return row


def _decide(
    actor: User,
    entity: str,
    record,
    decision: str,
    comment: str,
    decisions: dict,
    reviewable: Callable[[str], bool],
    data_of: Callable[[], dict],
) -> ReviewDecision:
    """Check a decision, then set the status, comment and reviewer, stamp and record it."""
    comment = (comment or "").strip()
    if decision not in decisions:
        raise ReviewError("unknown_decision")
    if not reviewable(decision):
        raise ReviewError("not_reviewable")
    if decision == "return" and not comment:
        raise ReviewError("comment_required")
    if len(comment) > COMMENT_TEXT:
        raise ReviewError("comment_too_long")
    previous = record.status
    record.status = decisions[decision]
    record.review_comment = comment or None
    record.reviewed_by_id = actor.id
    record.reviewed_at = utcnow()
    stamp(record)
    if comment:  # the decision's comment is the thread's entry for it
        write_comment(actor, entity, record, comment, kind=decision)
    return _record(actor, entity, record, decision, comment, data_of(), previous)


def review_check(actor: User, check: Check, decision: str, comment: str = "") -> ReviewDecision:
    """Approve a submitted check, or return it to its author with a (required) comment."""
    return _decide(
        actor,
        "check",
        check,
        decision,
        comment,
        CHECK_DECISIONS,
        lambda _: check.status in CHECK_REVIEWABLE,
        lambda: dict(check.data or {}),
    )


def event_device_data(event: Event) -> dict:
    """Return an event's fields as a device sends them (the base of later merges)."""
    data = {name: getattr(event, name) for name in DEVICE_FIELDS}
    data["date"] = iso(event.date)
    return data


def review_event(
    actor: User, event: Event, comment: str = "", decision: str = "reviewed"
) -> ReviewDecision:
    """Mark a held event reviewed (then locked on devices), or return it to HR with a comment."""
    return _decide(
        actor,
        "event",
        event,
        decision,
        comment,
        EVENT_DECISIONS,
        lambda d: not event.deleted and event.status in EVENT_FROM[d],
        lambda: event_device_data(event),
    )
