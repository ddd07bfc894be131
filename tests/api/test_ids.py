"""Record ids: UUIDv7 minted on the server, attendance ids made from (event, person), and every
RFC 4122/9562 id a phone sends kept."""

import time
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.ids import ATTENDANCE_NAMESPACE, Minter, attendance_id, new_id
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


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=MAX_MS), min_size=2, max_size=8, unique=True),
    st.lists(st.text(min_size=1, max_size=20), min_size=2, max_size=20, unique=True),
)
def test_attendance_ids_are_one_per_person_and_sit_together_by_event(clock, people):
    """The same (event, person) gives the same id; each event's ids share its id's first 64
    bits (version digit 8), so the ids of events made one after another sort event by event."""
    events = [str(Minter().uuid7(ms)) for ms in sorted(clock)]
    made = [[attendance_id(event, f"no:{p}") for p in people] for event in events]
    assert made == [[attendance_id(event, f"no:{p}") for p in people] for event in events]
    for event, ids in zip(events, made, strict=True):
        assert len(set(ids)) == len(people)
        for text in ids:
            made_id = uuid.UUID(text)
            assert made_id.version == 8 and made_id.variant == uuid.RFC_4122
            assert text[:14] == event[:14] and text[15:18] == event[15:18]
            hashed = uuid.uuid5(ATTENDANCE_NAMESPACE, f"{event}|no:{people[ids.index(text)]}")
            assert made_id.bytes[9:] == hashed.bytes[9:]
    flat = [text for ids in made for text in ids]
    assert sorted(flat) == [text for ids in made for text in sorted(ids)]


def test_an_event_id_that_is_not_a_uuid_still_gives_one_id_per_person():
    assert attendance_id("e1", "no:NV-7") == attendance_id("e1", "no:NV-7")
    assert attendance_id("e1", "no:NV-7") != attendance_id("e1", "no:NV-8")
    assert uuid.UUID(attendance_id("e1", "no:NV-7")).version == 8


def _attendance(event_id: str) -> dict:
    return {
        "event_id": event_id,
        "name": "Nguyễn Thị Hoa",
        "employee_number": "NV001",
        "role": "worker",
        "method": "qr",
        "recorded_at": "2026-08-19T08:00:00+07:00",
    }


def test_v4_v5_v7_and_v8_ids_are_all_accepted_and_pulled_back(api, make):
    """Phones of last year send v4 ids and v5 attendance ids, new phones v7 and v8; a v5 and
    a v8 id for one person at one event make one row."""
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
    v8 = attendance_id(event.id, "no:NV001")
    again = make.mutation("attendance", _attendance(event.id), v8)
    assert results(hr.push([again]))[0]["status"] in ("applied", "duplicate")
    db.session.expire_all()
    assert db.session.get(Check, v4) and db.session.get(Check, v7)
    assert db.session.get(Attendance, v5)
    assert db.session.query(Attendance).count() == 1
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
