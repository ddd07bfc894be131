"""Move or cancel a planned visit; the change is stamped, so the team's phones pull it.

A cancelled visit stays in the console's plan (struck out as cancelled) and reaches the
phones with status "cancelled", which the field app leaves out of its list: it leaves the
phone at the next sync.
"""

from datetime import date

from app.console.planning import PlanError, plan_period
from app.extensions import db
from app.models import InspectionPlan, User, Visit
from app.models.audit import Action, audit
from app.sync.versioning import stamp


def _changeable(visit: Visit) -> None:
    """Refuse a visit already done or cancelled."""
    if visit.status != "planned" or visit.check_id:
        raise PlanError("visit_closed")


def move_visit(actor: User, visit: Visit, day: date | None) -> Visit:
    """Move a planned visit to another day inside its plan's period."""
    _changeable(visit)
    if day is None:
        raise PlanError("bad_date")
    plan = db.session.get(InspectionPlan, visit.plan_id) if visit.plan_id else None
    if plan is not None and not plan_period(plan).start <= day < plan_period(plan).end:
        raise PlanError("outside_period")
    before = visit.planned_date
    visit.planned_date = day
    stamp(visit)
    db.session.flush()
    audit(
        actor,
        Action.VISIT_MOVED,
        "visit",
        visit.id,
        {"from": before.isoformat(), "to": day.isoformat(), "enterprise_id": visit.enterprise_id},
    )
    return visit


def cancel_visit(actor: User, visit: Visit, reason: str = "") -> Visit:
    """Cancel a planned visit (kept in the plan as cancelled)."""
    _changeable(visit)
    visit.status = "cancelled"
    stamp(visit)
    db.session.flush()
    audit(
        actor,
        Action.VISIT_CANCELLED,
        "visit",
        visit.id,
        {"date": visit.planned_date.isoformat(), "enterprise_id": visit.enterprise_id},
        reason=reason.strip()[:2000] or None,
    )
    return visit
