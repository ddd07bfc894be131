"""The thread on a check or an event: comments written on phones and in the console.

A comment is append-only. Its id is made on the device, so a resend converges on the stored
row; an upsert that would change a stored comment (its text, its record, or another author's
comment) is refused, and no comment is ever deleted.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, select

from app.access.permissions import (
    DEVICE_ROLES,
    EVERY_ROLE,
    can_write_enterprise_record,
    scope_clause,
)
from app.extensions import db
from app.models import Comment, User
from app.schemas.pulled import PulledCommentSchema
from app.schemas.records import comment_data_schema
from app.sync.context import PushContext, Rejected
from app.sync.handlers.base import Data, Handler, Row, iso, utc
from app.sync.handlers.check import CheckHandler
from app.sync.handlers.event import EVENT

UNCHANGEABLE = _l("A comment cannot be changed once it is sent.")
UNKNOWN_RECORD = _l("Unknown record.")
# Who answers in a record's thread from a device: inspectors on checks, HR on events.
WRITERS = {"check": "inspector", "event": "enterprise_hr"}


class CommentHandler(Handler):
    entity = "comment"
    label = _l("Comment")
    model = Comment
    schema = comment_data_schema
    pulled_schema = PulledCommentSchema
    pulled_by = EVERY_ROLE
    pushed_by = DEVICE_ROLES
    # a resend of a stored comment is never stale: it converges on the stored row
    ignores_base_version = True

    def pull_filter(self, user) -> ColumnElement[bool]:
        """Comments of the records the user pulls: HR see only their enterprise's events."""
        clause = scope_clause(user, Comment)
        if user.role == "enterprise_hr":
            return and_(clause, Comment.entity == "event")
        return clause

    def to_data(self, row) -> Data:
        return {
            "entity": row.entity,
            "record_id": row.record_id,
            "text": row.text,
            "written_at": iso(row.written_at),
            "author_id": row.author_id,
            "author_name": row.author_name,
            "author_role": row.author_role,
            "kind": row.kind,
            "park_id": row.park_id,
            "enterprise_id": row.enterprise_id,
        }

    def device_data(self, existing: Row) -> Data:
        return {k: existing[k] for k in ("entity", "record_id", "text")}

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        ids = [d["record_id"] for d in batch_data if d.get("record_id")]  # prefetch sees ids only
        for handler in (CheckHandler, EVENT):
            ctx.load_rows(handler, ids)
        if "author_name" not in ctx.rows:
            query = select(User.full_name).where(User.id == ctx.actor.id)
            ctx.rows["author_name"] = db.session.execute(query).scalar() or ctx.actor.username

    def record(self, ctx: PushContext, data: Data) -> Row:
        """Return the check or event a comment is on, or reject the mutation."""
        handler = CheckHandler if data["entity"] == "check" else EVENT
        row = ctx.row(handler, data["record_id"])
        if row is None or row["deleted"]:
            raise Rejected("not_found", {"record_id": [UNKNOWN_RECORD]})
        return row

    def authorize(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
        if "text" not in data:  # a delete: a thread keeps every entry
            raise Rejected("forbidden", {"id": [UNCHANGEABLE]})
        if WRITERS[data["entity"]] != ctx.actor.role:
            raise Rejected("forbidden", {"entity": ["Outside your scope."]})
        record = self.record(ctx, data)
        park_id = record["park_id"]
        if not can_write_enterprise_record(ctx.actor, record["enterprise_id"], park_id):
            raise Rejected("forbidden", {"record_id": ["Outside your scope."]})
        if existing is not None and (
            existing["author_id"] != ctx.actor.id
            or (existing["entity"], existing["record_id"], existing["text"])
            != (data["entity"], data["record_id"], data["text"].strip())
        ):
            raise Rejected("forbidden", {"text": [UNCHANGEABLE]})

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
        if existing is not None:  # a resend: the stored entry, unchanged
            return dict(existing)
        record = self.record(ctx, data)
        written = utc(data.get("written_at")) or ctx.now
        return {
            "entity": data["entity"],
            "record_id": data["record_id"],
            "park_id": record["park_id"],
            "enterprise_id": record["enterprise_id"],
            "author_id": ctx.actor.id,
            "author_name": ctx.rows["author_name"],
            "author_role": ctx.actor.role,
            "kind": "comment",
            "text": data["text"].strip(),
            "written_at": min(written, ctx.now),
        }
