"""Console pages: export checks, findings, events and attendance as CSV or XLSX."""

from flask import Response, abort, render_template, request
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import select

from app.console.access import visible_parks
from app.console.dashboard import chosen_park, lang
from app.console.helpers import parse_date
from app.core.codes import label
from app.extensions import db
from app.models import ChecklistTemplate, Enterprise, TemplateVersion
from app.reports.exports import KINDS, ExportFilters, export_rows
from app.reports.exports_wide import wide_checks_rows
from app.reports.writers import csv_chunks, xlsx_bytes

FORMATS = ("xlsx", "csv")
STATUSES = {
    "checks": ("draft", "submitted", "approved", "returned"),
    "findings": ("open", "overdue", "closed"),
    "events": ("planned", "held", "returned", "reviewed"),
    "attendance": ("planned", "held", "returned", "reviewed"),
}
SHEET_TITLES = {
    "checks": ("Kiểm tra", "Checks"),
    "findings": ("Tồn tại", "Findings"),
    "events": ("Sự kiện", "Events"),
    "attendance": ("Điểm danh", "Attendance"),
}


def read_filters(parks) -> ExportFilters:
    """The export filters of the request (park and enterprise must be in scope)."""
    park_id = chosen_park(parks)
    enterprise_id = request.args.get("enterprise") or None
    if enterprise_id:
        enterprise = db.session.get(Enterprise, enterprise_id)
        if enterprise is None or enterprise.park_id not in {p.id for p in parks}:
            abort(404)
    return ExportFilters(
        park_id=park_id,
        enterprise_id=enterprise_id,
        status=request.args.get("status") or None,
        date_from=parse_date(request.args.get("from")),
        date_to=parse_date(request.args.get("to")),
    )


def export_page():
    """Choose what to export and the filters."""
    parks = visible_parks()
    filters = read_filters(parks)
    enterprises = []
    if filters.park_id:
        enterprises = db.session.execute(
            select(Enterprise.id, Enterprise.name)
            .where(Enterprise.park_id == filters.park_id, Enterprise.deleted.is_(False))
            .order_by(Enterprise.name)
        ).all()
    kind_names = {
        "checks": gettext("Checks"),
        "findings": gettext("Findings"),
        "events": gettext("Festival-day events"),
        "attendance": gettext("Attendance"),
    }
    statuses = sorted({s for values in STATUSES.values() for s in values})
    return render_template(
        "console/exports.html",
        parks=parks,
        filters=filters,
        enterprises=enterprises,
        kinds=KINDS,
        kind_names=kind_names,
        versions=template_versions(),
        statuses=statuses,
        label=label,
        lang=lang(),
        args=request.args,
    )


def download(kind: str, fmt: str):
    """Send one export file for the filters in force."""
    if kind not in KINDS or fmt not in FORMATS:
        abort(404)
    filters = read_filters(visible_parks())
    if filters.status and filters.status not in STATUSES[kind]:
        filters.status = None
    language = lang()
    headers, rows = export_rows(current_user, kind, filters, language)
    title = SHEET_TITLES[kind][1 if language == "en" else 0]
    return send_table(kind, fmt, filters, title, headers, rows)


def send_table(stem: str, fmt: str, filters: ExportFilters, title: str, headers, rows):
    """The file of a table as an attachment named after it and the filters' days."""
    stem = "-".join(
        filter(
            None,
            [
                stem,
                filters.date_from and filters.date_from.isoformat(),
                filters.date_to and filters.date_to.isoformat(),
            ],
        )
    )
    if fmt == "csv":
        # Built whole: the request commits (closing server-side cursors) before streaming.
        response = Response(b"".join(csv_chunks(headers, rows)), mimetype="text/csv")
    else:
        response = Response(
            xlsx_bytes(title, headers, rows),
            mimetype=("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def template_versions() -> list[tuple[TemplateVersion, ChecklistTemplate]]:
    """The published versions of every template, newest first within a template."""
    return list(
        db.session.execute(
            select(TemplateVersion, ChecklistTemplate)
            .join(ChecklistTemplate)
            .where(TemplateVersion.status == "published", TemplateVersion.deleted.is_(False))
            .order_by(ChecklistTemplate.code, TemplateVersion.number.desc())
        ).all()
    )


def download_wide(version_id: str, fmt: str):
    """Send the checks of one template version, one column per checklist item."""
    version = db.session.get(TemplateVersion, version_id)
    if fmt not in FORMATS or version is None or version.status != "published":
        abort(404)
    filters = read_filters(visible_parks())
    if filters.status not in STATUSES["checks"]:
        filters.status = None
    language = lang()
    headers, rows = wide_checks_rows(current_user, filters, version, language)
    title = f"{SHEET_TITLES['checks'][1 if language == 'en' else 0]} v{version.number}"
    return send_table(f"checks-by-item-v{version.number}", fmt, filters, title, headers, rows)
