"""The console's forms as marshmallow schemas: which fields each form posts (how a field is
read: app/console/form_fields.py)."""

from flask_babel import lazy_gettext as _l
from marshmallow import fields, pre_load

from app.console.form_fields import (
    LATITUDES,
    LONGITUDES,
    Choice,
    Count,
    Day,
    Degrees,
    FormSchema,
    Ids,
    Number,
    Outline,
    Text,
    Ticked,
)

# --- switches on every page ------------------------------------------------------------------


class LanguageForm(FormSchema):
    """The language switch: the language chosen (checked against LANGUAGES by the view) and
    the page to go back to."""

    language = Text(size=10)
    next = Text()


class ContrastForm(FormSchema):
    """The contrast switch: "more" turns high contrast on, anything else off."""

    contrast = Choice(("more", "normal"), fallback="normal")
    next = Text()


# --- administration: users ---------------------------------------------------------------------

USER_UNITS = ("bql", "police", "enterprise")


class UserForm(FormSchema):
    """An existing user's name, unit, language, state, role and scope."""

    full_name = Text(200)
    unit = Choice(USER_UNITS, "bql")
    language = Choice(("vi", "en"), "vi")
    active = Ticked()
    role = Text(None)
    parks = Ids()
    enterprise_id = Text(None)


class NewUserForm(UserForm):
    """A new user: the fields of UserForm, a username and a first password."""

    username = Text(None, case="lower", needed=_l("Enter a username."))
    password = fields.String(load_default="")


# --- administration: parks and enterprises -----------------------------------------------------


class ParkForm(FormSchema):
    """A park: its code (upper case), name, province, whether it operates, and where it is on
    the map (its centre, and an outline if known)."""

    code = Text(20, case="upper", needed=_l("Enter a code."))
    name = Text(200, needed=_l("Enter a name."))
    province = Text(100, empty="Bắc Ninh")
    operating = Ticked()
    lat = Degrees(*LATITUDES, _l("Latitude: a number from 8 to 24 (decimal degrees)."))
    lng = Degrees(*LONGITUDES, _l("Longitude: a number from 102 to 110 (decimal degrees)."))
    outline = Outline()


class EnterpriseForm(FormSchema):
    """An enterprise's fields (the database checks are admin_ops.enterprise_errors)."""

    name = Text(None)
    tax_code = Text(None)
    legal_form = Text(None)
    ownership = Text(None)
    sector = Text(None)
    country = Text(None)
    address = Text(None)
    hr_contact = Text(None)
    hr_phone = Text(None)
    workforce = Count()
    foreign_workers = Count()
    guards_dedicated = Count()
    guards_parttime = Count()
    park_id = fields.String(load_default="")
    has_trade_union = Ticked()
    active = Ticked()


# --- plans, visits, corrective actions ---------------------------------------------------------


class PlanForm(FormSchema):
    """A new inspection plan: the park, the year and quarter, a title."""

    park = Text(36)
    year = Number()
    quarter = Number()
    month = Number()  # 0: the whole quarter
    title = fields.String(load_default="")


class VisitForm(FormSchema):
    """A visit to schedule in a plan."""

    enterprise = Text(36)
    date = Day()
    team = Ids()
    note = fields.String(load_default="")


class MoveVisitForm(FormSchema):
    """A planned visit's new day."""

    date = Day()


class ReinspectForm(FormSchema):
    """A re-inspection of an overdue corrective action (no date: in a week; no team: the
    check's inspectors); `next` is the page to go back to."""

    date = Day()
    team = Ids()
    next = fields.String(load_default=None)


class CloseFindingForm(FormSchema):
    """Closing a corrective action: a (required) note; `next` is the page to go back to."""

    note = fields.String(load_default="")
    next = fields.String(load_default=None)


# --- review decisions --------------------------------------------------------------------------


class FindingOwnerForm(FormSchema):
    """The owner a supervisor names for a corrective action (empty: the check's contact)."""

    owner = Text(200)
    next = fields.String(load_default=None)


class CheckReviewForm(FormSchema):
    """Approve or return a check (app/review/decisions.py checks the decision and the comment)."""

    decision = fields.String(load_default="")
    comment = fields.String(load_default="")
    queue = Text(2000)  # the queue's query string: "next in the queue" keeps its filters


class BulkApproveForm(FormSchema):
    """The review queue's ticked checks to approve, and the queue (its query) to go back to."""

    ids = Ids()
    queue = Text(2000)


class EventReviewForm(FormSchema):
    """Mark an event reviewed or return it to HR; `next` is the page to go back to."""

    decision = fields.String(load_default="reviewed")
    comment = Text(2000)
    next = fields.String(load_default=None)


# --- conflicts, receipts, commendations --------------------------------------------------------


class ResolveForm(FormSchema):
    """A conflict's resolution: the choice, a note, and per field (field:<name>) the side kept
    by a merge."""

    choice = fields.String(load_default="")
    note = fields.String(load_default="")
    sides = fields.Dict(keys=fields.String(), values=fields.String(), load_default=dict)

    @pre_load
    def from_multidict(self, data, **kwargs) -> dict:
        """Read choice and note, and gather the field:<name> values under `sides`."""
        sides = {
            key[len("field:") :]: value for key, value in data.items() if key.startswith("field:")
        }
        return {**{k: data[k] for k in ("choice", "note") if k in data}, "sides": sides}


class ReceiptForm(FormSchema):
    """A receipt code shown on a phone, and the id of the record it is for."""

    record_id = Text(36)
    code = Text(60)


class CommendForm(FormSchema):
    """A commendation of an enterprise (record_commendation checks the fields)."""

    by = fields.String(load_default="")
    on = Day()
    decision_number = fields.String(load_default="")
    note = fields.String(load_default="")
