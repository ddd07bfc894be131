"""Console page: one enterprise's situation (facts, compliance by area, timeline)."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from sqlalchemy import select

from app.access.permissions import can_see_enterprise, in_park_scope
from app.console.commendations import CommendationError, commendations_of, record_commendation
from app.console.dashboard import lang, pct
from app.console.form_fields import read_form
from app.console.forms import CommendForm
from app.core.storage import get_storage
from app.extensions import db
from app.models import Attachment, Commendation, Enterprise
from app.reports.enterprise import situation
from app.reports.labels import label
from app.reports.periods import local_today
from app.reports.rules import section_titles
from app.reports.scope import within

# The newest entries shown at first; the rest behind a link (?all=1), so that the page of an
# enterprise with years of checks stays quick to render and to read.
TIMELINE_LIMIT = 60
FIELD_ERRORS = {
    "required": lazy_gettext("This field is required."),
    "future": lazy_gettext("The date cannot be in the future."),
    "too_large": lazy_gettext("The photo is too large."),
    "not_an_image": lazy_gettext("The file is not a photo (JPEG, PNG or WebP)."),
}


def _enterprise_in_scope(enterprise_id: str) -> Enterprise:
    """Load an enterprise the console user sees, or answer 404."""
    ent = db.session.get(Enterprise, enterprise_id)
    if ent is None or ent.deleted or not can_see_enterprise(current_user, ent):
        abort(404)
    return ent


def enterprise_page(enterprise_id: str):
    """The enterprise's situation page, printable on A4 (404 out of scope)."""
    ent = _enterprise_in_scope(enterprise_id)
    commended = commendations_of(ent.id)
    extra = [{"kind": "commendation", "at": c.commended_on, "record": c} for c in commended]
    s = situation(ent, extra)
    whole = request.args.get("all") == "1"
    shown = s["timeline"] if whole else s["timeline"][:TIMELINE_LIMIT]
    return render_template(
        "console/enterprise.html",
        ent=ent,
        s=s,
        shown=shown,
        commended=commended,
        titles=section_titles(),
        today=local_today(),
        pct=pct,
        label=label,
        lang=lang(),
    )


def commend(enterprise_id: str):
    """Record a commendation of the enterprise's self-protection model (form POST)."""
    ent = _enterprise_in_scope(enterprise_id)
    upload = request.files.get("photo")
    photo = upload.read() if upload and upload.filename else None
    form, _ = read_form(CommendForm(), request.form)
    try:
        record_commendation(
            current_user,
            ent,
            form["by"],
            form["on"],
            form["decision_number"],
            form["note"],
            photo,
        )
        flash(gettext("Commendation recorded."), "success")
    except CommendationError as err:
        for field, code in err.fields.items():
            flash(f"{FIELD_NAMES.get(field, field)}: {FIELD_ERRORS.get(code, code)}", "error")
    return redirect(url_for("console.enterprise", enterprise_id=ent.id) + "#commendations")


FIELD_NAMES = {
    "by": lazy_gettext("Commended by"),
    "on": lazy_gettext("Date"),
    "decision_number": lazy_gettext("Decision number"),
    "photo": lazy_gettext("Photo of the certificate"),
}


def commendation_photo(commendation_id: str):
    """The certificate photo of a commendation the user sees (404 otherwise)."""
    row = db.session.get(Commendation, commendation_id)
    if row is None or row.photo is None or not in_park_scope(current_user, row.park_id):
        abort(404)
    attachment = db.session.get(Attachment, row.photo)
    response = Response(get_storage().open(row.photo), mimetype=attachment.content_type)
    response.headers["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def matching_enterprises(q_key: str, park_id: str | None = None, limit: int = 10) -> list:
    """Enterprises in scope whose folded name holds the search (the queue's search box)."""
    if not q_key:
        return []
    stmt = (
        select(Enterprise)
        .where(
            within(current_user, Enterprise, park_id),
            Enterprise.search_key.contains(q_key, autoescape=True),
        )
        .order_by(Enterprise.search_key)
        .limit(limit)
    )
    return list(db.session.execute(stmt).scalars())
