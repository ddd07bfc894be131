"""This quarter's inspection plans and visits: done, missed, cancelled and coming."""

import random
from datetime import UTC, date, datetime, timedelta

from app.seed import names
from app.seed.checks import DEMO_TODAY

QUARTER_START = date(2026, 10, 1)
QUARTER_END = date(2026, 12, 31)


def _team(check: dict) -> list[str]:
    return [m["user_id"] for m in check["data"]["team"] if m.get("user_id")]


def _visit(rng, plan, ent_id, park_id, day, team, status="planned", **extra) -> dict:
    row = {
        "id": names.rng_uuid(rng),
        "plan_id": plan["id"],
        "enterprise_id": ent_id,
        "park_id": park_id,
        "planned_date": day,
        "team": team,
        "reason": "routine",
        "finding_id": None,
        "check_id": None,
        "status": status,
        "note": "",
    }
    row.update(extra)
    return row


def build_plans(
    rng: random.Random, parks: list, enterprises: list, checks: list, findings: list, users: dict
) -> dict:
    """Plans per operating park for Q4 2026 and their visits; links this quarter's checks."""
    supervisor = users["supervisor"]
    plans, visits = [], []
    by_park: dict[str, list] = {}
    for ent in enterprises:
        by_park.setdefault(ent["park_id"], []).append(ent)
    inspectors = [u for u in users.values() if u.role == "inspector"]
    for park in parks:
        if not park["operating"]:
            continue
        plan = {
            "id": names.rng_uuid(rng),
            "park_id": park["id"],
            "year": 2026,
            "quarter": 4,
            "title": f"Kế hoạch kiểm tra ANTT quý IV/2026 - {park['name']}",
            "created_by_id": supervisor.id,
            "created_at": datetime(2026, 9, 25, 3, 0, tzinfo=UTC),
        }
        plans.append(plan)
        staff = [u.id for u in inspectors if any(p.id == park["id"] for p in u.parks)]
        for check in checks:
            day = check["started_at"].date()
            if (
                check["park_id"] == park["id"]
                and day >= QUARTER_START
                and check["status"] != "draft"
            ):
                visit = _visit(
                    rng,
                    plan,
                    check["enterprise_id"],
                    park["id"],
                    day,
                    _team(check),
                    "done",
                    check_id=check["id"],
                )
                check["visit_id"] = check["data"]["visit_id"] = visit["id"]
                visits.append(visit)
        pool = by_park[park["id"]]
        for _ in range(rng.randint(1, 3)):  # planned in the past and never done: missed
            day = QUARTER_START + timedelta(days=rng.randint(3, 45))
            visits.append(
                _visit(
                    rng,
                    plan,
                    rng.choice(pool)["id"],
                    park["id"],
                    day,
                    rng.sample(staff, min(2, len(staff))),
                )
            )
        visits.append(
            _visit(
                rng,
                plan,
                rng.choice(pool)["id"],
                park["id"],
                QUARTER_START + timedelta(days=rng.randint(5, 40)),
                staff[:1],
                "cancelled",
                note="Doanh nghiệp tạm dừng sản xuất, đề nghị lùi lịch kiểm tra.",
            )
        )
        for _ in range(rng.randint(4, 8)):
            day = DEMO_TODAY + timedelta(days=rng.randint(3, 35))
            visits.append(
                _visit(
                    rng,
                    plan,
                    rng.choice(pool)["id"],
                    park["id"],
                    day,
                    rng.sample(staff, min(2, len(staff))),
                )
            )
    visits.extend(_inspector_week(rng, plans, by_park, findings, users))
    return {"plans": plans, "visits": visits}


def _inspector_week(rng, plans, by_park, findings, users) -> list[dict]:
    """The demo inspector's next days: routine visits and re-inspections of overdue findings."""
    inspector, police = users["inspector"], users["police1"]
    team = [inspector.id, police.id]
    plan_of = {p["park_id"]: p for p in plans}
    park_ids = [p.id for p in inspector.parks]
    overdue = [
        f
        for f in findings
        if f["park_id"] in park_ids and f["closed_at"] is None and f["due_date"] < DEMO_TODAY
    ]
    overdue.sort(key=lambda f: (f["due_date"], f["id"]))
    visits = []
    days = [DEMO_TODAY + timedelta(days=n) for n in (0, 1, 2, 3, 4, 7, 8, 9)]
    for number, day in enumerate(days):
        if number % 3 == 2 and overdue:
            finding = overdue.pop(0)
            visits.append(
                _visit(
                    rng,
                    plan_of[finding["park_id"]],
                    finding["enterprise_id"],
                    finding["park_id"],
                    day,
                    team,
                    reason="reinspection",
                    finding_id=finding["id"],
                    note="Kiểm tra lại việc khắc phục tồn tại quá hạn.",
                )
            )
            continue
        for _ in range(2 if number < 5 else 1):
            park_id = rng.choice(park_ids)
            visits.append(
                _visit(
                    rng, plan_of[park_id], rng.choice(by_park[park_id])["id"], park_id, day, team
                )
            )
    return visits
