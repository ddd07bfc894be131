"""Commended self-protection models of a year, for the annual report.

Read apart from the cached summary (app/reports/cache.py): commendations are console-only
records that take no sync version, so a cached result would not see a new one.
"""

from sqlalchemy import select

from app.extensions import db
from app.models import Commendation, Enterprise, Park, User
from app.reports.periods import Period
from app.reports.scope import within


def commended_models(actor: User, park_id: str | None, period: Period) -> list[dict]:
    """The commendations decided in the period, in scope, with their enterprise and park."""
    rows = db.session.execute(
        select(
            Commendation.id,
            Commendation.commended_on,
            Commendation.commended_by,
            Commendation.decision_number,
            Enterprise.id.label("enterprise_id"),
            Enterprise.name,
            Enterprise.ownership,
            Park.name.label("park"),
        )
        .join(Enterprise, Enterprise.id == Commendation.enterprise_id)
        .join(Park, Park.id == Commendation.park_id)
        .where(
            within(actor, Commendation, park_id),
            Commendation.commended_on >= period.start,
            Commendation.commended_on < period.end,
        )
        .order_by(Commendation.commended_on, Enterprise.name)
    ).all()
    return [dict(r._mapping) for r in rows]
