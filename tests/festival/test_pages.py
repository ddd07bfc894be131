"""Festival pages: the badge QR sheet, event figures, marking reviewed, page scope."""

import re
import urllib.parse
from datetime import date

from app.extensions import db
from app.festival.badges import badge_payload, parse_badge_payload
from app.festival.figures import event_figures
from app.models import Attendance, AuditLog, Event, Gift, ReviewDecision


def add_attendance(event, number, name, role="worker", deleted=False):
    row = Attendance(
        event_id=event.id,
        enterprise_id=event.enterprise_id,
        park_id=event.park_id,
        person_key=f"no:{number}",
        name=name,
        employee_number=number,
        role=role,
        method="qr",
        version=_version(),
        deleted=deleted,
    )
    db.session.add(row)


def add_gift(event, number, value, flagged=False):
    db.session.add(
        Gift(
            event_id=event.id,
            enterprise_id=event.enterprise_id,
            park_id=event.park_id,
            person_key=f"no:{number}",
            recipient_name=number,
            employee_number=number,
            value_vnd=value,
            flagged=flagged,
            version=_version(),
        )
    )


def _version():
    from app.sync.versioning import next_version

    return next_version()


def festival_event(make, world):
    """An event of the first enterprise with a known set of attendees and gifts."""
    event = make.event(world.ent)
    event.planned_participants = 10
    event.activities = [{"kind": "propaganda", "headcount": 300}, {"kind": "law_quiz"}]
    event.date = date.today()
    event.status = "held"
    roles = ["worker"] * 5 + ["guard"] * 2 + ["manager"]
    for i, role in enumerate(roles):
        add_attendance(event, f"NV{i:03d}", f"Người {i}", role)
    add_attendance(event, "NV099", "Đã xoá", deleted=True)
    add_gift(event, "NV000", 500000)
    add_gift(event, "NV001", 300000)
    add_gift(event, "NV000", 500000, flagged=True)
    make.commit()
    return event


def test_qr_sheet_has_one_code_per_person_and_vietnamese_names(pages, make, world):
    names = ["Nguyễn Thị Hoa", "Trần Văn Đức", "Lê Thị Ánh Tuyết"]
    for i, name in enumerate(names):
        make.roster_person(world.ent, f"NV{i:03d}", name)
    make.commit()
    response = pages("hr1").get(f"/festival/roster/{world.ent.id}/badges")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in names:
        assert name in html
    codes = re.findall(r'<img src="(data:image/svg\+xml[^"]+)"', html)
    assert len(codes) == len(names)
    svg = urllib.parse.unquote(codes[0].split(",", 1)[1])
    assert svg.startswith("<svg") or svg.startswith("<?xml")
    assert "<script" not in html and 'style="' not in html  # strict CSP
    assert parse_badge_payload(badge_payload(world.ent.id, "A|7")) == (world.ent.id, "A|7")
    # Another enterprise's roster answers as an unknown one does: ids are not told (issue 23).
    unknown = "00000000-0000-4000-8000-000000000000"
    for user in ("hr2", "insp1"):
        for path in ("", "/badges", "/import"):
            other = pages(user).get(f"/festival/roster/{world.ent.id}{path}")
            missing = pages(user).get(f"/festival/roster/{unknown}{path}")
            assert other.status_code == missing.status_code == 404, (user, path)


def test_qr_sheet_is_printed_in_runs(pages, make, world, monkeypatch):
    from app.festival import views

    monkeypatch.setattr(views, "BADGES_PER_PRINT", 2)
    for i in range(5):
        make.roster_person(world.ent, f"NV{i:03d}", f"Người {i}")
    make.commit()
    hr = pages("hr1")
    url = f"/festival/roster/{world.ent.id}/badges"
    counts = [
        len(
            re.findall(
                r'<img src="data:image/svg', hr.get(f"{url}?page={n}").get_data(as_text=True)
            )
        )
        for n in (1, 2, 3, 9)
    ]
    assert counts == [2, 2, 1, 1]


