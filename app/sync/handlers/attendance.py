"""Attendance of a festival day: one row per person and event, however many phones scan them."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Attendance
from app.schemas.pulled import PulledAttendanceSchema
from app.schemas.records import attendance_data_schema
from app.sync.context import PushContext
from app.sync.handlers.base import Data, Row, iso, utc
from app.sync.handlers.event_rows import EventRowHandler, person_key


class AttendanceHandler(EventRowHandler):
    entity = "attendance"
    label = _l("Attendance")
    model = Attendance
    schema = attendance_data_schema
    pulled_schema = PulledAttendanceSchema
    server_kept = ("scan_count",)

    def to_data(self, row) -> Data:
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

    def prefetch(self, ctx: PushContext, batch_data: list[Data]) -> None:
        super().prefetch(ctx, batch_data)
        event_ids = list({d["event_id"] for d in batch_data if d.get("event_id")})
        keys = ctx.rows.setdefault("attendance_keys", {})
        if event_ids:
            query = select(Attendance).where(Attendance.event_id.in_(event_ids))
            for row in db.session.execute(query.with_only_columns(*Attendance.__table__.c)):
                keys[(row.event_id, row.person_key)] = row.id
                ctx.rows.setdefault(self.entity, {})[row.id] = dict(row._mapping)

    def find_existing(self, ctx: PushContext, record_id: str, data: Data) -> Row | None:
        """Two phones scanning one person converge on one row, whatever id they used."""
        existing = ctx.row(self, record_id)
        if existing is None:
            key = (data["event_id"], person_key(data["employee_number"], data["name"]))
            other_id = ctx.rows.get("attendance_keys", {}).get(key)
            existing = ctx.row(self, other_id) if other_id else None
        return existing

    def converge(self, ctx: PushContext, existing: Row, data: Data, raw: Data) -> Row | None:
        """Count a second scan of the same person; a write that changes them is no scan.

        A device that sends other details (name, role, roster person) edits the row without
        having seen it: None, so it merges or becomes a conflict, and nothing it says is lost.
        """
        if any(data.get(key) != existing[key] for key in ("name", "role")) or (
            data.get("person_id") and existing["person_id"] not in (None, data["person_id"])
        ):
            return None
        row = dict(existing)
        row["scan_count"] = (existing["scan_count"] or 1) + 1
        row["deleted"] = False
        if data.get("recorded_at") and existing["recorded_at"] is None:
            row["recorded_at"] = utc(data["recorded_at"])
        return row

    def build_row(self, ctx: PushContext, data: Data, raw: Data, existing: Row | None) -> Row:
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
