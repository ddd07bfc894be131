"""Festival-day events: planned and held by enterprise HR, reviewed by a supervisor."""

from flask_babel import lazy_gettext as _l

from app.access.permissions import HR_ROLES, can_write_enterprise_record
from app.models import Event
from app.schemas.pulled import PulledEventSchema
from app.schemas.records import event_data_schema
from app.sync.context import PushContext, Rejected
from app.sync.handlers.base import Data, Handler, Row, check_photo_claims, iso


class EventHandler(Handler):
    entity = "event"
    label = _l("Event")
    model = Event
    schema = event_data_schema
    pulled_schema = PulledEventSchema
    pushed_by = HR_ROLES
    fields = (
        "enterprise_id",
        "park_id",
        "title",
        "place",
        "activities",
        "planned_participants",
        "photos",
        "notes",
        "status",
    )

    def to_data(self, row) -> Data:
        data = {name: getattr(row, name) for name in self.fields}
        data.update(
            date=iso(row.date),
            reviewed_at=iso(row.reviewed_at),
            receipt=row.receipt,
            review_comment=row.review_comment,
        )
        return data

    def device_data(self, existing: Row) -> Data:
        data = {name: existing[name] for name in DEVICE_FIELDS}
        data["date"] = iso(existing["date"])
        return data

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        ctx.load_enterprises(d.get("enterprise_id") for d in batch_data)

    def authorize(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
        for owner in filter(None, (existing, data)):
            if not can_write_enterprise_record(ctx.actor, owner["enterprise_id"], None):
                raise Rejected("forbidden", {"enterprise_id": ["Outside your scope."]})
        ctx.enterprise_park(data["enterprise_id"])
        check_photo_claims(ctx, list(data.get("photos") or []), existing)

    def is_locked(self, existing: Row) -> bool:
        return existing["status"] == "reviewed"

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
        status = data["status"]
        if status == "returned" and (existing or {}).get("status") != "returned":
            # Only a supervisor returns an event; a phone that still shows it returned keeps
            # the server's status (held again, from another phone).
            if existing is None:
                raise Rejected("invalid", {"status": ["Only a supervisor returns an event."]})
            status = existing["status"]
        return {
            "enterprise_id": data["enterprise_id"],
            "park_id": ctx.enterprise_park(data["enterprise_id"]),
            "author_id": existing["author_id"] if existing else ctx.actor.id,
            "title": data["title"],
            "date": data["date"],
            "place": data["place"],
            "activities": raw.get("activities", []),
            "planned_participants": data["planned_participants"],
            "photos": data["photos"],
            "notes": data["notes"],
            "status": status,
            "review_comment": existing["review_comment"] if existing else None,
            "reviewed_by_id": existing["reviewed_by_id"] if existing else None,
            "reviewed_at": existing["reviewed_at"] if existing else None,
        }


EVENT = EventHandler()


# What a device sends of an event besides its date (the park follows from the enterprise):
# the base of three-way merges, here and after a review (app/review/decisions.py).
DEVICE_FIELDS = tuple(name for name in EventHandler.fields if name != "park_id")
