"""The sync limits are the contract the OpenAPI document states, and the server enforces them."""

from app.sync.schemas import MAX_PULL_LIMIT, MAX_PUSH_BATCH
from config import Config
from tests.api.util import setup_inspector


def test_the_document_states_the_limits_the_server_enforces(api, make):
    setup_inspector(make)
    client = api("insp")
    spec = client.get("/api/openapi.json").json
    push = spec["components"]["schemas"]["PushRequest"]["properties"]["mutations"]
    assert push["maxItems"] == MAX_PUSH_BATCH == 500
    limit = next(
        p for p in spec["paths"]["/api/sync/pull"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == MAX_PULL_LIMIT == 1000
    assert client.get("/api/sync/pull", query_string={"limit": MAX_PULL_LIMIT}).status_code == 200
    over = client.get("/api/sync/pull", query_string={"limit": MAX_PULL_LIMIT + 1})
    assert over.status_code == 422 and "limit" in over.json["error"]["fields"]
    # no setting pretends to change them
    assert not [name for name in dir(Config) if name.startswith("SYNC_")]
