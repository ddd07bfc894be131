"""Console pages: conflict copies, side by side, and their resolution."""

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from sqlalchemy import select

from app.access.permissions import scope_clause
from app.console.access import get_in_scope, visible_parks
from app.console.form_fields import read_form
from app.console.forms import ResolveForm
from app.console.helpers import paginate, parse_filters
from app.extensions import db
from app.models import Check, ConflictCopy, Enterprise, Event, TemplateVersion, User
from app.sync.handlers import HANDLERS
from app.sync.resolve import (
    NESTED_SEP,
    ResolveError,
    current_server_data,
    field_keys,
    get_field,
    resolve_conflict,
)

RESOLVE_ERRORS = {
    "already_resolved": lazy_gettext("This conflict was already resolved."),
    "unknown_choice": lazy_gettext("Choose how to resolve the conflict."),
    "record_missing": lazy_gettext("The record no longer exists."),
    "cannot_merge_delete": lazy_gettext("A deletion cannot be merged field by field."),
    "invalid": lazy_gettext("The merged record is not valid."),
}
FIELD_LABELS = {
    "notes": lazy_gettext("Notes"),
    "findings": lazy_gettext("Findings"),
    "team": lazy_gettext("Team"),
    "gps": "GPS",
    "gps_note": lazy_gettext("GPS note"),
    "status": lazy_gettext("Status"),
    "started_at": lazy_gettext("Started"),
    "ended_at": lazy_gettext("Ended"),
    "enterprise_id": lazy_gettext("Enterprise"),
    "representative_name": lazy_gettext("Enterprise representative"),
    "representative_title": lazy_gettext("Representative's title"),
    "representative_signature": lazy_gettext("Representative's signature"),
    "closed_findings": lazy_gettext("Earlier findings closed at this visit"),
    "visit_id": lazy_gettext("Visit"),
    "template_version_id": lazy_gettext("Template version"),
    "title": lazy_gettext("Title"),
    "date": lazy_gettext("Date"),
    "place": lazy_gettext("Place"),
    "activities": lazy_gettext("Activities"),
    "photos": lazy_gettext("Photos"),
    "planned_participants": lazy_gettext("Planned participants"),
}
ENTITY_LABELS = {entity: h.label for entity, h in HANDLERS.items() if h.label is not None}


def conflict_list():
    """List conflict copies in scope (open ones first)."""
    f = parse_filters(request.args)
    status = f.status if f.status in ("open", "resolved") else "open"
    stmt = (
        select(ConflictCopy, User)
        .join(User, User.id == ConflictCopy.user_id)
        .where(scope_clause(current_user, ConflictCopy), ConflictCopy.status == status)
    )
    if f.park:
        stmt = stmt.where(ConflictCopy.park_id == f.park)
    page = paginate(
        stmt.order_by(ConflictCopy.created_at.desc(), ConflictCopy.id), f.page, scalars=False
    )
    return render_template(
        "console/conflicts.html",
        page=page,
        f=f,
        status=status,
        parks=visible_parks(),
        labels=ENTITY_LABELS,
        titles=record_titles([c.ConflictCopy for c in page.items]),
    )


def record_titles(conflicts: list[ConflictCopy]) -> dict[str, str]:
    """Name the record of each conflict (the enterprise of a check, the title of an event)."""
    ids = [c.record_id for c in conflicts]
    titles = {}
    if ids:
        rows = db.session.execute(
            select(Check.id, Enterprise.name)
            .join(Enterprise, Enterprise.id == Check.enterprise_id)
            .where(Check.id.in_(ids))
        )
        titles.update({r.id: r.name for r in rows})
        titles.update(
            {
                r.id: r.title
                for r in db.session.execute(select(Event.id, Event.title).where(Event.id.in_(ids)))
            }
        )
    return titles


def show(value) -> str:
    """Render a field value for the side-by-side table."""
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def item_labels(conflict: ConflictCopy, data: dict) -> dict[str, str]:
    """Return the texts of a check's template items, to label answer rows."""
    if conflict.entity != "check" or not data.get("template_version_id"):
        return {}
    version = db.session.get(TemplateVersion, data["template_version_id"])
    lang = "en" if str(getattr(current_user, "language", "vi")) == "en" else "vi"
    return {
        item["code"]: item.get(f"text_{lang}") or item.get("text_vi", "")
        for section in (version.sections if version else [])
        for item in section["items"]
    }


def conflict_page(conflict_id: str):
    """Show the server and device versions field by field, with the resolution form."""
    conflict = get_in_scope(ConflictCopy, conflict_id)
    _, server = current_server_data(conflict)
    server = server or {}
    device = conflict.device_data or {}
    nested = HANDLERS[conflict.entity].merge_nested
    labels = item_labels(conflict, device or server)
    rows = []
    for key in field_keys(server, device, nested):
        s, d = get_field(server, key), get_field(device, key)
        sub = key.partition(NESTED_SEP)[2]
        label = f"{sub} {labels.get(sub, '')}" if sub else str(FIELD_LABELS.get(key, key))
        rows.append(
            {"key": key, "label": label, "server": show(s), "device": show(d), "differs": s != d}
        )
    rows.sort(key=lambda r: not r["differs"])
    author = db.session.get(User, conflict.user_id)
    return render_template(
        "console/conflict.html",
        conflict=conflict,
        rows=rows,
        author=author,
        labels=ENTITY_LABELS,
        title=record_titles([conflict]).get(conflict.record_id, ""),
        deleting=bool(device.get("_deleted")),
    )


def resolve(conflict_id: str):
    """Apply the supervisor's resolution of a conflict."""
    conflict = get_in_scope(ConflictCopy, conflict_id)
    form, _ = read_form(ResolveForm(), request.form)
    try:
        resolve_conflict(current_user, conflict, form["choice"], form["sides"], form["note"])
    except ResolveError as err:
        flash(str(RESOLVE_ERRORS.get(err.code, err.code)), "error")
        return redirect(url_for("console.conflict", conflict_id=conflict.id))
    flash(gettext("Conflict resolved."), "success")
    return redirect(url_for("console.conflicts"))
