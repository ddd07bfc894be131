"""A second gift to one person at one event is flagged whatever its reason says."""

from app.extensions import db
from app.models import Gift
from tests.festival.test_sync_scope import push_festival


def _gift(make, event_id, reason, number="NV002", name="Trần Văn Đức"):
    return make.mutation(
        "gift",
        {
            "event_id": event_id,
            "recipient_name": name,
            "employee_number": number,
            "value_vnd": 500000,
            "reason": reason,
        },
    )


def test_a_second_gift_with_another_or_no_reason_is_flagged(api, make, world):
    event_id = push_festival(api, make, world)  # NV002 already got one ("Bảo vệ xuất sắc")
    hr = api("hr1")
    results = hr.push(
        [
            _gift(make, event_id, "Thưởng thi tìm hiểu pháp luật"),
            _gift(make, event_id, ""),
            _gift(make, event_id, "", number="NV001", name="Nguyễn Thị Hoa"),
        ]
    ).json["results"]
    assert [r["status"] for r in results] == ["applied"] * 3
    db.session.expire_all()
    gifts = {g.id: g for g in db.session.query(Gift).filter_by(event_id=event_id)}
    first = next(g for g in gifts.values() if g.reason == "Bảo vệ xuất sắc")
    assert gifts[results[0]["id"]].flagged and gifts[results[0]["id"]].duplicate_of == first.id
    assert gifts[results[1]["id"]].flagged
    assert not gifts[results[2]["id"]].flagged  # another person's first gift
    assert not first.flagged
