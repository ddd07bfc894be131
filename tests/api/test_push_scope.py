"""Push by id into someone else's scope: refused, explained, and nothing in the database moves.

HR of enterprise B knows (or guesses) the ids of enterprise A's records; an inspector those of
a check in a park that is not theirs. Every attempt is rejected alone with the reason in the
user's language, and no row changes.
"""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Attendance,
    AuditLog,
    Check,
    ConflictCopy,
    Event,
    Gift,
    RecordRevision,
)
from tests.api.util import results

FORBIDDEN_VI = "Bạn không có quyền sửa bản ghi này."
NOT_FOUND_VI = "Không tìm thấy bản ghi."
WATCHED = (Event, Attendance, Gift, ConflictCopy, Check, RecordRevision, AuditLog)


def snapshot() -> dict:
    """Every row of the tables a push could touch, column by column."""
    db.session.expire_all()
    state = {}
    for model in WATCHED:
        columns = model.__table__.c
        rows = db.session.execute(select(*columns).order_by(columns.id)).all()
        state[model.__tablename__] = [tuple(row) for row in rows]
    return state


def _attendance(event_id, number="NV001", name="Nguyễn Thị Hoa"):
    return {
        "event_id": event_id,
        "name": name,
        "employee_number": number,
        "role": "worker",
        "method": "qr",
        "recorded_at": "2026-08-19T08:00:00+07:00",
    }


def _gift(event_id):
    return {
        "event_id": event_id,
        "recipient_name": "Lê Văn Tám",
        "employee_number": "NV9",
        "value_vnd": 500000,
        "reason": "Bảo vệ giỏi",
    }


def _event(enterprise_id, title="Ngày hội toàn dân bảo vệ ANTQ"):
    return {
        "enterprise_id": enterprise_id,
        "title": title,
        "date": "2026-08-19",
        "activities": [{"kind": "propaganda"}],
    }


@pytest.fixture
def two_enterprises(api, make):
    """Enterprises A and B in one park; A's HR has an event with attendance, a gift and a
    conflict copy; B's HR has an event of their own."""
    park = make.park()
    ent_a, ent_b = make.enterprise(park), make.enterprise(park)
    make.user("hr_a", role="enterprise_hr", enterprise=ent_a)
    make.user("hr_b", role="enterprise_hr", enterprise=ent_b)
    event_a, event_b = make.event(ent_a), make.event(ent_b)
    make.commit()
    event_a_id, base = event_a.id, event_a.version
    hr_a = api("hr_a")
    att, gift = results(
        hr_a.push(
            [
                make.mutation("attendance", _attendance(event_a.id)),
                make.mutation("gift", _gift(event_a.id)),
            ]
        )
    )
    edit = results(
        hr_a.push([make.mutation("event", _event(ent_a.id, "Ngày hội 2026"), event_a_id, base)])
    )[0]
    stale = results(
        hr_a.push([make.mutation("event", _event(ent_a.id, "Ngày hội (máy 2)"), event_a_id, base)])
    )[0]
    assert [r["status"] for r in (att, gift, edit, stale)] == ["applied"] * 3 + ["conflict"]
    return {
        "ent_a": ent_a.id,
        "ent_b": ent_b.id,
        "event_a": event_a.id,
        "event_a_version": edit["version"],
        "event_b": event_b.id,
        "attendance": att,
        "gift": gift,
        "conflict": stale["conflict_id"],
    }


def _refused(client, mutations) -> list[dict]:
    """Push as `client`; assert every mutation was rejected and the database did not move."""
    before = snapshot()
    out = results(client.push(mutations))
    assert [r["status"] for r in out] == ["rejected"] * len(mutations), out
    assert all(r["version"] is None and "receipt" not in r for r in out)
    assert snapshot() == before
    return out


def test_hr_of_b_cannot_delete_a_records(api, make, two_enterprises):
    world = two_enterprises
    out = _refused(
        api("hr_b"),
        [
            make.mutation("event", None, world["event_a"], world["event_a_version"], op="delete"),
            make.mutation(
                "attendance",
                None,
                world["attendance"]["id"],
                world["attendance"]["version"],
                op="delete",
            ),
            make.mutation("gift", None, world["gift"]["id"], world["gift"]["version"], op="delete"),
        ],
    )
    assert [r["errors"]["code"] for r in out] == ["forbidden"] * 3
    assert all(r["errors"]["message"] == FORBIDDEN_VI for r in out)
    assert out[0]["errors"]["fields"] == {"enterprise_id": ["Ngoài phạm vi phụ trách của bạn."]}


