"""Console pages: home, review queue, check and event pages, minutes, receipts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, defer, joinedload

from app.access.permissions import can_see_id_card, in_park_scope, park_ids, scope_clause
from app.console import event_records, records
from app.console.access import get_in_scope, visible_parks
from app.console.enterprise import matching_enterprises
from app.console.form_fields import read_form
from app.console.forms import CheckReviewForm, ReceiptForm
from app.console.helpers import day_start, paginate, parse_filters, parse_page
from app.core.personal import mask_id_card
from app.extensions import db
from app.models import (
    Check,
    ChecklistTemplate,
    ConflictCopy,
    Enterprise,
    Event,
    Finding,
    Park,
    TemplateVersion,
    User,
)
from app.reports.figures import overdue_clause
from app.reports.labels import label
from app.reports.periods import local_today
from app.review.decisions import REVIEW_ERRORS, ReviewError, review_check
from app.sync.receipts import verify_receipt

SORTS = ("newest", "oldest", "enterprise")
CHECK_STATUSES = ("submitted", "returned", "approved")
EVENT_STATUSES = ("held", "returned", "reviewed", "planned")


def lang() -> str:
    """Return the page language code (vi or en)."""
    return str(get_locale() or "vi")


def index():
    """Show the home page: what waits for the supervisor."""
    user = current_user
    count = lambda stmt: db.session.execute(stmt).scalar_one()  # noqa: E731
    stats = {
        "to_review": count(
            select(func.count())
            .select_from(Check)
            .where(scope_clause(user, Check), Check.deleted.is_(False), Check.status == "submitted")
        ),
        "events": count(
            select(func.count())
            .select_from(Event)
            .where(scope_clause(user, Event), Event.deleted.is_(False), Event.status == "held")
        ),
        "conflicts": count(
            select(func.count())
            .select_from(ConflictCopy)
            .where(conflict_scope(user), ConflictCopy.status == "open")
        ),
        "overdue": count(
            select(func.count())
            .select_from(Finding)
            .where(overdue_clause(user, None, local_today()))
        ),
    }
    return render_template("console/index.html", stats=stats)


def conflict_scope(user):
    """Return the WHERE clause of the conflict copies a console user sees."""
    return scope_clause(user, ConflictCopy)


def check_query(f):
    """Build the review-queue select of checks for the filters, and its cheap count."""
    conds = [scope_clause(current_user, Check), Check.deleted.is_(False)]
    conds.append(
        Check.status == f.status if f.status in CHECK_STATUSES else Check.status != "draft"
    )
    if f.park:
        conds.append(Check.park_id == f.park)
    if f.inspector:
        conds.append(Check.author_id == f.inspector)
    if f.template:
        conds.append(
            Check.template_version_id.in_(
                select(TemplateVersion.id).where(TemplateVersion.template_id == f.template)
            )
        )
    if f.date_from:
        conds.append(Check.started_at >= day_start(f.date_from))
    if f.date_to:
        conds.append(Check.started_at < day_start(f.date_to, 1))
    count = select(func.count()).select_from(Check).where(*conds)
    if f.q_key:
        conds.append(Enterprise.search_key.contains(f.q_key, autoescape=True))
        count = count.join(Check.enterprise).where(conds[-1])
    order = {
        "newest": Check.started_at.desc(),
        "oldest": Check.started_at.asc(),
        "enterprise": Enterprise.search_key.asc(),
    }[f.sort]
    stmt = (
        select(Check)
        .join(Check.enterprise)
        .options(contains_eager(Check.enterprise))
        .options(
            defer(Check.data),
            joinedload(Check.author),
            joinedload(Check.template_version)
            .defer(TemplateVersion.sections)
            .joinedload(TemplateVersion.template),
        )
        .where(*conds)
        .order_by(order, Check.id)
    )
    return stmt, count


def event_query(f):
    """Build the review-queue select of events for the filters."""
    stmt = (
        select(Event)
        .outerjoin(Event.enterprise)
        .options(contains_eager(Event.enterprise))
        .where(scope_clause(current_user, Event), Event.deleted.is_(False))
    )
    statuses = EVENT_STATUSES if f.status not in EVENT_STATUSES else (f.status,)
    stmt = stmt.where(Event.status.in_(statuses))
    if f.park:
        stmt = stmt.where(Event.park_id == f.park)
    if f.q_key:
        stmt = stmt.where(Enterprise.search_key.contains(f.q_key, autoescape=True))
    if f.inspector:
        stmt = stmt.where(Event.author_id == f.inspector)
    if f.date_from:
        stmt = stmt.where(Event.date >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Event.date <= f.date_to)
    order = {
        "newest": Event.date.desc(),
        "oldest": Event.date.asc(),
        "enterprise": Enterprise.search_key.asc(),
    }[f.sort]
    return stmt.order_by(order, Event.id)


def queue():
    """List submitted checks (or events) with filters, sorting and pages."""
    args = request.args.to_dict()
    args.setdefault("status", "submitted" if args.get("kind") != "event" else "held")
    f = parse_filters(args, SORTS)
    kind = "event" if f.kind == "event" else "check"
    missing = {}
    if kind == "event":
        page = paginate(event_query(f), f.page)
    else:
        stmt, count = check_query(f)
        page = paginate(stmt, f.page, count=count)
        missing = records.missing_photo_counts(page.items)
    inspectors = db.session.execute(authors_query(kind)).scalars()
    templates = db.session.execute(
        select(ChecklistTemplate).order_by(ChecklistTemplate.code)
    ).scalars()
    return render_template(
        "console/review_queue.html",
        page=page,
        f=f,
        kind=kind,
        enterprises=matching_enterprises(f.q_key, f.park),
        parks=visible_parks(),
        inspectors=list(inspectors),
        templates=list(templates),
        lang=lang(),
        missing=missing,
        statuses=EVENT_STATUSES if kind == "event" else CHECK_STATUSES,
    )


def authors_query(kind: str):
    """Select the people who author checks (or events) within the user's parks."""
    parks = park_ids(current_user)
    if kind == "event":
        stmt = select(User).where(User.role == "enterprise_hr")
        if parks is not None:
            stmt = stmt.where(User.enterprise.has(Enterprise.park_id.in_(parks)))
    else:
        stmt = select(User).where(User.role == "inspector")
        if parks is not None:
            stmt = stmt.where(User.parks.any(Park.id.in_(parks)))
    return stmt.where(User.active.is_(True)).order_by(User.full_name).limit(500)


