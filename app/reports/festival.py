"""Festival-day figures: events held, enterprises taking part, participants, gifts."""

from sqlalchemy import and_, func, select

from app.extensions import db
from app.models import Enterprise, Event, EventTally, Gift, User
from app.reports.kept import keep_figures
from app.reports.periods import Period
from app.reports.rules import HELD_STATUSES, OWNERSHIP_ORDER
from app.reports.scope import within

PARK_WIDE = "park_wide"
DOMESTIC = ("private", "state")


def held_events(actor: User, park_id: str | None, period: Period):
    """The WHERE clause of events held in the period."""
    return and_(
        within(actor, Event, park_id),
        Event.status.in_(HELD_STATUSES),
        Event.date >= period.start,
        Event.date < period.end,
    )


def event_participants(activities: list | None, attendance: int) -> int:
    """An event's participants: its attendance rows, else its largest activity headcount."""
    if attendance:
        return attendance
    counts = [a.get("headcount") or 0 for a in (activities or []) if isinstance(a, dict)]
    return max([c for c in counts if isinstance(c, int)], default=0)


def _bucket() -> dict:
    return {
        "enterprises": 0,
        "workforce": 0,
        "held": 0,
        "events": 0,
        "participants": 0,
        "attendance_rows": 0,
    }


def _sum(buckets) -> dict:
    total = _bucket()
    for bucket in buckets:
        for key in total:
            total[key] += bucket[key]
    return total


def _rates(bucket: dict) -> dict:
    bucket["share_held"] = bucket["held"] / bucket["enterprises"] if bucket["enterprises"] else None
    bucket["rate"] = bucket["participants"] / bucket["workforce"] if bucket["workforce"] else None
    return bucket


def festival_figures(actor: User, park_id: str | None, period: Period) -> dict:
    """Events held, share of enterprises holding one, participants and rates by ownership.

    `cross` is park by park, ownership by ownership (FDI, private, state, park-wide), each
    park with its domestic (private + state) sum; `domestic` is the province's.
    """
    by_owner = {key: _bucket() for key in (*OWNERSHIP_ORDER, PARK_WIDE)}
    by_park: dict[str, dict] = {}
    cross: dict[str, dict] = {}
    for pid, owner, count, workforce in db.session.execute(
        select(
            Enterprise.park_id,
            Enterprise.ownership,
            func.count(),
            func.coalesce(func.sum(Enterprise.workforce), 0),
        )
        .where(within(actor, Enterprise, park_id), Enterprise.active.is_(True))
        .group_by(Enterprise.park_id, Enterprise.ownership)
    ):
        for bucket in (
            by_owner.setdefault(owner, _bucket()),
            by_park.setdefault(pid, _bucket()),
            _cell(cross, pid, owner),
        ):
            bucket["enterprises"] += count
            bucket["workforce"] += int(workforce)
    _add_events(actor, park_id, period, by_owner, by_park, cross)
    for cells in cross.values():
        cells["domestic"] = _sum(cells[o] for o in DOMESTIC)
    total = _sum(by_owner.values())
    domestic = _sum(by_owner[o] for o in DOMESTIC)
    for bucket in (
        total,
        domestic,
        *by_owner.values(),
        *by_park.values(),
        *(b for cells in cross.values() for b in cells.values()),
    ):
        _rates(bucket)
    return {
        "total": total,
        "by_ownership": by_owner,
        "by_park": by_park,
        "domestic": domestic,
        "cross": cross,
    }


def _cell(cross: dict, park_id: str, owner: str) -> dict:
    """The bucket of one park and one ownership (every ownership present, even empty)."""
    cells = cross.setdefault(park_id, {o: _bucket() for o in (*OWNERSHIP_ORDER, PARK_WIDE)})
    return cells.setdefault(owner, _bucket())


def _add_events(actor, park_id, period, by_owner, by_park, cross) -> None:
    """Add each held event's participants and the (active) enterprises that held one.

    An enterprise closed since counts its events and participants, but not as one of the
    enterprises that held one: it is not among the enterprises the share is taken of.
    """
    keep_figures(db.session())
    seen: set[str] = set()
    rows = db.session.execute(  # attendance: the tally kept as rows are written (reports.kept)
        select(
            Event.park_id,
            Event.enterprise_id,
            Event.activities,
            func.coalesce(EventTally.attendance, 0),
            Enterprise.ownership,
            Enterprise.active & Enterprise.deleted.is_(False),
        )
        .outerjoin(Enterprise, Enterprise.id == Event.enterprise_id)
        .outerjoin(EventTally, EventTally.event_id == Event.id)
        .where(held_events(actor, park_id, period))
    )
    for pid, enterprise_id, activities, rows_logged, owner, counted in rows:
        owner_bucket = by_owner.setdefault(owner or PARK_WIDE, _bucket())
        park_bucket = by_park.setdefault(pid, _bucket())
        people = event_participants(activities, rows_logged)
        for bucket in (owner_bucket, park_bucket, _cell(cross, pid, owner or PARK_WIDE)):
            bucket["events"] += 1
            bucket["participants"] += people
            bucket["attendance_rows"] += rows_logged
            if counted and enterprise_id not in seen:
                bucket["held"] += 1
        if counted:
            seen.add(enterprise_id)


def gift_figures(actor: User, park_id: str | None, period: Period) -> dict:
    """Gifts handed at events held in the period: count and value, repeats flagged apart."""
    rows = db.session.execute(
        select(Gift.flagged, func.count(), func.coalesce(func.sum(Gift.value_vnd), 0))
        .join(Event, Event.id == Gift.event_id)
        .where(held_events(actor, park_id, period), Gift.deleted.is_(False))
        .group_by(Gift.flagged)
    ).all()
    found = {bool(flag): (count, int(value)) for flag, count, value in rows}
    count, value = found.get(False, (0, 0))
    flagged_count, flagged_value = found.get(True, (0, 0))
    return {
        "count": count,
        "value": value,
        "flagged_count": flagged_count,
        "flagged_value": flagged_value,
    }
