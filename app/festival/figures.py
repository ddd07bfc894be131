"""Live figures of one festival-day event, and whether it may be reviewed."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Attachment, Attendance, Event, Gift
from app.models.events import PERSON_ROLES
from app.review.decisions import EVENT_REVIEWABLE


def _share(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


def attendance_by_role(event_id: str) -> dict[str, int]:
    """Count the event's attendees (one row per person) by role."""
    counts = dict.fromkeys(PERSON_ROLES, 0)
    for role, count in db.session.execute(
        select(Attendance.role, func.count())
        .where(Attendance.event_id == event_id, Attendance.deleted.is_(False))
        .group_by(Attendance.role)
    ):
        counts[role] = counts.get(role, 0) + count
    return counts


def gift_totals(event_id: str) -> dict:
    """Count gifts and their value; flagged repeats are counted apart, not in the totals."""
    totals = {"count": 0, "value_vnd": 0, "flagged_count": 0, "flagged_value_vnd": 0}
    for flagged, count, value in db.session.execute(
        select(Gift.flagged, func.count(), func.coalesce(func.sum(Gift.value_vnd), 0))
        .where(Gift.event_id == event_id, Gift.deleted.is_(False))
        .group_by(Gift.flagged)
    ):
        prefix = "flagged_" if flagged else ""
        totals[prefix + "count"] += count
        totals[prefix + "value_vnd"] += int(value)
    return totals


def event_figures(event: Event) -> dict:
    """Attendees by role against planned participants and workforce; headcounts; gifts."""
    by_role = attendance_by_role(event.id)
    attendees = sum(by_role.values())
    workforce = event.enterprise.workforce if event.enterprise else None
    headcounts = [
        {"kind": a.get("kind"), "headcount": a.get("headcount"), "note": a.get("note", "")}
        for a in (event.activities or [])
        if isinstance(a, dict)
    ]
    largest = max((h["headcount"] or 0 for h in headcounts), default=0)
    return {
        "attendees": attendees,
        "by_role": by_role,
        "planned": event.planned_participants or 0,
        "share_of_planned": _share(attendees, event.planned_participants),
        "workforce": workforce,
        "share_of_workforce": _share(attendees, workforce),
        "headcounts": headcounts,
        "largest_headcount": largest,
        "gifts": gift_totals(event.id),
    }


def photos_present(event: Event) -> set[str]:
    """Return the event's photo hashes whose bytes have arrived (the rest are still on a phone)."""
    named = [sha for sha in (event.photos or []) if isinstance(sha, str)]
    if not named:
        return set()
    return set(db.session.scalars(select(Attachment.sha256).where(Attachment.sha256.in_(named))))


def can_be_reviewed(event: Event) -> bool:
    """Tell whether a supervisor may decide on the event (held, returned, or reviewed: return)."""
    return not event.deleted and event.status in EVENT_REVIEWABLE
