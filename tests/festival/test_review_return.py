"""A reviewed event keeps its figures; a returned event goes back to HR with the comment."""

import hashlib
from pathlib import Path

from app.extensions import db
from app.festival.figures import event_figures
from app.models import Attendance, AuditLog, Event, Gift, ReviewDecision, User
from tests.festival.test_sync_scope import attendance_id, attendee, by_entity, push_festival

PNG = (Path(__file__).resolve().parents[2] / "pwa" / "icons" / "icon-192.png").read_bytes()


def review(pages, event_id, decision="reviewed", comment="", user="sup1", **extra):
    sup = pages(user)
    return sup.post(
        f"/festival/events/{event_id}/review",
        data={"csrf_token": sup.csrf, "decision": decision, "comment": comment, **extra},
    )


def figures(event_id):
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    f = event_figures(event)
    return f["attendees"], dict(f["by_role"]), f["gifts"]["count"], f["gifts"]["value_vnd"]


def server_rows(event_id):
    db.session.expire_all()
    people = {
        (a.employee_number, a.role, a.deleted, a.scan_count)
        for a in db.session.query(Attendance).filter_by(event_id=event_id)
    }
    gifts = {
        (g.recipient_name, g.value_vnd, g.deleted)
        for g in db.session.query(Gift).filter_by(event_id=event_id)
    }
    return people, gifts


def test_child_writes_to_a_reviewed_event_are_refused_and_change_nothing(api, pages, make, world):
    event_id = push_festival(api, make, world)
    hr = api("hr1")
    changes, _ = hr.pull_all()
    gift = by_entity(changes, "gift")[0]
    nv1 = next(
        c for c in by_entity(changes, "attendance") if c["data"]["employee_number"] == "NV001"
    )
    assert review(pages, event_id).status_code == 302
    before_figures, before_rows = figures(event_id), server_rows(event_id)
    assert before_figures == (2, {"worker": 1, "guard": 1, "manager": 0, "official": 0}, 1, 500000)

    gift_data = {
        "event_id": event_id,
        "recipient_name": "Trần Văn Đức",
        "employee_number": "NV002",
        "value_vnd": 900000,
        "reason": "Sửa",
    }
    results = hr.push(
        [
            # new attendance, the same person scanned again on a second phone (converge), an edit
            make.mutation(
                "attendance",
                attendee(event_id, "NV050", "Lý Văn Mới"),
                record_id=attendance_id(event_id, "NV050"),
            ),
            make.mutation("attendance", attendee(event_id, "NV001", "Nguyễn Thị Hoa")),
            make.mutation(
                "attendance",
                attendee(event_id, "NV001", "Nguyễn Thị Hoa", "manager"),
                record_id=nv1["id"],
                base_version=nv1["version"],
            ),
            make.mutation(
                "attendance", None, record_id=nv1["id"], base_version=nv1["version"], op="delete"
            ),
            # a new gift, an edit of the gift, its delete
            make.mutation(
                "gift", {**gift_data, "recipient_name": "Ai Đó", "employee_number": "X1"}
            ),
            make.mutation("gift", gift_data, record_id=gift["id"], base_version=gift["version"]),
            make.mutation(
                "gift", None, record_id=gift["id"], base_version=gift["version"], op="delete"
            ),
        ]
    ).json["results"]
    assert [r["status"] for r in results] == ["rejected"] * 7, results
    for result in results:
        assert result["errors"]["code"] == "event_reviewed"
        # hr1 reads Vietnamese: the message says why, in the user's language
        assert "đã được xem xét" in result["errors"]["message"]
        assert "trả lại" in result["errors"]["fields"]["event_id"][0]
    assert figures(event_id) == before_figures
    assert server_rows(event_id) == before_rows

    # The supervisor returns the reviewed event: the phone's kept entries go through
    assert review(pages, event_id, "return", "Còn người đến muộn").status_code == 302
    again = hr.push(
        [
            make.mutation(
                "attendance",
                attendee(event_id, "NV050", "Lý Văn Mới"),
                record_id=attendance_id(event_id, "NV050"),
            )
        ]
    ).json["results"]
    assert again[0]["status"] == "applied"
    assert figures(event_id)[0] == 3


