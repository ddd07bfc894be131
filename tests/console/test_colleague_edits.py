"""Inspectors of a park share its unapproved checks: a colleague's write is allowed, and the
console's history says who made it (docs/design-decisions.md)."""

from sqlalchemy import select

from app.extensions import db
from app.models import Check, RecordRevision, User
from tests.console.util import world


def _user(name):
    return db.session.execute(select(User).where(User.username == name)).scalar_one()


def test_a_colleague_edits_and_deletes_a_draft_and_the_console_says_who(app, make, api, console):
    w = world(make, api)
    colleague = make.user("ins2", role="inspector", parks=[w.a])
    colleague.full_name = "Phạm Thị Colleague"
    make.commit()
    draft = make.check_data(w.tv, w.ent_a, notes="Bản nháp")
    created = make.mutation("check", draft)
    first = api("ins").push([created]).json["results"][0]
    edit = make.mutation(
        "check",
        dict(draft, notes="Đồng nghiệp sửa"),
        record_id=created["id"],
        base_version=first["version"],
    )
    edited = api("ins2").push([edit]).json["results"][0]
    assert edited["status"] == "applied"
    db.session.expire_all()
    check = db.session.get(Check, created["id"])
    assert check.author_id == _user("ins").id and check.data["notes"] == "Đồng nghiệp sửa"
    revision = db.session.execute(
        select(RecordRevision).where(
            RecordRevision.record_id == check.id, RecordRevision.version == check.version
        )
    ).scalar_one()
    assert revision.user_id == colleague.id
    page = console("sup").get(f"/console/checks/{check.id}").get_data(as_text=True)
    assert "Phạm Thị Colleague" in page
    assert "đã ghi" in page and "applied" not in page  # sync history in Vietnamese
    gone = (
        api("ins2")
        .push(
            [
                make.mutation(
                    "check", {}, record_id=check.id, op="delete", base_version=edited["version"]
                )
            ]
        )
        .json["results"][0]
    )
    assert gone["status"] == "applied"
    deletion = db.session.execute(
        select(RecordRevision).where(
            RecordRevision.record_id == check.id, RecordRevision.version == gone["version"]
        )
    ).scalar_one()
    assert deletion.user_id == colleague.id and deletion.data == {"_deleted": True}


def test_an_approved_check_is_nobodys_to_overwrite(app, make, api, console):
    w = world(make, api)
    make.user("ins2", role="inspector", parks=[w.a])
    make.commit()
    check = db.session.get(Check, w.check_a)
    check.status = "approved"
    db.session.commit()
    data = make.check_data(w.tv, w.ent_a, status="submitted", notes="Ghi đè")
    result = (
        api("ins2")
        .push([make.mutation("check", data, record_id=check.id, base_version=check.version)])
        .json["results"][0]
    )
    assert result["status"] == "conflict"
    db.session.expire_all()
    assert db.session.get(Check, w.check_a).data.get("notes") != "Ghi đè"
