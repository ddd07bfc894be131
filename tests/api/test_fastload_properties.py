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

import pytest
from hypothesis import HealthCheck, given, settings
from marshmallow import ValidationError

from app import create_app
from app.sync import fastload
from app.sync.handlers import PUSHABLE
from app.sync.schemas import mutation_schema
from tests.api.schema_inputs import schema_input
from tests.conftest import make_config

EXAMPLES = int(os.environ.get("FASTLOAD_EXAMPLES", "150"))
SCHEMAS = [mutation_schema] + [handler.schema for handler in PUSHABLE.values()]


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
