"""A stale attendance edit keeps its change (merged) or becomes a conflict: never dropped."""

import uuid

from app.extensions import db
from app.models import Attendance, ConflictCopy
from tests.festival.test_sync_scope import attendance_id, attendee, event_data


def _event_with_one_row(make, hr, world, number: str, name: str) -> tuple[str, str, dict]:
    """Push an event and one attendance row from `hr`; return the event, the row and its result."""
    event_id = str(uuid.uuid4())
    row_id = attendance_id(event_id, number)
    first = hr.push(
        [
            make.mutation("event", event_data(world.ent), record_id=event_id),
            make.mutation("attendance", attendee(event_id, number, name), record_id=row_id),
        ]
    ).json["results"][1]
    assert first["status"] == "applied", first
    return event_id, row_id, first


def test_a_stale_attendance_edit_is_kept(app, make, api, world):
    hr = api("hr1")
    event_id, row_id, first = _event_with_one_row(make, hr, world, "NV001", "Nguyễn Thị Hoa")
    # A second phone scans the same worker: the row's version moves on.
    scan = (
        api("hr1")
        .push(
            [
                make.mutation(
                    "attendance", attendee(event_id, "NV001", "Nguyễn Thị Hoa"), record_id=row_id
                )
            ]
        )
        .json["results"][0]
    )
    assert scan["status"] == "applied" and scan["version"] > first["version"]
    # The first phone, which did not pull, corrects the role from its old version.
    fix = attendee(event_id, "NV001", "Nguyễn Thị Hoa", role="guard")
    result = hr.push(
        [make.mutation("attendance", fix, record_id=row_id, base_version=first["version"])]
    ).json["results"][0]
    db.session.expire_all()
    row = db.session.get(Attendance, row_id)
    assert result["status"] == "applied" and result.get("merged"), result
    assert row.role == "guard" and row.scan_count == 2  # the change and the second scan


def test_a_stale_edit_of_the_same_field_is_a_conflict(app, make, api, world):
    hr, other = api("hr1"), api("hr1")
    event_id, row_id, first = _event_with_one_row(make, hr, world, "NV002", "Trần Văn Đức")
    for phone, role in ((other, "manager"), (hr, "guard")):
        result = phone.push(
            [
                make.mutation(
                    "attendance",
                    attendee(event_id, "NV002", "Trần Văn Đức", role=role),
                    record_id=row_id,
                    base_version=first["version"],
                )
            ]
        ).json["results"][0]
    assert result["status"] == "conflict", result
    db.session.expire_all()
    assert db.session.get(Attendance, row_id).role == "manager"
    assert db.session.get(ConflictCopy, result["conflict_id"]).device_data["role"] == "guard"


def test_a_stale_delete_of_attendance_is_a_conflict(app, make, api, world):
    """A phone deletes a row another phone changed since: kept, with the delete as a conflict."""
    hr = api("hr1")
    event_id, row_id, first = _event_with_one_row(make, hr, world, "NV003", "Lê Thị Mai")
    moved = (
        api("hr1")
        .push(
            [
                make.mutation(
                    "attendance",
                    attendee(event_id, "NV003", "Lê Thị Mai", role="guard"),
                    record_id=row_id,
                    base_version=first["version"],
                )
            ]
        )
        .json["results"][0]
    )
    assert moved["status"] == "applied"
    response = hr.push(
        [
            make.mutation(
                "attendance", {}, record_id=row_id, op="delete", base_version=first["version"]
            )
        ]
    )
    assert response.status_code == 200
    result = response.json["results"][0]
    assert result["status"] == "conflict", result
    db.session.expire_all()
    assert db.session.get(Attendance, row_id).deleted is False
    assert db.session.get(ConflictCopy, result["conflict_id"]).device_data == {"_deleted": True}


def test_an_edit_from_version_0_on_an_existing_row_is_a_conflict(app, make, api, world):
    """Issue 23, item 11: it was answered applied, merged, and the new role was dropped."""
    hr = api("hr1")
    event_id, row_id, first = _event_with_one_row(make, hr, world, "NV003", "Lê Thị Mai")
    edit = attendee(event_id, "NV003", "Lê Thị Mai", role="guard")
    result = api("hr1").push([make.mutation("attendance", edit, record_id=row_id)])
    result = result.json["results"][0]
    assert result["status"] == "conflict", result
    db.session.expire_all()
    assert db.session.get(ConflictCopy, result["conflict_id"]).device_data["role"] == "guard"
    assert db.session.get(Attendance, row_id).scan_count == 1  # not counted as a second scan
