"""A supervisor's closure of a corrective action survives later device edits of the check."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Check, Finding, User
from tests.console.util import post, world


def _close(console, w, note="Đã xây dựng phương án"):
    client = console("sup")
    assert post(client, f"/console/findings/{w.finding['id']}/close", note=note).status_code == 302
    return client


def _closure(w):
    db.session.expire_all()
    finding = db.session.get(Finding, w.finding["id"])
    return finding.closed_at, finding.closed_by_id, finding.closed_note


def _edit(make, w, notes, version, phone):
    data = make.check_data(w.tv, w.ent_a, status="submitted", findings=[w.finding], notes=notes)
    return phone.push(
        [make.mutation("check", data, record_id=w.check_a, base_version=version)]
    ).json["results"][0]


def _sup_id():
    return db.session.execute(select(User.id).where(User.username == "sup")).scalar_one()


def test_a_device_edit_after_the_closure_keeps_it(app, make, api, console):
    w = world(make, api)
    _close(console, w)
    closed = _closure(w)
    assert closed[0] is not None and closed[1] == _sup_id()
    phone = api("ins")
    version = db.session.get(Check, w.check_a).version  # the phone pulled the closure
    assert _edit(make, w, "Bổ sung ghi chú", version, phone)["status"] == "applied"
    assert db.session.get(Check, w.check_a).data["notes"] == "Bổ sung ghi chú"
    assert _closure(w) == closed


def test_a_stale_edit_merged_after_the_closure_keeps_it(app, make, api, console):
    w = world(make, api)
    before = db.session.get(Check, w.check_a).version  # the phone did not see the closure
    _close(console, w)
    closed = _closure(w)
    result = _edit(make, w, "Ghi chú ngoại tuyến", before, api("ins"))
    assert result["status"] in ("applied", "conflict"), result
    assert _closure(w) == closed


def test_keeping_the_devices_version_keeps_the_closure(app, make, api, console):
    w = world(make, api)
    version = db.session.get(Check, w.check_a).version
    assert _edit(make, w, "Máy 1", version, api("ins"))["status"] == "applied"
    conflict = _edit(make, w, "Máy 2", version, api("ins"))
    if conflict["status"] != "conflict":  # disjoint edits merge; make them collide
        conflict = _edit(make, w, "Máy 3", version, api("ins"))
    assert conflict["status"] == "conflict", conflict
    client = _close(console, w)
    closed = _closure(w)
    post(client, f"/console/conflicts/{conflict['conflict_id']}/resolve", choice="keep_device")
    db.session.expire_all()
    assert db.session.get(Check, w.check_a).data["notes"] in ("Máy 2", "Máy 3")
    assert _closure(w) == closed


NEW_ID = "6f7c1b8e-7c32-4f7a-9d4e-1b7c2d3e4f99"


@pytest.mark.parametrize("write", ["left_out", "new_id", "delete", "left_out_stale"])
def test_a_closed_finding_survives_any_later_device_write(app, make, api, console, write):
    """Issue 23, item 5: leaving it out, renaming it or deleting the check erased it."""
    w = world(make, api)
    _close(console, w)
    closed = _closure(w)
    phone = api("ins")
    version = db.session.get(Check, w.check_a).version
    if write == "delete":
        mutation = make.mutation("check", None, w.check_a, version, op="delete")
    else:
        findings = [] if write.startswith("left_out") else [{**w.finding, "id": NEW_ID}]
        data = make.check_data(w.tv, w.ent_a, status="submitted", findings=findings)
        stale = write == "left_out_stale"
        mutation = make.mutation("check", data, w.check_a, 1 if stale else version)
    result = phone.push([mutation]).json["results"][0]
    if write == "delete":
        assert result["status"] == "rejected" and result["errors"]["code"] == "forbidden"
    assert _closure(w) == closed
    db.session.expire_all()
    check = db.session.get(Check, w.check_a)
    assert not check.deleted
    if result["status"] == "applied":
        assert w.finding["id"] in {f["id"] for f in check.data["findings"]}  # pulled back


def test_a_draft_without_closures_can_still_be_deleted(app, make, api):
    w = world(make, api)
    phone = api("ins")
    draft = make.mutation("check", make.check_data(w.tv, w.ent_a))
    version = phone.push([draft]).json["results"][0]["version"]
    gone = phone.push([make.mutation("check", None, draft["id"], version, op="delete")])
    assert gone.json["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Check, draft["id"]).deleted
