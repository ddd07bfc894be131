"""A supervisor's closure of a corrective action survives later device edits of the check."""

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
