"""Events, attendance and gifts through push and pull, and who sees and changes what."""

import uuid

from app.extensions import db
from app.models import Attendance, Gift

# The PWA derives attendance ids the same way (pwa/js/hr/ids.js).
ATTENDANCE_NAMESPACE = uuid.UUID("3d8f5c2e-9b1a-4c7e-8f60-5a2b1c9d7e43")


def attendance_id(event_id: str, number: str) -> str:
    return str(uuid.uuid5(ATTENDANCE_NAMESPACE, f"{event_id}|no:{number.upper()}"))


def event_data(ent, **over):
    data = {
        "enterprise_id": ent.id,
        "title": "Ngày hội toàn dân bảo vệ ANTQ 2026",
        "date": "2026-08-19",
        "place": "Nhà ăn ca",
        "planned_participants": 300,
        "activities": [{"kind": "propaganda", "headcount": 300}, {"kind": "gifts"}],
        "status": "held",
    }
    data.update(over)
    return data


def attendee(event_id, number, name, role="worker", method="qr"):
    return {
        "event_id": event_id,
        "name": name,
        "employee_number": number,
        "role": role,
        "method": method,
        "recorded_at": "2026-08-19T08:05:00+07:00",
    }


def by_entity(changes, entity):
    return [c for c in changes if c["entity"] == entity]


def push_festival(api, make, world):
    """hr1 pushes an event, two attendees and a gift; return the event id."""
    event_id = str(uuid.uuid4())
    hr = api("hr1")
    results = hr.push(
        [
            make.mutation("event", event_data(world.ent), record_id=event_id),
            make.mutation(
                "attendance",
                attendee(event_id, "NV001", "Nguyễn Thị Hoa"),
                record_id=attendance_id(event_id, "NV001"),
            ),
            make.mutation(
                "attendance",
                attendee(event_id, "NV002", "Trần Văn Đức", "guard"),
                record_id=attendance_id(event_id, "NV002"),
            ),
            make.mutation(
                "gift",
                {
                    "event_id": event_id,
                    "recipient_name": "Trần Văn Đức",
                    "employee_number": "NV002",
                    "value_vnd": 500000,
                    "reason": "Bảo vệ xuất sắc",
                },
            ),
        ]
    ).json["results"]
    assert [r["status"] for r in results] == ["applied"] * 4, results
    return event_id


def test_hr_pushes_and_pulls_own_festival(api, make, world):
    event_id = push_festival(api, make, world)
    changes, _ = api("hr1").pull_all()
    assert [c["id"] for c in by_entity(changes, "event")] == [event_id]
    assert len(by_entity(changes, "attendance")) == 2
    gift = by_entity(changes, "gift")[0]["data"]
    assert gift["value_vnd"] == 500000 and gift["flagged"] is False


def test_other_enterprise_hr_gets_nothing_and_changes_nothing(api, make, world):
    event_id = push_festival(api, make, world)
    hr2 = api("hr2")
    changes, _ = hr2.pull_all()
    for entity in ("event", "attendance", "gift", "roster_person"):
        assert by_entity(changes, entity) == []
    results = hr2.push(
        [
            make.mutation("attendance", attendee(event_id, "NV009", "Lê Văn Sơn")),
            make.mutation("event", event_data(world.ent)),
            make.mutation("gift", {"event_id": event_id, "recipient_name": "X", "value_vnd": 1}),
        ]
    ).json["results"]
    assert [r["status"] for r in results] == ["rejected"] * 3
    assert db.session.query(Attendance).count() == 2


def test_inspector_pulls_events_of_own_parks_but_no_attendance(api, make, world):
    event_id = push_festival(api, make, world)
    changes, _ = api("insp1").pull_all()
    assert [c["id"] for c in by_entity(changes, "event")] == [event_id]
    assert by_entity(changes, "attendance") == [] and by_entity(changes, "gift") == []
    far, _ = api("insp2").pull_all()
    assert by_entity(far, "event") == []


def test_supervisor_pulls_events_read_only(api, make, world):
    event_id = push_festival(api, make, world)
    changes, _ = api("sup1").pull_all()
    assert [c["id"] for c in by_entity(changes, "event")] == [event_id]
    assert by_entity(api("sup2").pull_all()[0], "event") == []
    for user in ("sup1", "insp1"):
        result = api(user).push([make.mutation("event", event_data(world.ent))]).json["results"]
        assert result[0]["status"] == "rejected"


def test_two_phones_scanning_one_person_make_one_row(api, make, world):
    event_id = push_festival(api, make, world)
    phone_a, phone_b = api("hr1"), api("hr1")
    same_id = attendance_id(event_id, "NV003")
    for phone in (phone_a, phone_b):
        result = phone.push(
            [make.mutation("attendance", attendee(event_id, "nv003", "Phạm Hà"), record_id=same_id)]
        ).json["results"][0]
        assert result["status"] == "applied", result
    # a third phone that used a random id for the same person converges on the same row
    result = phone_b.push(
        [make.mutation("attendance", attendee(event_id, "NV003", "Phạm Hà", method="manual"))]
    )
    assert result.json["results"][0]["status"] == "applied"
    rows = db.session.query(Attendance).filter_by(event_id=event_id, deleted=False).all()
    assert len(rows) == 3
    row = next(r for r in rows if r.employee_number.upper() == "NV003")
    assert row.id == same_id and row.scan_count == 3


def test_repeated_gift_is_flagged_not_dropped(api, make, world):
    event_id = push_festival(api, make, world)
    result = (
        api("hr1")
        .push(
            [
                make.mutation(
                    "gift",
                    {
                        "event_id": event_id,
                        "recipient_name": "Trần Văn Đức",
                        "employee_number": "NV002",
                        "value_vnd": 500000,
                        "reason": "Bảo vệ xuất sắc",
                    },
                )
            ]
        )
        .json["results"][0]
    )
    assert result["status"] == "applied"
    gifts = db.session.query(Gift).filter_by(event_id=event_id).all()
    assert len(gifts) == 2 and sum(g.flagged for g in gifts) == 1
