"""Dashboard figures against counts computed straight from the rows, per scope."""

from datetime import UTC

from sqlalchemy import select

from app.extensions import db
from app.models import Attendance, Check, Enterprise, Event, Finding, Gift
from app.reports import dashboard_figures, parse_period
from tests.console.report_data import TODAY, add_check, at, build

YEAR = parse_period("2026")


def _in_year(moment) -> bool:
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return YEAR.start_at <= moment < YEAR.end_at


def _expected(park_ids: set[str]) -> dict:
    """Recount everything with plain Python over every row."""
    ents = [e for e in db.session.scalars(select(Enterprise)) if e.park_id in park_ids]
    active = [e for e in ents if e.active]
    checks = [
        c
        for c in db.session.scalars(select(Check))
        if c.park_id in park_ids
        and c.status in ("submitted", "approved")
        and _in_year(c.started_at)
    ]
    done_ids = {c.id for c in checks}
    findings = [f for f in db.session.scalars(select(Finding)) if f.check_id in done_ids]
    sent = {c.id for c in db.session.scalars(select(Check)) if c.status != "draft"}
    overdue = [
        f
        for f in db.session.scalars(select(Finding))
        if f.park_id in park_ids
        and f.check_id in sent
        and f.closed_at is None
        and f.due_date < TODAY
    ]
    events = [
        e
        for e in db.session.scalars(select(Event))
        if e.park_id in park_ids and e.status == "held" and YEAR.start <= e.date < YEAR.end
    ]
    event_ids = {e.id for e in events}
    rows = [a for a in db.session.scalars(select(Attendance)) if a.event_id in event_ids]
    gifts = [g for g in db.session.scalars(select(Gift)) if g.event_id in event_ids]
    incidents = sum(
        v["value"]
        for c in checks
        for k, v in c.data["answers"].items()
        if k.startswith("H.") and isinstance(v["value"], int)
    )
    return {
        "enterprises": len(active),
        "checked": len(
            {c.enterprise_id for c in checks if c.enterprise_id in {e.id for e in active}}
        ),
        "done": len(checks),
        "with_findings": sum(1 for c in checks if c.finding_count),
        "findings": len(findings),
        "high": sum(1 for f in findings if f.severity == "high"),
        "overdue": len(overdue),
        "events": len(events),
        "attendance": len(rows),
        "held": len({e.enterprise_id for e in events if e.enterprise_id}),
        "gifts": sum(1 for g in gifts if not g.flagged),
        "gift_value": sum(g.value_vnd for g in gifts if not g.flagged),
        "incidents": incidents,
        "workforce": sum(e.workforce for e in active),
    }


def _check(fig: dict, exp: dict, headcounts: int) -> None:
    assert fig["enterprises"]["total"] == exp["enterprises"]
    assert fig["enterprises"]["checked"] == exp["checked"]
    assert fig["checks"]["done"] == exp["done"]
    assert fig["checks"]["with_findings"] == exp["with_findings"]
    assert fig["checks"]["findings"] == exp["findings"]
    assert fig["checks"]["by_severity"]["high"] == exp["high"]
    assert fig["overdue"]["count"] == exp["overdue"]
    assert fig["incidents"]["total"] == exp["incidents"]
    fest = fig["festival"]["total"]
    assert fest["events"] == exp["events"]
    assert fest["attendance_rows"] == exp["attendance"]
    assert fest["participants"] == exp["attendance"] + headcounts
    assert fest["held"] == exp["held"]
    assert fest["workforce"] == exp["workforce"]
    assert fig["gifts"]["count"] == exp["gifts"]
    assert fig["gifts"]["value"] == exp["gift_value"]


def test_province_figures_match_the_rows(app, make):
    data = build(make)
    admin = make.user("boss", role="admin")
    fig = dashboard_figures(admin, None, YEAR, today=TODAY)
    exp = _expected({data["park_a"].id, data["park_b"].id})
    _check(fig, exp, headcounts=120)
    assert exp["checked"] == 4 and exp["overdue"] == 3 and exp["incidents"] == 11
    by_owner = fig["festival"]["by_ownership"]
    assert by_owner["fdi"]["held"] == 2 and by_owner["private"]["participants"] == 120
    assert by_owner["state"]["held"] == 0 and by_owner["park_wide"]["participants"] == 12
    assert fig["gifts"]["flagged_count"] == 1
    guards = fig["guards"]
    assert guards["rule_per_1000"] == 5
    assert {row["name"] for row in guards["below"]} >= {"Công ty CP Đông Á"}
    assert "Công ty TNHH Samsung Điện tử" not in {row["name"] for row in guards["below"]}


def test_supervisor_of_park_a_does_not_count_park_b(app, make):
    data = build(make)
    sup = make.user("sup", role="supervisor", parks=[data["park_a"]])
    fig = dashboard_figures(sup, None, YEAR, today=TODAY)
    _check(fig, _expected({data["park_a"].id}), headcounts=120)
    assert [p["id"] for p in fig["parks"]] == [data["park_a"].id]
    # Asking for park B through the filter still yields nothing of it.
    other = dashboard_figures(sup, data["park_b"].id, YEAR, today=TODAY)
    assert other["checks"]["done"] == 0 and other["enterprises"]["total"] == 0


def test_park_filter_and_quarter(app, make):
    data = build(make)
    admin = make.user("boss", role="admin")
    fig = dashboard_figures(admin, data["park_b"].id, YEAR, today=TODAY)
    _check(fig, _expected({data["park_b"].id}), headcounts=0)
    q2 = dashboard_figures(admin, None, parse_period("2026-Q2"), today=TODAY)
    assert q2["checks"]["done"] == 2  # the June (submitted) and May (approved) checks
    assert q2["festival"]["total"]["events"] == 0


def test_cached_figures_are_invalidated_by_any_write(app, make):
    data = build(make)
    admin = make.user("boss", role="admin")
    make.commit()
    app.config["REPORT_CACHE"] = True
    first = dashboard_figures(admin, None, YEAR, today=TODAY)
    assert dashboard_figures(admin, None, YEAR, today=TODAY) is first
    sup = make.user("supa", role="supervisor", parks=[data["park_a"]])
    make.commit()
    assert dashboard_figures(sup, None, YEAR, today=TODAY) is not first  # another scope
    add_check(data["tv"], data["other"], data["inspector"], at(11, 2))
    make.commit()
    second = dashboard_figures(admin, None, YEAR, today=TODAY)
    assert second is not first and second["checks"]["done"] == first["checks"]["done"] + 1
