"""The demo seed: shape, logins, published templates, determinism."""

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import (
    Attendance,
    Check,
    Enterprise,
    Event,
    Finding,
    Park,
    RosterPerson,
    TemplateVersion,
    User,
    Visit,
)
from app.models.base import SyncedRecord
from app.seed import seed_demo
from app.seed.checks import DEMO_TODAY
from tests.conftest import make_config


def count(model, *where) -> int:
    return db.session.execute(select(func.count()).select_from(model).where(*where)).scalar()


def enterprise_fingerprint() -> list[tuple]:
    query = select(Enterprise.name, Enterprise.tax_code, Enterprise.workforce).order_by(
        Enterprise.tax_code
    )
    return [tuple(row) for row in db.session.execute(query)]


def test_small_seed_has_the_province_shape(app, api):
    summary = seed_demo(small=True)
    db.session.commit()
    assert "16 parks" in summary
    assert count(Park) == 16
    assert count(Park, Park.operating.is_(True)) == 12
    assert 100 <= count(Enterprise) <= 140
    assert count(TemplateVersion, TemplateVersion.status == "published") == 2
    assert count(Check) == 60
    for username in ("inspector", "hr", "supervisor", "admin"):
        assert api().login(username, "demo1234").status_code == 200, username
    hr = db.session.execute(select(User).where(User.username == "hr")).scalar_one()
    assert hr.enterprise.park.code == "QV1"
    assert count(RosterPerson, RosterPerson.enterprise_id == hr.enterprise_id) == 60


def test_pulls_of_the_demo_users_work(app, api):
    seed_demo(small=True)
    db.session.commit()
    changes, _ = api("inspector", "demo1234").pull_all(limit=1000)
    entities = {c["entity"] for c in changes}
    assert {"park", "enterprise", "template", "visit", "check"} <= entities
    changes, _ = api("hr", "demo1234").pull_all(limit=1000)
    assert {"event", "roster_person", "attendance"} <= {c["entity"] for c in changes}


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_full_seed_on_sqlite(app):
    seed_demo()
    db.session.commit()
    assert count(Park) == 16
    assert count(Enterprise) == 1200
    workforce = db.session.execute(select(func.sum(Enterprise.workforce))).scalar()
    assert workforce > 200_000
    fdi = count(Enterprise, Enterprise.ownership == "fdi")
    assert 0.55 < fdi / 1200 < 0.65
    assert count(Check) == 600
    assert count(Check, Check.status == "approved") > 300
    assert count(Check, Check.status == "draft") > 0
    assert count(Check, Check.status == "returned") > 0
    overdue = count(Finding, Finding.closed_at.is_(None), Finding.due_date < DEMO_TODAY)
    assert overdue > 0 and count(Finding, Finding.closed_at.is_not(None)) > 0
    inspector = db.session.execute(select(User).where(User.username == "inspector")).scalar()
    coming = db.session.execute(select(Visit).where(Visit.planned_date >= DEMO_TODAY)).scalars()
    assert any(inspector.id in visit.team for visit in coming)
    assert 600 <= count(Event) <= 800
    assert 40_000 <= count(Attendance) <= 80_000
    versions = set()
    for model in SyncedRecord.__subclasses__():
        versions.update(db.session.execute(select(model.version)).scalars())
    total = sum(count(model) for model in SyncedRecord.__subclasses__())
    assert len(versions) == total  # every synced row has its own version


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_seed_is_deterministic(app):
    seed_demo(small=True)
    db.session.commit()
    first = enterprise_fingerprint()
    other = create_app(make_config(SQLALCHEMY_DATABASE_URI="sqlite://"))
    with other.app_context():
        db.create_all()
        seed_demo(small=True)
        db.session.commit()
        second = enterprise_fingerprint()
        db.session.remove()
        db.engine.dispose()
    assert first == second and len(first) > 100
    assert len({tax for _name, tax, _w in first}) == len(first)
    assert all(len(tax) == 10 and tax.startswith("23") for _n, tax, _w in first)
