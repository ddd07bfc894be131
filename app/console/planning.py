"""Inspection plans: create a plan, schedule visits (stamped so phones pull them), their state."""

from datetime import date, timedelta

from sqlalchemy import or_, select

from app.extensions import db
from app.models import Check, Enterprise, Finding, InspectionPlan, RecordRevision, User, Visit
from app.models.audit import Action, audit
from app.models.base import utcnow
from app.reports.periods import Period, make_period
from app.sync.versioning import stamp

DONE_STATUSES = ("submitted", "approved", "returned")


class PlanError(ValueError):
    """A plan or visit that cannot be made; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def park_inspectors(park_id: str) -> list[User]:
    """Return the active inspectors assigned to a park."""
    query = (
        select(User)
        .where(User.role == "inspector", User.active.is_(True), User.parks.any(id=park_id))
        .order_by(User.full_name)
    )
    return list(db.session.execute(query).scalars())


def plan_period(plan: InspectionPlan) -> Period:
    """The plan's period: its month, or its quarter."""
    if plan.month:
        return make_period("month", plan.year, plan.month)
    return make_period("quarter", plan.year, plan.quarter)


def create_plan(
    actor: User, park_id: str, year: int, quarter: int, title: str = "", month: int = 0
) -> InspectionPlan:
    """Create the plan of a park for a quarter, or for one month (month 1-12)."""
    if month:
        quarter = (month - 1) // 3 + 1 if 1 <= month <= 12 else 0
    if not 2000 <= year <= 2100 or quarter not in (1, 2, 3, 4):
        raise PlanError("bad_period")
    plan = InspectionPlan(
        park_id=park_id,
        year=year,
        quarter=quarter,
        month=month or None,
        title=title.strip()[:300],
        created_by_id=actor.id,
    )
    db.session.add(plan)
    db.session.flush()
    audit(
        actor,
        Action.PLAN_CREATED,
        "plan",
        plan.id,
        {"park_id": park_id, "year": year, "quarter": quarter, "month": month or None},
    )
    return plan


def schedule_visit(
    actor: User,
    park_id: str,
    enterprise_id: str,
    day: date | None,
    team: list[str],
    plan: InspectionPlan | None = None,
    reason: str = "routine",
    finding_id: str | None = None,
    note: str = "",
) -> Visit:
    """Schedule a visit of an enterprise by a team of the park's inspectors."""
    enterprise = db.session.get(Enterprise, enterprise_id or "")
    if enterprise is None or enterprise.park_id != park_id or enterprise.deleted:
        raise PlanError("bad_enterprise")
    if day is None:
        raise PlanError("bad_date")
    if plan is not None and not plan_period(plan).start <= day < plan_period(plan).end:
        raise PlanError("outside_period")
    allowed = {u.id for u in park_inspectors(park_id)}
    team = [uid for uid in dict.fromkeys(team) if uid in allowed]
    if not team:
        raise PlanError("no_team")
    visit = stamp(
        Visit(
            plan_id=plan.id if plan else None,
            enterprise_id=enterprise_id,
            park_id=park_id,
            planned_date=day,
            team=team,
            reason=reason,
            finding_id=finding_id,
            status="planned",
            note=note.strip()[:2000],
        )
    )
    db.session.add(visit)
    db.session.flush()
    audit(
        actor,
        Action.VISIT_SCHEDULED,
        "visit",
        visit.id,
        {
            "enterprise_id": enterprise_id,
            "date": day.isoformat(),
            "team": team,
            "reason": reason,
            "finding_id": finding_id,
        },
    )
    return visit


def plan_for(park_id: str, day: date) -> InspectionPlan | None:
    """Return the park's plan covering a day (its month's plan first, else its quarter's)."""
    quarter = (day.month - 1) // 3 + 1
    query = select(InspectionPlan).where(
        InspectionPlan.park_id == park_id,
        InspectionPlan.year == day.year,
        InspectionPlan.quarter == quarter,
        or_(InspectionPlan.month.is_(None), InspectionPlan.month == day.month),
    )
    return db.session.execute(
        query.order_by(InspectionPlan.month.is_(None), InspectionPlan.id).limit(1)
    ).scalar()


def propose_reinspection(
    actor: User, finding: Finding, day: date | None = None, team: list[str] | None = None
) -> Visit:
    """Schedule a re-inspection of an overdue corrective action."""
    if finding.closed_at is not None:
        raise PlanError("finding_closed")
    day = day or (utcnow().date() + timedelta(days=7))
    if not team:  # the inspectors of the original check who still cover the park
        team = [m.get("user_id") for m in (finding.check.data or {}).get("team", [])]
        team = [uid for uid in team if uid] + [finding.check.author_id]
        allowed = {u.id for u in park_inspectors(finding.park_id)}
        team = [uid for uid in team if uid in allowed] or sorted(allowed)
    return schedule_visit(
        actor,
        finding.park_id,
        finding.enterprise_id,
        day,
        team,
        plan=plan_for(finding.park_id, day),
        reason="reinspection",
        finding_id=finding.id,
    )


def visit_states(visits: list[Visit], today: date) -> dict[str, dict]:
    """Return, per visit id, its state (done, due, missed, cancelled) and the check made."""
    ids = [v.id for v in visits]
    checks = {}
    if ids:
        query = select(Check.id, Check.visit_id, Check.status).where(
            Check.visit_id.in_(ids), Check.status.in_(DONE_STATUSES), Check.deleted.is_(False)
        )
        for row in db.session.execute(query):
            checks.setdefault(row.visit_id, row)
    states = {}
    for visit in visits:
        check = checks.get(visit.id)
        if visit.status == "cancelled":
            state = "cancelled"
        elif check is not None or visit.status == "done":
            state = "done"
        elif visit.planned_date < today:
            state = "missed"
        else:
            state = "due"
        states[visit.id] = {"state": state, "check": check}
    return states


def close_finding(actor: User, finding: Finding, note: str) -> Finding:
    """Close a corrective action with a note; the check is re-stamped so devices see it."""
    note = (note or "").strip()
    if finding.closed_at is not None:
        raise PlanError("finding_closed")
    if not note:
        raise PlanError("note_required")
    finding.closed_at = utcnow()
    finding.closed_by_id = actor.id
    finding.closed_note = note[:2000]
    check = finding.check
    stamp(check)
    db.session.add(
        RecordRevision(
            entity="check",
            record_id=check.id,
            version=check.version,
            data=dict(check.data or {}),
            user_id=actor.id,
        )
    )
    audit(
        actor,
        Action.FINDING_CLOSED,
        "finding",
        finding.id,
        {"check_id": check.id, "enterprise_id": finding.enterprise_id},
        reason=note,
    )
    db.session.flush()
    return finding
