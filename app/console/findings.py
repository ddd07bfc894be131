"""Console pages: corrective actions (findings with due dates): open, overdue, closed."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.access.permissions import scope_clause
from app.console.access import get_in_scope, visible_parks
from app.console.form_fields import read_form
from app.console.forms import CloseFindingForm, FindingOwnerForm
from app.console.helpers import paginate, parse_filters, parse_int, safe_next
from app.console.planning import PlanError, close_finding
from app.core.i18n import fold
from app.extensions import db
from app.models import SEVERITIES, Enterprise, Finding, FindingOwner, Park, Visit
from app.reports.figures import sent_finding
from app.reports.periods import local_today
from app.review.owners import OWNER_SIZE, owner_key_column, owner_name_column, set_owner
from app.review.queue import severity_rank

STATES = ("open", "overdue", "closed", "all")
SORTS = ("due", "enterprise", "severity", "owner", "park", "overdue")
CLOSE_ERRORS = {
    "finding_closed": lazy_gettext("This corrective action is already closed."),
    "note_required": lazy_gettext("A note is required to close a corrective action."),
}


def finding_query(f, state: str, today, owner_key: str = "", min_overdue: int = 0):
    """Build the select of (finding, owner) rows for the filters and state, and its count."""
    conds = [scope_clause(current_user, Finding), sent_finding()]
    if state == "open":
        conds.append(Finding.closed_at.is_(None))
    elif state == "overdue":
        conds += [Finding.closed_at.is_(None), Finding.due_date < today]
    elif state == "closed":
        conds.append(Finding.closed_at.is_not(None))
    if f.park:
        conds.append(Finding.park_id == f.park)
    if f.status in SEVERITIES:
        conds.append(Finding.severity == f.status)
    if f.date_from:
        conds.append(Finding.due_date >= f.date_from)
    if f.date_to:
        conds.append(Finding.due_date <= f.date_to)
    if min_overdue > 0:  # overdue by more than N days: open and due before today - N
        conds += [Finding.closed_at.is_(None), Finding.due_date < today - timedelta(min_overdue)]
    if owner_key:
        conds.append(owner_key_column().contains(owner_key, autoescape=True))
    count = (
        select(func.count())
        .select_from(Finding)
        .outerjoin(FindingOwner, FindingOwner.finding_id == Finding.id)
        .where(*conds)
    )
    if f.q_key:
        conds.append(Enterprise.search_key.contains(f.q_key, autoescape=True))
        count = count.join(Finding.enterprise).where(conds[-1])
    order = {
        "due": Finding.due_date.asc(),
        "enterprise": Enterprise.search_key.asc(),
        "severity": severity_rank(Finding.severity).desc(),
        "owner": owner_key_column().asc(),
        "park": Park.code.asc(),
        "overdue": Finding.due_date.asc(),  # the longest overdue first
    }[f.sort]
    stmt = (
        select(Finding, owner_name_column().label("owner"), FindingOwner.name.label("typed"))
        .join(Finding.enterprise)
        .outerjoin(FindingOwner, FindingOwner.finding_id == Finding.id)
        .options(contains_eager(Finding.enterprise))
        .where(*conds)
    )
    if f.sort == "park":
        stmt = stmt.join(Park, Park.id == Finding.park_id)
    return stmt.order_by(order, Finding.due_date.asc(), Finding.id), count


def finding_list():
    """List corrective actions by state, park and enterprise."""
    f = parse_filters(request.args, SORTS)
    state = request.args.get("state", "open")
    state = state if state in STATES else "open"
    today = local_today()
    owner = request.args.get("owner", "").strip()[:OWNER_SIZE]
    min_overdue = parse_int(request.args.get("overdue"), 0, 0, 36_500)
    stmt, count = finding_query(f, state, today, fold(owner), min_overdue)
    page = paginate(stmt, f.page, count=count, scalars=False)
    ids = [row[0].id for row in page.items]
    proposed = (
        set(db.session.execute(select(Visit.finding_id).where(Visit.finding_id.in_(ids))).scalars())
        if ids
        else set()
    )
    return render_template(
        "console/findings.html",
        page=page,
        f=f,
        state=state,
        today=today,
        parks=visible_parks(),
        severities=SEVERITIES,
        proposed=proposed,
        owner=owner,
        min_overdue=min_overdue,
        park_names={p.id: p.name for p in visible_parks()},
    )


def close(finding_id: str):
    """Close a corrective action with a note."""
    finding = get_in_scope(Finding, finding_id)
    form, _ = read_form(CloseFindingForm(), request.form)
    try:
        close_finding(current_user, finding, form["note"])
        flash(gettext("Corrective action closed."), "success")
    except PlanError as err:
        flash(str(CLOSE_ERRORS.get(err.code, err.code)), "error")
    return redirect(safe_next(form["next"], url_for("console.findings")))


def name_owner(finding_id: str):
    """Name who owns a corrective action (empty: back to the contact named on the check)."""
    finding = get_in_scope(Finding, finding_id)
    form, _ = read_form(FindingOwnerForm(), request.form)
    set_owner(current_user, finding, form["owner"])
    flash(gettext("Owner saved."), "success")
    return redirect(safe_next(form["next"], url_for("console.findings")))
