"""The thread on a check or an event in the console: read it in order, add to it."""

from flask import flash, redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user

from app.console.access import get_in_scope
from app.console.records import answer_label
from app.models import Check, Event
from app.review.changes import changes_since_return, is_sent_again
from app.review.thread import THREAD_ERRORS, ThreadError, thread_of, write_comment


def item_texts(check: Check) -> dict[str, dict]:
    """Return the template's items by code (for naming changed answers)."""
    return {
        item["code"]: item
        for section in check.template_version.sections or []
        for item in section.get("items", [])
    }


def labelled_changes(check: Check, lang: str) -> dict | None:
    """Return the changes since the last return, answers named and labelled for the page."""
    changes = changes_since_return(check)
    if changes is None:
        return None
    items = item_texts(check)
    for change in changes["answers"]:
        item = items.get(change["code"], {})
        change["text"] = item.get(f"text_{lang}") or item.get("text_vi") or change["code"]
        change["was"] = answer_label(item, change["before"].get("value"), lang)
        change["now"] = answer_label(item, change["after"].get("value"), lang)
    return changes


def check_extras(check: Check, lang: str) -> dict:
    """Return what the check page shows of the return loop: thread, sends, changes."""
    return {
        "thread": thread_of("check", check.id),
        "sent_again": is_sent_again(check),
        "changes": labelled_changes(check, lang),
    }


def _add(entity: str, record, endpoint: str, **ids):
    """Append the posted comment to a record's thread and go back to its page."""
    try:
        write_comment(current_user, entity, record, request.form.get("text", ""))
    except ThreadError as err:
        flash(str(THREAD_ERRORS[err.code]), "error")
    else:
        flash(gettext("Comment added."), "success")
    return redirect(url_for(endpoint, **ids) + "#thread")


def check_comment(check_id: str):
    """Add a supervisor's comment to a check's thread."""
    check = get_in_scope(Check, check_id)
    return _add("check", check, "console.check", check_id=check.id)


def event_comment(event_id: str):
    """Add a supervisor's comment to an event's thread."""
    event = get_in_scope(Event, event_id)
    return _add("event", event, "console.event", event_id=event.id)
