"""A photo is fetched by scope: its uploader, or whoever sees a record that names it."""

import time

from app.access.permissions import can_see_photo
from app.extensions import db
from app.models import User
from tests.hardening.util import check_mutation, jpeg, sha, world


def _upload(phone) -> str:
    photo = jpeg()
    assert phone.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
    return sha(photo)


def _status(phone, photo: str) -> int:
    return phone.get(f"/api/attachments/{photo}").status_code


def test_check_photo_seen_by_its_park_not_by_another(make, api):
    w = world(make)
    make.user("insp2", role="inspector", parks=[w["park_a"]])
    make.user("sup_b", role="supervisor", parks=[w["park_b"]])
    make.commit()
    author = api("insp_b")
    photo = _upload(author)
    result = author.push(
        [check_mutation(make, w, photo, enterprise_id=w["ent_b"].id, status="submitted")]
    ).json["results"][0]
    assert result["status"] == "applied", result
    response = api("sup_b").get(f"/api/attachments/{photo}")
    assert response.status_code == 200 and response.data.startswith(b"\xff\xd8\xff")
    assert _status(api("admin"), photo) == 200
    # Park A's supervisor and inspector know the hash, yet get the same 404 as for no photo.
    response = api("sup").get(f"/api/attachments/{photo}")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"
    assert _status(api("insp"), photo) == 404
    assert _status(api("hr_b"), photo) == 404  # HR does not see checks, even of their firm


def test_inspector_of_the_park_gets_a_colleagues_check_photo(make, api):
    w = world(make)
    make.user("insp2", role="inspector", parks=[w["park_a"]])
    make.commit()
    author = api("insp2")
    photo = _upload(author)
    assert _status(api("insp"), photo) == 404  # named by nothing yet: only the uploader
    assert _status(author, photo) == 200
    result = author.push([check_mutation(make, w, photo)]).json["results"][0]
    assert result["status"] == "applied", result
    assert _status(api("insp"), photo) == 200
    assert _status(api("sup"), photo) == 200
    assert _status(api("insp_b"), photo) == 404


def test_hr_colleague_gets_the_event_photo(make, api):
    w = world(make)
    make.user("hr2", role="enterprise_hr", enterprise=w["ent_a"])
    sibling = make.enterprise(w["park_a"])
    make.user("hr_sibling", role="enterprise_hr", enterprise=sibling)
    make.commit()
    author = api("hr")
    photo = _upload(author)
    event = make.mutation(
        "event",
        {
            "enterprise_id": w["ent_a"].id,
            "title": "Ngày hội toàn dân bảo vệ ANTQ 2026",
            "date": "2026-08-19",
            "place": "Nhà ăn ca",
            "planned_participants": 300,
            "activities": [{"kind": "propaganda", "headcount": 300}],
            "status": "held",
            "photos": [photo],
        },
    )
    result = author.push([event]).json["results"][0]
    assert result["status"] == "applied", result
    assert _status(api("hr2"), photo) == 200
    assert _status(api("insp"), photo) == 200  # inspectors of the park pull its events
    assert _status(api("sup"), photo) == 200
    assert _status(api("hr_sibling"), photo) == 404  # another enterprise of the same park
    assert _status(api("hr_b"), photo) == 404
    assert _status(api("insp_b"), photo) == 404


def test_photo_rule_stays_fast_with_many_checks(app, make, api):
    """A park with 3,000 checks of other inspectors: a fetch is decided in milliseconds."""
    w = world(make)
    make.user("insp2", role="inspector", parks=[w["park_a"]])
    make.commit()
    others = api("insp2")
    batch = [check_mutation(make, w, _hash) for _hash in (f"{n:064x}" for n in range(3000))]
    for start in range(0, len(batch), 500):
        results = others.push(batch[start : start + 500]).json["results"]
        assert {r["status"] for r in results} == {"applied"}
    target = _upload(api("insp"))
    assert (
        api("insp").push([check_mutation(make, w, target)]).json["results"][0]["status"]
        == "applied"
    )
    users = w["users"]
    cases = [
        (users["sup"], target, users["insp"].id, True),  # through the author index
        (users["sup"], f"{2999:064x}", None, True),  # a scan of the scope
        (users["insp_b"], target, users["insp"].id, False),
    ]  # another park: no rows
    for user, photo, uploader, expected in cases:
        start = time.perf_counter()
        assert can_see_photo(db.session, user, photo, uploader) is expected
        elapsed = time.perf_counter() - start
        assert elapsed < 0.5, (user.username, photo[:8], uploader, elapsed)


def test_same_photo_uploaded_twice_at_once(make, api, monkeypatch):
    """The second of two simultaneous uploads finds the row written between its check and its
    insert: it answers 200 (already there), not 500, and one row remains."""
    from app.api import attachments
    from app.models import Attachment
    from tests.hardening.util import counts

    world(make)
    phone = api("insp")
    photo = jpeg()
    url = f"/api/attachments/{sha(photo)}"
    assert phone.put(url, data=photo).status_code == 201
    real_get = db.session.get
    monkeypatch.setattr(
        attachments.db.session,
        "get",
        lambda model, key, *a, **kw: (
            None if model is Attachment else real_get(model, key, *a, **kw)
        ),
    )
    response = phone.put(url, data=photo)  # as if it had checked before the first committed
    assert response.status_code == 200, response.data[:300]
    monkeypatch.undo()
    assert counts()["attachment"] == 1
    assert phone.get(url).data == photo


def test_a_photo_is_lost_with_the_park_that_held_it(make, api):
    """Issue 23, item 10: an inspector kept fetching their photo after losing the park."""
    w = world(make)
    make.user("insp2", role="inspector", parks=[w["park_a"]])
    make.commit()
    author = api("insp2")
    photo, kept = _upload(author), _upload(author)
    result = author.push([check_mutation(make, w, photo)]).json["results"][0]
    assert result["status"] == "applied", result
    assert _status(author, photo) == 200
    user = db.session.execute(db.select(User).where(User.username == "insp2")).scalar_one()
    user.parks = [w["park_b"]]  # the admin moves them to park B
    db.session.commit()
    assert _status(author, photo) == 404
    assert _status(author, kept) == 200  # in no record yet: still theirs to send
    assert _status(api("insp"), photo) == 200  # park A's inspectors still see it
