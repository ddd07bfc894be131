"""The enterprise situation page: scope, and its figures recounted from the raw rows."""

import re
from collections import Counter

from sqlalchemy import func, select

from app.extensions import db
from app.models import Check, ChecklistTemplate, Enterprise, TemplateVersion
from app.seed import seed_demo
from app.seed.org import DEMO_PASSWORD
from tests.console.conftest import console_login
from tests.console.test_dashboard_seeded import local_day, participants, table
from tests.console.util import world


def fact(html: str, name: str) -> int:
    """The number shown in the data-fact cell (1.425 -> 1425)."""
    found = re.search(rf'data-fact="{name}">([\d.]+)<', html)
    assert found, name
    return int(found.group(1).replace(".", ""))


def test_a_park_supervisor_gets_404_for_another_parks_enterprise(app, make, api, console):
    w = world(make, api)
    supa, sup = console("supa"), console("sup")
    assert supa.get(f"/console/enterprises/{w.ent_a.id}").status_code == 200
    assert supa.get(f"/console/enterprises/{w.ent_b.id}").status_code == 404
    assert supa.get("/console/enterprises/no-such-id").status_code == 404
    assert sup.get(f"/console/enterprises/{w.ent_b.id}").status_code == 200
    page = supa.get(f"/console/enterprises/{w.ent_a.id}").get_data(as_text=True)
    assert w.finding["description"] in page  # the finding of its check, with its due date
    assert "20/12/2026" in page


def test_the_record_pages_link_to_the_enterprise(app, make, api, console):
    w = world(make, api)
    sup = console("sup")
    target = f"/console/enterprises/{w.ent_a.id}"
    for url in (f"/console/checks/{w.check_a}", "/console/review", "/console/findings"):
        assert target in sup.get(url).get_data(as_text=True), url


def supervisor(app):
    """The demo's province-wide supervisor, signed in to the console."""
    return console_login(app.test_client(), "supervisor", DEMO_PASSWORD)


def _busiest(kind: str = "check") -> Enterprise:
    """The seeded enterprise with the most sent checks of a template kind."""
    row = db.session.execute(
        select(Check.enterprise_id, func.count())
        .join(TemplateVersion)
        .join(ChecklistTemplate)
        .where(ChecklistTemplate.kind == kind, Check.status != "draft")
        .group_by(Check.enterprise_id)
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    return db.session.get(Enterprise, row[0])


def recount(ent_id: str) -> dict:
    """The page's figures counted in plain Python from every row of the tables."""
    ent = next(e for e in table("enterprise") if e["id"] == ent_id)
    kinds = {t["id"]: t["kind"] for t in table("checklist_template")}
    version_kind = {v["id"]: kinds[v["template_id"]] for v in table("template_version")}
    checks = [
        c
        for c in table("inspection_check")
        if c["enterprise_id"] == ent_id and not c["deleted"] and c["status"] != "draft"
    ]
    ids = {c["id"] for c in checks}
    findings = [f for f in table("finding") if f["check_id"] in ids]
    events = [e for e in table("event") if e["enterprise_id"] == ent_id and not e["deleted"]]
    rows = Counter(a["event_id"] for a in table("attendance") if not a["deleted"])
    incidents = sum(
        v["value"]
        for c in checks
        if version_kind[c["template_version_id"]] == "check"
        for k, v in (c["data"]["answers"] or {}).items()
        if k.startswith("H.") and type(v.get("value")) is int and v["value"] > 0
    )
    return {
        "workforce": ent["workforce"],
        "foreign": ent["foreign_workers"],
        "guards": ent["guards_dedicated"] + ent["guards_parttime"],
        "checks": sum(1 for c in checks if version_kind[c["template_version_id"]] == "check"),
        "findings": len(findings),
        "open": sum(1 for f in findings if f["closed_at"] is None),
        "incidents": incidents,
        "events": len(events),
        "participants": [participants(e, rows[e["id"]]) for e in events],
        "years": {
            local_day(c["started_at"]).year
            for c in checks
            if c["status"] in ("submitted", "approved")
            and version_kind[c["template_version_id"]] == "check"
        },
    }


def test_the_page_figures_match_the_raw_rows(app):
    seed_demo(small=True)
    db.session.commit()
    ent = _busiest()
    want = recount(ent.id)
    assert want["checks"] >= 2 and want["findings"]
    html = supervisor(app).get(f"/console/enterprises/{ent.id}?all=1").get_data(as_text=True)
    for name in (
        "workforce",
        "foreign",
        "guards",
        "checks",
        "findings",
        "open",
        "incidents",
        "events",
    ):
        assert fact(html, name) == want[name], name
    need = -(-want["workforce"] * 5 // 1000)  # the rule's 5 guards per 1,000, rounded up
    rule = re.search(r'data-fact="guard-rule">(.*?)</span>', html, re.S).group(1)
    assert f"{need:,}".replace(",", ".") in rule
    timeline = html.split('data-testid="timeline"')[1]
    assert timeline.count('data-kind="check"') == want["checks"]
    assert timeline.count('data-kind="finding"') == want["findings"]
    assert timeline.count('data-kind="event"') == want["events"]
    strip = html.split('data-testid="strip"')[1].split("</table>")[0]
    assert {int(y) for y in re.findall(r'data-year="(\d{4})"', strip)} == want["years"]


def test_survey_answers_show_on_the_page(app):
    seed_demo(small=True)
    db.session.commit()
    ent = _busiest("survey")
    html = supervisor(app).get(f"/console/enterprises/{ent.id}").get_data(as_text=True)
    assert 'data-kind="survey"' in html
    assert "Đơn vị cung cấp dịch vụ bảo vệ" in html


def test_the_queue_search_lists_matching_enterprises_in_scope(app, make, api, console):
    w = world(make, api)
    page = console("supa").get("/console/review?q=que+vo").get_data(as_text=True)
    assert f"/console/enterprises/{w.ent_a.id}" in page
    other = console("supa").get("/console/review?q=yen+phong").get_data(as_text=True)
    assert f"/console/enterprises/{w.ent_b.id}" not in other  # out of the supervisor's parks
