"""The OpenAPI document: valid, complete, and stating the push batch limit."""

import re

from openapi_spec_validator import validate

from app.sync.schemas import MAX_PUSH_BATCH


def _resolve(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        node = spec["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_openapi_is_valid_and_complete(app, client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json
    validate(spec)

    body = spec["paths"]["/api/sync/push"]["post"]["requestBody"]["content"]["application/json"]
    push = _resolve(spec, body["schema"])
    assert push["properties"]["mutations"]["maxItems"] == MAX_PUSH_BATCH == 500
    mutation = _resolve(spec, push["properties"]["mutations"]["items"])
    assert {"mutation_id", "entity", "op", "id", "base_version", "data"} <= set(
        mutation["properties"]
    )

    documented = {
        (path, method.upper())
        for path, ops in spec["paths"].items()
        for method in ops
        if method in ("get", "put", "post", "head", "delete")
    }
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint == "api-docs.openapi_json":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"OPTIONS", "HEAD"} or {"HEAD"}:
            assert (path, method) in documented, (path, method)
