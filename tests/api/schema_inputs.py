"""Hypothesis inputs for a marshmallow schema, read from its fields: valid, nearly, hostile.

`schema_input(schema)` mixes documents the schema accepts (`valid_document`), documents of
plausible but often wrong values, documents with extra or missing keys, and JSON junk.
"""

from datetime import UTC, date, datetime

from hypothesis import strategies as st
from marshmallow import Schema, fields, validate

from app.schemas.common import Sha256, UUIDString
from app.schemas.records import AnswerValue

ODD_TEXT = st.sampled_from(["", "\x00", "a\x00b", "a\udfffb", "z\uffff", "\ufffe", " ", "Ω"])
JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(),
    st.text(max_size=8),
    ODD_TEXT,
)
JUNK = st.recursive(
    JSON_LEAF,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)


def _text(field: fields.Field) -> st.SearchStrategy:
    """Strings around the field's length limits, sometimes with a refused character."""
    limit = next((v.max for v in field.validators if isinstance(v, validate.Length) and v.max), 40)
    sizes = st.sampled_from(sorted({0, 1, 2, limit - 1, limit, limit + 1} - {-1}))
    return st.one_of(
        st.text(max_size=6),
        st.builds(lambda char, n: char * n, st.sampled_from("aÂ\x00"), sizes),
        ODD_TEXT,
    )


def _timestamp() -> st.SearchStrategy:
    stamps = st.datetimes(datetime(1990, 1, 1), datetime(2200, 1, 1))
    suffixes = st.sampled_from(["", "Z", "+07:00", "-00:30", "+25:00"])
    return st.builds(lambda d, s: d.isoformat() + s, stamps, suffixes) | st.sampled_from(
        ["2026-13-45T00:00:00Z", "yesterday", ""]
    )


def _plausible(field: fields.Field) -> st.SearchStrategy:
    """Values a device could send for this field (valid or nearly)."""
    choices = [v.choices for v in field.validators if isinstance(v, validate.OneOf)]
    if choices:
        return st.sampled_from(list(choices[0])) | _text(field)
    if isinstance(field, UUIDString):
        return st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper()) | _text(field)
    if isinstance(field, Sha256):
        return st.text("0123456789abcdefABCDEF", min_size=63, max_size=65)
    if isinstance(field, AnswerValue):
        return JSON_LEAF | st.just(10**12 + 1) | st.text(max_size=3)
    if isinstance(field, fields.Nested):
        return schema_input(field.schema)
    if isinstance(field, fields.List):
        return st.lists(field_value(field.inner), max_size=3)
    if isinstance(field, fields.Dict):
        keys = _text(field.key_field) if field.key_field else st.text(max_size=4)
        values = field_value(field.value_field) if field.value_field else JUNK
        return st.dictionaries(keys, values, max_size=3)
    if isinstance(field, (fields.AwareDateTime, fields.DateTime)):
        return _timestamp()
    if isinstance(field, fields.Date):
        return st.dates().map(lambda d: d.isoformat()) | st.sampled_from(["2026-02-30", "x"])
    if isinstance(field, fields.Integer):
        return st.integers(-10, 10**9 + 1) | st.sampled_from([2**62, 2**63, 1.0, 1.5, "3"])
    if isinstance(field, fields.Float):
        return st.floats() | st.integers(-200, 200) | st.just("1.5")
    if isinstance(field, fields.Boolean):
        return st.booleans() | st.sampled_from(["true", 1, 0])
    if isinstance(field, fields.String):
        return _text(field)
    return JUNK


def field_value(field: fields.Field) -> st.SearchStrategy:
    """Mostly plausible values of a field, sometimes anything at all."""
    return st.one_of(_plausible(field), _plausible(field), _plausible(field), JUNK)


def schema_input(schema: Schema) -> st.SearchStrategy:
    """Objects for a schema: its fields (required ones sometimes left out), maybe an extra key."""
    keys = {(f.data_key or name): f for name, f in schema.load_fields.items()}
    required = {key: field_value(f) for key, f in keys.items() if f.required}
    optional = {key: field_value(f) for key, f in keys.items() if not f.required}
    whole = st.fixed_dictionaries(required, optional=optional)
    loose = st.fixed_dictionaries({}, optional={**required, **optional})
    extra = st.dictionaries(st.sampled_from(["unexpected", "id", "_deleted", ""]), JUNK, max_size=1)
    objects = st.builds(lambda base, more: {**base, **more}, whole | loose, extra)
    return st.one_of(valid_document(schema), whole, objects, JUNK)


CLEAN_TEXT = st.characters(codec="utf-8", exclude_characters="\x00\ufffe\uffff")


def _valid(field: fields.Field) -> st.SearchStrategy:
    """Values the field accepts."""
    value = _valid_value(field)
    return value | st.none() if field.allow_none else value


def _valid_value(field: fields.Field) -> st.SearchStrategy:
    choices = [v.choices for v in field.validators if isinstance(v, validate.OneOf)]
    ranges = [v for v in field.validators if isinstance(v, validate.Range)]
    low, high = (ranges[0].min, ranges[0].max) if ranges else (-1000, 1000)
    if choices:
        return st.sampled_from(list(choices[0]))
    if isinstance(field, UUIDString):
        return st.uuids().map(str)
    if isinstance(field, Sha256):
        return st.text("0123456789abcdef", min_size=64, max_size=64)
    if isinstance(field, AnswerValue):
        return st.none() | st.integers(-1000, 1000) | st.text(CLEAN_TEXT, max_size=8)
    if isinstance(field, fields.Nested):
        return valid_document(field.schema)
    if isinstance(field, fields.List):
        return st.lists(_valid(field.inner), max_size=2)
    if isinstance(field, fields.Dict):
        keys = st.text(CLEAN_TEXT, min_size=1, max_size=8)
        values = _valid(field.value_field) if field.value_field else st.integers()
        return st.dictionaries(keys, values, max_size=2)
    if isinstance(field, (fields.AwareDateTime, fields.DateTime)):
        stamps = st.datetimes(datetime(2001, 1, 1), datetime(2099, 1, 1), timezones=st.just(UTC))
        return stamps.map(datetime.isoformat)
    if isinstance(field, fields.Date):
        return st.dates(date(2001, 1, 1), date(2099, 1, 1)).map(date.isoformat)
    if isinstance(field, fields.Integer):
        return st.integers(low, high)
    if isinstance(field, fields.Float):
        return st.floats(low, high)
    if isinstance(field, fields.Boolean):
        return st.booleans()
    lengths = [v for v in field.validators if isinstance(v, validate.Length)]
    shortest = (lengths[0].min or 0) if lengths else 0
    return st.text(CLEAN_TEXT, min_size=shortest, max_size=max(shortest, 8))


def valid_document(schema: Schema) -> st.SearchStrategy:
    """Documents the schema accepts (schema-level rules, such as end after start, aside)."""
    keys = {(f.data_key or name): f for name, f in schema.load_fields.items()}
    required = {key: _valid(f) for key, f in keys.items() if f.required}
    optional = {key: _valid(f) for key, f in keys.items() if not f.required}
    return st.fixed_dictionaries(required, optional=optional)
