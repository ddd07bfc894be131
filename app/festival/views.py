"""Festival-day pages for HR, supervisors, inspectors and admins (server-rendered)."""

import base64
import binascii
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required
from sqlalchemy import extract, select

from app.access import permissions
from app.access.auth import check_csrf
from app.console.form_fields import read_form
from app.console.forms import EventReviewForm
from app.console.helpers import parse_page, parse_year, unticked_lines
from app.core.personal import mask_id_card
from app.core.ranking import rank_people
from app.extensions import db
from app.festival.badges import badge_code, badge_qr_data_uri
from app.festival.figures import can_be_reviewed, event_figures, photos_present
from app.festival.labels import template_helpers
from app.festival.roster import (
    FIELDS,
    HEADER_SYNONYMS,
    build_preview,
    commit_roster,
    propose_mapping,
    roster_of,
)
from app.festival.roster_export import roster_xlsx
from app.festival.rosterfile import RosterFileError, read_roster_file
from app.models import Enterprise, Event
from app.review.decisions import REVIEW_ERRORS, ReviewError, review_event
from app.sheets import MAX_UPLOAD
from app.web.transaction import end_read_transaction

bp = Blueprint(
    "festival", __name__, url_prefix="/festival", static_folder="static", static_url_path="/static"
)
bp.context_processor(template_helpers)

MAX_ROSTER_BYTES = MAX_UPLOAD
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BADGES_PER_PRINT = 150  # ten A4 sheets of 15 badges per print run


@bp.before_request
@login_required
def require_login():
    """Every festival page needs a signed-in user (the console's login)."""


@bp.before_request
def check_form_token():
    """One CSRF check for every festival write (403 when wrong); none of the views checks it.

    (A roster upload's confirm step sends the file back base64-encoded in a urlencoded form,
    which MAX_CONTENT_LENGTH bounds; Werkzeug's form memory limit applies to multipart parts
    only, and the whole body is read before any hook: app/web/security.py.)
    """
    check_csrf()


@bp.route("/")
def events():
    """List the events in the user's scope, by year."""
    year = parse_year(request.args.get("year"), date.today().year)
    query = (
        select(Event)
        .where(
            permissions.scope_clause(current_user, Event),
            Event.deleted.is_(False),
            extract("year", Event.date) == year,
        )
        .order_by(Event.date.desc(), Event.title)
    )
    rows = db.session.scalars(query).all()
    return render_template("festival/events.html", events=rows, year=year)


@bp.route("/events/<event_id>")
def event(event_id: str):
    """Show an event's live figures (read-only but for the supervisor's review)."""
    row = _event_or_404(event_id)
    return render_template(
        "festival/event.html",
        event=row,
        figures=event_figures(row),
        photos_present=photos_present(row),
        can_review=permissions.can_review_event(current_user, row) and can_be_reviewed(row),
    )


@bp.route("/events/<event_id>/review", methods=["POST"])
def review(event_id: str):
    """Mark an event reviewed, or return it to HR with a comment (supervisors of its park).

    The one review route of an event: the festival page and the console's event page post
    here (the console's with next= its own URL, to go back to it).
    """
    row = _event_or_404(event_id)
    if not permissions.can_review_event(current_user, row):
        abort(403)
    form, _ = read_form(EventReviewForm(), request.form)
    decision = form["decision"]
    try:
        review_event(current_user, row, form["comment"], decision)
    except ReviewError as err:
        flash(str(REVIEW_ERRORS.get(err.code, REVIEW_ERRORS["not_reviewable"])), "error")
    else:
        flash(
            gettext("The event is returned to HR with your comment.")
            if decision == "return"
            else gettext("The event is marked reviewed."),
            "success",
        )
    back = url_for("console.event", event_id=row.id)
    if form["next"] == back:  # the console's event page posts here too
        return redirect(back)
    return redirect(url_for("festival.event", event_id=row.id))


@bp.route("/roster")
def rosters():
    """Choose an enterprise's roster (HR go straight to their own)."""
    if permissions.is_enterprise_hr(current_user):
        if not current_user.enterprise_id:
            abort(403)
        return redirect(url_for("festival.roster", enterprise_id=current_user.enterprise_id))
    if not permissions.can_open_console(current_user):
        abort(403)
    rows = db.session.scalars(
        select(Enterprise)
        .where(permissions.scope_clause(current_user, Enterprise), Enterprise.active.is_(True))
        .order_by(Enterprise.name)
    ).all()
    return render_template("festival/rosters.html", enterprises=rows)


@bp.route("/roster/<enterprise_id>")
def roster(enterprise_id: str):
    """List an enterprise's roster."""
    enterprise = _enterprise_for(enterprise_id, permissions.can_view_roster)
    query = request.args.get("q", "").strip()[:100]
    people = rank_people(
        query,
        roster_of(enterprise),
        lambda p: (p.search_key or p.name, [p.employee_number], p.department),
    )
    return render_template(
        "festival/roster.html",
        enterprise=enterprise,
        people=people,
        query=query,
        can_import=permissions.can_manage_roster(current_user, enterprise),
        full_id_cards=permissions.can_see_id_card(current_user, enterprise.id),
        mask_id_card=mask_id_card,
    )


