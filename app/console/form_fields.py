"""How a console form field is read, and read_form, which loads a form with a schema.

A form is read leniently, as the console always has: text is trimmed (and cut to its
column), a number or a date that cannot be read takes its default, an unknown choice falls
back. The rules that need the database (a taken username, a park in scope, a reviewable
status) stay with the operation that applies the form; the messages a schema gives are
translated by read_form, one string per field, as the pages show them.
"""

import re

from flask_babel import lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate
from werkzeug.datastructures import MultiDict

from app.console.helpers import parse_date, parse_int
from app.core.i18n import translate_errors


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
    """A date typed dd/mm/yyyy (or yyyy-mm-dd); None when empty or malformed."""

    def __init__(self, **kwargs):
        super().__init__(load_default=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return parse_date(value)


class Degrees(fields.Field):
    """Decimal degrees between `low` and `high` ("21,13" is read as 21.13); None when empty."""

    def __init__(self, low: float, high: float, message, **kwargs):
        super().__init__(load_default=None, **kwargs)
        self.low, self.high, self.message = low, high, message

    def _deserialize(self, value, attr, data, **kwargs) -> float | None:
        text = str(value or "").strip().replace(",", ".")
        if not text:
            return None
        try:
            degrees = float(text)
        except ValueError:
            raise ValidationError(self.message) from None
        if not self.low <= degrees <= self.high:
            raise ValidationError(self.message)
        return degrees


POINT = re.compile(r"(-?\d+(?:\.\d+)?)[\s,;]+(-?\d+(?:\.\d+)?)")


class Outline(fields.Field):
    """A park's outline: one "latitude, longitude" point a line, at least three, each in
    Vietnam; None when empty."""

    def __init__(self, **kwargs):
        super().__init__(load_default=None, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list | None:
        lines = [line.strip() for line in str(value or "").splitlines() if line.strip()]
        if not lines:
            return None
        points = [POINT.fullmatch(line) for line in lines]
        if len(points) < 3 or not all(points):
            raise ValidationError(OUTLINE_MESSAGE)
        outline = [[float(m[1]), float(m[2])] for m in points]
        if not all(in_vietnam(lat, lng) for lat, lng in outline):
            raise ValidationError(OUTLINE_MESSAGE)
        return outline


LATITUDES, LONGITUDES = (8.0, 24.0), (102.0, 110.0)
OUTLINE_MESSAGE = _l(
    'Enter at least 3 points, one "latitude, longitude" a line, in decimal degrees (21.13, 106.08).'
)


def in_vietnam(lat: float, lng: float) -> bool:
    """Tell whether a point lies in the box around Vietnam the forms accept."""
    return LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lng <= LONGITUDES[1]


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
