"""A check marks a planned visit done only when it is a check of that visit's enterprise."""

from datetime import date

from sqlalchemy import select

from app.console.planning import schedule_visit, visit_states
from app.extensions import db
from app.models import Check, User, Visit
from tests.console.util import push_check, world

# The users' language (Vietnamese): "This visit is for another enterprise." and "Unknown visit."
OTHER_ENTERPRISE = "Chuyến kiểm tra này dành cho doanh nghiệp khác."
UNKNOWN = "Chuyến kiểm tra theo kế hoạch không xác định."


def _visit(w, enterprise):
    sup = db.session.execute(select(User).where(User.username == "sup")).scalar_one()
    park = w.a if enterprise is w.ent_a else w.b
    team = [
        u.id for u in db.session.execute(select(User).where(User.role == "inspector")).scalars()
    ]
    visit = schedule_visit(sup, park.id, enterprise.id, date(2026, 12, 1), team)
    db.session.commit()
    return visit


def _state(visit):
    return visit_states([db.session.get(Visit, visit.id)], date(2026, 12, 2))[visit.id]["state"]


def test_a_check_of_another_enterprise_cannot_mark_a_visit_done(app, make, api):
    w = world(make, api)
    other = make.enterprise(w.a, name="Công ty khác")
    make.commit()
    visit = _visit(w, w.ent_a)
    data = make.check_data(w.tv, other, status="submitted", visit_id=visit.id)
    mutation = make.mutation("check", data)
    result = api("ins").push([mutation]).json["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["fields"] == {"visit_id": [OTHER_ENTERPRISE]}
    assert _state(visit) == "missed"
    assert db.session.get(Check, mutation["id"]) is None


def test_a_visit_of_another_park_cannot_be_claimed(app, make, api):
    w = world(make, api)
    visit_b = _visit(w, w.ent_b)
    inspector = api("ins")  # park A only
    data = make.check_data(w.tv, w.ent_a, status="submitted", visit_id=visit_b.id)
    result = inspector.push([make.mutation("check", data)]).json["results"][0]
    assert result["status"] == "rejected" and "visit_id" in result["errors"]["fields"]
    assert result["errors"]["fields"] == {"visit_id": [UNKNOWN]}  # not "exists"
    assert _state(visit_b) == "missed"


def test_a_check_of_the_visit_still_marks_it_done(app, make, api):
    w = world(make, api)
    visit = _visit(w, w.ent_a)
    push_check(api("ins"), make, w.tv, w.ent_a, visit_id=visit.id)
    assert _state(visit) == "done"


def test_an_unknown_visit_is_rejected(app, make, api):
    w = world(make, api)
    data = make.check_data(
        w.tv, w.ent_a, status="submitted", visit_id="00000000-0000-4000-8000-000000000000"
    )
    result = api("ins").push([make.mutation("check", data)]).json["results"][0]
    assert result["status"] == "rejected" and "visit_id" in result["errors"]["fields"]
