"""Field types and limits shared by every schema."""

import re

import orjson
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, pre_load, validate

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# marshmallow formats a Length message before our error handler translates it; lazy class
# messages are translated at that moment instead, for every schema (ours and flask-smorest's).
validate.Length.message_min = _l("Shorter than minimum length {min}.")
validate.Length.message_max = _l("Longer than maximum length {max}.")
validate.Length.message_all = _l("Length must be between {min} and {max}.")
validate.Length.message_equal = _l("Length must be {equal}.")
validate.OneOf.default_message = _l("Must be one of: {choices}.")

SHORT_TEXT = 300
LONG_TEXT = 5000


# Characters no text field takes: NUL (PostgreSQL cannot store it), lone surrogates (not
# encodable as UTF-8: the database driver fails on them) and the non-characters U+FFFE/U+FFFF
# (they make an XLSX export unreadable).
_FORBIDDEN = re.compile("[\x00\ud800-\udfff\ufffe\uffff]")


def bad_text(text: str) -> bool:
    """Tell whether a string holds a character no text field takes (NUL, surrogate, U+FFFF)."""
    return "\x00" in text or (not text.isascii() and _FORBIDDEN.search(text) is not None)


def clean_json(value) -> bool:
    """Tell, in one C-speed pass, that parsed JSON holds no character of bad_text anywhere.

    False also when orjson cannot tell (a lone surrogate makes it fail; so does an integer
    beyond 64 bits): the slow path (has_nul, field by field) then decides.
    """
    try:
        blob = orjson.dumps(value)
    except TypeError:  # orjson.JSONEncodeError included
        return False
    return not (b"\\u0000" in blob or b"\xef\xbf\xbe" in blob or b"\xef\xbf\xbf" in blob)


def has_nul(value) -> bool:
    """Tell whether a string, or any key or string inside lists and dicts, holds a NUL (or
    another character of bad_text)."""
    pending = [value]
    while pending:  # iterative: a hostile, deeply nested body must not exhaust the stack
        item = pending.pop()
        if isinstance(item, str):
            if bad_text(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class StrictSchema(Schema):
    """A schema that refuses unknown fields (the marshmallow default, stated)."""

    class Meta:
        ordered = True

    @pre_load
    def refuse_nul(self, data, **kwargs):
        """Refuse NUL, lone surrogates and U+FFFE/U+FFFF (see bad_text) as a field error."""
        if isinstance(data, dict):
            for name, value in data.items():
                field = self.fields.get(name)
                inner = getattr(field, "inner", None)
                if (
                    isinstance(field, fields.Nested)
                    or isinstance(inner, fields.Nested)
                    or (field is not None and field.metadata.get("loaded_later"))
                ):
                    continue  # the nested (or later) schema checks its own fields
                if has_nul(name) or has_nul(value):
                    raise ValidationError(
                        {_FORBIDDEN.sub("", str(name)): [_text_message(name, value)]}
                    )
        return data


def _text_message(name, value):
    if _holds_nul(name) or _holds_nul(value):
        return _l("Text must not contain NUL characters.")
    return _l("Text must not contain invalid characters (a broken emoji or U+FFFF).")


def _holds_nul(value) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and "\x00" in item:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


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


def length(min: int | None = None, max: int | None = None) -> validate.Length:  # noqa: A002
    """A Length validator whose message is translated when the error is raised."""
    if min and max is not None:
        error = _l("Length must be between {min} and {max}.")
    elif min:
        error = _l("Shorter than minimum length {min}.")
    else:
        error = _l("Longer than maximum length {max}.")
    return validate.Length(min=min, max=max, error=error)


def in_range(min: float, max: float) -> validate.Range:  # noqa: A002
    """A Range validator (both bounds included) with a translated message."""
    return validate.Range(min, max, error=_l("Must be between {min} and {max}."))


def text(max_len: int = SHORT_TEXT, required: bool = False, **kwargs) -> fields.String:
    """A bounded text field; a required one may not be empty."""
    return fields.String(
        validate=length(min=1 if required else None, max=max_len), required=required, **kwargs
    )


def photo_list(**kwargs) -> fields.List:
    """A bounded list of photo hashes."""
    return fields.List(Sha256(), validate=length(max=30), load_default=list, **kwargs)


def one_of(choices) -> validate.OneOf:
    """A OneOf validator with a translated message."""
    return validate.OneOf(choices, error=_l("Must be one of: {choices}."))


def check_not_future_year(value) -> None:
    """Refuse dates absurdly far from today (a device clock off by years)."""
    if value.year < 2000 or value.year > 2100:
        raise ValidationError(_l("The date is out of range."))
