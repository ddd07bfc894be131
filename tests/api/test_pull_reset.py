"""Pull after a scope change that revocations cannot describe: the device is told to reset."""

from app.extensions import db
from tests.api.util import results, setup_inspector


def _pull(client, cursor=None) -> dict:
    query = {"limit": 500} | ({"cursor": cursor} if cursor else {})
    response = client.get("/api/sync/pull", query_string=query)
    assert response.status_code == 200, response.json
    return response.json


def test_a_role_change_resets_the_device(api, make):
    park, ent, tv, user = setup_inspector(make)
    client = api("insp")
    [check] = results(client.push([make.mutation("check", make.check_data(tv, ent))]))
    first = _pull(client)
    assert ("check", check["id"]) in {(c["entity"], c["id"]) for c in first["changes"]}
    assert first["reset"] is False

    user.role, user.enterprise, user.parks = "enterprise_hr", ent, []
    db.session.commit()
    after = _pull(client, first["cursor"])
    assert after["reset"] is True
    entities = {c["entity"] for c in after["changes"]}
    assert "check" not in entities  # HR never receives checks: the device must drop them
    assert ("enterprise", ent.id) in {(c["entity"], c["id"]) for c in after["changes"]}
    assert _pull(client, after["cursor"])["changes"] == []


def test_a_province_wide_supervisor_narrowed_to_one_park_resets(api, make):
    park, ent, tv, _ = setup_inspector(make)
    other = make.park()
    other_ent = make.enterprise(other)
    supervisor = make.user("sup", role="supervisor", parks=[])
    make.commit()
    client = api("sup")
    first = _pull(client)
    seen = {(c["entity"], c["id"]) for c in first["changes"]}
    assert {("enterprise", ent.id), ("enterprise", other_ent.id)} <= seen

    supervisor.parks = [park]
    db.session.commit()
    after = _pull(client, first["cursor"])
    assert after["reset"] is True
    seen = {(c["entity"], c["id"]) for c in after["changes"]}
    assert ("enterprise", ent.id) in seen and ("enterprise", other_ent.id) not in seen


def test_an_unchanged_scope_does_not_reset(api, make):
    setup_inspector(make)
    client = api("insp")
    first = _pull(client)
    assert _pull(client, first["cursor"]) == {
        "changes": [],
        "cursor": first["cursor"],
        "has_more": False,
        "reset": False,
        "progress": 1.0,  # nothing more to come (the first sync's "Đang tải n/m")
    }
