"""Console page: the audit log (who did what, when, to which record), filtered, paged, exported.

Scope (app/access/permissions.py audit_clause): an admin sees every row; a supervisor sees
the rows of their own actions. What others did to a record in a supervisor's parks is shown
on that record's page (its history), not here.
"""

from flask import Response, abort, render_template, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from app.access.permissions import can_administer
from app.console.helpers import day_start, paginate, parse_date, parse_page, vdatetime
from app.console.queue import lang
from app.core.codes import AUDIT_ACTION
from app.extensions import db
from app.models import User
from app.reports.audit import AuditFilters, action_label, audit_export, audit_query
from app.reports.writers import csv_chunks, xlsx_bytes

FORMATS = ("csv", "xlsx")
RECORD_ENDPOINTS = {"check": "console.check", "event": "console.event"}


def read_audit_filters(args) -> AuditFilters:
    """The audit filters of a request; a bad date or an unknown action is no filter."""
    since, until = parse_date(args.get("from")), parse_date(args.get("to"))
    action = args.get("action", "")
    return AuditFilters(
        user_id=args.get("user", "").strip()[:36] if can_administer(current_user) else "",
        action=action if action in AUDIT_ACTION else "",
        since=day_start(since) if since else None,
        before=day_start(until, 1) if until else None,
    )


def audit_page():
    """List the audit rows the user may see, newest first, with filters and pages."""
    af = read_audit_filters(request.args)
    page = paginate(
        audit_query(current_user, af), parse_page(request.args.get("page")), scalars=False
    )
    users = []
    if can_administer(current_user):
        users = list(db.session.execute(select(User).order_by(User.username).limit(1000)).scalars())
    return render_template(
        "console/audit.html",
        page=page,
        af=af,
        args=request.args,
        query={
            k: v for k, v in request.args.items() if k in ("user", "action", "from", "to") and v
        },
        users=users,
        actions=AUDIT_ACTION,
        action_label=action_label,
        record_endpoints=RECORD_ENDPOINTS,
        is_admin=can_administer(current_user),
        lang=lang(),
    )


def audit_download(fmt: str):
    """Send the audit rows of the filters as CSV or XLSX."""
    if fmt not in FORMATS:
        abort(404)
    af = read_audit_filters(request.args)
    headers = [
        gettext("Time"),
        gettext("User"),
        gettext("Action"),
        gettext("Record kind"),
        gettext("Record"),
        gettext("Reason"),
    ]
    headers, rows = audit_export(current_user, af, headers, vdatetime)
    if fmt == "csv":
        body, mimetype = b"".join(csv_chunks(headers, rows)), "text/csv; charset=utf-8"
    else:
        body = xlsx_bytes(gettext("Audit log"), headers, rows)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="audit-log.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response
