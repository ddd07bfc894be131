"""Deterministic demo data shaped like Bắc Ninh province (`flask seed-demo`).

The full seed (the default) holds 16 parks (12 operating), 1,200 enterprises, two published
templates, 9 users, 600 checks with their findings, this quarter's plans and visits, about
700 festival-day events with roughly 60,000 attendance rows and their gifts, and a 300-person
roster for the `hr` user's enterprise. "Today" in the demo is DEMO_TODAY (2026-11-23); the
year of history is the 365 days before it. `small=True` keeps the same shape at a tenth of
the size (for tests).
"""

import random
import time
import uuid

import click
from sqlalchemy import insert, select, text

from app.extensions import db
from app.models import (
    Attendance,
    Check,
    Comment,
    Event,
    Finding,
    Gift,
    InspectionPlan,
    Park,
    RecordRevision,
    ReviewDecision,
    RosterPerson,
    Visit,
)
from app.models.base import utcnow
from app.seed import checks as check_data
from app.seed import events as event_data
from app.seed import media, names, org, places
from app.seed.plans import build_plans
from app.sync.receipts import make_receipt
from app.sync.versioning import take_versions

SEED = 20261123
CHUNK = 5000


def _insert(model, rows: list[dict], versioned: bool = True) -> None:
    """Bulk-insert rows in chunks; synced rows get consecutive versions."""
    if versioned and rows:
        first = take_versions(len(rows))
        signed = "receipt" in model.__table__.c  # the phone shows a check as synced by it
        for offset, row in enumerate(rows):
            row["version"] = first + offset
            if signed:
                at = row.get("updated_at") or row.get("created_at") or utcnow()
                row["receipt"] = make_receipt(row["id"], row["version"], at)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model), rows[start : start + CHUNK])


def _check_revisions(rng: random.Random, checks: list[dict]) -> list[dict]:
    """The revision each seeded check would have left coming through sync (history, merges)."""
    return [
        {
            "id": names.rng_uuid(rng),
            "entity": "check",
            "record_id": check["id"],
            "version": check["version"],
            "data": check["data"],
            "user_id": check["author_id"],
            "client_id": check["client_id"],
            "mutation_id": names.rng_uuid(rng),
            "created_at": check["updated_at"],
        }
        for check in checks
    ]


def _staff_by_park(users: dict, unit: str) -> dict[str, list]:
    staff: dict[str, list] = {}
    for user in users.values():
        if user.role == "inspector" and user.unit == unit:
            for park in user.parks:
                staff.setdefault(park.id, []).append(user)
    return staff


def _with_versions(reviews: list[dict], records: list[dict]) -> list[dict]:
    """Point each review decision at the version of the record it decided."""
    versions = {row["id"]: row["version"] for row in records}
    for review in reviews:
        review["record_version"] = versions[review["record_id"]]
    return reviews


def _review_comments(reviews: list[dict], checks: list[dict], reviewer) -> list[dict]:
    """Each return's comment as the thread's entry for that decision."""
    by_id = {check["id"]: check for check in checks}
    return [
        {
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"comment:{review['id']}")),
            "deleted": False,
            "created_at": review["at"],
            "updated_at": review["at"],
            "entity": "check",
            "record_id": review["record_id"],
            "park_id": by_id[review["record_id"]]["park_id"],
            "enterprise_id": by_id[review["record_id"]]["enterprise_id"],
            "author_id": reviewer.id,
            "author_name": reviewer.full_name or reviewer.username,
            "author_role": reviewer.role,
            "kind": review["decision"],
            "text": review["comment"],
            "written_at": review["at"],
        }
        for review in reviews
        if review["comment"]
    ]


def _event_reviews(rng: random.Random, events: list[dict]) -> list[dict]:
    """A "reviewed" decision for every event a supervisor marked reviewed."""
    return [
        {
            "id": names.rng_uuid(rng),
            "entity": "event",
            "record_id": event["id"],
            "record_version": event["version"],
            "decision": "reviewed",
            "comment": "",
            "user_id": event["reviewed_by_id"],
            "at": event["reviewed_at"],
        }
        for event in events
        if event["status"] == "reviewed"
    ]


def analyze() -> None:
    """Give the planner statistics after a bulk load (a fresh table has none) and commit."""
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def seed_demo(small: bool = False) -> str:
    """Fill an empty database with the demo province; return a one-line summary."""
    if db.session.execute(select(Park.id).limit(1)).first():
        raise click.ClickException("the database already has parks: seed an empty database")
    began = time.perf_counter()
    rng = random.Random(SEED)
    scale = 0.1 if small else 1.0
    parks = org.seed_parks(rng)
    enterprises = org.seed_enterprises(rng, parks, scale)
    hr_ent = enterprises[0]
    versions = org.seed_templates()
    users = org.seed_users(hr_ent["tax_code"])
    parks_by_id = {p["id"]: p for p in parks}

    plans = check_data.plan_checks(rng, enterprises, parks_by_id, int(600 * scale))
    built = check_data.build_checks(
        rng,
        plans,
        versions,
        _staff_by_park(users, "bql"),
        _staff_by_park(users, "police"),
        users["supervisor"],
        places.enterprise_sites(enterprises, parks_by_id),
    )
    media.decorate_checks(rng, built["checks"], versions, media.seed_media())
    schedule = build_plans(rng, parks, enterprises, built["checks"], built["findings"], users)
    _insert(Check, built["checks"])
    # A stream of its own, so the rest of the demo data stays as it was.
    revisions = _check_revisions(random.Random(SEED + 1), built["checks"])
    _insert(RecordRevision, revisions, versioned=False)
    _insert(Finding, built["findings"], versioned=False)
    _insert(ReviewDecision, _with_versions(built["reviews"], built["checks"]), versioned=False)
    _insert(InspectionPlan, schedule["plans"], versioned=False)
    _insert(Visit, schedule["visits"])

    roster = event_data.build_roster(rng, hr_ent, 300 if not small else 60)
    _insert(RosterPerson, roster)
    festival = event_data.build_events(rng, enterprises, hr_ent, roster, users)
    _insert(Event, festival["event"])
    _insert(ReviewDecision, _event_reviews(rng, festival["event"]), versioned=False)
    _insert(Attendance, festival["attendance"])
    _insert(Gift, festival["gift"])
    _insert(Comment, _review_comments(built["reviews"], built["checks"], users["supervisor"]))
    db.session.flush()

    workforce = sum(e["workforce"] for e in enterprises)
    return (
        f"seeded {len(parks)} parks, {len(enterprises)} enterprises "
        f"({workforce:,} workers), {len(users)} users, {len(built['checks'])} checks, "
        f"{len(built['findings'])} findings, {len(schedule['visits'])} visits, "
        f"{len(festival['event'])} events, {len(festival['attendance'])} attendance, "
        f"{len(festival['gift'])} gifts, {len(roster)} roster in "
        f"{time.perf_counter() - began:.1f} s; logins: inspector, hr, supervisor, admin "
        f"(password {org.DEMO_PASSWORD})"
    )
