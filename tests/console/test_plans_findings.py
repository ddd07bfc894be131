"""Inspection plans, visits reaching phones, corrective actions and re-inspections."""

import html
import re
from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Finding, InspectionPlan, User, Visit
from app.models.base import utcnow
from tests.console.util import post, push_check, world


def user_id(name):
    return db.session.execute(select(User.id).where(User.username == name)).scalar_one()


def make_plan(client, park_id):
    response = post(
        client, "/console/plans", park=park_id, year="2026", quarter="4", title="Kế hoạch quý IV"
    )
    assert response.status_code == 302
    return response.headers["Location"].rsplit("/", 1)[1]


def test_plan_visits_reach_the_inspector(app, make, api, console):
    w = world(make, api)
    inspector = api("ins")
    _, cursor = inspector.pull_all()
    client = console("sup")
    plan_id = make_plan(client, w.a.id)
    today = utcnow().date()
    for day in (today + timedelta(days=3), today - timedelta(days=3), today - timedelta(days=1)):
        response = post(
            client,
            f"/console/plans/{plan_id}/visits",
            enterprise=w.ent_a.id,
            date=day.isoformat(),
            team=[user_id("ins"), user_id("insb")],
        )
        assert response.status_code == 302
    visits = db.session.execute(select(Visit).order_by(Visit.planned_date)).scalars().all()
    assert len(visits) == 3 and all(v.team == [user_id("ins")] for v in visits)  # park A only
    changes, _ = inspector.pull_all(cursor)
    assert {c["id"] for c in changes if c["entity"] == "visit"} == {v.id for v in visits}
    # a check made for the oldest visit marks it done; the other past one is missed
    push_check(inspector, make, w.tv, w.ent_a, visit_id=visits[0].id)
    page = client.get(f"/console/plans/{plan_id}").get_data(as_text=True)
    assert page.count('class="badge done"') == 1
    assert page.count('class="badge missed"') == 1
    assert page.count('class="badge due"') == 1
    bad = post(
        client,
        f"/console/plans/{plan_id}/visits",
        enterprise=w.ent_b.id,
        date=today.isoformat(),
        team=[user_id("ins")],
    )
    assert bad.status_code == 302 and db.session.query(Visit).count() == 3


def test_plan_scope_and_roles(app, make, api, console):
    w = world(make, api)
    plan_b = make_plan(console("sup"), w.b.id)
    limited = console("supa")
    assert limited.get(f"/console/plans/{plan_b}").status_code == 404
    assert post(limited, "/console/plans", park=w.b.id, year="2026", quarter="1").status_code == 404
    assert plan_b not in limited.get("/console/plans").get_data(as_text=True)
    assert console("adm").get(f"/console/plans/{plan_b}").status_code == 200
    for name in ("ins", "hr"):
        assert console(name).get("/console/plans").status_code == 403
        assert console(name).get(f"/console/plans/{plan_b}").status_code == 403
    assert db.session.query(InspectionPlan).count() == 1


def overdue_finding(make, api, w):
    late = {
        "id": "0b8e7a8c-1111-4a2b-9c3d-5e6f7a8b9c0d",
        "severity": "critical",
        "description": "Bình chữa cháy hết hạn",
        "corrective_action": "Thay bình",
        "due_date": (date.today() - timedelta(days=10)).isoformat(),
    }
    push_check(api("ins"), make, w.tv, w.ent_a, findings=[late])
    return late["id"]


