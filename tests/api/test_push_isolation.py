"""Every mutation stands alone: a bad one is rejected alone and the rest of its batch lands."""

import uuid

from app.extensions import db
from app.models import Attendance, Check, Event, Finding, Gift
from tests.api.util import count, results, setup_inspector


def _finding(finding_id: str) -> dict:
    return {"id": finding_id, "item_code": "A.1", "severity": "high",
            "description": "Chưa có phương án"}


def test_nested_finding_id_of_another_check_is_rejected_alone(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    taken = str(uuid.uuid4())
    first = results(client.push([make.mutation(
        "check", make.check_data(tv, ent, findings=[_finding(taken)]))]))
    assert first[0]["status"] == "applied"
    good = make.mutation("check", make.check_data(tv, ent))
    thief = make.mutation("check", make.check_data(tv, ent, findings=[_finding(taken)]))
    out = results(client.push([good, thief]))
    assert [r["status"] for r in out] == ["applied", "rejected"]
    assert out[1]["errors"]["code"] == "nested_id_taken"
    assert out[1]["errors"]["message"]
    assert "findings" in out[1]["errors"]["fields"]
    assert count(Check) == 2
    assert db.session.get(Finding, taken).check_id == first[0]["id"]


def test_two_checks_of_one_batch_claiming_one_finding_id(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    shared = str(uuid.uuid4())
    one = make.mutation("check", make.check_data(tv, ent, findings=[_finding(shared)]))
    two = make.mutation("check", make.check_data(tv, ent, findings=[_finding(shared)]))
    twice = make.mutation("check", make.check_data(
        tv, ent, findings=[_finding(str(uuid.uuid4()))] * 2))
    out = results(client.push([one, two, twice]))
    assert [r["status"] for r in out] == ["applied", "rejected", "rejected"]
    assert {r["errors"]["code"] for r in out[1:]} == {"nested_id_taken"}
    assert count(Check) == 1 and count(Finding) == 1


def test_an_edit_of_a_check_keeps_its_own_findings(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    own = str(uuid.uuid4())
    data = make.check_data(tv, ent, findings=[_finding(own)])
    created = results(client.push([make.mutation("check", data)]))[0]
    data["notes"] = "Đã sửa"
    edit = make.mutation("check", data, created["id"], created["version"])
    out = results(client.push([edit]))[0]
    assert out["status"] == "applied", out
    assert db.session.get(Finding, own).check_id == created["id"]


GARBAGE = {"event_id": [None, None], "enterprise_id": {"a": 1}, "template_version_id": [1]}


def test_delete_with_garbage_data_is_answered_alone(api, make):
    park = make.park()
    ent = make.enterprise(park)
    make.user("hr", role="enterprise_hr", enterprise=ent)
    event = make.event(ent)
    make.commit()
    event_id = event.id
    hr = api("hr")
    attendance = {"event_id": event_id, "name": "Nguyễn Thị Hoa", "employee_number": "NV1",
                  "role": "worker", "method": "qr"}
    made = results(hr.push([make.mutation("attendance", attendance)]))[0]
    batch = [make.mutation("gift", GARBAGE, str(uuid.uuid4()), op="delete"),
             make.mutation("attendance", GARBAGE, made["id"], made["version"], op="delete"),
             make.mutation("event", GARBAGE, str(uuid.uuid4()), op="delete"),
             make.mutation("check", GARBAGE, str(uuid.uuid4()), op="delete"),
             make.mutation("attendance", dict(attendance, employee_number="NV2",
                                              name="Trần Văn Hùng"))]
    out = results(hr.push(batch))
    assert [r["status"] for r in out] == ["rejected", "applied", "rejected", "rejected",
                                          "applied"]
    assert count(Attendance, Attendance.deleted.is_(False)) == 1
    assert count(Event) == 1 and count(Gift) == 0


def test_lone_surrogate_is_a_field_error_of_that_mutation_alone(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    good = make.mutation("check", make.check_data(tv, ent))
    bad = [make.mutation("check", make.check_data(tv, ent, notes="a\udfffb")),
           make.mutation("check", make.check_data(
               tv, ent, answers={"A.1": {"value": "yes", "note": "\ud800"}})),
           make.mutation("check", make.check_data(tv, ent, notes="x\uffffy")),
           make.mutation("check", make.check_data(tv, ent, representative_name="\ufffe"))]
    out = results(client.push([bad[0], good, *bad[1:]]))
    assert [r["status"] for r in out] == ["rejected", "applied", "rejected", "rejected",
                                          "rejected"]
    assert out[0]["errors"]["fields"] == {"notes": [out[0]["errors"]["fields"]["notes"][0]]}
    assert count(Check) == 1
