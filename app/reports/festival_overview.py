"""Festival day per enterprise: events held, people who took part against the workforce, gifts.

The console's festival overview (app/console/festival.py) reads these figures. Participants
of an event follow the dashboard's rule (app/reports/festival.event_participants): its
attendance rows when any were logged (the tally kept as they are written), otherwise the
largest activity headcount. Gifts flagged as repeats are not counted.

Sector: the enterprises' own sector field is being introduced; until then the sector filter
(state / non-state / foreign-invested) is derived from the ownership field by `sector_of`,
the one place to switch when the field arrives.
"""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Enterprise, Event, EventTally, Gift, Park, User
from app.reports import cache
from app.reports.festival import event_participants, held_events
from app.reports.kept import keep_figures
from app.reports.periods import Period
from app.reports.scope import within

SECTORS = ("state", "non_state", "foreign")
_SECTOR_OF_OWNERSHIP = {"state": "state", "private": "non_state", "fdi": "foreign"}


def sector_of(ownership: str | None) -> str:
    """The sector (state, non_state, foreign) of an ownership code (fdi, private, state)."""
    return _SECTOR_OF_OWNERSHIP.get(ownership or "", "non_state")


def ownerships_of(sector: str) -> list[str]:
    """The ownership codes that make up a sector (the inverse of sector_of)."""
    return [o for o, s in _SECTOR_OF_OWNERSHIP.items() if s == sector]


def event_state(status: str, day: date, today: date) -> str:
    """An event's state as a person reads it: a planned event whose day has passed is
    "unreported" (not still "planned")."""
    if status == "planned" and day < today:
        return "unreported"
    return status


@dataclass
class EnterpriseRow:
    """One enterprise's festival figures in the period."""

    id: str
    name: str
    park_id: str
    park_name: str
    ownership: str
    workforce: int
    held: int = 0
    planned: int = 0
    participants: int = 0
    gifts: int = 0
    gift_value: int = 0

    @property
    def sector(self) -> str:
        """The enterprise's sector (see sector_of)."""
        return sector_of(self.ownership)

    @property
    def rate(self) -> float | None:
        """Participants against the workforce (None without a workforce)."""
        return self.participants / self.workforce if self.workforce else None


@dataclass
class Overview:
    """Every enterprise's row (in park, name order) and the totals."""

    rows: list[EnterpriseRow] = field(default_factory=list)
    totals: dict = field(default_factory=dict)


def _enterprises(actor: User, park_id: str | None, sector: str | None) -> list[EnterpriseRow]:
    """The active enterprises in scope (and filters), ordered by park code then name."""
    query = (
        select(
            Enterprise.id,
            Enterprise.name,
            Enterprise.park_id,
            Park.name,
            Enterprise.ownership,
            Enterprise.workforce,
        )
        .join(Park, Park.id == Enterprise.park_id)
        .where(within(actor, Enterprise, park_id), Enterprise.active.is_(True))
        .order_by(Park.code, Enterprise.search_key, Enterprise.id)
    )
    if sector:
        query = query.where(Enterprise.ownership.in_(ownerships_of(sector)))
    return [
        EnterpriseRow(i, name, pid, park_name, owner, workforce or 0)
        for i, name, pid, park_name, owner, workforce in db.session.execute(query)
    ]


def _add_events(actor, park_id, period, by_id: dict[str, EnterpriseRow]) -> None:
    """Add each held event's participants, and count the planned ones still ahead."""
    keep_figures(db.session())
    held = db.session.execute(
        select(Event.enterprise_id, Event.activities, func.coalesce(EventTally.attendance, 0))
        .outerjoin(EventTally, EventTally.event_id == Event.id)
        .where(held_events(actor, park_id, period), Event.enterprise_id.is_not(None))
    )
    for enterprise_id, activities, rows_logged in held:
        if row := by_id.get(enterprise_id):
            row.held += 1
            row.participants += event_participants(activities, rows_logged)
    planned = db.session.execute(
        select(Event.enterprise_id, func.count())
        .where(
            within(actor, Event, park_id),
            Event.status == "planned",
            Event.date >= period.start,
            Event.date < period.end,
        )
        .group_by(Event.enterprise_id)
    )
    for enterprise_id, count in planned:
        if row := by_id.get(enterprise_id):
            row.planned += count


def _add_gifts(actor, park_id, period, by_id: dict[str, EnterpriseRow]) -> None:
    """Add the gifts (not flagged as repeats) handed at each enterprise's held events."""
    gifts = db.session.execute(
        select(Event.enterprise_id, func.count(), func.coalesce(func.sum(Gift.value_vnd), 0))
        .join(Event, Event.id == Gift.event_id)
        .where(
            held_events(actor, park_id, period),
            Gift.deleted.is_(False),
            Gift.flagged.is_(False),
        )
        .group_by(Event.enterprise_id)
    )
    for enterprise_id, count, value in gifts:
        if row := by_id.get(enterprise_id):
            row.gifts += count
            row.gift_value += int(value)


def _totals(rows: list[EnterpriseRow]) -> dict:
    """The sums of the rows, with the share holding an event and the overall rate."""
    workforce = sum(r.workforce for r in rows)
    participants = sum(r.participants for r in rows)
    holding = sum(1 for r in rows if r.held)
    return {
        "enterprises": len(rows),
        "holding": holding,
        "share_holding": holding / len(rows) if rows else None,
        "workforce": workforce,
        "held": sum(r.held for r in rows),
        "planned": sum(r.planned for r in rows),
        "participants": participants,
        "rate": participants / workforce if workforce else None,
        "gifts": sum(r.gifts for r in rows),
        "gift_value": sum(r.gift_value for r in rows),
    }


def compute_overview(
    actor: User, park_id: str | None, sector: str | None, period: Period
) -> Overview:
    """Each active enterprise's festival figures in the period, within the actor's scope."""
    rows = _enterprises(actor, park_id, sector)
    by_id = {row.id: row for row in rows}
    _add_events(actor, park_id, period, by_id)
    _add_gifts(actor, park_id, period, by_id)
    return Overview(rows=rows, totals=_totals(rows))


def festival_overview(actor: User, park_id: str | None, sector: str | None, period: Period) -> dict:
    """{overview, computed_at}: the figures through the report cache (app.reports.cache)."""
    return cache.cached(
        ("festival_overview", actor, park_id, sector, period.key),
        lambda: {"overview": compute_overview(actor, park_id, sector, period)},
    )


def period_events(actor: User, park_id: str | None, sector: str | None, period: Period):
    """The SELECT of the period's events (enterprise events and park-wide ones), by date."""
    query = (
        select(Event, Enterprise.name, Park.name, func.coalesce(EventTally.attendance, 0))
        .join(Park, Park.id == Event.park_id)
        .outerjoin(Enterprise, Enterprise.id == Event.enterprise_id)
        .outerjoin(EventTally, EventTally.event_id == Event.id)
        .where(
            within(actor, Event, park_id),
            Event.date >= period.start,
            Event.date < period.end,
        )
        .order_by(Event.date.desc(), Event.id)
    )
    if sector:
        query = query.where(Enterprise.ownership.in_(ownerships_of(sector)))
    return query