def test_figures_match_the_rows(make, world):
    event = festival_event(make, world)
    figures = event_figures(db.session.get(Event, event.id))
    rows = db.session.query(Attendance).filter_by(event_id=event.id, deleted=False).all()
    assert figures["attendees"] == len(rows) == 8
    assert figures["by_role"] == {"worker": 5, "guard": 2, "manager": 1, "official": 0}
    assert figures["planned"] == 10 and figures["share_of_planned"] == 0.8
    assert figures["workforce"] == 1200
    assert figures["largest_headcount"] == 300
    assert figures["gifts"] == {
        "count": 2,
        "value_vnd": 800000,
        "flagged_count": 1,
        "flagged_value_vnd": 500000,
    }


def test_event_page_shows_figures_to_scope_only(pages, make, world):
    event = festival_event(make, world)
    url = f"/festival/events/{event.id}"
    for user in ("hr1", "insp1", "sup1", "admin1"):
        response = pages(user).get(url)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, user
        assert re.search(r'id="fig-attendees">8<', html)
        assert "800.000" in html
    for user in ("hr2", "hr3", "insp2", "sup2"):
        assert pages(user).get(url).status_code == 404, user
    listing = pages("insp1").get("/festival/").get_data(as_text=True)
    assert event.title in listing
    assert event.title not in pages("hr2").get("/festival/").get_data(as_text=True)


def test_supervisor_marks_reviewed_with_audit_log(pages, make, world):
    event = festival_event(make, world)
    version = event.version
    url = f"/festival/events/{event.id}/review"
    insp = pages("insp1")
    assert insp.post(url, data={"csrf_token": insp.csrf}).status_code == 403
    hr = pages("hr1")
    assert hr.post(url, data={"csrf_token": hr.csrf}).status_code == 403
    sup = pages("sup1")
    assert sup.post(url, data={"csrf_token": "bad"}).status_code == 403
    assert 'action="' + url in sup.get(f"/festival/events/{event.id}").get_data(as_text=True)
    response = sup.post(url, data={"csrf_token": sup.csrf, "comment": "Đạt yêu cầu"})
    assert response.status_code == 302
    db.session.expire_all()
    event = db.session.get(Event, event.id)
    assert event.status == "reviewed" and event.reviewed_by_id and event.version > version
    decision = db.session.query(ReviewDecision).filter_by(record_id=event.id).one()
    assert decision.decision == "reviewed" and decision.comment == "Đạt yêu cầu"
    log = db.session.query(AuditLog).filter_by(record_id=event.id).one()
    assert log.action == "event_reviewed" and log.detail["from"] == "held"
    assert pages("sup2").post(url, data={"csrf_token": "x"}).status_code in (403, 404)


def test_planned_event_cannot_be_reviewed(pages, make, world):
    event = make.event(world.ent)
    make.commit()
    sup = pages("sup1")
    assert "/review" not in sup.get(f"/festival/events/{event.id}").get_data(as_text=True)
    sup.post(f"/festival/events/{event.id}/review", data={"csrf_token": sup.csrf})
    db.session.expire_all()
    assert db.session.get(Event, event.id).status == "planned"
    assert db.session.query(AuditLog).filter_by(record_id=event.id).count() == 0


def test_reviewed_event_reaches_hr_and_is_locked(pages, api, make, world):
    event = festival_event(make, world)
    sup = pages("sup1")
    sup.post(f"/festival/events/{event.id}/review", data={"csrf_token": sup.csrf})
    changes, _ = api("hr1").pull_all()
    pulled = next(c for c in changes if c["entity"] == "event" and c["id"] == event.id)
    assert pulled["data"]["status"] == "reviewed"
    data = {"enterprise_id": world.ent.id, "title": "Sửa", "date": "2026-08-19"}
    result = (
        api("hr1")
        .push([make.mutation("event", data, record_id=event.id, base_version=pulled["version"])])
        .json["results"][0]
    )
    assert result["status"] == "conflict"


def test_pages_need_login(client, world):
    response = client.get("/festival/")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]
