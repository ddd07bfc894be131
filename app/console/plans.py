"""Console pages: inspection plans, their visits, and re-inspections."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from sqlalchemy import func, select

from app.access.permissions import in_park_scope, scope_clause
from app.console.access import get_in_scope, visible_parks
from app.console.form_fields import read_form
from app.console.forms import MoveVisitForm, PlanForm, ReinspectForm, VisitForm
from app.console.helpers import YEAR_MAX, paginate, parse_filters, parse_int, safe_next
from app.console.planning import (
    PlanError,
    create_plan,
    park_inspectors,
    plan_period,
    propose_reinspection,
    schedule_visit,
    visit_states,
)
from app.console.visit_changes import cancel_visit, move_visit
from app.console.visit_picker import picker_rows
from app.core.i18n import format_date
from app.extensions import db
from app.models import Finding, InspectionPlan, Park, Visit
from app.reports.figures import overdue_clause
from app.reports.periods import local_today

PLAN_ERRORS = {
    "bad_period": lazy_gettext("Choose a year and a quarter or a month."),
    "bad_enterprise": lazy_gettext("Choose an enterprise of this park."),
    "bad_date": lazy_gettext("Choose a date."),
    "no_team": lazy_gettext("Choose at least one inspector of this park."),
    "finding_closed": lazy_gettext("This corrective action is already closed."),
    "visit_closed": lazy_gettext("This visit is already done or cancelled."),
}


def plan_error(err: PlanError, plan: InspectionPlan | None) -> str:
    """The words of a refused plan or visit (a day outside the plan names its period)."""
    if err.code == "outside_period" and plan is not None:
        period = plan_period(plan)
        return gettext(
            "The date must fall within the plan's period, %(start)s to %(end)s.",
            start=format_date(period.start),
            end=format_date(period.last_day),
        )
    return str(PLAN_ERRORS.get(err.code, err.code))


def plan_list():
    """List the plans in scope; create one."""
    if request.method == "POST":
        form, _ = read_form(PlanForm(), request.form)
        park_id = form["park"]
        if not in_park_scope(current_user, park_id) or db.session.get(Park, park_id) is None:
            abort(404)
        try:
            plan = create_plan(
                current_user, park_id, form["year"], form["quarter"], form["title"], form["month"]
            )
        except PlanError as err:
            flash(str(PLAN_ERRORS[err.code]), "error")
            return redirect(url_for("console.plans"))
        return redirect(url_for("console.plan", plan_id=plan.id))
    f = parse_filters(request.args)
    year = parse_int(request.args.get("year"), 0, 0, YEAR_MAX)  # 0: every year
    visits = select(Visit.plan_id, func.count().label("n")).group_by(Visit.plan_id).subquery()
    stmt = (
        select(InspectionPlan, Park, visits.c.n)
        .join(Park, Park.id == InspectionPlan.park_id)
        .outerjoin(visits, visits.c.plan_id == InspectionPlan.id)
        .where(scope_clause(current_user, InspectionPlan))
    )
    if f.park:
        stmt = stmt.where(InspectionPlan.park_id == f.park)
    if year:
        stmt = stmt.where(InspectionPlan.year == year)
    stmt = stmt.order_by(InspectionPlan.year.desc(), InspectionPlan.quarter.desc(), Park.code)
    page = paginate(stmt, f.page, scalars=False)
    today = local_today()
    return render_template(
        "console/plans.html", page=page, f=f, year=year, parks=visible_parks(), today=today
    )


def plan_page(plan_id: str):
    """Show a plan's visits (done, due, missed) and the form to schedule one."""
    plan = get_in_scope(InspectionPlan, plan_id)
    park = db.session.get(Park, plan.park_id)
    visits = list(
        db.session.execute(
            select(Visit)
            .where(Visit.plan_id == plan.id, Visit.deleted.is_(False))
            .order_by(Visit.planned_date, Visit.id)
        ).scalars()
    )
    today = local_today()
    states = visit_states(visits, today)
    counts = {
        s: sum(1 for v in states.values() if v["state"] == s) for s in ("done", "due", "missed")
    }
    inspectors = park_inspectors(plan.park_id)
    names = {u.id: u.full_name or u.username for u in inspectors}
    q = request.args.get("q", "").strip()[:100]
    enterprises = picker_rows(current_user, plan.park_id, q, today)
    overdue = (
        db.session.execute(
            select(Finding)
            .join(Finding.enterprise)
            .where(overdue_clause(current_user, plan.park_id, today))
            .order_by(Finding.due_date)
            .limit(20)
        )
        .scalars()
        .all()
    )
    proposed = (
        {
            v.finding_id
            for v in db.session.execute(
                select(Visit).where(Visit.finding_id.in_([f.id for f in overdue]))
            ).scalars()
        }
        if overdue
        else set()
    )
    return render_template(
        "console/plan.html",
        plan=plan,
        period=plan_period(plan),
        park=park,
        visits=visits,
        states=states,
        counts=counts,
        inspectors=inspectors,
        names=names,
        enterprises=enterprises,
        q=q,
        overdue=overdue,
        proposed=proposed,
        today=today,
    )


def add_visit(plan_id: str):
    """Schedule a visit in a plan."""
    plan = get_in_scope(InspectionPlan, plan_id)
    form, _ = read_form(VisitForm(), request.form)
    try:
        schedule_visit(
            current_user,
            plan.park_id,
            form["enterprise"],
            form["date"],
            form["team"],
            plan=plan,
            note=form["note"],
        )
        flash(
            gettext("Visit scheduled. It reaches the team's phones at their next sync."), "success"
        )
    except PlanError as err:
        flash(plan_error(err, plan), "error")
    return redirect(url_for("console.plan", plan_id=plan.id))


def move(visit_id: str):
    """Move a planned visit to another day of its plan's period."""
    visit = get_in_scope(Visit, visit_id)
    form, _ = read_form(MoveVisitForm(), request.form)
    plan = db.session.get(InspectionPlan, visit.plan_id) if visit.plan_id else None
    try:
        move_visit(current_user, visit, form["date"])
        flash(
            gettext("Visit moved. The team's phones get the new date at their next sync."),
            "success",
        )
    except PlanError as err:
        flash(plan_error(err, plan), "error")
    return redirect(
        url_for("console.plan", plan_id=visit.plan_id) if plan else url_for("console.plans")
    )


def cancel(visit_id: str):
    """Cancel a planned visit: it leaves the team's phones at their next sync."""
    visit = get_in_scope(Visit, visit_id)
    try:
        cancel_visit(current_user, visit)
        flash(
            gettext("Visit cancelled. It leaves the team's phones at their next sync."), "success"
        )
    except PlanError as err:
        flash(plan_error(err, None), "error")
    return redirect(
        url_for("console.plan", plan_id=visit.plan_id)
        if visit.plan_id
        else url_for("console.plans")
    )


def reinspect(finding_id: str):
    """Schedule a re-inspection for an overdue corrective action."""
    finding = get_in_scope(Finding, finding_id)
    form, _ = read_form(ReinspectForm(), request.form)
    back = safe_next(form["next"], url_for("console.findings"))
    try:
        propose_reinspection(current_user, finding, form["date"], form["team"])
        flash(gettext("Re-inspection scheduled."), "success")
    except PlanError as err:
        flash(str(PLAN_ERRORS[err.code]), "error")
    return redirect(back)
