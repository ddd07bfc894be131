"""Month plans, visits kept inside their plan's period, visits moved or cancelled; what the
inspector's phone pulls after each change.

Rule: a visit's day lies inside its plan's period (a month or a quarter), on scheduling and
on moving; a refused day writes nothing and the message names the period; a moved or
cancelled visit reaches the team at their next pull (a cancelled one with status
"cancelled", which the field app leaves out of its list).
"""

import html
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, InspectionPlan, User, Visit
from tests.console.util import post, world


def user_id(name):
    return db.session.execute(select(User.id).where(User.username == name)).scalar_one()


def new_plan(client, park_id, **period) -> InspectionPlan:
    response = post(client, "/console/plans", park=park_id, year="2026", title="KH", **period)
    assert response.status_code == 302
    return db.session.get(InspectionPlan, response.headers["Location"].rsplit("/", 1)[1])


def schedule(client, plan, ent, day):
    return post(
        client,
        f"/console/plans/{plan.id}/visits",
        enterprise=ent.id,
        date=day.isoformat(),
        team=[user_id("ins")],
    )


def flashed(client, plan) -> str:
    return html.unescape(client.get(f"/console/plans/{plan.id}").get_data(as_text=True))


def test_a_month_plan_takes_its_quarter_and_keeps_visits_in_its_month(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    plan = new_plan(client, w.a.id, quarter="1", month="11")
    assert (plan.month, plan.quarter) == (11, 4)  # the month decides
    assert schedule(client, plan, w.ent_a, date(2026, 11, 30)).status_code == 302
    for outside in (date(2026, 10, 31), date(2026, 12, 1), date(2027, 11, 15)):
        schedule(client, plan, w.ent_a, outside)
        page = flashed(client, plan)
        assert "01/11/2026" in page and "30/11/2026" in page
    assert [v.planned_date for v in db.session.scalars(select(Visit))] == [date(2026, 11, 30)]


@pytest.mark.parametrize("month", ["13", "-1"])
def test_a_month_out_of_range_makes_no_plan(app, make, api, console, month):
    w = world(make, api)
    client = console("sup")
    post(client, "/console/plans", park=w.a.id, year="2026", quarter="4", month=month)
    assert db.session.query(InspectionPlan).count() == 0


def test_a_quarter_plan_refuses_a_day_of_another_quarter(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    plan = new_plan(client, w.a.id, quarter="4")
    assert plan.month is None
    schedule(client, plan, w.ent_a, date(2026, 9, 30))
    assert "01/10/2026" in flashed(client, plan) and db.session.query(Visit).count() == 0
    assert schedule(client, plan, w.ent_a, date(2026, 12, 31)).status_code == 302
    assert db.session.query(Visit).count() == 1


def test_moved_and_cancelled_visits_reach_the_phone(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    plan = new_plan(client, w.a.id, quarter="4", month="12")
    schedule(client, plan, w.ent_a, date(2026, 12, 10))
    schedule(client, plan, w.ent_a, date(2026, 12, 11))
    first, second = db.session.scalars(select(Visit).order_by(Visit.planned_date)).all()
    inspector = api("ins")
    changes, cursor = inspector.pull_all()
    assert {c["id"] for c in changes if c["entity"] == "visit"} == {first.id, second.id}

    post(client, f"/console/visits/{first.id}/move", date="2027-01-02")  # outside: refused
    assert "31/12/2026" in flashed(client, plan)
    db.session.expire_all()
    assert db.session.get(Visit, first.id).planned_date == date(2026, 12, 10)
    post(client, f"/console/visits/{first.id}/move", date="2026-12-20")
    post(client, f"/console/visits/{second.id}/cancel")
    changes, cursor = inspector.pull_all(cursor)
    pulled = {c["id"]: c["data"] for c in changes if c["entity"] == "visit"}
    assert pulled[first.id]["planned_date"] == "2026-12-20"
    assert pulled[first.id]["status"] == "planned"
    assert pulled[second.id]["status"] == "cancelled"  # the field app drops it from its list

    post(client, f"/console/visits/{second.id}/move", date="2026-12-21")  # cancelled: refused
    db.session.expire_all()
    assert db.session.get(Visit, second.id).planned_date == date(2026, 12, 11)
    changes, _ = inspector.pull_all(cursor)
    assert [c for c in changes if c["entity"] == "visit"] == []  # nothing new to pull
    actions = [a.action for a in db.session.scalars(select(AuditLog))]
    assert actions.count("visit_moved") == 1 and actions.count("visit_cancelled") == 1
    page = flashed(client, plan)
    assert page.count('class="badge cancelled"') == 1


def test_another_parks_supervisor_cannot_move_or_cancel(app, make, api, console):
    w = world(make, api)
    plan = new_plan(console("sup"), w.a.id, quarter="4")
    schedule(console("sup"), plan, w.ent_a, date(2026, 12, 10))
    visit = db.session.scalars(select(Visit)).one()
    make.user("supb", role="supervisor", parks=[w.b])
    make.commit()
    other = console("supb")
    assert post(other, f"/console/visits/{visit.id}/cancel").status_code == 404
    assert post(other, f"/console/visits/{visit.id}/move", date="2026-12-11").status_code == 404
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).status == "planned"
    assert db.session.get(Visit, visit.id).planned_date == date(2026, 12, 10)


def test_the_picker_searches_without_diacritics_and_shows_the_last_check(app, make, api, console):
    w = world(make, api)  # a check of ent_a submitted, started 20/11/2026
    client = console("sup")
    plan = new_plan(client, w.a.id, quarter="4")
    other = make.enterprise(w.a, name="Công ty Cổ phần Đông Á")
    other.search_key = "cong ty co phan dong a"
    make.commit()
    for query in ("que vo dien tu", "QUẾ VÕ", "Que Vo"):
        page = html.unescape(
            client.get(f"/console/plans/{plan.id}", query_string={"q": query}).text
        )
        options = page.split('id="visit-enterprise"')[1].split("</select>")[0]
        assert w.ent_a.name in options and other.name not in options, query
        assert "kiểm tra gần nhất 20/11/2026" in options
    page = html.unescape(client.get(f"/console/plans/{plan.id}?q=%25").text)
    assert w.ent_a.name not in page.split('id="visit-enterprise"')[1].split("</select>")[0]
    page = html.unescape(client.get(f"/console/plans/{plan.id}").text)
    options = page.split('id="visit-enterprise"')[1].split("</select>")[0]
    assert w.ent_a.name in options and f"{other.name} · chưa kiểm tra" in options
