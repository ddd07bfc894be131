"""Record ids: UUIDv7 minted on the server, and every RFC 4122/9562 id a phone sends kept."""

import time
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.ids import Minter, new_id
from app.extensions import db
from app.models import Attendance, Check
from tests.api.util import results, setup_inspector

MAX_MS = (1 << 48) - 1


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # the CPU is shared
@given(st.lists(st.integers(min_value=0, max_value=MAX_MS), min_size=1, max_size=60))
def test_v7_ids_sort_in_the_order_they_were_made_whatever_the_clock_does(clock):
    """Each id is a version 7, RFC variant UUID no earlier than its clock reading, and every
    id sorts (as text, as the indexes sort them) after the one made before it."""
    minter = Minter()
    made = [minter.uuid7(ms) for ms in clock]
    for ms, made_id in zip(clock, made, strict=True):
        assert made_id.version == 7 and made_id.variant == uuid.RFC_4122
        assert made_id.int >> 80 >= ms
    texts = [str(u) for u in made]
    assert texts == sorted(texts) and len(set(texts)) == len(texts)


def test_thousands_of_ids_in_one_millisecond_stay_ordered_and_distinct():
    minter = Minter()
    texts = [str(minter.uuid7(1_796_000_000_000)) for _ in range(10_000)]
    assert texts == sorted(texts) and len(set(texts)) == 10_000


def test_server_made_ids_carry_the_current_time():
    made = uuid.UUID(new_id())
    assert made.version == 7
    assert abs((made.int >> 80) - time.time_ns() // 1_000_000) < 60_000


def _attendance(event_id: str) -> dict:
    return {
        "event_id": event_id,
        "name": "Nguyễn Thị Hoa",
        "employee_number": "NV001",
        "role": "worker",
        "method": "qr",
        "recorded_at": "2026-08-19T08:00:00+07:00",
    }


def test_v4_v5_and_v7_ids_are_all_accepted_and_pulled_back(api, make):
    """Phones of last year send v4 ids, attendance keeps its v5 ids, new phones send v7."""
    park, ent, tv, _ = setup_inspector(make)
    make.user("hr", role="enterprise_hr", enterprise=ent)
    event = make.event(ent)
    make.commit()
    v4, v7 = str(uuid.uuid4()), str(Minter().uuid7())
    v5 = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{event.id}|no:NV001"))
    checks = [make.mutation("check", make.check_data(tv, ent), rid) for rid in (v4, v7)]
    assert [r["status"] for r in results(api("insp").push(checks))] == ["applied"] * 2
    hr = api("hr")
    attendance = make.mutation("attendance", _attendance(event.id), v5)
    assert results(hr.push([attendance]))[0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Check, v4) and db.session.get(Check, v7)
    assert db.session.get(Attendance, v5)
    pulled = {c["id"] for c in api("insp").pull_all()[0] if c["entity"] == "check"}
    assert {v4, v7} <= pulled


def test_an_id_that_is_not_a_uuid_is_rejected_and_nothing_written(api, make):
    _, ent, tv, _ = setup_inspector(make)
    bad = make.mutation("check", make.check_data(tv, ent), "01a24e48-03b7-746f-af63-770b37c5a87")
    response = api("insp").push([bad])
    assert response.status_code in (200, 422)
    if response.status_code == 200:
        assert results(response)[0]["status"] == "rejected"
    db.session.expire_all()
    assert db.session.query(Check).count() == 0
