"""Dashboard figures of the seeded demo province against counts made straight from the tables.

The recount reads every row of the tables with a bare SELECT and counts in plain Python, by
the rules the dashboard states (app/reports/rules.py), for the province and for every park,
for a year, a quarter and a month. A few rows are changed after seeding so that each rule
that excludes something has something to exclude.
"""

from datetime import UTC, date, timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import Attendance, Check, Enterprise, Event, Finding, Gift, User
from app.reports import dashboard_figures, parse_period
from app.reports.periods import HANOI
from app.seed import seed_demo
from app.seed.checks import DEMO_TODAY
from app.sync.versioning import next_version

PERIODS = ("2026", "2026-Q3", "2026-08")
OWNERS = ("fdi", "private", "state")


def table(name: str) -> list[dict]:
    """Every row of a table, as dicts."""
    return [dict(r) for r in db.session.execute(select(db.metadata.tables[name])).mappings()]


def local_day(moment) -> date:
    """The Hanoi calendar day of a stored moment (SQLite gives naive UTC back)."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(HANOI).date()


def participants(event: dict, rows: int) -> int:
    """Attendance rows when any were logged, else the largest activity headcount."""
    if rows:
        return rows
    return max([a.get("headcount") or 0 for a in event["activities"] or []], default=0)


def recount(raw: dict, parks: set[str], key: str, today: date) -> dict:
    """Every dashboard figure recounted in Python from the raw rows."""
    period = parse_period(key)
    inside = lambda d: period.start <= d < period.end  # noqa: E731
    ents = {e["id"]: e for e in raw["enterprise"]}
    active = [
        e for e in ents.values() if e["active"] and not e["deleted"] and e["park_id"] in parks
    ]
    active_ids = {e["id"] for e in active}
    checks = [
        c
        for c in raw["inspection_check"]
        if not c["deleted"]
        and c["park_id"] in parks
        and c["status"] in ("submitted", "approved")
        and inside(local_day(c["started_at"]))
    ]
    check_ids = {c["id"] for c in checks}
    findings = [f for f in raw["finding"] if f["check_id"] in check_ids]
    sent = {c["id"] for c in raw["inspection_check"] if not c["deleted"] and c["status"] != "draft"}
    overdue = [
        f
        for f in raw["finding"]
        if f["park_id"] in parks
        and f["check_id"] in sent
        and f["closed_at"] is None
        and f["due_date"] < today
    ]
    staffed = [e for e in active if e["workforce"] > 0]
    guards = {e["id"]: e["guards_dedicated"] + e["guards_parttime"] for e in staffed}
    events = [
        e
        for e in raw["event"]
        if not e["deleted"]
        and e["park_id"] in parks
        and e["status"] in ("held", "reviewed")
        and inside(e["date"])
    ]
    event_ids = {e["id"] for e in events}
    rows: dict[str, int] = {}
    for a in raw["attendance"]:
        if not a["deleted"] and a["event_id"] in event_ids:
            rows[a["event_id"]] = rows.get(a["event_id"], 0) + 1
    gifts = [
        g
        for g in raw["gift"]
        if not g["deleted"] and not g["flagged"] and g["event_id"] in event_ids
    ]
    incidents = sum(
        v["value"]
        for c in checks
        for k, v in (c["data"]["answers"] or {}).items()
        if k.startswith("H.") and type(v.get("value")) is int
    )

    def bucket(owner_ents: list[dict], owner_events: list[dict]) -> dict:
        held = {e["enterprise_id"] for e in owner_events} & {e["id"] for e in owner_ents}
        people = sum(participants(e, rows.get(e["id"], 0)) for e in owner_events)
        workforce = sum(e["workforce"] for e in owner_ents)
        return {
            "enterprises": len(owner_ents),
            "workforce": workforce,
            "held": len(held),
            "events": len(owner_events),
            "participants": people,
            "attendance_rows": sum(rows.get(e["id"], 0) for e in owner_events),
            "share_held": len(held) / len(owner_ents) if owner_ents else None,
            "rate": people / workforce if workforce else None,
        }

    def owner_of(ev):
        return ents[ev["enterprise_id"]]["ownership"] if ev["enterprise_id"] else "park_wide"

    by_owner = {
        o: bucket(
            [e for e in active if e["ownership"] == o], [ev for ev in events if owner_of(ev) == o]
        )
        for o in (*OWNERS, "park_wide")
    }
    by_park = {
        p: bucket(
            [e for e in active if e["park_id"] == p], [ev for ev in events if ev["park_id"] == p]
        )
        for p in parks
    }
    kinds = {o: (o,) for o in (*OWNERS, "park_wide")} | {"domestic": ("private", "state")}
    cross = {
        (p, kind): bucket(
            [e for e in active if e["park_id"] == p and e["ownership"] in owners],
            [ev for ev in events if ev["park_id"] == p and owner_of(ev) in owners],
        )
        for p in parks
        for kind, owners in kinds.items()
    }
    by_category: dict[str, int] = {}
    for f in findings:
        by_category[f["category"]] = by_category.get(f["category"], 0) + 1
    return {
        "enterprises": len(active),
        "checked": len({c["enterprise_id"] for c in checks} & active_ids),
        "checked_by_park": {
            p: len({c["enterprise_id"] for c in checks if c["park_id"] == p} & active_ids)
            for p in parks
        },
        "done": len(checks),
        "with_findings": len({f["check_id"] for f in findings}),
        "findings": len(findings),
        "by_severity": {
            s: sum(1 for f in findings if f["severity"] == s)
            for s in ("low", "medium", "high", "critical")
        },
        "by_category": by_category,
        "overdue": len(overdue),
        "guards": sum(guards.values()),
        "guard_workforce": sum(e["workforce"] for e in staffed),
        "below": sum(1 for e in staffed if guards[e["id"]] * 1000 < 5 * e["workforce"]),
        "incidents": incidents,
        "festival": bucket(active, events),
        "by_owner": by_owner,
        "by_park": by_park,
        "cross": cross,
        "domestic": bucket(
            [e for e in active if e["ownership"] in ("private", "state")],
            [ev for ev in events if owner_of(ev) in ("private", "state")],
        ),
        "gifts": len(gifts),
        "gift_value": sum(g["value_vnd"] for g in gifts),
    }


def approx(value):
    return None if value is None else pytest.approx(value)


def same_bucket(got: dict, want: dict) -> None:
    for key in ("enterprises", "workforce", "held", "events", "participants", "attendance_rows"):
        assert got[key] == want[key], key
    assert got["share_held"] == approx(want["share_held"])
    assert got["rate"] == approx(want["rate"])


def compare(fig: dict, exp: dict, parks: set[str]) -> None:
    assert fig["enterprises"]["total"] == exp["enterprises"]
    assert fig["enterprises"]["checked"] == exp["checked"]
    assert {p["id"]: p["checked"] for p in fig["parks"]} == exp["checked_by_park"]
    checks = fig["checks"]
    assert checks["done"] == exp["done"]
    assert checks["with_findings"] == exp["with_findings"]
    assert checks["findings"] == exp["findings"]
    assert checks["by_severity"] == exp["by_severity"]
    assert {c["code"]: c["total"] for c in checks["by_category"]} == exp["by_category"]
    assert fig["overdue"]["count"] == exp["overdue"]
    guards = fig["guards"]
    assert (guards["guards"], guards["workforce"], guards["below_count"]) == (
        exp["guards"],
        exp["guard_workforce"],
        exp["below"],
    )
    assert guards["per_1000"] == approx(
        exp["guards"] * 1000 / exp["guard_workforce"] if exp["guard_workforce"] else None
    )
    assert fig["incidents"]["total"] == exp["incidents"]
    same_bucket(fig["festival"]["total"], exp["festival"])
    for owner, want in exp["by_owner"].items():
        same_bucket(fig["festival"]["by_ownership"][owner], want)
    same_bucket(fig["festival"]["domestic"], exp["domestic"])
    for (park_id, kind), want in exp["cross"].items():
        got = fig["festival"]["cross"].get(park_id)
        if got is None:  # a park with no active enterprise and no event
            assert want["enterprises"] == 0 and want["events"] == 0
        else:
            same_bucket(got[kind], want)
    for park_id in parks:
        got = fig["festival"]["by_park"].get(park_id)
        if got is None:  # a park with no active enterprise and no event
            assert exp["by_park"][park_id]["enterprises"] == 0
            assert exp["by_park"][park_id]["events"] == 0
        else:
            same_bucket(got, exp["by_park"][park_id])
    assert (fig["gifts"]["count"], fig["gifts"]["value"]) == (exp["gifts"], exp["gift_value"])


def _one(stmt):
    return db.session.execute(stmt.limit(1)).scalar_one()


def perturb() -> None:
    """Give each exclusion rule something to exclude (a deleted event, a closed enterprise...)."""
    august = (Event.date >= date(2026, 8, 1), Event.date < date(2026, 9, 1))
    held = select(Event.id).where(Event.status == "held", *august).order_by(Event.id)
    gone, no_list, other = db.session.execute(held.limit(3)).scalars().all()
    db.session.execute(update(Event).where(Event.id == gone).values(deleted=True))
    # An event logged with head counts only: its participants are its largest headcount.
    # Deleted as the server deletes (each row a new version), so the kept tally follows.
    for row_id in db.session.scalars(select(Attendance.id).where(Attendance.event_id == no_list)):
        db.session.execute(
            update(Attendance)
            .where(Attendance.id == row_id)
            .values(deleted=True, version=next_version())
        )
    db.session.execute(
        update(Gift)
        .where(
            Gift.id == _one(select(Gift.id).where(Gift.event_id == other, Gift.flagged.is_(False)))
        )
        .values(deleted=True)
    )
    # A closed enterprise that held an event and was checked: neither checked nor held.
    closed = _one(select(Event.enterprise_id).where(Event.id == other))
    db.session.execute(update(Enterprise).where(Enterprise.id == closed).values(active=False))
    # A deleted approved check (deleted as the server deletes: a new version, so the figures
    # kept per check follow), and an overdue finding of a draft check: neither counts.
    db.session.execute(
        update(Check)
        .where(
            Check.id
            == _one(
                select(Check.id)
                .where(Check.status == "approved", Check.finding_count > 0)
                .order_by(Check.started_at.desc())
            )
        )
        .values(deleted=True, version=next_version())
    )
    draft = _one(select(Check.id).where(Check.status == "draft", Check.finding_count > 0))
    db.session.execute(
        update(Finding)
        .where(Finding.check_id == draft)
        .values(due_date=DEMO_TODAY - timedelta(days=3), closed_at=None)
    )
    db.session.commit()


def test_seeded_dashboard_matches_the_tables(app):
    seed_demo(small=True)
    db.session.commit()
    perturb()
    raw = {
        name: table(name)
        for name in ("enterprise", "inspection_check", "finding", "event", "attendance", "gift")
    }
    admin = db.session.execute(select(User).where(User.username == "admin")).scalar_one()
    park_ids = {p for p in (e["park_id"] for e in raw["enterprise"])}
    all_parks = set(db.session.execute(select(db.metadata.tables["park"].c.id)).scalars())
    for key in PERIODS:
        period = parse_period(key)
        exp = recount(raw, all_parks, key, DEMO_TODAY)
        compare(dashboard_figures(admin, None, period, today=DEMO_TODAY), exp, all_parks)
        for park_id in sorted(park_ids):
            exp = recount(raw, {park_id}, key, DEMO_TODAY)
            compare(dashboard_figures(admin, park_id, period, today=DEMO_TODAY), exp, {park_id})
    # The data exercise what they should: none of the figures above is trivially zero.
    year = recount(raw, all_parks, "2026", DEMO_TODAY)
    assert year["done"] and year["overdue"] and year["incidents"] and year["below"]
    assert all(year["by_owner"][o]["held"] for o in OWNERS)
    assert sum(1 for (_, kind), b in year["cross"].items() if kind == "domestic" and b["held"]) > 3
    assert year["gifts"] and year["festival"]["participants"] > year["festival"]["events"]