def test_hr_of_b_cannot_edit_a_records_by_id(api, make, two_enterprises):
    world = two_enterprises
    out = _refused(
        api("hr_b"),
        [
            make.mutation(
                "event",
                _event(world["ent_a"], "Sửa trộm"),
                world["event_a"],
                world["event_a_version"],
            ),
            make.mutation(
                "event",
                _event(world["ent_b"], "Chiếm sự kiện"),
                world["event_a"],
                world["event_a_version"],
            ),
            make.mutation(
                "attendance",
                dict(_attendance(world["event_a"]), role="guard"),
                world["attendance"]["id"],
                world["attendance"]["version"],
            ),
            make.mutation(
                "gift",
                dict(_gift(world["event_a"]), value_vnd=5_000_000),
                world["gift"]["id"],
                world["gift"]["version"],
            ),
        ],
    )
    assert [r["errors"]["code"] for r in out] == ["forbidden"] * 4
    assert all(r["errors"]["message"] == FORBIDDEN_VI for r in out)


def test_hr_of_b_cannot_pull_a_entry_into_their_own_event(api, make, two_enterprises):
    """Sending A's attendance or gift id with B's own event: still A's row, still refused."""
    world = two_enterprises
    out = _refused(
        api("hr_b"),
        [
            make.mutation(
                "attendance",
                _attendance(world["event_b"], "NV777", "Phạm Văn Mạnh"),
                world["attendance"]["id"],
                world["attendance"]["version"],
            ),
            make.mutation(
                "gift", _gift(world["event_b"]), world["gift"]["id"], world["gift"]["version"]
            ),
        ],
    )
    assert [r["errors"]["code"] for r in out] == ["forbidden"] * 2
    assert all(r["errors"]["message"] == FORBIDDEN_VI for r in out)


def test_hr_of_b_cannot_resolve_a_conflict_copy(api, make, two_enterprises):
    world = two_enterprises
    out = _refused(
        api("hr_b"),
        [
            make.mutation("conflict", {"resolution": "keep_device"}, world["conflict"]),
            make.mutation("conflict", {"resolution": "keep_server"}, world["conflict"]),
            make.mutation("conflict", None, world["conflict"], op="delete"),
        ],
    )
    assert [r["errors"]["code"] for r in out] == ["not_found"] * 3
    assert all(r["errors"]["message"] == NOT_FOUND_VI for r in out)
    conflict = db.session.get(ConflictCopy, world["conflict"])
    assert conflict.status == "open" and conflict.resolution is None
    assert db.session.get(Event, world["event_a"]).title == "Ngày hội 2026"  # A's, not the copy
    # A's own HR still can: the refusal was about who asked, not about the copy.
    mine = results(
        api("hr_a").push(
            [make.mutation("conflict", {"resolution": "keep_server"}, world["conflict"])]
        )
    )[0]
    assert mine["status"] == "applied"


def test_inspector_cannot_delete_a_check_outside_their_parks(api, make):
    mine, theirs = make.park(), make.park()
    ent, my_ent = make.enterprise(theirs), make.enterprise(mine)
    tv = make.template()
    make.user("insp_mine", parks=[mine])
    make.user("insp_theirs", parks=[theirs])
    make.commit()
    created = results(api("insp_theirs").push([make.mutation("check", make.check_data(tv, ent))]))
    check_id, version = created[0]["id"], created[0]["version"]
    out = _refused(
        api("insp_mine"),
        [
            make.mutation("check", None, check_id, version, op="delete"),
            make.mutation("check", make.check_data(tv, ent, notes="sửa trộm"), check_id, version),
            make.mutation("check", make.check_data(tv, my_ent), check_id, version),  # move it in
        ],
    )
    assert [r["errors"]["code"] for r in out] == ["forbidden"] * 3
    assert all(r["errors"]["message"] == FORBIDDEN_VI for r in out)
    row = db.session.get(Check, check_id)
    assert row.deleted is False and row.version == version
    gone = results(
        api("insp_theirs").push([make.mutation("check", None, check_id, version, op="delete")])
    )[0]
    assert gone["status"] == "applied"  # the owner's inspector may, so the id was right
