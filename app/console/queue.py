"""Console pages: the review queue (filters, sorts, triage columns), bulk approval, and
"next in the queue" after a decision. The queries live in app/review/queue.py."""

from urllib.parse import parse_qs, urlencode

from flask import abort, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from werkzeug.datastructures import MultiDict

from app.access.permissions import park_ids, scope_clause
from app.console import records
from app.console.access import get_in_scope, visible_parks
from app.console.enterprise import matching_enterprises
from app.console.form_fields import read_form
from app.console.forms import BulkApproveForm
from app.console.helpers import Filters, Page, day_start, paginate, parse_filters, parse_int
from app.extensions import db
from app.models import Check, ChecklistTemplate, Enterprise, Event, Park, User
from app.review import queue as q
from app.review.bulk import MAX_BULK, REFUSALS, approve_many

EVENT_SORTS = ("newest", "oldest", "enterprise")
EVENT_STATUSES = ("held", "returned", "reviewed", "planned")
# The query arguments of the queue's filters (kept in the URL, and carried to a check's page).
QUEUE_ARGS = (
    "kind",
    "park",
    "q",
    "inspector",
    "status",
    "template",
    "from",
    "to",
    "sort",
    "severity",
    "findings",
    "waiting",
)

SORT_LABELS = {
    "newest": _l("Newest first"),
    "oldest": _l("Oldest first"),
    "enterprise": _l("Enterprise A–Z"),
    "severity": _l("Worst open finding first"),
    "findings": _l("Most findings first"),
    "waiting": _l("Longest waiting first"),
    "park": _l("Park"),
    "inspector": _l("Inspector"),
    "template": _l("Template"),
}
SEVERITY_FILTER_LABELS = {
    "critical": _l("Critical"),
    "high": _l("High or critical"),
    "medium": _l("Medium or worse"),
    "low": _l("Any open finding"),
    "none": _l("No open finding"),
}


def lang() -> str:
    """Return the page language code (vi or en)."""
    return str(get_locale() or "vi")


def queue_filters(args) -> tuple[Filters, q.QueueFilters]:
    """Read the queue's filters from query arguments (garbage falls back to no filter)."""
    args = dict(args)
    args.setdefault("status", "submitted" if args.get("kind") != "event" else "held")
    kind_sorts = EVENT_SORTS if args.get("kind") == "event" else q.SORTS
    f = parse_filters(args, kind_sorts)
    severity = args.get("severity", "")
    qf = q.QueueFilters(
        severity=severity if severity in q.SEVERITY_FILTERS else "",
        min_findings=parse_int(args.get("findings"), 0, 0, 10_000),
        waiting_days=parse_int(args.get("waiting"), 0, 0, 36_500),
        started_from=day_start(f.date_from) if f.date_from else None,
        started_before=day_start(f.date_to, 1) if f.date_to else None,
    )
    return f, qf


def queue_args(args) -> dict:
    """The queue's own arguments among a request's (no page number)."""
    return {k: v for k, v in args.items() if k in QUEUE_ARGS and v}


def queue_query_string(args) -> str:
    """The queue's arguments as a query string, to carry to a check page and back."""
    return urlencode(queue_args(args))


def args_of(query_string: str) -> dict:
    """The queue's arguments read back from a carried query string."""
    parsed = parse_qs(query_string or "", keep_blank_values=False)
    return queue_args({k: v[0] for k, v in parsed.items()})


def queue():
    """List sent checks (or events) with triage columns, filters, sorting and pages."""
    if request.args.get("kind") == "event":
        return event_queue(queue_filters(request.args)[0])
    f, qf = queue_filters(request.args)
    stmt, count = q.queue_query(current_user, f, qf)
    ids = paginate(stmt, f.page, count=count)  # a page of ids, then their checks
    page = Page(q.queue_rows(ids.items), ids.total, ids.page, ids.per_page)
    checks = [row[0] for row in page.items]
    rows = [
        {"check": c, "worst": q.worst_name(worst), "waiting": q.days_waiting(c)}
        for c, worst in page.items
    ]
    return render_template(
        "console/review_queue.html",
        page=page,
        rows=rows,
        f=f,
        qf=qf,
        kind="check",
        enterprises=matching_enterprises(f.q_key, f.park),
        parks=visible_parks(),
        park_names={p.id: p.name for p in visible_parks()},
        inspectors=list(db.session.execute(authors_query("check")).scalars()),
        templates=list(
            db.session.execute(select(ChecklistTemplate).order_by(ChecklistTemplate.code)).scalars()
        ),
        lang=lang(),
        missing=records.missing_photo_counts(checks),
        statuses=q.CHECK_STATES,
        severities=q.SEVERITY_FILTERS,
        sorts=q.SORTS,
        carried=queue_query_string(request.args),
        sort_url=sort_url,
        sort_labels=SORT_LABELS,
        severity_filter_labels=SEVERITY_FILTER_LABELS,
    )


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


def event_queue(f: Filters):
    """List held (or returned, reviewed, planned) festival-day events."""
    return render_template(
        "console/review_queue.html",
        page=paginate(event_query(f), f.page),
        f=f,
        kind="event",
        enterprises=matching_enterprises(f.q_key, f.park),
        parks=visible_parks(),
        inspectors=list(db.session.execute(authors_query("event")).scalars()),
        lang=lang(),
        statuses=EVENT_STATUSES,
        sorts=EVENT_SORTS,
        sort_labels=SORT_LABELS,
    )


def sort_url(sort: str) -> str:
    """This queue's URL sorted by another key (the filters kept, back to page 1)."""
    args = queue_args(request.args)
    args["sort"] = sort
    return url_for("console.review_queue", **args)


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


def next_in_queue(carried: str, after_id: str) -> str:
    """The URL of the first check still in the queue (same filters), or of the queue itself."""
    args = args_of(carried)
    f, qf = queue_filters(MultiDict(args))
    if args.get("kind") != "event":
        stmt, _ = q.queue_query(current_user, f, qf)
        next_id = db.session.execute(stmt.where(Check.id != after_id).limit(1)).scalar()
        if next_id is not None:
            return url_for("console.check", check_id=next_id, queue=urlencode(args) or None)
    return url_for("console.review_queue", **args)


def bulk_approve():
    """Approve the ticked checks; show which were approved and which were not, and why."""
    form, _ = read_form(BulkApproveForm(), request.form)
    ids = list(dict.fromkeys(i for i in form["ids"] if i))[: MAX_BULK + 1]
    if len(ids) > MAX_BULK:
        abort(400)
    checks = [get_in_scope(Check, check_id) for check_id in ids]  # 404 before any write
    result = approve_many(current_user, checks)
    carried = args_of(form["queue"])
    return render_template(
        "console/bulk_result.html",
        result=result,
        reasons=REFUSALS,
        back=url_for("console.review_queue", **carried),
        carried=urlencode(carried),
        nothing=not ids,
    )
