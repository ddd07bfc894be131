"""What an event page shows besides the event: attendance, head counts, gifts, devices."""

from sqlalchemy import func, select

from app.console import records
from app.console.helpers import Page, paginate
from app.extensions import db
from app.models import (
    ATTENDANCE_METHODS,
    PERSON_ROLES,
    AppliedMutation,
    Attendance,
    Event,
    Gift,
    RosterPerson,
)
from app.reports.festival import event_participants

GIFT_ROWS = 500
ATTENDEES_PER_PAGE = 50


def attendance_counts(event: Event) -> dict:
    """Attendance rows (one per person) by role and by how they were recorded."""
    rows = db.session.execute(
        select(
            Attendance.role,
            Attendance.method,
            func.count(),
            func.coalesce(func.sum(Attendance.scan_count), 0),
        )
        .where(Attendance.event_id == event.id, Attendance.deleted.is_(False))
        .group_by(Attendance.role, Attendance.method)
    ).all()
    by_role = dict.fromkeys(PERSON_ROLES, 0)
    by_method = dict.fromkeys(ATTENDANCE_METHODS, 0)
    scans = 0
    for role, method, count, scanned in rows:
        by_role[role] = by_role.get(role, 0) + count
        by_method[method] = by_method.get(method, 0) + count
        scans += int(scanned)
    total = sum(by_role.values())
    return {
        "total": total,
        "by_role": by_role,
        "by_method": by_method,
        "scans": scans,
        "participants": event_participants(event.activities, total),
    }


def gifts_of(event: Event, limit: int = GIFT_ROWS) -> dict:
    """The event's gifts: count and value (repeats flagged apart) and the list."""
    totals = db.session.execute(
        select(Gift.flagged, func.count(), func.coalesce(func.sum(Gift.value_vnd), 0))
        .where(Gift.event_id == event.id, Gift.deleted.is_(False))
        .group_by(Gift.flagged)
    ).all()
    found = {bool(flag): (count, int(value)) for flag, count, value in totals}
    rows = list(
        db.session.execute(
            select(Gift)
            .where(Gift.event_id == event.id, Gift.deleted.is_(False))
            .order_by(Gift.given_at, Gift.recipient_name, Gift.id)
            .limit(limit)
        ).scalars()
    )
    count, value = found.get(False, (0, 0))
    flagged_count, flagged_value = found.get(True, (0, 0))
    return {
        "count": count,
        "value": value,
        "flagged_count": flagged_count,
        "flagged_value": flagged_value,
        "rows": rows,
        "more": count + flagged_count - len(rows),
    }


def attendees(event: Event, page: int) -> Page:
    """One page of who attended, by name: (attendance row, their roster ID card or None)."""
    stmt = (
        select(Attendance, RosterPerson.id_card)
        .outerjoin(RosterPerson, RosterPerson.id == Attendance.person_id)
        .where(Attendance.event_id == event.id, Attendance.deleted.is_(False))
        .order_by(Attendance.name, Attendance.id)
    )
    count = select(func.count()).where(
        Attendance.event_id == event.id, Attendance.deleted.is_(False)
    )
    return paginate(stmt, page, ATTENDEES_PER_PAGE, scalars=False, count=count)


def child_devices(event: Event) -> list[dict]:
    """The devices that sent the event's attendance and gifts: how many entries, last when."""
    children = (
        select(Attendance.id)
        .where(Attendance.event_id == event.id)
        .union_all(select(Gift.id).where(Gift.event_id == event.id))
    )
    rows = db.session.execute(
        select(
            AppliedMutation.client_id,
            AppliedMutation.entity,
            func.count(),
            func.max(AppliedMutation.created_at),
        )
        .where(AppliedMutation.record_id.in_(children))
        .group_by(AppliedMutation.client_id, AppliedMutation.entity)
    ).all()
    out: dict[str, dict] = {}
    for client_id, entity, count, last in rows:
        device = out.setdefault(
            client_id, {"client_id": client_id, "attendance": 0, "gift": 0, "last": last}
        )
        device[entity] = device.get(entity, 0) + count
        device["last"] = max(device["last"], last)
    return sorted(out.values(), key=lambda d: d["last"], reverse=True)


def event_record(event: Event) -> dict:
    """Everything the event page shows of what the devices sent."""
    return {
        "attendance": attendance_counts(event),
        "gifts": gifts_of(event),
        "photos": records.arrived(list(event.photos or [])),
        "history": records.sync_history("event", event),
        "child_devices": child_devices(event),
    }
