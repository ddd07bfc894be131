"""Conflict copies: pulled by their author, settled from the device or the console."""

from sqlalchemy import insert

from app.access.permissions import DEVICE_ROLES
from app.models import AuditLog, ConflictCopy
from app.schemas.pulled import PulledConflictSchema
from app.schemas.records import conflict_resolution_schema
from app.sync.context import PushContext, Rejected
from app.sync.handlers.base import Data, Handler, Row, iso


class ConflictHandler(Handler):
    entity = "conflict"
    model = ConflictCopy
    schema = conflict_resolution_schema
    pulled_schema = PulledConflictSchema
    pushed_by = DEVICE_ROLES
    ignores_base_version = True

    def pull_filter(self, user):
        return ConflictCopy.user_id == user.id

    def to_data(self, row) -> Data:
        return {
            "entity": row.entity,
            "record_id": row.record_id,
            "reason": row.reason,
            "base_version": row.base_version,
            "server_version": row.server_version,
            "device_data": row.device_data,
            "server_data": row.server_data,
            "status": row.status,
            "resolution": row.resolution,
            "resolved_at": iso(row.resolved_at),
            "created_at": iso(row.created_at),
        }

    def authorize(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
        if existing is None or existing["user_id"] != ctx.actor.id:
            raise Rejected("not_found")
        if existing["status"] != "open":
            raise Rejected("already_resolved")

    def find_existing(self, ctx: PushContext, record_id: str, data: Data) -> Row | None:
        ctx.load_rows(self, [record_id])
        return ctx.row(self, record_id)

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
        row = dict(existing)
        row.update(
            status="resolved",
            resolution=data["resolution"],
            resolved_by_id=ctx.actor.id,
            resolved_at=ctx.now,
        )
        ctx.extra_statements.append(
            (
                insert(AuditLog),
                [
                    audit_row(
                        ctx.actor.id, "conflict_resolved", existing, data["resolution"], ctx.now
                    )
                ],
            )
        )
        return row


def audit_row(user_id: str, action: str, conflict: dict, resolution: str, at) -> dict:
    """Return the audit-log row of a conflict settled."""
    return {
        "user_id": user_id,
        "action": action,
        "entity": conflict["entity"],
        "record_id": conflict["record_id"],
        "at": at,
        "detail": {"conflict_id": conflict["id"], "resolution": resolution},
        "reason": None,
    }
