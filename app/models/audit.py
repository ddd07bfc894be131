"""The audit log: one helper writes every row, with one set of action names."""

from enum import StrEnum

from app.extensions import db
from app.models import AuditLog


class Action(StrEnum):
    """What an audit row says was done (the stored strings are kept as they always were)."""

    CHECK_APPROVE = "check_approve"
    CHECK_RETURN = "check_return"
    EVENT_REVIEWED = "event_reviewed"
    EVENT_RETURN = "event_return"
    CONFLICT_RESOLVED = "conflict_resolved"
    COMMENDATION_RECORDED = "commendation_recorded"
    PLAN_CREATED = "plan_created"
    VISIT_SCHEDULED = "visit_scheduled"
    VISIT_MOVED = "visit_moved"
    VISIT_CANCELLED = "visit_cancelled"
    FINDING_CLOSED = "finding_closed"
    COMMENT_WRITTEN = "comment_written"
    FINDING_OWNER = "finding_owner"
    USER_CREATE = "user.create"
    USER_UPDATE = "user.update"
    USER_PASSWORD_RESET = "user.password_reset"
    PARK_CREATE = "park.create"
    PARK_UPDATE = "park.update"
    ENTERPRISE_CREATE = "enterprise.create"
    ENTERPRISE_UPDATE = "enterprise.update"
    ENTERPRISE_IMPORT = "enterprise.import"
    TEMPLATE_NEW_VERSION = "template.new_version"
    TEMPLATE_EDIT = "template.edit"
    TEMPLATE_PUBLISH = "template.publish"
    WORKERS_PURGE = "workers.purge"


def review_action(entity: str, decision: str) -> Action:
    """The action of a review decision on a check or an event ("check" + "approve")."""
    return Action(f"{entity}_{decision}")


def audit(
    actor,
    action: Action,
    entity: str,
    record_id: str,
    detail: dict | None = None,
    reason: str | None = None,
) -> AuditLog:
    """Add an audit-log row: who did what to which record, and why (actor None: the CLI)."""
    row = AuditLog(
        user_id=actor.id if actor is not None else None,
        action=Action(action).value,
        entity=entity,
        record_id=record_id,
        detail=detail or {},
        reason=reason,
    )
    db.session.add(row)
    return row
