"""Field types and limits shared by every schema."""

import re

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

SHORT_TEXT = 300
LONG_TEXT = 5000


class StrictSchema(Schema):
    """A schema that refuses unknown fields (the marshmallow default, stated)."""

    class Meta:
        ordered = True


class UUIDString(fields.String):
    """A canonical, lower-case UUID kept as a string."""

    default_error_messages = {"invalid_uuid": _l("Not a valid UUID.")}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        text = text.lower()
        if not UUID_RE.match(text):
            raise self.make_error("invalid_uuid")
        return text


class Sha256(fields.String):
    """A hex SHA-256 naming an attachment."""

    default_error_messages = {"invalid_hash": _l("Not a valid SHA-256 hash.")}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).lower()
        if not SHA256_RE.match(text):
            raise self.make_error("invalid_hash")
        return text


def text(max_len: int = SHORT_TEXT, required: bool = False, **kwargs) -> fields.String:
    """A bounded text field; a required one may not be empty."""
    length = validate.Length(min=1 if required else 0, max=max_len)
    return fields.String(validate=length, required=required, **kwargs)


def photo_list(**kwargs) -> fields.List:
    """A bounded list of photo hashes."""
    return fields.List(Sha256(), validate=validate.Length(max=30), load_default=list, **kwargs)


def one_of(choices) -> validate.OneOf:
    """A OneOf validator with a translated message."""
    return validate.OneOf(choices, error=_l("Must be one of: {choices}."))


def check_not_future_year(value) -> None:
    """Refuse dates absurdly far from today (a device clock off by years)."""
    if value.year < 2000 or value.year > 2100:
        raise ValidationError(_l("The date is out of range."))