@bp.route("/roster/<enterprise_id>/roster.xlsx")
def roster_export(enterprise_id: str):
    """Download the roster; the ID card column only for its HR and admins."""
    enterprise = _enterprise_for(enterprise_id, permissions.can_view_roster)
    whole = permissions.can_see_id_card(current_user, enterprise.id)
    response = Response(roster_xlsx(enterprise, whole), mimetype=XLSX)
    response.headers["Content-Disposition"] = 'attachment; filename="roster.xlsx"'
    return response


@bp.route("/roster/<enterprise_id>/badges")
def badges(enterprise_id: str):
    """Print the roster's badge QR codes on A4 sheets."""
    enterprise = _enterprise_for(enterprise_id, permissions.can_view_roster)
    people = roster_of(enterprise)
    pages = max(1, -(-len(people) // BADGES_PER_PRINT))
    page = min(parse_page(request.args.get("page")), pages)
    chunk = people[(page - 1) * BADGES_PER_PRINT : page * BADGES_PER_PRINT]
    cards = [(person, badge_qr_data_uri(enterprise.id, badge_code(person))) for person in chunk]
    return render_template(
        "festival/badges.html",
        enterprise=enterprise,
        cards=cards,
        page=page,
        pages=pages,
        total=len(people),
    )


@bp.route("/roster/<enterprise_id>/import", methods=["GET", "POST"])
def roster_import(enterprise_id: str):
    """Upload a roster: choose the file, check the mapping and preview, then confirm."""
    enterprise = _enterprise_for(enterprise_id, permissions.can_manage_roster)
    if request.method == "GET":
        return render_template("festival/import.html", enterprise=enterprise, sheet=None)
    end_read_transaction()  # the file is read and parsed holding no database lock
    try:
        filename, raw = _uploaded_file()
        sheet = read_roster_file(filename, raw, HEADER_SYNONYMS, request.form.get("sheet", ""))
    except RosterFileError as err:
        return render_template(
            "festival/import.html", enterprise=enterprise, sheet=None, file_error=err.code
        ), 400
    same_sheet = request.form.get("sheet_was", sheet.name) == sheet.name
    if "map_name" in request.form and same_sheet:
        mapping, excluded = _mapping_from_form(len(sheet.headers)), unticked_lines(request.form)
    else:
        mapping, excluded = propose_mapping(sheet.headers), set()
    preview = build_preview(sheet, mapping, excluded, drop_errors="drop_errors" in request.form)
    preview.page = parse_page(request.form.get("page"))
    if request.form.get("action") == "commit" and preview.ok:
        result = commit_roster(enterprise, preview)
        flash(
            gettext(
                "Roster imported: %(created)d new, %(updated)d updated, %(same)d unchanged.",
                created=result.created,
                updated=result.updated,
                same=result.unchanged,
            ),
            "success",
        )
        return redirect(url_for("festival.roster", enterprise_id=enterprise.id))
    status = 422 if request.form.get("action") == "commit" else 200
    return render_template(
        "festival/import.html",
        enterprise=enterprise,
        sheet=sheet,
        mapping=mapping,
        preview=preview,
        drop_errors="drop_errors" in request.form,
        fields=FIELDS,
        filename=filename,
        payload=base64.b64encode(raw).decode("ascii"),
    ), status


def _uploaded_file() -> tuple[str, bytes]:
    """Return the new upload, else the file carried over from the preview step."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        raw = upload.read(MAX_ROSTER_BYTES + 1)
        name = upload.filename
        upload.close()
    elif request.form.get("payload"):
        try:
            raw = base64.b64decode(request.form["payload"], validate=True)
        except (binascii.Error, ValueError) as err:
            raise RosterFileError("bad_payload") from err
        name = request.form.get("filename", "")
    else:
        raise RosterFileError("no_file")
    if len(raw) > MAX_ROSTER_BYTES:
        raise RosterFileError("too_big")
    return name[:200], raw


def _mapping_from_form(columns: int) -> dict[str, int | None]:
    """Read the column chosen for each field (empty = none)."""
    mapping: dict[str, int | None] = {}
    for name in FIELDS:
        value = request.form.get(f"map_{name}", "")
        mapping[name] = int(value) if value.isdigit() and int(value) < columns else None
    return mapping


def _event_or_404(event_id: str) -> Event:
    row = db.session.get(Event, event_id)
    if row is None or row.deleted or not permissions.can_view_event(current_user, row):
        abort(404)
    return row


def _enterprise_for(enterprise_id: str, allowed) -> Enterprise:
    """The enterprise whose roster this user may open; one whose roster they may not even see
    is 404 like an unknown id (a 403 would tell which ids exist)."""
    enterprise = db.session.get(Enterprise, enterprise_id)
    if enterprise is None or not permissions.can_view_roster(current_user, enterprise):
        abort(404)
    if not allowed(current_user, enterprise):
        abort(403)  # they see it, and may not change it
    return enterprise
