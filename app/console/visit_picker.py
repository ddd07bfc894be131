"""The enterprise picker of a plan: searched without diacritics, each enterprise with its
last check and its open overdue corrective actions."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.core.i18n import fold
from app.extensions import db
from app.models import Check, Enterprise, Finding, User
from app.reports.figures import overdue_clause

DONE = ("submitted", "approved", "returned")


@dataclass
class PickerRow:
    """An enterprise as the picker offers it."""

    id: str
    name: str
    last_check: datetime | None
    overdue: int


def picker_rows(actor: User, park_id: str, q: str, today: date) -> list[PickerRow]:
    """The park's active enterprises matching the search (folded: "que vo" finds "Quế Võ")."""
    query = select(Enterprise.id, Enterprise.name).where(
        Enterprise.park_id == park_id,
        Enterprise.deleted.is_(False),
        Enterprise.active.is_(True),
    )
    key = fold(q or "").strip()
    if key:
        query = query.where(Enterprise.search_key.contains(key, autoescape=True))
    rows = db.session.execute(query.order_by(Enterprise.search_key, Enterprise.id)).all()
    last = dict(
        db.session.execute(
            select(Check.enterprise_id, func.max(Check.started_at))
            .where(Check.park_id == park_id, Check.status.in_(DONE), Check.deleted.is_(False))
            .group_by(Check.enterprise_id)
        ).all()
    )
    overdue = dict(
        db.session.execute(
            select(Finding.enterprise_id, func.count())
            .where(overdue_clause(actor, park_id, today))
            .group_by(Finding.enterprise_id)
        ).all()
    )
    return [PickerRow(i, name, last.get(i), overdue.get(i, 0)) for i, name in rows]
