"""Console pages: corrective actions (findings with due dates): open, overdue, closed."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.access.permissions import scope_clause
from app.console.access import get_in_scope, visible_parks
from app.console.form_fields import read_form
from app.console.forms import CloseFindingForm
from app.console.helpers import paginate, parse_filters, safe_next
from app.console.planning import PlanError, close_finding
from app.extensions import db
from app.models import SEVERITIES, Enterprise, Finding, Visit
from app.reports.figures import sent_finding
from app.reports.periods import local_today

STATES = ("open", "overdue", "closed", "all")
SORTS = ("due", "enterprise", "severity")
CLOSE_ERRORS = {
    "finding_closed": lazy_gettext("This corrective action is already closed."),
    "note_required": lazy_gettext("A note is required to close a corrective action."),
}


def finding_query(f, state: str, today):
    """Build the select of findings for the filters and state, and its cheap count."""
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
    count = select(func.count()).select_from(Finding).where(*conds)
    if f.q_key:
        conds.append(Enterprise.search_key.contains(f.q_key, autoescape=True))
        count = count.join(Finding.enterprise).where(conds[-1])
    order = {
        "due": Finding.due_date.asc(),
        "enterprise": Enterprise.search_key.asc(),
        "severity": Finding.severity.asc(),
    }[f.sort]
    stmt = (
        select(Finding)
        .join(Finding.enterprise)
        .options(contains_eager(Finding.enterprise))
        .where(*conds)
        .order_by(order, Finding.id)
    )
    return stmt, count


def finding_list():
    """List corrective actions by state, park and enterprise."""
    f = parse_filters(request.args, SORTS)
    state = request.args.get("state", "open")
    state = state if state in STATES else "open"
    today = local_today()
    stmt, count = finding_query(f, state, today)
    page = paginate(stmt, f.page, count=count)
    ids = [x.id for x in page.items]
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