def test_supervisor_returns_an_event_with_a_comment_hr_fixes_it(api, pages, make, world):
    event_id = push_festival(api, make, world)
    assert review(pages, event_id, "return", "   ").status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event_id).status == "held"  # a return needs a comment
    assert db.session.query(ReviewDecision).count() == 0

    response = review(pages, event_id, "return", "Thiếu ảnh và danh sách bảo vệ")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/festival/events/{event_id}")
    db.session.expire_all()
    event = db.session.get(Event, event_id)
    assert event.status == "returned" and event.review_comment == "Thiếu ảnh và danh sách bảo vệ"
    decision = db.session.query(ReviewDecision).filter_by(record_id=event_id).one()
    assert decision.decision == "return" and decision.comment == event.review_comment
    log = db.session.query(AuditLog).filter_by(record_id=event_id).one()
    assert (log.action, log.reason, log.detail["from"], log.detail["to"]) == (
        "event_return",
        "Thiếu ảnh và danh sách bảo vệ",
        "held",
        "returned",
    )

    hr = api("hr1")
    pulled = next(c for c in by_entity(hr.pull_all()[0], "event") if c["id"] == event_id)
    assert pulled["data"]["status"] == "returned"
    assert pulled["data"]["review_comment"] == "Thiếu ảnh và danh sách bảo vệ"
    page = pages("hr1").get(f"/festival/events/{event_id}").get_data(as_text=True)
    assert "Thiếu ảnh và danh sách bảo vệ" in page

    # Unlocked: attendance goes in; an edit that keeps "returned" keeps it; held again
    data = {**pulled["data"]}
    for key in ("park_id", "reviewed_at", "receipt", "review_comment"):
        data.pop(key)
    results = hr.push(
        [
            make.mutation(
                "attendance",
                attendee(event_id, "NV007", "Vũ Thị Bảo"),
                record_id=attendance_id(event_id, "NV007"),
            ),
            make.mutation(
                "event",
                {**data, "notes": "Bổ sung"},
                record_id=event_id,
                base_version=pulled["version"],
            ),
        ]
    ).json["results"]
    assert [r["status"] for r in results] == ["applied", "applied"], results
    db.session.expire_all()
    assert db.session.get(Event, event_id).status == "returned"
    result = hr.push(
        [
            make.mutation(
                "event",
                {**data, "notes": "Bổ sung", "status": "held"},
                record_id=event_id,
                base_version=results[1]["version"],
            )
        ]
    )
    assert result.json["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Event, event_id).status == "held"
    assert figures(event_id)[0] == 3
    assert review(pages, event_id).status_code == 302
    db.session.expire_all()
    assert db.session.get(Event, event_id).status == "reviewed"


def test_a_phone_cannot_return_an_event_itself(api, make, world):
    from tests.festival.test_sync_scope import event_data

    result = api("hr1").push([make.mutation("event", event_data(world.ent, status="returned"))])
    assert result.json["results"][0]["status"] == "rejected"
    assert db.session.query(Event).count() == 0


def test_console_event_page_returns_with_comment_and_shows_photos(api, pages, make, world):
    hr = api("hr1")
    sha = hashlib.sha256(PNG).hexdigest()
    missing = hashlib.sha256(b"never uploaded").hexdigest()
    assert hr.put(f"/api/attachments/{sha}", data=PNG).status_code == 201
    event_id = push_festival(api, make, world)
    pulled = next(c for c in by_entity(hr.pull_all()[0], "event") if c["id"] == event_id)
    data = {
        k: v
        for k, v in pulled["data"].items()
        if k not in ("park_id", "reviewed_at", "receipt", "review_comment")
    }
    result = hr.push(
        [
            make.mutation(
                "event",
                {**data, "photos": [sha, missing]},
                record_id=event_id,
                base_version=pulled["version"],
            )
        ]
    )
    assert result.json["results"][0]["status"] == "applied"

    sup = pages("sup1")
    console = sup.get(f"/console/events/{event_id}").get_data(as_text=True)
    assert f'src="/api/attachments/{sha}"' in console
    assert 'id="return-event"' in console and f"/festival/events/{event_id}/review" in console
    festival = sup.get(f"/festival/events/{event_id}").get_data(as_text=True)
    assert f'src="/api/attachments/{sha}"' in festival
    assert f'title="{missing}"' in festival and "Chưa nhận được ảnh" in festival
    assert sup.get(f"/api/attachments/{sha}").data == PNG

    back = f"/console/events/{event_id}"
    response = review(pages, event_id, "return", "Ảnh mờ", next=back)
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    page = sup.get(back).get_data(as_text=True)
    assert "Ảnh mờ" in page and "Đã trả lại" in page
    # another park's supervisor may not return it
    assert review(pages, event_id, "return", "x", user="sup2").status_code in (403, 404)
    log = db.session.query(AuditLog).filter_by(record_id=event_id).one()
    assert (log.action, log.reason, log.detail["to"]) == ("event_return", "Ảnh mờ", "returned")
    assert db.session.get(User, log.user_id).username == "sup1"


def test_festival_menu_link_and_landing_after_login(app, make, world):
    from tests.festival.conftest import page_login

    sup = page_login(app.test_client(), "sup1")
    menu = sup.get("/console/").get_data(as_text=True)
    assert 'id="nav-festival"' in menu and 'href="/festival/"' in menu
    for username in ("hr1", "insp1"):
        for target in ("/console/login", "/console/login?next=/console/"):
            client = app.test_client()
            page = client.get("/console/login").get_data(as_text=True)
            token = page.split('name="csrf_token" value="')[1].split('"')[0]
            response = client.post(
                target, data={"username": username, "password": "pw", "csrf_token": token}
            )
            assert response.status_code == 302
            assert response.headers["Location"].endswith("/festival/"), target
            assert client.get(response.headers["Location"]).status_code == 200
    response = app.test_client()
    page = response.get("/console/login")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    landed = response.post(
        "/console/login", data={"username": "sup1", "password": "pw", "csrf_token": token}
    )
    assert landed.headers["Location"].endswith("/console/")


def test_guard_training_label(pages, make, world):
    event = make.event(world.ent)
    event.activities = [{"kind": "guard_training", "headcount": 12}]
    make.commit()
    page = pages("sup1").get(f"/festival/events/{event.id}").get_data(as_text=True)
    assert "Huấn luyện lực lượng bảo vệ" in page
    console = pages("sup1").get(f"/console/events/{event.id}").get_data(as_text=True)
    assert "Huấn luyện lực lượng bảo vệ" in console
