"""The demo seed: shape, logins, published templates, determinism."""

import pytest
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import (
    Attendance,
    Check,
    ChecklistTemplate,
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


# Each topic the ANTT check must cover: words of its section title, Vietnamese and English.
ANTT_TOPICS = {
    "guard force": ("lực lượng bảo vệ", "guard force"),
    "ANTT plan": ("phương án bảo đảm an ninh trật tự", "plan"),
    "fire prevention": ("phòng cháy, chữa cháy", "fire prevention"),
    "labour law": ("pháp luật lao động", "labour law"),
    "foreign workers": ("lao động nước ngoài", "foreign workers"),
    "trade union": ("công đoàn", "trade union"),
    "environment": ("môi trường", "environment"),
    "incidents": ("vụ việc", "incidents"),
    "self-protection model": ("tự quản, tự phòng, tự bảo vệ", "self-protection"),
}


def published(code: str) -> TemplateVersion:
    query = (
        select(TemplateVersion)
        .join(ChecklistTemplate)
        .where(ChecklistTemplate.code == code, TemplateVersion.status == "published")
    )
    return db.session.execute(query).scalar_one()


def test_seeded_templates_cover_the_antt_topics_in_both_languages(app):
    seed_demo(small=True)
    db.session.commit()
    antt = published("antt_check")
    assert antt.template.kind == "check"
    assert antt.template.title_vi.startswith("Kiểm tra công tác bảo đảm an ninh trật tự")
    titles = [(s["title_vi"].lower(), s["title_en"].lower()) for s in antt.sections]
    for topic, (vi, en) in ANTT_TOPICS.items():
        assert any(vi in title_vi and en in title_en for title_vi, title_en in titles), topic
    items = [item for section in antt.sections for item in section["items"]]
    assert len(items) >= 30 and len({item["code"] for item in items}) == len(items)
    for item in items:
        assert item["text_vi"] and item["text_en"] and item["text_vi"] != item["text_en"], item
        assert item["text_en"].isascii(), item["text_en"]
    # Vietnamese with its diacritics, not folded to ASCII
    assert sum(not item["text_vi"].isascii() for item in items) >= 0.9 * len(items)
    texts_vi = " ".join(item["text_vi"] for item in items)
    for words in ("giấy phép lao động", "tạm trú", "đình công", "bỏ trốn", "PCCC"):
        assert words in texts_vi, words
    assert any(item["critical"] for item in items) and any(
        item["type"] == "number" for item in items
    )
    survey = published("service_survey")
    assert survey.template.kind == "survey" and survey.template.title_vi.startswith("Khảo sát")
    survey_titles = " ".join(s["title_en"].lower() for s in survey.sections)
    for service in ("security", "transport", "food", "housing", "health"):
        assert service in survey_titles, service


def synced_counts() -> dict[str, int]:
    counts = {model.__tablename__: count(model) for model in SyncedRecord.__subclasses__()}
    counts["user"] = count(User)
    return counts


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_full_seed_through_the_cli_once(app):
    """`flask seed-demo --if-empty` (what `make run` calls) seeds the province once."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "16 parks" in first.output
    db.session.expire_all()
    assert count(Park) == 16
    assert count(Park, Park.operating.is_(True)) == 12
    assert count(Enterprise) == 1200
    tax_codes = list(db.session.execute(select(Enterprise.tax_code)).scalars())
    assert all(len(tax) == 10 and tax.isdigit() for tax in tax_codes)
    assert len(set(tax_codes)) == 1200
    workforce = db.session.execute(select(func.sum(Enterprise.workforce))).scalar()
    assert workforce > 200_000
    ownership = dict(
        db.session.execute(
            select(Enterprise.ownership, func.count()).group_by(Enterprise.ownership)
        ).all()
    )
    assert set(ownership) == {"fdi", "private", "state"}
    assert 0.55 < ownership["fdi"] / 1200 < 0.65
    assert ownership["private"] > ownership["state"] > 0
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

    before = synced_counts()
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "not seeding" in again.output
    db.session.expire_all()
    assert synced_counts() == before


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
