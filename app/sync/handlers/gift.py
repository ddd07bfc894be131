"""Gifts of a festival day: a second gift to one person in an event is flagged."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Gift
from app.schemas.pulled import PulledGiftSchema
from app.schemas.records import gift_data_schema
from app.sync.context import PushContext
from app.sync.handlers.base import Data, Row, iso, utc
from app.sync.handlers.event_rows import EventRowHandler, person_key


class GiftHandler(EventRowHandler):
    entity = "gift"
    label = _l("Gift")
    model = Gift
    schema = gift_data_schema
    pulled_schema = PulledGiftSchema
    server_kept = ("flagged", "duplicate_of")

    def to_data(self, row) -> Data:
        return {
            "event_id": row.event_id,
            "recipient_name": row.recipient_name,
            "employee_number": row.employee_number,
            "value_vnd": row.value_vnd,
            "reason": row.reason,
            "given_at": iso(row.given_at),
            "flagged": row.flagged,
            "duplicate_of": row.duplicate_of,
        }

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        super().prefetch(ctx, batch_data)
        event_ids = list({d["event_id"] for d in batch_data if d.get("event_id")})
        firsts = ctx.rows.setdefault("gift_keys", {})
        if event_ids:
            query = (
                select(Gift)
                .where(Gift.event_id.in_(event_ids), Gift.flagged.is_(False))
                .order_by(Gift.given_at, Gift.id)
            )
            for row in db.session.execute(query.with_only_columns(*Gift.__table__.c)):
                if not row.deleted:
                    firsts.setdefault((row.event_id, row.person_key), row.id)

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
        key = person_key(data["employee_number"], data["recipient_name"])
        gift_key = (data["event_id"], key)  # a second gift is flagged whatever its reason
        first = ctx.rows["gift_keys"].setdefault(gift_key, ctx.current_id)
        flagged = first != ctx.current_id
        return {
            **self.owner_columns(ctx, data),
            "person_key": key,
            "recipient_name": data["recipient_name"],
            "employee_number": data["employee_number"].strip(),
            "value_vnd": data["value_vnd"],
            "reason": data["reason"],
            "given_at": utc(data.get("given_at")) or ctx.now,
            "flagged": flagged,
            "duplicate_of": first if flagged else None,
        }
