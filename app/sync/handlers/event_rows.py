"""What attendance and gifts share: rows of one event, written by HR of its enterprise."""

from types import SimpleNamespace

from app.access.permissions import HR_ROLES, can_write_enterprise_record
from app.core.i18n import fold
from app.sync.context import PushContext, Rejected
from app.sync.handlers.base import Data, Handler, Row
from app.sync.handlers.event import EVENT


def person_key(employee_number: str, name: str) -> str:
    """Return the key that makes one person one attendee of an event."""
    number = (employee_number or "").strip().upper()
    return f"no:{number}" if number else f"name:{fold(name)}"


EVENT_REVIEWED = (
    "The event was reviewed by the supervisor: its attendance and gifts can no "
    "longer change. Ask the supervisor to return it, then send this again."
)


class EventRowHandler(Handler):
    """Attendance and gifts: rows of an event of the HR user's own enterprise."""

    personal = True
    pulled_by = HR_ROLES
    pushed_by = HR_ROLES
    server_kept: tuple[str, ...] = ()  # fields the server computes; a device never sends them

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        ctx.load_rows(EVENT, [d["event_id"] for d in batch_data if d.get("event_id")])

    def authorize(self, ctx: PushContext, data: Data, existing: Row | None) -> None:
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

    def device_data(self, existing: Row) -> Data:
        """The fields a device sends, read from a stored row (the server's side of a merge)."""
        data = self.to_data(SimpleNamespace(**existing))
        return {key: value for key, value in data.items() if key not in self.server_kept}

    def owner_columns(self, ctx: PushContext, data: Data) -> Data:
        event = ctx.row(EVENT, data["event_id"])
        return {
            "event_id": event["id"],
            "enterprise_id": event["enterprise_id"],
            "park_id": event["park_id"],
        }
