"""The kept per-event tallies equal a recount from the raw rows after a random mix of writes.

Seeded random pushes (new attendance, a second phone scanning the same worker, edits, stale
edits that become conflicts, deletes), supervisor reviews and returns, and conflict
resolutions, all through the real API and pages; then every event's kept tally, and the
festival figures the dashboard prints, are compared with counts made from the raw rows.
"""

import random
import uuid
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attendance, ConflictCopy, Event, EventTally, User
from app.reports.festival import festival_figures
from app.reports.periods import make_period
from tests.festival.test_sync_scope import attendance_id, attendee, event_data

NAMES = ("Nguyễn Thị Hoa", "Trần Văn Đức", "Lê Thị Mai", "Phạm Văn Nam", "Hoàng Thị Lan")
ROLES = ("worker", "guard", "manager", "official")


def raw_counts() -> dict[str, int]:
    """Live attendance rows per event, counted in Python from every row."""
    counts: dict[str, int] = {}
    for row in db.session.scalars(select(Attendance)):
        if not row.deleted:
            counts[row.event_id] = counts.get(row.event_id, 0) + 1
    return counts


def kept_counts() -> dict[str, int]:
    """The kept tallies, events with none left out."""
    return {
        t.event_id: t.attendance for t in db.session.scalars(select(EventTally)) if t.attendance
    }


class Mix:
    """One HR phone pair and a supervisor, writing at random through the API and pages."""

    def __init__(self, api, pages, make, world, seed: int):
        self.rng = random.Random(seed)
        self.make, self.pages = make, pages
        self.phones = [api("hr1"), api("hr1")]
        self.events: list[str] = []
        self.rows: dict[str, dict] = {}  # attendance id -> {event_id, number, version}
        self.ent = world.ent

    def push(self, mutations: list[dict]) -> list[dict]:
        response = self.rng.choice(self.phones).push(mutations)
        assert response.status_code == 200, response.json
        return response.json["results"]

    def new_event(self) -> None:
        event_id = str(uuid.uuid4())
        day = f"2026-0{self.rng.randint(3, 9)}-1{self.rng.randint(0, 9)}"
        headcount = self.rng.choice((0, 50, 300))
        data = event_data(
            self.ent, date=day, activities=[{"kind": "propaganda", "headcount": headcount}]
        )
        result = self.push([self.make.mutation("event", data, record_id=event_id)])[0]
        assert result["status"] == "applied", result
        self.events.append(event_id)

    def attend(self) -> None:
        batch, numbers = [], []
        for _ in range(self.rng.randint(1, 6)):
            event_id = self.rng.choice(self.events)
            number = f"NV{self.rng.randint(1, 30):03d}"
            record_id = attendance_id(event_id, number) if self.rng.random() < 0.7 else None
            batch.append(
                self.make.mutation(
                    "attendance",
                    attendee(event_id, number, self.rng.choice(NAMES), self.rng.choice(ROLES)),
                    record_id=record_id,
                )
            )
            numbers.append((event_id, number))
        for (event_id, number), result in zip(numbers, self.push(batch), strict=True):
            if result["status"] == "applied":
                self.rows[result["id"]] = {
                    "event_id": event_id,
                    "number": number,
                    "version": result["version"],
                }

    def edit_or_delete(self) -> None:
        if not self.rows:
            return
        row_id = self.rng.choice(sorted(self.rows))
        row = self.rows[row_id]
        if self.rng.random() < 0.5:  # (a stale delete of attendance answers 500: not mixed in)
            mutation = self.make.mutation(
                "attendance", None, record_id=row_id, base_version=row["version"], op="delete"
            )
        else:
            mutation = self.make.mutation(
                "attendance",
                attendee(
                    row["event_id"], row["number"], self.rng.choice(NAMES), self.rng.choice(ROLES)
                ),
                record_id=row_id,
                base_version=row["version"] - (self.rng.random() < 0.25),
            )
        result = self.push([mutation])[0]
        if result["status"] == "applied" and result.get("version"):
            row["version"] = result["version"]

    def review(self) -> None:
        event_id = self.rng.choice(self.events)
        decision = "reviewed" if self.rng.random() < 0.25 else "return"
        sup = self.pages("sup1")
        sup.post(
            f"/festival/events/{event_id}/review",
            data={
                "csrf_token": sup.csrf,
                "decision": decision,
                "comment": "Kiểm tra lại danh sách",
            },
        )

    def resolve(self) -> None:
        conflict_id = db.session.scalar(
            select(ConflictCopy.id)
            .where(ConflictCopy.status == "open")
            .order_by(ConflictCopy.id)
            .limit(1)
        )
        if conflict_id is None:
            return
        sup = self.pages("sup1")
        sup.post(
            f"/console/conflicts/{conflict_id}/resolve",
            data={
                "csrf_token": sup.csrf,
                "choice": self.rng.choice(("keep_device", "keep_server")),
            },
        )
        db.session.expire_all()

    def step(self) -> None:
        action = self.rng.choices(
            (self.new_event, self.attend, self.edit_or_delete, self.review, self.resolve),
            weights=(2, 6, 5, 1, 2),
        )[0]
        action()


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_tallies_equal_a_recount_after_random_writes(api, pages, make, world, seed):
    mix = Mix(api, pages, make, world, seed)
    mix.new_event()
    for _ in range(60):
        mix.step()
    db.session.expire_all()
    raw = raw_counts()
    assert sum(raw.values()) > 0
    assert kept_counts() == raw

    supervisor = db.session.scalar(select(User).where(User.username == "sup1"))
    figures = festival_figures(supervisor, None, make_period("year", 2026))["total"]
    held = [
        e
        for e in db.session.scalars(select(Event))
        if not e.deleted
        and e.status in ("held", "returned", "reviewed")
        and date(2026, 1, 1) <= e.date < date(2027, 1, 1)
    ]
    heads = {
        e.id: max([a.get("headcount") or 0 for a in e.activities or []], default=0) for e in held
    }
    assert figures["events"] == len(held)
    assert figures["attendance_rows"] == sum(raw.get(e.id, 0) for e in held)
    assert figures["participants"] == sum(raw.get(e.id) or heads[e.id] for e in held)
