"""Messages that reach gettext at run time without a literal gettext call in our code.

Never imported: `pybabel extract` reads the N_() markers so these strings get into the
catalogs. They are marshmallow's own error messages (already formatted when our error
handlers translate them) and the plain strings the sync handlers put in rejection fields.
"""


def N_(message: str) -> str:  # noqa: N802
    """Mark a message for extraction; return it unchanged."""
    return message


MARSHMALLOW = [
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Invalid value."),
    N_("Invalid type."),
    N_("Invalid input type."),
    N_("Unknown field."),
    N_("Not a valid list."),
    N_("Not a valid tuple."),
    N_("Not a valid string."),
    N_("Not a valid utf-8 string."),
    N_("Not a valid UUID."),
    N_("Not a valid number."),
    N_("Number too large."),
    N_("Not a valid integer."),
    N_("Special numeric values (nan or infinity) are not permitted."),
    N_("Not a valid boolean."),
    N_("Not a valid datetime."),
    N_("Not a valid aware datetime."),
    N_("Not a valid naive datetime."),
    N_("Not a valid date."),
    N_("Not a valid time."),
    N_("Not a valid period of time."),
    N_("Not a valid mapping type."),
    N_("Not a valid URL."),
    N_("Not a valid email address."),
]

SYNC = [
    N_("Some fields are not valid."),
    N_("You are not allowed to change this record."),
    N_("The record was not found."),
    N_("Unknown enterprise."),
    N_("Unknown event."),
    N_("This conflict was already resolved."),
    N_("Outside your scope."),
    N_("Unknown template version."),
    N_("Unknown visit."),
    N_("You may use only photos you uploaded or may already see."),
    N_("This visit is for another enterprise."),
    N_("An entry cannot move to another event."),
    N_("Only a supervisor returns an event."),
    N_("The event was reviewed; its attendance and gifts can no longer change."),
    N_(
        "The event was reviewed by the supervisor: its attendance and gifts can no longer "
        "change. Ask the supervisor to return it, then send this again."
    ),
    N_("Not a valid cursor."),
    N_(
        "A part of this record (a finding) has an id that belongs to another record. It was not "
        "saved."
    ),
    N_(
        "The server failed on this change; it was not saved. The other changes were. Give the "
        "request id to support."
    ),
    N_("This change was already sent by another user; it is not imported again."),
]
