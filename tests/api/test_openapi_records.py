"""The OpenAPI document describes the records themselves, pushed and pulled, as they really are."""

import copy

from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate

from app.extensions import db
from app.schemas import records
from app.seed import seed_demo
from app.sync.schemas import DATA_COMPONENTS, PULLED_COMPONENTS
from tests.api.util import results, setup_inspector

RECORDS = {
    "CheckData": records.CheckDataSchema,
    "EventData": records.EventDataSchema,
    "AttendanceData": records.AttendanceDataSchema,
    "GiftData": records.GiftDataSchema,
    "CommentData": records.CommentDataSchema,
    "ConflictResolution": records.ConflictResolutionSchema,
}


def _document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json


def _errors(spec: dict, name: str, instance) -> list[str]:
    """Validate an instance against a component of the document; return the messages."""
    schema = {"$ref": f"#/components/schemas/{name}", "components": spec["components"]}
    validator = OAS30Validator(schema, format_checker=oas30_format_checker)
    return [error.message for error in validator.iter_errors(instance)]


def test_every_record_schema_is_a_component_and_mutation_data_is_one_of_them(client):
    spec = _document(client)
    validate(spec)
    schemas = spec["components"]["schemas"]
    for name, schema_class in RECORDS.items():
        assert name in schemas, name
        assert set(schemas[name]["properties"]) == set(schema_class().fields), name
        assert schemas[name]["additionalProperties"] is False
    assert set(DATA_COMPONENTS.values()) == set(RECORDS)
    data = schemas["Mutation"]["properties"]["data"]
    assert [ref["$ref"].rsplit("/", 1)[1] for ref in data["oneOf"]] == list(RECORDS)
    assert data["nullable"] is True  # a delete carries no record
    check = schemas["CheckData"]
    assert set(check["required"]) == {"template_version_id", "enterprise_id", "started_at"}
    assert check["properties"]["status"]["enum"] == ["draft", "submitted"]
    assert check["properties"]["findings"]["maxItems"] == 200
    assert schemas["GiftData"]["properties"]["value_vnd"]["maximum"] == 1_000_000_000


def test_uuid_fields_say_format_uuid(client):
    schemas = _document(client)["components"]["schemas"]
    for component, field in [
        ("Mutation", "mutation_id"),
        ("Mutation", "id"),
        ("PushRequest", "client_id"),
        ("CheckData", "enterprise_id"),
        ("CheckData", "template_version_id"),
        ("AttendanceData", "event_id"),
        ("GiftData", "event_id"),
        ("Finding", "id"),
        ("Change", "id"),
    ]:
        assert schemas[component]["properties"][field]["format"] == "uuid", (component, field)
    assert "format" not in schemas["EventData"]["properties"]["title"]


def test_the_document_accepts_what_the_server_accepts_and_refuses_what_it_refuses(api, make):
    _, ent, tv, _ = setup_inspector(make)
    spec = _document(api().client)
    good = make.check_data(
        tv,
        ent,
        findings=[
            {
                "id": "0b7a3f0e-8f33-4a7e-9d55-2f6a1c0d9e11",
                "severity": "high",
                "description": "Chưa có phương án PCCC",
                "due_date": "2026-12-31",
            }
        ],
    )
    bad = copy.deepcopy(good)
    bad["status"] = "approved"  # a device may not approve its own check
    bad["answers"]["A.1"]["colour"] = "red"  # nor invent fields
    assert _errors(spec, "CheckData", good) == []
    assert len(_errors(spec, "CheckData", bad)) == 2
    mutation = make.mutation("check", good)
    assert _errors(spec, "Mutation", mutation) == []  # exactly one of the record schemas
    assert _errors(spec, "Mutation", make.mutation("check", bad))
    out = results(api("insp").push([mutation, make.mutation("check", bad)]))
    assert [r["status"] for r in out] == ["applied", "rejected"]  # judged one by one


def test_every_pulled_field_is_documented(app, api, make):
    seed_demo(small=True)
    db.session.commit()
    spec = _document(api().client)
    inspector = api("inspector", "demo1234")
    changes, _ = inspector.pull_all(limit=1000)
    stale = next(c for c in changes if c["entity"] == "check" and c["data"]["status"] == "draft")
    device = {k: stale["data"][k] for k in RECORDS["CheckData"]().fields if k in stale["data"]}
    device["notes"] = "sửa trên máy khác"
    conflict = results(
        inspector.push([make.mutation("check", device, stale["id"], stale["version"] - 1)])
    )[0]
    assert conflict["status"] == "conflict"
    for username in ("inspector", "hr", "supervisor"):
        changes, _ = api(username, "demo1234").pull_all(limit=1000)
        seen = set()
        for change in changes:
            assert _errors(spec, "Change", change) == [], change["entity"]
            if change["data"] is None:
                continue
            name = PULLED_COMPONENTS[change["entity"]][0]
            if change["entity"] not in seen:  # one of each is enough to catch a drift
                assert _errors(spec, name, change["data"]) == [], (name, change["data"])
                seen.add(change["entity"])
            documented = set(spec["components"]["schemas"][name]["properties"])
            assert set(change["data"]) <= documented, (name, set(change["data"]) - documented)
        if username == "inspector":
            assert {"park", "enterprise", "template", "visit", "check", "conflict"} <= seen
        if username == "hr":
            assert {"event", "roster_person", "attendance", "gift"} <= seen
