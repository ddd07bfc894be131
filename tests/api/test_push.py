"""Push: idempotence, conflicts, merges, rejections, scope, batch size, 401 mid-queue, receipts."""

import copy
from datetime import UTC, datetime

from sqlalchemy import select, update

from app.access.auth import set_password
from app.extensions import db
from app.models import (
    AppliedMutation,
    Attendance,
    Check,
    ConflictCopy,
    Event,
    Gift,
    RecordRevision,
)
from app.models.base import new_id
from app.sync.receipts import verify_receipt
from app.sync.versioning import stamp
from tests.api.util import count, results, setup_inspector


def _check(record_id) -> Check:
    db.session.expire_all()
    return db.session.get(Check, record_id)


def test_replaying_a_batch_three_times_applies_it_once(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    batch = [make.mutation("check", make.check_data(tv, ent)) for _ in range(3)]
    first = results(client.push(batch))
    assert [r["status"] for r in first] == ["applied"] * 3
    for _ in range(2):
        again = results(client.push(batch))
        assert [r["status"] for r in again] == ["duplicate"] * 3
        assert [(r["id"], r["version"]) for r in again] == [(r["id"], r["version"]) for r in first]
        assert all(r["first_status"] == "applied" for r in again)
    assert count(Check) == 3
    assert count(AppliedMutation) == 3
    assert count(RecordRevision) == 3


def _two_inspectors(make, api):
    park, ent, tv, _ = setup_inspector(make, "insp")
    make.user("insp2", parks=[park])
    make.commit()
    return ent, tv, api("insp"), api("insp2")


def test_conflicting_push_keeps_both_versions(api, make):
    ent, tv, one, two = _two_inspectors(make, api)
    data = make.check_data(tv, ent)
    created = results(one.push([make.mutation("check", data)]))[0]
    record_id, v1 = created["id"], created["version"]
    server_edit = copy.deepcopy(data)
    server_edit["answers"]["A.1"] = {"value": "no", "note": "Chưa có phương án"}
    assert (
        results(one.push([make.mutation("check", server_edit, record_id, v1)]))[0]["status"]
        == "applied"
    )
    before = _check(record_id)
    server_version, server_data = before.version, copy.deepcopy(before.data)

    device = copy.deepcopy(data)
    device["answers"]["A.1"] = {"value": "na"}
    result = results(two.push([make.mutation("check", device, record_id, v1)]))[0]
    assert result["status"] == "conflict"
    assert result["id"] == record_id and result["version"] == server_version
    after = _check(record_id)
    assert after.version == server_version and after.data == server_data
    copy_row = db.session.get(ConflictCopy, result["conflict_id"])
    assert copy_row.device_data["answers"]["A.1"] == {"value": "na"}
    assert copy_row.server_data["answers"]["A.1"]["value"] == "no"
    assert copy_row.status == "open" and copy_row.base_version == v1

    pulled, _ = two.pull_all()
    conflicts = [c for c in pulled if c["entity"] == "conflict"]
    assert [c["id"] for c in conflicts] == [result["conflict_id"]]
    assert conflicts[0]["data"]["record_id"] == record_id
    assert not [c for c in one.pull_all()[0] if c["entity"] == "conflict"]  # not the author


def test_disjoint_field_edits_merge(api, make):
    ent, tv, one, two = _two_inspectors(make, api)
    data = make.check_data(tv, ent)
    created = results(one.push([make.mutation("check", data)]))[0]
    record_id, v1 = created["id"], created["version"]
    edit_one = copy.deepcopy(data)
    edit_one["answers"]["A.1"] = {"value": "no"}
    edit_two = copy.deepcopy(data)
    edit_two["answers"]["A.2"] = {"value": 7}
    assert (
        results(one.push([make.mutation("check", edit_one, record_id, v1)]))[0]["status"]
        == "applied"
    )
    merged = results(two.push([make.mutation("check", edit_two, record_id, v1)]))[0]
    assert merged["status"] == "applied" and merged.get("merged") is True
    answers = _check(record_id).data["answers"]
    assert answers["A.1"]["value"] == "no" and answers["A.2"]["value"] == 7
    assert count(ConflictCopy) == 0


def test_a_bad_record_is_rejected_alone(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    bad_data = make.check_data(
        tv, ent, status="finished", findings=[{"id": "not-a-uuid", "severity": "huge"}]
    )
    del bad_data["started_at"]
    good1 = make.mutation("check", make.check_data(tv, ent))
    bad = make.mutation("check", bad_data)
    good2 = make.mutation("check", make.check_data(tv, ent))
    out = results(client.push([good1, bad, good2]))
    assert [r["status"] for r in out] == ["applied", "rejected", "applied"]
    fields = out[1]["errors"]["fields"]
    assert {"started_at", "status", "findings"} <= set(fields)
    assert out[1]["errors"]["code"] == "invalid" and out[1]["errors"]["message"]
    assert db.session.get(Check, bad["id"]) is None
    assert count(RecordRevision, RecordRevision.record_id == bad["id"]) == 0
    assert count(Check) == 2
    again = results(client.push([bad]))[0]  # marked processed: it never blocks the queue
    assert again["status"] == "duplicate" and again["first_status"] == "rejected"


def test_an_approved_check_is_never_overwritten(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    data = make.check_data(tv, ent, status="submitted")
    record_id = results(client.push([make.mutation("check", data)]))[0]["id"]
    check = _check(record_id)
    check.status = "approved"
    stamp(check)
    db.session.commit()
    approved_version = check.version
    device = make.check_data(tv, ent, notes="sửa sau khi duyệt")
    result = results(client.push([make.mutation("check", device, record_id, approved_version)]))[0]
    assert result["status"] == "conflict"
    after = _check(record_id)
    assert after.status == "approved" and after.version == approved_version
    assert after.data.get("notes", "") == ""
    copy_row = db.session.get(ConflictCopy, result["conflict_id"])
    assert copy_row.reason == "locked" and copy_row.device_data["notes"] == "sửa sau khi duyệt"


def test_delete_leaves_a_tombstone(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    created = results(client.push([make.mutation("check", make.check_data(tv, ent))]))[0]
    _, cursor = client.pull_all()
    gone = results(
        client.push([make.mutation("check", None, created["id"], created["version"], op="delete")])
    )[0]
    assert gone["status"] == "applied" and gone["version"] > created["version"]
    assert _check(created["id"]).deleted is True
    changes, _ = client.pull_all(cursor)
    assert [(c["entity"], c["id"], c["deleted"], c["data"]) for c in changes] == [
        ("check", created["id"], True, None)
    ]


def _two_enterprises(make, api):
    park = make.park()
    mine, theirs = make.enterprise(park), make.enterprise(park)
    make.user("hr1", role="enterprise_hr", enterprise=mine)
    make.user("hr2", role="enterprise_hr", enterprise=theirs)
    my_event, their_event = make.event(mine), make.event(theirs)
    make.commit()
    return mine, theirs, my_event, their_event


def _attendance(event_id, number="NV001", name="Nguyễn Thị Hoa"):
    return {
        "event_id": event_id,
        "name": name,
        "employee_number": number,
        "role": "worker",
        "method": "qr",
        "recorded_at": "2026-08-19T08:00:00+07:00",
    }


def test_hr_cannot_read_another_enterprises_records(api, make):
    mine, theirs, my_event, their_event = _two_enterprises(make, api)
    results(api("hr2").push([make.mutation("attendance", _attendance(their_event.id))]))
    changes, _ = api("hr1").pull_all()
    ids = {c["id"] for c in changes}
    assert my_event.id in ids and mine.id in ids
    assert their_event.id not in ids and theirs.id not in ids
    assert not [c for c in changes if c["entity"] in ("attendance", "gift")]


def test_hr_cannot_write_another_enterprises_records(api, make):
    mine, theirs, _, their_event = _two_enterprises(make, api)
    hr1 = api("hr1")
    event_data = {"enterprise_id": theirs.id, "title": "Ngày hội", "date": "2026-08-19"}
    takeover = dict(event_data, enterprise_id=mine.id)
    gift = {
        "event_id": their_event.id,
        "recipient_name": "Lê Văn Tám",
        "employee_number": "NV9",
        "value_vnd": 500000,
        "reason": "Bảo vệ giỏi",
    }
    out = results(
        hr1.push(
            [
                make.mutation("attendance", _attendance(their_event.id)),
                make.mutation("gift", gift),
                make.mutation("event", event_data),
                make.mutation("event", takeover, their_event.id, their_event.version),
            ]
        )
    )
    assert [r["status"] for r in out] == ["rejected"] * 4
    assert all(r["errors"]["code"] == "forbidden" for r in out)
    assert count(Attendance) == count(Gift) == 0
    assert count(Event) == 2
    db.session.expire_all()
    assert db.session.get(Event, their_event.id).enterprise_id == theirs.id


def test_inspector_cannot_push_outside_their_parks(api, make):
    _, _, tv, _ = setup_inspector(make)
    elsewhere = make.enterprise(make.park())
    make.commit()
    result = results(api("insp").push([make.mutation("check", make.check_data(tv, elsewhere))]))
    assert result[0]["status"] == "rejected" and result[0]["errors"]["code"] == "forbidden"
    assert count(Check) == 0


def test_oversized_batch_is_413_json(api, make):
    _, ent, tv, _ = setup_inspector(make)
    data = make.check_data(tv, ent)
    response = api("insp").push([make.mutation("check", data) for _ in range(501)])
    assert response.status_code == 413
    assert response.json["error"]["code"] == "batch_too_large"
    assert count(Check) == 0


def test_a_401_in_the_middle_of_the_queue_loses_nothing(api, make):
    _, ent, tv, user = setup_inspector(make)
    client = api("insp")
    batch1 = [make.mutation("check", make.check_data(tv, ent)) for _ in range(2)]
    batch2 = [make.mutation("check", make.check_data(tv, ent)) for _ in range(2)]
    assert [r["status"] for r in results(client.push(batch1))] == ["applied"] * 2
    set_password(user, "pw")  # the session expires (a password reset ends every session)
    db.session.commit()
    refused = client.push(batch2)
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthorized"
    assert count(Check) == 2 and count(AppliedMutation) == 2
    assert client.login("insp").status_code == 200
    assert [r["status"] for r in results(client.push(batch2))] == ["applied"] * 2
    assert [r["status"] for r in results(client.push(batch1 + batch2))] == ["duplicate"] * 4
    assert count(Check) == 4


def test_every_applied_result_has_a_verifiable_receipt(api, make):
    _, ent, tv, _ = setup_inspector(make)
    out = results(
        api("insp").push([make.mutation("check", make.check_data(tv, ent)) for _ in range(3)])
    )
    for result in out:
        checked = verify_receipt(result["id"], result["receipt"])
        assert checked is not None and checked["version"] == result["version"]
        assert _check(result["id"]).receipt == result["receipt"]
        code = result["receipt"]
        tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
        assert verify_receipt(result["id"], tampered) is None
        assert verify_receipt(out[0]["id"] if result is not out[0] else out[1]["id"], code) is None
    assert verify_receipt(out[0]["id"], "garbage") is None


def test_two_devices_scanning_one_worker_converge(api, make):
    park = make.park()
    ent = make.enterprise(park)
    make.user("hr1", role="enterprise_hr", enterprise=ent)
    make.user("hr2", role="enterprise_hr", enterprise=ent)
    event = make.event(ent)
    make.commit()
    first = results(api("hr1").push([make.mutation("attendance", _attendance(event.id))]))[0]
    second = results(
        api("hr2").push(
            [make.mutation("attendance", _attendance(event.id, " nv001 ", "Nguyễn Thị Hoa"))]
        )
    )[0]
    assert first["status"] == second["status"] == "applied"
    assert second["id"] == first["id"]
    rows = db.session.execute(select(Attendance)).scalars().all()
    assert len(rows) == 1 and rows[0].scan_count == 2


def test_a_second_gift_is_flagged_not_dropped(api, make):
    park = make.park()
    ent = make.enterprise(park)
    make.user("hr1", role="enterprise_hr", enterprise=ent)
    event = make.event(ent)
    make.commit()
    gift = {
        "event_id": event.id,
        "recipient_name": "Lê Văn Tám",
        "employee_number": "NV9",
        "value_vnd": 500000,
        "reason": "Bảo vệ giỏi",
    }
    client = api("hr1")
    first = results(client.push([make.mutation("gift", gift)]))[0]
    second = results(client.push([make.mutation("gift", dict(gift))]))[0]
    assert first["status"] == second["status"] == "applied"
    db.session.expire_all()
    flagged = db.session.get(Gift, second["id"])
    assert flagged.flagged is True and flagged.duplicate_of == first["id"]
    assert db.session.get(Gift, first["id"]).flagged is False
    assert count(Gift) == 2


def test_unknown_version_columns_untouched_by_failed_batch(api, make):
    """A push refused as a whole (bad envelope) writes nothing at all."""
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    response = client.post("/api/sync/push", json={"client_id": "nope", "mutations": "x"})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) >= {"client_id", "mutations"}
    assert count(AppliedMutation) == 0
    db.session.execute(update(Check).values(deleted=False))  # table exists and is empty


def test_same_attendance_id_from_two_phones_converges_and_an_edit_applies(api, make):
    park = make.park()
    ent = make.enterprise(park)
    make.user("hr1", role="enterprise_hr", enterprise=ent)
    make.user("hr2", role="enterprise_hr", enterprise=ent)
    event = make.event(ent)
    make.commit()
    record_id = new_id()  # a UUID5 of (event, person) on the phones: both use the same id
    first = results(
        api("hr1").push([make.mutation("attendance", _attendance(event.id), record_id)])
    )[0]
    second = results(
        api("hr2").push([make.mutation("attendance", _attendance(event.id), record_id)])
    )[0]
    assert first["status"] == second["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Attendance, record_id).scan_count == 2
    edit = dict(_attendance(event.id), role="guard")
    third = results(
        api("hr1").push([make.mutation("attendance", edit, record_id, second["version"])])
    )[0]
    assert third["status"] == "applied"
    db.session.expire_all()
    row = db.session.get(Attendance, record_id)
    assert row.role == "guard" and row.scan_count == 2 and count(Attendance) == 1


def test_times_keep_their_instant_on_every_database(api, make):
    _, ent, tv, _ = setup_inspector(make)
    data = make.check_data(tv, ent, started_at="2026-11-20T08:30:00+07:00")
    record_id = results(api("insp").push([make.mutation("check", data)]))[0]["id"]
    started = _check(record_id).started_at
    if started.tzinfo is None:  # SQLite gives back naive UTC
        started = started.replace(tzinfo=UTC)
    assert started == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
