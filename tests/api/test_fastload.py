"""The compiled loaders give exactly what marshmallow gives: same data, same errors."""

import copy
import uuid

import pytest
from marshmallow import ValidationError, post_load

from app.schemas.records import (
    attendance_data_schema,
    check_data_schema,
    event_data_schema,
    gift_data_schema,
)
from app.sync import fastload
from app.sync.fastload import compile_schema, fast_load
from app.sync.schemas import mutation_schema

ODD_VALUES = [
    None,
    True,
    0,
    -1,
    1.5,
    float("nan"),
    1e13,
    "",
    "x",
    "A" * 6000,
    [],
    {},
    ["a"],
    {"k": 1},
    "2026-13-45",
    "2026-11-20T08:30:00",
    "2026-11-20T08:30:00+07:00",
    "2026-11-20",
    "ABCDEF" * 10 + "ABCD",
    str(uuid.uuid4()).upper(),
    "yes",
]


def _check() -> dict:
    return {
        "template_version_id": str(uuid.uuid4()),
        "enterprise_id": str(uuid.uuid4()).upper(),
        "visit_id": None,
        "status": "submitted",
        "started_at": "2026-11-20T08:30:00+07:00",
        "ended_at": "2026-11-20T10:30:00+07:00",
        "gps": {"lat": 21.1, "lng": 106.05, "accuracy": 10, "at": "2026-11-20T08:31:00Z"},
        "gps_note": "",
        "team": [
            {
                "name": "Trần Thị Bình",
                "unit": "police",
                "title": "Đại úy",
                "signature": "a" * 64,
                "user_id": str(uuid.uuid4()),
            }
        ],
        "answers": {
            "A.1": {"value": "yes"},
            "A.2": {"value": 4, "note": "Đủ", "photos": []},
            "A.3": {"value": None, "photos": ["B" * 64]},
            "A.4": {"value": 2.5},
        },
        "findings": [
            {
                "id": str(uuid.uuid4()),
                "item_code": "A.1",
                "severity": "high",
                "description": "Thiếu phương án",
                "due_date": "2026-12-31",
                "photos": [],
            }
        ],
        "closed_findings": [{"finding_id": str(uuid.uuid4()), "note": "Đã khắc phục"}],
        "representative_name": "Lê Văn Cường",
        "representative_signature": None,
        "notes": "",
    }


def _paths(value, prefix=()):
    """Every path inside a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*prefix, index)
            yield from _paths(item, (*prefix, index))


def _variants(document: dict):
    """The document, then one odd value at every path, one missing key, one extra key."""
    yield document
    for path in list(_paths(document)):
        for odd in ODD_VALUES:
            changed = copy.deepcopy(document)
            target = changed
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = odd
            yield changed
        if isinstance(path[-1], str):
            removed = copy.deepcopy(document)
            target = removed
            for step in path[:-1]:
                target = target[step]
            del target[path[-1]]
            yield removed
    yield {**document, "unexpected": 1}
    yield [document]
    yield "not an object"


def _outcome(load, raw):
    try:
        return "ok", load(raw)
    except ValidationError as err:
        return "error", err.messages


EXAMPLES = [
    (check_data_schema, _check()),
    (
        mutation_schema,
        {
            "mutation_id": str(uuid.uuid4()),
            "entity": "check",
            "op": "upsert",
            "id": str(uuid.uuid4()),
            "base_version": 3,
            "data": {"a": 1},
        },
    ),
    (
        event_data_schema,
        {
            "enterprise_id": str(uuid.uuid4()),
            "title": "Ngày hội",
            "date": "2026-08-19",
            "activities": [{"kind": "law_quiz", "headcount": 30}],
            "planned_participants": 200,
            "photos": [],
            "notes": "",
        },
    ),
    (
        attendance_data_schema,
        {
            "event_id": str(uuid.uuid4()),
            "name": "Nguyễn Thị Hoa",
            "employee_number": "NV001",
            "role": "guard",
            "method": "qr",
            "recorded_at": "2026-08-19T08:00:00+07:00",
        },
    ),
    (
        gift_data_schema,
        {
            "event_id": str(uuid.uuid4()),
            "recipient_name": "Lê Văn Tám",
            "value_vnd": 500000,
            "reason": "Bảo vệ giỏi",
        },
    ),
]


@pytest.mark.parametrize("schema,document", EXAMPLES, ids=[type(s).__name__ for s, _ in EXAMPLES])
def test_compiled_loader_matches_marshmallow(app, schema, document):
    compiled = compile_schema(schema)
    assert compiled(copy.deepcopy(document)) == schema.load(copy.deepcopy(document))
    tried = 0
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for raw in _variants(document):
            fast = _outcome(lambda r: fast_load(schema, r), copy.deepcopy(raw))
            slow = _outcome(schema.load, copy.deepcopy(raw))
            assert fast == slow, raw
            tried += 1
    assert tried > 50


def test_compiled_loader_keeps_schema_level_rules(app):
    data = _check()
    data["ended_at"] = "2026-11-20T07:00:00+07:00"  # before the start
    with app.test_request_context(), pytest.raises(ValidationError) as err:
        fast_load(check_data_schema, data)
    assert "ended_at" in err.value.messages


GIFT = {"event_id": str(uuid.uuid4()), "recipient_name": "Lê Văn Tám", "value_vnd": 500000}


def _fastload_warnings(monkeypatch) -> list[str]:
    """Record what fastload logs (the app's logging setup may stop propagation to caplog)."""
    said: list[str] = []
    monkeypatch.setattr(fastload.log, "warning", lambda msg, *args: said.append(msg % args))
    return said


def test_a_failing_compiled_loader_is_logged_once_and_raised_in_tests(monkeypatch):
    schema = type(gift_data_schema)()  # an instance of its own: its own compiled entry

    def broken(raw):
        raise KeyError("a bug of the compiler")

    monkeypatch.setitem(fastload._compiled, id(schema), (schema, broken, frozenset()))
    monkeypatch.setattr(fastload, "_reported", set())
    monkeypatch.setattr(fastload, "STRICT", False)
    said = _fastload_warnings(monkeypatch)
    for _ in range(3):  # marshmallow answers, and the failure is said once
        assert fast_load(schema, dict(GIFT)) == schema.load(dict(GIFT))
    [message] = said
    assert "GiftDataSchema" in message and "a bug of the compiler" in message
    monkeypatch.setattr(fastload, "STRICT", True)
    with pytest.raises(KeyError):
        fast_load(schema, dict(GIFT))


def test_a_schema_that_cannot_be_compiled_is_logged_once(monkeypatch):
    class Stamped(type(gift_data_schema)):
        @post_load
        def stamp(self, data, **kwargs):
            return {**data, "stamped": True}

    schema = Stamped()
    monkeypatch.setattr(fastload, "_reported", set())
    said = _fastload_warnings(monkeypatch)
    for _ in range(2):
        assert fast_load(schema, dict(GIFT))["stamped"] is True
    [message] = said
    assert "Stamped" in message and "cannot be compiled" in message
