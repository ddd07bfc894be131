"""The audit log as a list and an export: who did what, when, to which record, and why."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased

from app.access.permissions import audit_clause
from app.core.codes import AUDIT_ACTION
from app.extensions import db
from app.models import AuditLog, User

EXPORT_LIMIT = 100_000  # rows in one export file


@dataclass
class AuditFilters:
    """The audit page's filters: who, which action, and a period [since, before) in UTC."""

    user_id: str = ""
    action: str = ""
    since: datetime | None = None
    before: datetime | None = None


def audit_query(actor: User, af: AuditFilters) -> Select:
    """The (row, username, full name) select of the audit rows the actor may see, newest first."""
    author = aliased(User)
    stmt = (
        select(AuditLog, author.username, author.full_name)
        .outerjoin(author, author.id == AuditLog.user_id)
        .where(audit_clause(actor))
    )
    if af.user_id:
        stmt = stmt.where(AuditLog.user_id == af.user_id)
    if af.action in AUDIT_ACTION:
        stmt = stmt.where(AuditLog.action == af.action)
    if af.since:
        stmt = stmt.where(AuditLog.at >= af.since)
    if af.before:
        stmt = stmt.where(AuditLog.at < af.before)
    return stmt.order_by(AuditLog.at.desc(), AuditLog.id.desc())


def action_label(action: str) -> str:
    """The words of an audit action (the code when unknown)."""
    text = AUDIT_ACTION.get(action)
    return str(text) if text is not None else action


def audit_export(actor: User, af: AuditFilters, headers: list[str], when) -> tuple[list, list]:
    """The export's header and rows; `when` formats a stored time for the reader."""
    rows = []
    stmt = audit_query(actor, af).limit(EXPORT_LIMIT)
    for row, username, full_name in db.session.execute(stmt).all():
        rows.append(
            [
                when(row.at),
                full_name or username or "",
                action_label(row.action),
                row.entity,
                row.record_id,
                row.reason or "",
            ]
        )
    return headers, rows
