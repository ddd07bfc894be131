"""Translatable labels of the festival pages: import fields and errors, template helpers."""

from flask_babel import lazy_gettext as _l

from app.core import codes
from app.core.i18n import format_date, format_number
from app.sheets.messages import FILE_ERRORS, SKIP_REASONS, skipped_groups

# The coded values' labels are defined once, in app/core/codes.py.
ROLE_LABELS = codes.PERSON_ROLE
KIND_LABELS = codes.ACTIVITY
STATUS_LABELS = codes.EVENT_STATUS

FIELD_LABELS = {
    "employee_number": _l("Employee number"),
    "name": _l("Full name"),
    "role": _l("Role"),
    "department": _l("Department"),
    "cccd": _l("ID card number (CCCD/CMND)"),
    "birth_date": _l("Date of birth"),
    "phone": _l("Phone"),
}

ROW_ERRORS = {
    "missing_name": _l("The name is missing."),
    "name_too_long": _l("The name is too long."),
    "missing_number": _l("The employee number is missing."),
    "number_too_long": _l("The employee number is too long."),
    "duplicate_number": _l("The employee number is already on line %(line)s."),
    "bad_role": _l("Unknown role (use worker, guard, manager or official)."),
    "unmapped": _l("Choose the column of: %(field)s."),
    "column_twice": _l("One column is chosen for two fields."),
    "bad_characters": _l("The row holds characters that cannot be stored (such as NUL)."),
    "zero_restored": _l("Leading 0 of the ID card number restored (the cell held a number)."),
    "zeros_restored": _l(
        "%(n)s leading zeros of the ID card number restored (the cell held a number)."
    ),
    "bad_id_card": _l("Cell %(cell)s: an ID card number has 12 digits (CCCD) or 9 digits (CMND)."),
    "staff_zero_restored": _l(
        "Leading zeros of the employee number restored, as the column writes them."
    ),
    "bad_date": _l("The date of birth is not a date (dd/mm/yyyy); it is not imported."),
    "repeat_of": _l("Same person as line %(line)s: left out."),
}


def error_text(code: str) -> str:
    """Translate an import error code such as "duplicate_number:7"."""
    name, _, arg = code.partition(":")
    message = ROW_ERRORS.get(name) or FILE_ERRORS.get(name)
    if message is None:
        return code
    if name in ("duplicate_number", "repeat_of"):
        return str(message) % {"line": arg}
    if name == "zeros_restored":
        return str(message) % {"n": arg}
    if name == "bad_id_card":
        return str(message) % {"cell": arg}
    if name == "unmapped":
        return str(message) % {"field": FIELD_LABELS.get(arg, arg)}
    return str(message)


def template_helpers() -> dict:
    """Helpers every festival template gets."""
    return {
        "fmt_number": format_number,
        "fmt_date": format_date,
        "role_label": ROLE_LABELS,
        "kind_label": KIND_LABELS,
        "status_label": STATUS_LABELS,
        "field_label": FIELD_LABELS,
        "error_text": error_text,
        "skip_reason": SKIP_REASONS,
        "skipped_groups": skipped_groups,
        "fmt_share": lambda v: "" if v is None else format_number(round(v * 100, 1)) + " %",
    }