def check_page(check_id: str):
    """Show everything the device sent for a check, and the review form."""
    check = get_in_scope(Check, check_id)
    language = lang()
    return render_template(
        "console/check.html",
        check=check,
        lang=language,
        data=check.data or {},
        sections=records.sections_with_answers(check, language),
        findings=records.findings_of(check),
        photos=records.photo_state(check),
        gps=records.gps_link((check.data or {}).get("gps")),
        timing=records.timing(check),
        history=records.sync_history("check", check),
    )


def review(check_id: str):
    """Approve or return a check."""
    check = get_in_scope(Check, check_id)
    form, _ = read_form(CheckReviewForm(), request.form)
    decision = form["decision"]
    try:
        review_check(current_user, check, decision, form["comment"])
    except ReviewError as err:
        flash(str(REVIEW_ERRORS.get(err.code, err.code)), "error")
        return redirect(url_for("console.check", check_id=check.id))
    message = (
        gettext("Approved.") if decision == "approve" else gettext("Returned to the inspector.")
    )
    flash(message, "success")
    return redirect(url_for("console.check", check_id=check.id))


def minutes(check_id: str):
    """Print a check as the official inspection minutes (biên bản kiểm tra), A4."""
    check = get_in_scope(Check, check_id)
    return render_template(
        "console/minutes.html",
        check=check,
        data=check.data or {},
        sections=records.sections_with_answers(check, "vi"),
        findings=records.findings_of(check),
        timing=records.timing(check),
    )


def event_page(event_id: str):
    """Show a festival-day event as the device sent it."""
    event = get_in_scope(Event, event_id)
    return render_template(
        "console/event.html",
        event=event,
        lang=lang(),
        label=label,
        rec=event_records.event_record(event),
        page=event_records.attendees(event, parse_page(request.args.get("page"))),
        full_id_cards=can_see_id_card(current_user, event.enterprise_id),
        mask_id_card=mask_id_card,
    )


def receipts():
    """Verify a receipt code shown on a phone against a record id."""
    result = None
    record_id = code = ""
    if request.method == "POST":
        form, _ = read_form(ReceiptForm(), request.form)
        record_id, code = form["record_id"], form["code"]
        result = verify_receipt(record_id, code) if record_id and code else None
        result = {"valid": result is not None, **(result or {})}
        if result["valid"]:
            record = db.session.get(Check, record_id) or db.session.get(Event, record_id)
            if record is not None and not scope_ok(record):
                abort(404)
            result["record"] = record
    return render_template("console/receipts.html", result=result, record_id=record_id, code=code)


def scope_ok(record) -> bool:
    """Tell whether the current user sees a record with a park_id."""
    return in_park_scope(current_user, record.park_id)
