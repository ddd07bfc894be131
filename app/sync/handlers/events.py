"""Festival-day events, attendance, gifts and rosters (written by enterprise HR)."""

from types import SimpleNamespace

from sqlalchemy import select

from app.extensions import db
from app.i18n import fold
from app.models import Attendance, Event, Gift, RosterPerson
from app.permissions import can_write_enterprise_record
from app.schemas.records import attendance_data_schema, event_data_schema, gift_data_schema
from app.sync.context import PushContext, Rejected
from app.sync.handlers.base import Handler, check_photo_claims, iso, utc


def person_key(employee_number: str, name: str) -> str:
    """Return the key that makes one person one attendee of an event."""
    number = (employee_number or "").strip().upper()
    return f"no:{number}" if number else f"name:{fold(name)}"


class EventHandler(Handler):
    entity = "event"
    model = Event
    schema = event_data_schema
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

    def to_data(self, row) -> dict:
        data = {name: getattr(row, name) for name in self.fields}
        data.update(
            date=iso(row.date),
            reviewed_at=iso(row.reviewed_at),
            receipt=row.receipt,
            review_comment=row.review_comment,
        )
        return data

    def device_data(self, existing: dict) -> dict:
        data = {name: existing[name] for name in self.fields if name != "park_id"}
        data["date"] = iso(existing["date"])
        return data

    def prefetch(self, ctx: PushContext, batch_data: list[dict]) -> None:
        ctx.load_enterprises(d.get("enterprise_id") for d in batch_data)

    def authorize(self, ctx: PushContext, data: dict, existing: dict | None) -> None:
        for owner in filter(None, (existing, data)):
            if not can_write_enterprise_record(ctx.actor, owner["enterprise_id"], None):
                raise Rejected("forbidden", {"enterprise_id": ["Outside your scope."]})
        ctx.enterprise_park(data["enterprise_id"])
        check_photo_claims(ctx, list(data.get("photos") or []), existing)

    def is_locked(self, existing: dict) -> bool:
        return existing["status"] == "reviewed"

    def build_row(self, ctx: PushContext, data: dict, raw: dict, existing: dict | None) -> dict:
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


EVENT_REVIEWED = (
    "The event was reviewed by the supervisor: its attendance and gifts can no "
    "longer change. Ask the supervisor to return it, then send this again."
)


class _EventChild(Handler):
    """Attendance and gifts: rows of an event of the HR user's own enterprise."""

    personal = True
    server_kept: tuple[str, ...] = ()  # fields the server computes; a device never sends them

    def prefetch(self, ctx: PushContext, batch_data: list[dict]) -> None:
        ctx.load_rows(EVENT, [d["event_id"] for d in batch_data if d.get("event_id")])

    def authorize(self, ctx: PushContext, data: dict, existing: dict | None) -> None:
        if existing is not None and not can_write_enterprise_record(
            ctx.actor, existing["enterprise_id"], existing["park_id"]
        ):
            # another enterprise's entry, whichever event the mutation names
            raise Rejected("forbidden", {"event_id": ["Outside your scope."]})
        event = ctx.row(EVENT, data["event_id"])
        if event is None or event["deleted"]:
            raise Rejected("unknown_event", {"event_id": ["Unknown event."]})
        if not can_write_enterprise_record(ctx.actor, event["enterprise_id"], event["park_id"]):
            raise Rejected("forbidden", {"event_id": ["Outside your scope."]})
        if event["status"] == "reviewed":  # the reviewed figures stay as the supervisor saw them
            raise Rejected("event_reviewed", {"event_id": [EVENT_REVIEWED]})
        if existing is not None and existing["event_id"] != data["event_id"]:
            raise Rejected("invalid", {"event_id": ["An entry cannot move to another event."]})

    def device_data(self, existing: dict) -> dict:
        """The fields a device sends, read from a stored row (the server's side of a merge)."""
        data = self.to_data(SimpleNamespace(**existing))
        return {key: value for key, value in data.items() if key not in self.server_kept}

    def owner_columns(self, ctx: PushContext, data: dict) -> dict:
        event = ctx.row(EVENT, data["event_id"])
        return {
            "event_id": event["id"],
            "enterprise_id": event["enterprise_id"],
            "park_id": event["park_id"],
        }


class AttendanceHandler(_EventChild):
    entity = "attendance"
    model = Attendance
    schema = attendance_data_schema
    server_kept = ("scan_count",)

    def to_data(self, row) -> dict:
        return {
            "event_id": row.event_id,
            "person_id": row.person_id,
            "name": row.name,
            "employee_number": row.employee_number,
            "role": row.role,
            "method": row.method,
            "recorded_at": iso(row.recorded_at),
            "scan_count": row.scan_count,
        }

    def prefetch(self, ctx: PushContext, batch_data: list[dict]) -> None:
        super().prefetch(ctx, batch_data)
        event_ids = list({d["event_id"] for d in batch_data if d.get("event_id")})
        keys = ctx.rows.setdefault("attendance_keys", {})
        if event_ids:
            query = select(Attendance).where(Attendance.event_id.in_(event_ids))
            for row in db.session.execute(query.with_only_columns(*Attendance.__table__.c)):
                keys[(row.event_id, row.person_key)] = row.id
                ctx.rows.setdefault(self.entity, {})[row.id] = dict(row._mapping)

    def find_existing(self, ctx: PushContext, record_id: str, data: dict) -> dict | None:
        """Two phones scanning one person converge on one row, whatever id they used."""
        existing = ctx.row(self, record_id)
        if existing is None:
            key = (data["event_id"], person_key(data["employee_number"], data["name"]))
            other_id = ctx.rows.get("attendance_keys", {}).get(key)
            existing = ctx.row(self, other_id) if other_id else None
        return existing

    def converge(self, ctx, existing, data, raw):
        row = dict(existing)
        row["scan_count"] = (existing["scan_count"] or 1) + 1
        row["deleted"] = False
        if data.get("recorded_at") and existing["recorded_at"] is None:
            row["recorded_at"] = utc(data["recorded_at"])
        return row

    def build_row(self, ctx: PushContext, data: dict, raw: dict, existing: dict | None) -> dict:
        key = person_key(data["employee_number"], data["name"])
        ctx.rows.setdefault("attendance_keys", {})[(data["event_id"], key)] = ctx.current_id
        return {
            **self.owner_columns(ctx, data),
            "person_key": key,
            "person_id": data.get("person_id"),
            "name": data["name"],
            "employee_number": data["employee_number"].strip(),
            "role": data["role"],
            "method": data["method"],
            "recorded_at": utc(data.get("recorded_at")) or ctx.now,
            "scan_count": existing["scan_count"] if existing else 1,
        }


class GiftHandler(_EventChild):
    entity = "gift"
    model = Gift
    schema = gift_data_schema
    server_kept = ("flagged", "duplicate_of")

    def to_data(self, row) -> dict:
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

    def prefetch(self, ctx: PushContext, batch_data: list[dict]) -> None:
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

    def build_row(self, ctx: PushContext, data: dict, raw: dict, existing: dict | None) -> dict:
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


class RosterHandler(Handler):
    entity = "roster_person"
    model = RosterPerson
    personal = True

    def to_data(self, row) -> dict:
        return {
            "enterprise_id": row.enterprise_id,
            "employee_number": row.employee_number,
            "name": row.name,
            "role": row.role,
            "department": row.department,
        }


EVENT = EventHandler()
