"""Property: for every schema a push loads, fast_load and marshmallow's load agree.

Inputs are generated from the schema itself (so a new entity is covered without a line
here): mostly plausible values of each field's type, mixed with hostile ones (wrong types,
huge integers, NaN, NUL and broken characters, unknown keys, missing required keys, nested
junk). Both must give the same data, or the same ValidationError messages; with
fastload.STRICT (set by tests/conftest.py) a compiled loader's own failure is raised.
`FASTLOAD_EXAMPLES` sets the number of examples per schema (default 150).
"""

import copy
import os
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marshmallow import Schema, ValidationError, fields, validate

from app import create_app
from app.schemas.common import Sha256, UUIDString
from app.schemas.records import AnswerValue
from app.schemas.sync import mutation_schema
from app.sync import fastload
from app.sync.handlers import PUSHABLE
from tests.conftest import make_config

EXAMPLES = int(os.environ.get("FASTLOAD_EXAMPLES", "150"))
SCHEMAS = [mutation_schema] + [handler.schema for handler in PUSHABLE.values()]

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
    stamps = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2200, 1, 1))
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
    return st.one_of(whole, whole, objects, JUNK)


def _outcome(load, raw):
    try:
        return "ok", load(copy.deepcopy(raw))
    except ValidationError as err:
        return "error", err.messages


@pytest.fixture(scope="module")
def request_context():
    """Messages are lazy strings: they compare once translated, in a request."""
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI="sqlite://"))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


@pytest.mark.parametrize("schema", SCHEMAS, ids=[type(s).__name__ for s in SCHEMAS])
def test_fast_load_agrees_with_marshmallow(request_context, schema):
    assert fastload.STRICT  # a compiled loader's failure must surface here, not be logged
    fastload.compile_schema(schema)  # every schema a push loads has its fast path

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(raw=schema_input(schema))
    def agree(raw):
        slow = _outcome(schema.load, raw)
        assert _outcome(lambda r: fastload.fast_load(schema, r), raw) == slow
        seen[slow[0]] += 1

    seen = {"ok": 0, "error": 0}
    agree()
    assert seen["ok"] >= 3 and seen["error"] >= 3, seen  # not all junk, not all valid
