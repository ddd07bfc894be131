"""Conflicts: side by side, resolution through the version path, nothing lost, audited."""

from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Check, ConflictCopy, Event
from tests.console.util import post, world


def make_conflict(make, api, w, ent, tv, check_id, user="ins", tag=""):
    """Two devices of one inspector edit the same fields from the same version."""
    first, second = api(user), api(user)
    changes, _ = first.pull_all()
    version = next(c for c in changes if c["id"] == check_id)["version"]
    base = make.check_data(tv, ent, status="submitted")
    one = dict(
        base, notes="Ghi chú máy 1" + tag, answers={"A.1": {"value": "no"}, "A.2": {"value": 4}}
    )
    two = dict(
        base, notes="Ghi chú máy 2" + tag, answers={"A.1": {"value": "na"}, "A.2": {"value": 9}}
    )
    r1 = first.push([make.mutation("check", one, record_id=check_id, base_version=version)])
    assert r1.json["results"][0]["status"] == "applied"
    r2 = second.push([make.mutation("check", two, record_id=check_id, base_version=version)])
    assert r2.json["results"][0]["status"] == "conflict", r2.json
    return r2.json["results"][0]["conflict_id"], second


def test_conflict_pages_and_scope(app, make, api, console):
    w = world(make, api)
    conflict_a, _ = make_conflict(make, api, w, w.ent_a, w.tv, w.check_a)
    conflict_b, _ = make_conflict(make, api, w, w.ent_b, w.tv, w.check_b, user="insb")
    for name in ("sup", "adm"):
        client = console(name)
        assert client.get("/console/conflicts").status_code == 200
        page = client.get(f"/console/conflicts/{conflict_a}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Ghi chú máy 1" in text and "Ghi chú máy 2" in text
        assert "Có phương án bảo đảm ANTT" in text  # answers labelled item by item
    limited = console("supa")
    assert limited.get(f"/console/conflicts/{conflict_b}").status_code == 404
    listing = limited.get("/console/conflicts").get_data(as_text=True)
    assert conflict_a in listing and conflict_b not in listing
    assert (
        post(limited, f"/console/conflicts/{conflict_b}/resolve", choice="keep_server").status_code
        == 404
    )
    for name in ("ins", "hr"):
        assert console(name).get("/console/conflicts").status_code == 403


def test_merge_field_by_field_loses_nothing(app, make, api, console):
    w = world(make, api)
    conflict_id, device = make_conflict(make, api, w, w.ent_a, w.tv, w.check_a)
    _, cursor = device.pull_all()
    before = db.session.get(Check, w.check_a).version
    client = console("sup")
    response = post(
        client,
        f"/console/conflicts/{conflict_id}/resolve",
        choice="merge",
        **{"field:notes": "device", "field:answers/A.2": "device", "field:answers/A.1": "server"},
        note="Gộp theo ý kiến trưởng đoàn",
    )
    assert response.status_code == 302
    db.session.expire_all()
    check = db.session.get(Check, w.check_a)
    assert check.version > before
    assert check.data["notes"] == "Ghi chú máy 2"
    assert check.data["answers"]["A.2"]["value"] == 9
    assert check.data["answers"]["A.1"]["value"] == "no"  # the server's answer kept
    conflict = db.session.get(ConflictCopy, conflict_id)
    assert conflict.status == "resolved" and conflict.resolution == "merge"
    assert conflict.device_data["answers"]["A.1"]["value"] == "na"  # device data kept
    audit = db.session.execute(
        select(AuditLog).where(AuditLog.action == "conflict_resolved")
    ).scalar_one()
    assert audit.detail["device_fields"] == ["answers/A.2", "notes"]
    assert audit.reason == "Gộp theo ý kiến trưởng đoàn"
    changes, _ = device.pull_all(cursor)
    pulled = {c["entity"]: c for c in changes}
    assert pulled["conflict"]["data"]["status"] == "resolved"
    assert pulled["check"]["data"]["notes"] == "Ghi chú máy 2"
    again = post(client, f"/console/conflicts/{conflict_id}/resolve", choice="keep_device")
    assert again.status_code == 302
    assert db.session.execute(select(AuditLog)).scalars().all() == [audit]


def test_keep_device_and_keep_server(app, make, api, console):
    w = world(make, api)
    conflict_id, _ = make_conflict(make, api, w, w.ent_a, w.tv, w.check_a)
    client = console("sup")
    post(client, f"/console/conflicts/{conflict_id}/resolve", choice="keep_device")
    db.session.expire_all()
    assert db.session.get(Check, w.check_a).data["notes"] == "Ghi chú máy 2"
    conflict_b, _ = make_conflict(make, api, w, w.ent_a, w.tv, w.check_a, tag=" (lần 2)")
    version = db.session.get(Check, w.check_a).version
    post(client, f"/console/conflicts/{conflict_b}/resolve", choice="keep_server")
    db.session.expire_all()
    assert db.session.get(Check, w.check_a).version == version  # the record is untouched
    assert db.session.get(ConflictCopy, conflict_b).resolution == "keep_server"
    actions = db.session.execute(select(AuditLog.detail)).scalars().all()
    assert sorted(a["resolution"] for a in actions) == ["keep_device", "keep_server"]


def test_event_conflict_keep_device(app, make, api, console):
    w = world(make, api)
    first, second = api("hr"), api("hr")
    data = {
        "enterprise_id": w.ent_a.id,
        "title": "Ngày hội 2026",
        "date": "2026-08-19",
        "status": "planned",
        "planned_participants": 300,
    }
    created = make.mutation("event", data)
    version = first.push([created]).json["results"][0]["version"]
    one = make.mutation(
        "event",
        dict(data, title="Ngày hội ANTQ 2026"),
        record_id=created["id"],
        base_version=version,
    )
    two = make.mutation(
        "event",
        dict(data, title="Ngày hội toàn dân 2026", place="Hội trường"),
        record_id=created["id"],
        base_version=version,
    )
    assert first.push([one]).json["results"][0]["status"] == "applied"
    result = second.push([two]).json["results"][0]
    assert result["status"] == "conflict", result
    client = console("supa")
    page = client.get(f"/console/conflicts/{result['conflict_id']}").get_data(as_text=True)
    assert "Ngày hội ANTQ 2026" in page and "Ngày hội toàn dân 2026" in page
    post(
        client,
        f"/console/conflicts/{result['conflict_id']}/resolve",
        choice="merge",
        **{"field:place": "device"},
    )
    db.session.expire_all()
    event = db.session.get(Event, created["id"])
    assert (event.title, event.place) == ("Ngày hội ANTQ 2026", "Hội trường")