def test_findings_states_close_and_reinspect(app, make, api, console):
    w = world(make, api)
    late = overdue_finding(make, api, w)
    client = console("sup")
    overdue = client.get("/console/findings?state=overdue").get_data(as_text=True)
    assert "Bình chữa cháy hết hạn" in overdue and "Chưa có phương án ANTT" not in overdue
    assert "Chưa có phương án ANTT" in client.get("/console/findings").get_data(as_text=True)
    inspector = api("ins")
    _, cursor = inspector.pull_all()
    assert post(client, f"/console/findings/{late}/reinspect").status_code == 302
    visit = db.session.execute(select(Visit)).scalar_one()
    assert visit.reason == "reinspection" and visit.finding_id == late
    assert visit.team == [user_id("ins")]
    changes, cursor = inspector.pull_all(cursor)
    assert any(c["entity"] == "visit" and c["data"]["finding_id"] == late for c in changes)
    assert post(client, f"/console/findings/{late}/close", note=" ").status_code == 302
    assert db.session.get(Finding, late).closed_at is None
    post(client, f"/console/findings/{late}/close", note="Đã thay bình mới")
    db.session.expire_all()
    assert db.session.get(Finding, late).closed_note == "Đã thay bình mới"
    audit = db.session.execute(select(AuditLog).where(AuditLog.action == "finding_closed"))
    assert audit.scalar_one().reason == "Đã thay bình mới"
    closed = client.get("/console/findings?state=closed").get_data(as_text=True)
    assert "Bình chữa cháy hết hạn" in closed
    changes, _ = inspector.pull_all(cursor)
    sent = next(c for c in changes if c["entity"] == "check")
    assert sent["data"]["findings"][0]["closed_note"] == "Đã thay bình mới"


def test_findings_scope(app, make, api, console):
    w = world(make, api)
    finding_b = "7d1c2b3a-2222-4b5c-8d9e-0f1a2b3c4d5e"
    push_check(
        api("insb"),
        make,
        w.tv,
        w.ent_b,
        findings=[
            {
                "id": finding_b,
                "severity": "low",
                "description": "Thiếu biển báo Yên Phong",
                "corrective_action": "",
                "due_date": "2026-01-01",
            }
        ],
    )
    limited = console("supa")
    assert "Thiếu biển báo" not in limited.get("/console/findings?state=all").get_data(as_text=True)
    assert post(limited, f"/console/findings/{finding_b}/close", note="x").status_code == 404
    assert post(limited, f"/console/findings/{finding_b}/reinspect").status_code == 404
    assert "Thiếu biển báo" in console("sup").get("/console/findings?state=all").get_data(
        as_text=True
    )
    for name in ("ins", "hr"):
        assert console(name).get("/console/findings").status_code == 403


def test_a_draft_checks_finding_is_no_corrective_action_anywhere(app, make, api, console):
    w = world(make, api)
    late = overdue_finding(make, api, w)  # of a submitted check: overdue everywhere
    draft = {
        "id": "3c2b1a09-3333-4c5d-8e9f-0a1b2c3d4e5f",
        "severity": "high",
        "description": "Nháp: lối thoát hiểm bị chặn",
        "corrective_action": "Dọn lối",
        "due_date": (date.today() - timedelta(days=20)).isoformat(),
    }
    mutation = make.mutation("check", make.check_data(w.tv, w.ent_a, findings=[draft]))
    assert api("ins").push([mutation]).json["results"][0]["status"] == "applied"
    assert db.session.get(Finding, draft["id"]) is not None  # stored, but only a draft's note
    client = console("sup")
    home = client.get("/console/").get_data(as_text=True)
    assert re.search(r'href="/console/findings\?state=overdue"><strong>1</strong>', home)
    dashboard = client.get("/console/dashboard").get_data(as_text=True)
    tile = re.search(
        r'<a class="stat warn" href="([^"]+)"><span>[^<]+</span>'
        r"<strong>(\d+)</strong>",
        dashboard,
    )
    assert tile[2] == "1"
    # The tile's link lands on the overdue ones: the late one, not the merely open one.
    landed = client.get(html.unescape(tile[1])).get_data(as_text=True)
    assert "Bình chữa cháy hết hạn" in landed and "Chưa có phương án ANTT" not in landed
    for state in ("overdue", "open", "all"):
        page = client.get(f"/console/findings?state={state}").get_data(as_text=True)
        assert "lối thoát hiểm" not in page, state
    plan = client.get(f"/console/plans/{make_plan(client, w.a.id)}").get_data(as_text=True)
    assert "Bình chữa cháy hết hạn" in plan and "lối thoát hiểm" not in plan
    assert late != draft["id"]
