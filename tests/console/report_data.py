"""A small reporting dataset: two parks, checks, findings, events, attendance and gifts."""

import uuid
from datetime import UTC, date, datetime

from app.extensions import db
from app.models import Attendance, Check, Event, Finding, Gift
from app.seed.templates import ANTT_SECTIONS
from app.sync.versioning import stamp

TODAY = date(2026, 11, 23)


def add_check(tv, ent, author, when, status="approved", findings=(), answers=None) -> Check:
    """Insert a check with its finding rows; findings are (category, severity, due, closed)."""
    data = {"answers": answers or {}, "findings": [], "team": []}
    check = stamp(
        Check(
            template_version_id=tv.id,
            enterprise_id=ent.id,
            park_id=ent.park_id,
            author_id=author.id,
            status=status,
            started_at=when,
            data=data,
            finding_count=len(findings),
            submitted_at=when,
            receipt=f"R{when:%j}",
        )
    )
    db.session.add(check)
    db.session.flush()
    for category, severity, due, closed in findings:
        db.session.add(
            Finding(
                check_id=check.id,
                enterprise_id=ent.id,
                park_id=ent.park_id,
                item_code=f"{category}.1",
                category=category,
                severity=severity,
                description="Thiếu bình chữa cháy",
                corrective_action="Bổ sung",
                due_date=due,
                closed_at=closed,
            )
        )
    db.session.flush()
    return check


def add_event(ent, day, status="held", people=0, headcount=None, gifts=(), park=None) -> Event:
    """Insert an event with `people` attendance rows and gifts given as (value, flagged)."""
    activities = [{"kind": "propaganda", "headcount": headcount}] if headcount else []
    event = stamp(
        Event(
            enterprise_id=ent.id if ent else None,
            park_id=ent.park_id if ent else park.id,
            title="Ngày hội ANTQ",
            date=day,
            status=status,
            activities=activities,
        )
    )
    db.session.add(event)
    db.session.flush()
    for n in range(people):
        db.session.add(
            stamp(
                Attendance(
                    event_id=event.id,
                    enterprise_id=event.enterprise_id,
                    park_id=event.park_id,
                    person_key=f"k{n}",
                    name=f"Nguyễn Văn {n}",
                    employee_number=f"NV{n:04d}",
                    method="roster",
                )
            )
        )
    for n, (value, flagged) in enumerate(gifts):
        db.session.add(
            stamp(
                Gift(
                    event_id=event.id,
                    enterprise_id=event.enterprise_id,
                    park_id=event.park_id,
                    recipient_name=f"Trần Thị {n}",
                    value_vnd=value,
                    flagged=flagged,
                )
            )
        )
    db.session.flush()
    return event


def at(month: int, day: int) -> datetime:
    """A moment in 2026."""
    return datetime(2026, month, day, 3, 0, tzinfo=UTC)


def build(make) -> dict:
    """Park A (FDI, private, state, inactive) and park B (FDI); a year of records."""
    tv = make.template(sections=ANTT_SECTIONS)
    park_a, park_b = make.park(name="KCN Quế Võ"), make.park(name="KCN Tiên Sơn")
    fdi = make.enterprise(park_a, name="Công ty TNHH Samsung Điện tử", workforce=2000)
    fdi.guards_dedicated, fdi.guards_parttime = 8, 4  # 6 per 1,000: meets the rule
    private = make.enterprise(park_a, name="Công ty CP Đông Á", ownership="private", workforce=400)
    private.guards_dedicated = 1  # 2.5 per 1,000: below
    state = make.enterprise(park_a, name="Công ty Điện lực", ownership="state", workforce=100)
    closed = make.enterprise(park_a, name="Công ty đã giải thể", workforce=50)
    closed.active = False
    other = make.enterprise(park_b, name="Công ty Canon", workforce=3000)
    inspector = make.user("insp", parks=[park_a, park_b])
    incidents = {
        "H.1": {"value": 2},
        "H.2": {"value": 1},
        "H.3": {"value": "x"},
        "I.1": {"value": "yes"},
    }
    add_check(
        tv,
        fdi,
        inspector,
        at(3, 2),
        answers=incidents,
        findings=[("C", "high", date(2026, 4, 1), None), ("C", "low", date(2027, 1, 1), None)],
    )
    add_check(
        tv,
        fdi,
        inspector,
        at(6, 2),
        status="submitted",
        findings=[("B", "critical", date(2026, 7, 1), at(6, 30))],
    )
    add_check(
        tv,
        private,
        inspector,
        at(5, 5),
        answers={"H.1": {"value": 3}},
        findings=[("A", "medium", date(2026, 6, 1), None)],
    )
    add_check(
        tv,
        private,
        inspector,
        at(5, 6),
        status="draft",
        findings=[("A", "high", date(2026, 6, 1), None)],
    )
    add_check(tv, state, inspector, at(2, 1), status="returned")
    add_check(tv, state, inspector, at(1, 1).replace(year=2025))
    add_check(tv, state, inspector, at(10, 10), answers={"I.1": {"value": "yes"}})
    add_check(
        tv,
        other,
        inspector,
        at(8, 8),
        answers={"H.1": {"value": 5}, "I.1": {"value": "yes"}},
        findings=[("C", "high", date(2026, 9, 1), None)],
    )
    add_event(fdi, date(2026, 8, 19), people=30, gifts=[(500_000, False), (500_000, True)])
    add_event(fdi, date(2026, 9, 1), people=5)
    add_event(private, date(2026, 8, 20), headcount=120, gifts=[(300_000, False)])
    add_event(state, date(2026, 8, 21), status="planned", people=7)
    add_event(None, date(2026, 8, 22), people=12, park=park_a)
    add_event(other, date(2026, 8, 19), people=40, gifts=[(200_000, False)])
    add_event(other, date(2025, 8, 19), people=9)
    db.session.flush()
    return {
        "tv": tv,
        "park_a": park_a,
        "park_b": park_b,
        "fdi": fdi,
        "private": private,
        "state": state,
        "other": other,
        "inspector": inspector,
    }


def new_id() -> str:
    return str(uuid.uuid4())
