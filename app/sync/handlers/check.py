"""Checks (with their findings): written by inspectors on their devices."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.access.permissions import INSPECTION_ROLES
from app.core.i18n import fold
from app.extensions import db
from app.models import Check, Finding, TemplateVersion
from app.schemas.pulled import PulledCheckSchema
from app.schemas.records import check_data_schema
from app.sync.context import PushContext, Rejected
from app.sync.handlers.base import Data, Handler, Row, check_photo_claims, iso, utc
from app.sync.handlers.closures import (
    NOT_CLOSED,
    any_closed,
    keep_closed_findings,
    set_closures,
    with_closures,
)
from app.sync.handlers.visit import VisitHandler


def photos_named(data: Data) -> list[str]:
    """Return every attachment hash a check names (answers, findings, signatures)."""
    hashes = []
    for answer in data.get("answers", {}).values():
        hashes.extend(answer.get("photos", []))
    for finding in data.get("findings", []):
        hashes.extend(finding.get("photos", []))
    hashes.extend(m["signature"] for m in data.get("team", []) if m.get("signature"))
    if data.get("representative_signature"):
        hashes.append(data["representative_signature"])
    return list(dict.fromkeys(hashes))


class CheckHandler(Handler):
    entity = "check"
    label = _l("Check")
    model = Check
    schema = check_data_schema
    pulled_schema = PulledCheckSchema
    pulled_by = INSPECTION_ROLES
    pushed_by = frozenset({"inspector"})
    merge_nested = ("answers",)
    nested = ((Finding, "check_id", "findings"),)
    pull_json = "data"
    pull_columns = (
        "status",
        "park_id",
        "enterprise_id",
        "author_id",
        "review_comment",
        "reviewed_at",
        "receipt",
        "first_sent_at",
        "last_sent_at",
        "send_count",
    )

    def to_data(self, row) -> Data:
        data = dict(row.data or {})
        data.update(self.server_fields(row))
        return data

    def server_fields(self, row) -> Data:
        return {
            "status": row.status,
            "park_id": row.park_id,
            "enterprise_id": row.enterprise_id,
            "author_id": row.author_id,
            "review_comment": row.review_comment,
            "reviewed_at": iso(row.reviewed_at),
            "receipt": row.receipt,
            "first_sent_at": iso(row.first_sent_at),
            "last_sent_at": iso(row.last_sent_at),
            "send_count": row.send_count or 0,
        }

    def device_data(self, existing: Row) -> Data:
        return dict(existing["data"] or {})

    def pull_patch(self, stored, table, dialect: str):
        return with_closures(stored, table, dialect)

    def pull_patch_applies(self, table):
        return any_closed(table)

    def enrich(self, changes: list[dict]) -> None:
        set_closures(changes)

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        ctx.load_enterprises(d.get("enterprise_id") for d in batch_data)
        if "template_versions" not in ctx.rows:
            query = select(TemplateVersion.id).where(TemplateVersion.status == "published")
            ctx.rows["template_versions"] = set(db.session.execute(query).scalars())
        ctx.load_rows(VisitHandler, {d["visit_id"] for d in batch_data if d.get("visit_id")})

    def authorize(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
        if existing is not None and not ctx.in_park_scope(existing["park_id"]):
            raise Rejected("forbidden")
        park_id = ctx.enterprise_park(data["enterprise_id"])
        if not ctx.in_park_scope(park_id):
            raise Rejected("forbidden", {"enterprise_id": ["Outside your scope."]})
        if data["template_version_id"] not in ctx.rows["template_versions"]:
            raise Rejected("invalid", {"template_version_id": ["Unknown template version."]})
        if data.get("visit_id"):  # on every write: the enterprise may change, the visit not
            self._check_visit(ctx, data, existing)
        check_photo_claims(ctx, photos_named(data), existing)

    def _check_visit(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
        """Reject a visit the actor cannot see, or one planned for another enterprise."""
        visit = ctx.row(VisitHandler, data["visit_id"])
        newly_named = data["visit_id"] != (existing or {}).get("visit_id")
        if visit is None or (visit["deleted"] and newly_named):
            raise Rejected("invalid", {"visit_id": ["Unknown visit."]})
        if not ctx.in_park_scope(visit["park_id"]):
            raise Rejected("invalid", {"visit_id": ["Unknown visit."]})
        if visit["enterprise_id"] != data["enterprise_id"]:
            raise Rejected("invalid", {"visit_id": ["This visit is for another enterprise."]})

    def is_locked(self, existing: Row) -> bool:
        return existing["status"] == "approved"

    def may_delete(self, existing: Row) -> bool:
        return existing["submitted_at"] is None  # a submitted check is the province's record

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
        if existing is not None:
            keep_closed_findings(existing, data, raw)
        submitted = data["status"] == "submitted"
        was_submitted = existing is not None and existing["submitted_at"] is not None
        return {
            "template_version_id": data["template_version_id"],
            "enterprise_id": data["enterprise_id"],
            "park_id": ctx.enterprise_park(data["enterprise_id"]),
            "visit_id": data.get("visit_id"),
            "author_id": existing["author_id"] if existing else ctx.actor.id,
            "status": data["status"],
            **kept_times(data, raw, existing),
            "submitted_at": (existing["submitted_at"] if was_submitted else None)
            or (ctx.now if submitted else None),
            **sends(ctx, submitted, existing),
            "data": raw,
            "finding_count": len(data["findings"]),
            "photos": photos_named(raw),
            "review_comment": existing["review_comment"] if existing else None,
            "reviewed_by_id": existing["reviewed_by_id"] if existing else None,
            "reviewed_at": existing["reviewed_at"] if existing else None,
            "client_id": ctx.client_id,
        }

    def after_write(self, ctx: PushContext, row: Row, data: Data, existing: Row | None) -> None:
        kept = self._closures(row["id"]) if existing is not None else {}
        contact = str(data.get("representative_name") or "")[:200]
        contact_key = fold(contact)[:200]
        findings = [
            {
                "id": f["id"],
                "check_id": row["id"],
                "enterprise_id": row["enterprise_id"],
                "park_id": row["park_id"],
                "item_code": f.get("item_code"),
                "category": (f.get("item_code") or "").split(".")[0],
                "severity": f["severity"],
                "description": f["description"],
                "corrective_action": f.get("corrective_action", ""),
                "due_date": f.get("due_date"),
                "contact_name": contact,
                "contact_key": contact_key,
                **kept.get(f["id"], NOT_CLOSED),
            }
            for f in data["findings"]
        ]
        ctx.replace_children(Finding, "check_id", row["id"], findings, existing is not None)
        if row["status"] == "submitted":
            self._close_findings(ctx, row, data)

    @staticmethod
    def _closures(check_id: str) -> dict[str, dict]:
        """Return the server-kept closure of each closed finding of a check, by finding id."""
        query = select(
            Finding.id, Finding.closed_at, Finding.closed_by_id, Finding.closed_note
        ).where(Finding.check_id == check_id, Finding.closed_at.is_not(None))
        return {
            f.id: {
                "closed_at": f.closed_at,
                "closed_by_id": f.closed_by_id,
                "closed_note": f.closed_note,
            }
            for f in db.session.execute(query)
        }

    def _close_findings(self, ctx: PushContext, row: Row, data: Data) -> None:
        for closing in data.get("closed_findings", []):
            statement = (
                update(Finding)
                .where(Finding.id == closing["finding_id"], Finding.closed_at.is_(None))
                .where(Finding.enterprise_id == row["enterprise_id"])
                .values(closed_at=ctx.now, closed_by_id=ctx.actor.id, closed_note=closing["note"])
            )
            ctx.extra_statements.append((statement, None))


def kept_times(data: Data, raw: Data, existing: Row | None) -> Row:
    """Return the check's own start and end: after the first send a device's change is
    ignored, and the stored data keeps the times as first sent."""
    if existing is None or not existing.get("first_sent_at"):
        return {"started_at": utc(data["started_at"]), "ended_at": utc(data.get("ended_at"))}
    first = existing.get("data") or {}
    for key in ("started_at", "ended_at"):
        raw[key] = first.get(key)
    return {"started_at": existing["started_at"], "ended_at": existing["ended_at"]}


def sends(ctx: PushContext, submitted: bool, existing: Row | None) -> Row:
    """Return each send's time: a push that moves the check to submitted is a send."""
    first = (existing or {}).get("first_sent_at")
    count = (existing or {}).get("send_count") or 0
    last = (existing or {}).get("last_sent_at")
    if submitted and (existing is None or existing["status"] != "submitted"):
        return {"first_sent_at": first or ctx.now, "last_sent_at": ctx.now, "send_count": count + 1}
    return {"first_sent_at": first, "last_sent_at": last, "send_count": count}
