"""The console's forms as marshmallow schemas: which fields a form posts, how each is read.

A form is read leniently, as the console always has: text is trimmed (and cut to its
column), a number or a date that cannot be read takes its default, an unknown choice falls
back. The rules that need the database (a taken username, a park in scope, a reviewable
status) stay with the operation that applies the form; the messages a schema gives are
translated by read_form, one string per field, as the pages show them.
"""

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate
from werkzeug.datastructures import MultiDict

from app.console.helpers import parse_date, parse_int
from app.i18n import translate_errors


class Text(fields.String):
    """Trimmed text cut to `size` characters; `empty` when missing or empty; `case` "lower"
    or "upper" changes its case before the cut."""

    def __init__(
        self, size: int | None = 2000, case: str = "", empty: str = "", needed=None, **kwargs
    ):
        if needed is None:  # optional
            super().__init__(load_default=empty, **kwargs)
        else:  # `needed` is the message when it is missing or blank
            messages = {"required": needed, "null": needed}
            limit = validate.Length(min=1, error=needed)
            super().__init__(required=True, error_messages=messages, validate=limit, **kwargs)
        self.size, self.case, self.empty = size, case, empty

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = str(value or self.empty).strip()
        text = getattr(text, self.case)() if self.case else text
        return text[: self.size]


class Count(fields.Field):
    """A whole number, 0 or more (empty: 0)."""

    def __init__(self, **kwargs):
        super().__init__(load_default=0, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        try:
            number = int(str(value).strip() or 0)
        except ValueError:
            number = -1
        if number < 0:
            raise ValidationError(_l("Enter a whole number, 0 or more."))
        return number


class Choice(fields.String):
    """One of `choices`; anything else gives `fallback`."""

    def __init__(self, choices, fallback: str, **kwargs):
        super().__init__(load_default=fallback, **kwargs)
        self.choices, self.fallback = tuple(choices), fallback

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        return value if value in self.choices else self.fallback


class Number(fields.Field):
    """An integer; garbage gives the default (parse_int's rule)."""

    def __init__(self, default: int = 0, **kwargs):
        super().__init__(load_default=default, **kwargs)
        self.default = default

    def _deserialize(self, value, attr, data, **kwargs) -> int:
        return parse_int(value, self.default)


class Day(fields.Field):
    """A yyyy-mm-dd date (what <input type=date> sends); None when empty or malformed."""

    def __init__(self, **kwargs):
        super().__init__(load_default=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return parse_date(value)


class Ticked(fields.Field):
    """A checkbox: True when the form sends any non-empty value."""

    def __init__(self, **kwargs):
        super().__init__(load_default=False, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        return bool(value)


def Ids(**kwargs) -> fields.List:  # noqa: N802 - a field factory, named like the fields
    """Every value of a repeated field (ticked boxes, a multiple select)."""
    return fields.List(fields.String(), load_default=list, **kwargs)


class FormSchema(Schema):
    """A posted form: a MultiDict (or a dict) in, its fields read; unknown fields ignored."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def from_multidict(self, data, **kwargs) -> dict:
        """Take every value of list fields and the first of the others; drop empty lists."""
        if not isinstance(data, MultiDict):
            return data
        out = {}
        for name, field in self.load_fields.items():
            key = field.data_key or name
            if isinstance(field, fields.List):
                out[key] = data.getlist(key)
            elif key in data:
                out[key] = data.get(key)
        return out


def read_form(schema: Schema, form) -> tuple[dict, dict[str, str]]:
    """Load a form; return (values, field -> translated message). Values are the fields that
    could be read, even when others could not."""
    try:
        return schema.load(form), {}
    except ValidationError as err:
        messages = translate_errors(err.messages)
        flat = {
            name: " ".join(str(m) for m in (msgs if isinstance(msgs, list) else [msgs]))
            for name, msgs in messages.items()
        }
        return dict(err.valid_data or {}), flat


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
    """A park: its code (upper case), name, province and whether it operates."""

    code = Text(20, case="upper", needed=_l("Enter a code."))
    name = Text(200, needed=_l("Enter a name."))
    province = Text(100, empty="Bắc Ninh")
    operating = Ticked()


class EnterpriseForm(FormSchema):
    """An enterprise's fields (the database checks are admin_ops.enterprise_errors)."""

    name = Text(None)
    tax_code = Text(None)
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
    title = fields.String(load_default="")


class VisitForm(FormSchema):
    """A visit to schedule in a plan."""

    enterprise = Text(36)
    date = Day()
    team = Ids()
    note = fields.String(load_default="")


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


class CheckReviewForm(FormSchema):
    """Approve or return a check (app/review.py checks the decision and the comment)."""

    decision = fields.String(load_default="")
    comment = fields.String(load_default="")


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
