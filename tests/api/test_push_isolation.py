"""Every mutation stands alone: a bad one is rejected alone and the rest of its batch lands."""

import uuid

from app.extensions import db
from app.models import Attendance, Check, Event, Finding, Gift
from tests.api.util import count, results, setup_inspector


def _finding(finding_id: str) -> dict:
    return {
        "id": finding_id,
        "item_code": "A.1",
        "severity": "high",
        "description": "Chưa có phương án",
    }


def test_nested_finding_id_of_another_check_is_rejected_alone(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    taken = str(uuid.uuid4())
    first = results(
        client.push([make.mutation("check", make.check_data(tv, ent, findings=[_finding(taken)]))])
    )
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
    twice = make.mutation(
        "check", make.check_data(tv, ent, findings=[_finding(str(uuid.uuid4()))] * 2)
    )
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
    attendance = {
        "event_id": event_id,
        "name": "Nguyễn Thị Hoa",
        "employee_number": "NV1",
        "role": "worker",
        "method": "qr",
    }
    made = results(hr.push([make.mutation("attendance", attendance)]))[0]
    batch = [
        make.mutation("gift", GARBAGE, str(uuid.uuid4()), op="delete"),
        make.mutation("attendance", GARBAGE, made["id"], made["version"], op="delete"),
        make.mutation("event", GARBAGE, str(uuid.uuid4()), op="delete"),
        make.mutation("check", GARBAGE, str(uuid.uuid4()), op="delete"),
        make.mutation("attendance", dict(attendance, employee_number="NV2", name="Trần Văn Hùng")),
    ]
    out = results(hr.push(batch))
    assert [r["status"] for r in out] == ["rejected", "applied", "rejected", "rejected", "applied"]
    assert count(Attendance, Attendance.deleted.is_(False)) == 1
    assert count(Event) == 1 and count(Gift) == 0


def test_lone_surrogate_is_a_field_error_of_that_mutation_alone(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    good = make.mutation("check", make.check_data(tv, ent))
    bad = [
        make.mutation("check", make.check_data(tv, ent, notes="a\udfffb")),
        make.mutation(
            "check", make.check_data(tv, ent, answers={"A.1": {"value": "yes", "note": "\ud800"}})
        ),
        make.mutation("check", make.check_data(tv, ent, notes="x\uffffy")),
        make.mutation("check", make.check_data(tv, ent, representative_name="\ufffe")),
        make.mutation(
            "check",
            make.check_data(  # a custom field (an answer) too
                tv, ent, answers={"A.1": {"value": "có\x00"}}
            ),
        ),
    ]
    out = results(client.push([bad[0], good, *bad[1:]]))
    assert [r["status"] for r in out] == ["rejected", "applied"] + ["rejected"] * 4
    assert out[0]["errors"]["fields"] == {"notes": [out[0]["errors"]["fields"]["notes"][0]]}
    assert count(Check) == 1


def test_an_unexpected_failure_rejects_that_mutation_alone(api, make, monkeypatch, caplog):
    from app.sync.handlers import HANDLERS

    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    poison_notes = "poison"
    handler = HANDLERS["check"]
    build_row = handler.build_row

    def failing(ctx, data, raw, existing):
        if data["notes"] == poison_notes:
            raise RuntimeError("a bug in a handler")
        return build_row(ctx, data, raw, existing)

    monkeypatch.setattr(handler, "build_row", failing)
    batch = [make.mutation("check", make.check_data(tv, ent, notes=str(n))) for n in range(3)]
    batch.insert(1, make.mutation("check", make.check_data(tv, ent, notes=poison_notes)))
    response = client.post(
        "/api/sync/push",
        json={"client_id": client.client_id, "mutations": batch},
        headers={"X-Request-ID": "req-poison-1"},
    )
    out = results(response)
    assert [r["status"] for r in out] == ["applied", "rejected", "applied", "applied"]
    error = out[1]["errors"]
    assert error["code"] == "server_error" and error["message"]
    assert error["request_id"]
    assert "a bug in a handler" in caplog.text
    assert count(Check) == 3
    versions = sorted(r["version"] for r in out if r["status"] == "applied")
    assert versions == list(range(versions[0], versions[0] + 3))  # no gap where it failed
    again = results(client.push(batch))  # the failed one was not recorded: it runs again
    assert [r["status"] for r in again] == ["duplicate", "rejected", "duplicate", "duplicate"]


def test_a_failure_at_flush_rejects_that_mutation_alone(api, make, monkeypatch):
    """An IntegrityError raised by the database itself (here a finding id made to collide
    behind the ownership check's back)."""
    from app.sync import nested

    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    taken = str(uuid.uuid4())
    results(
        client.push([make.mutation("check", make.check_data(tv, ent, findings=[_finding(taken)]))])
    )
    monkeypatch.setattr(nested, "claim", lambda *args: None)
    batch = [
        make.mutation("check", make.check_data(tv, ent)),
        make.mutation("check", make.check_data(tv, ent, findings=[_finding(taken)])),
        make.mutation("check", make.check_data(tv, ent)),
    ]
    out = results(client.push(batch))
    assert [r["status"] for r in out] == ["applied", "rejected", "applied"]
    assert out[1]["errors"]["code"] == "server_error"
    assert count(Check) == 3 and count(Finding) == 1


def test_another_users_mutation_id_is_not_a_duplicate(api, make):
    park, ent, tv, _ = setup_inspector(make)
    make.user("other", parks=[park])
    make.commit()
    victim, attacker = api("insp"), api("other")
    mutation = make.mutation("check", make.check_data(tv, ent, notes="nạn nhân"))
    squat = dict(
        make.mutation("check", make.check_data(tv, ent, notes="kẻ gian")),
        mutation_id=mutation["mutation_id"],
    )
    assert results(attacker.push([squat]))[0]["status"] == "applied"
    out = results(victim.push([mutation]))[0]
    assert out["status"] == "applied" and out["id"] == mutation["id"]
    db.session.expire_all()
    assert db.session.get(Check, mutation["id"]).data["notes"] == "nạn nhân"
    assert results(victim.push([mutation]))[0]["status"] == "duplicate"


def test_a_lost_database_answers_503_with_retry_after(api, make, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from app.sync import push

    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")

    def gone(*args):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))

    monkeypatch.setattr(push, "_apply_batch", gone)
    response = client.push([make.mutation("check", make.check_data(tv, ent))])
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert response.json["error"]["code"] == "database_unavailable"
