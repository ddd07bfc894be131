"""A stale offline edit of a check another device deleted is a conflict, not a resurrection."""

from app.extensions import db
from app.models import Check, ConflictCopy
from tests.hardening.util import check_mutation, world


def test_a_stale_edit_does_not_bring_back_a_deleted_check(make, api):
    w = world(make)
    phone, other = api("insp"), api("insp")
    created = check_mutation(make, w)
    first = phone.push([created]).json["results"][0]
    deleted = other.push(
        [
            make.mutation(
                "check", {}, record_id=created["id"], op="delete", base_version=first["version"]
            )
        ]
    ).json["results"][0]
    assert deleted["status"] == "applied"
    edit = make.mutation(
        "check",
        dict(created["data"], notes="Sửa ngoại tuyến"),
        record_id=created["id"],
        base_version=first["version"],
    )
    result = phone.push([edit]).json["results"][0]
    assert result["status"] == "conflict", result
    db.session.expire_all()
    assert db.session.get(Check, created["id"]).deleted is True
    copy = db.session.get(ConflictCopy, result["conflict_id"])
    assert copy.device_data["notes"] == "Sửa ngoại tuyến"  # nothing typed is lost


def test_the_deleting_device_may_restore_from_the_deletion(make, api):
    w = world(make)
    phone = api("insp")
    created = check_mutation(make, w)
    first = phone.push([created]).json["results"][0]
    deleted = phone.push(
        [
            make.mutation(
                "check", {}, record_id=created["id"], op="delete", base_version=first["version"]
            )
        ]
    ).json["results"][0]
    again = make.mutation(
        "check", created["data"], record_id=created["id"], base_version=deleted["version"]
    )
    assert phone.push([again]).json["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Check, created["id"]).deleted is False
