"""Console pages: home, review queue, check and event pages, minutes, receipts."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from sqlalchemy import func, select

from app.access.permissions import can_see_id_card, in_park_scope, scope_clause
from app.console import event_records, records, thread
from app.console.access import get_in_scope
from app.console.form_fields import read_form
from app.console.forms import CheckReviewForm, ReceiptForm
from app.console.helpers import parse_page
from app.console.queue import args_of, lang, next_in_queue, queue_query_string
from app.core.personal import mask_id_card
from app.extensions import db
from app.models import (
    Check,
    ConflictCopy,
    Event,
    Finding,
)
from app.reports.figures import overdue_clause
from app.reports.labels import label
from app.reports.periods import local_today
from app.review import queue as q
from app.review.decisions import REVIEW_ERRORS, ReviewError, review_check
from app.review.thread import thread_of
from app.sync.receipts import verify_receipt


def index():
    """Show the home page: what waits for the supervisor."""
    user = current_user
    count = lambda stmt: db.session.execute(stmt).scalar_one()  # noqa: E731
    waiting = [scope_clause(user, Check), Check.deleted.is_(False)]
    stats = {
        "sent_again": count(
            select(func.count()).select_from(Check).where(*waiting, q.state_clause("sent_again"))
        ),
        "serious": count(
            select(func.count())
            .select_from(Check)
            .where(*waiting, Check.status == "submitted", q.open_finding_at_least("high"))
        ),
        "waiting_long": count(
            select(func.count())
            .select_from(Check)
            .where(*waiting, q.waiting_since(q.WAITING_TILE_DAYS))
        ),
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
    return render_template("console/index.html", stats=stats, waiting_days=q.WAITING_TILE_DAYS)


def conflict_scope(user):
    """Return the WHERE clause of the conflict copies a console user sees."""
    return scope_clause(user, ConflictCopy)


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
        **thread.check_extras(check, language),
        carried=queue_query_string(args_of(request.args.get("queue", ""))),
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
        return redirect(url_for("console.check", check_id=check.id, queue=form["queue"] or None))
    message = (
        gettext("Approved.") if decision == "approve" else gettext("Returned to the inspector.")
    )
    flash(message, "success")
    return redirect(next_in_queue(form["queue"], check.id))


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
        thread=thread_of("event", event.id),
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
