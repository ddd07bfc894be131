"""The figures kept per check equal a recount from the raw checks after a random mix of writes.

Seeded random pushes (new checks, edits, stale edits, deletes, findings closed by a later
check), supervisor approvals and returns, and closures on the console, all through the real
API and pages; then every check's kept row and kept numbers, and the incidents and exemplary
models the dashboard and the annual report print, are compared with Python over the raw rows.
"""

import random
import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select

from app.extensions import db
from app.models import Check, CheckFigure, CheckFinding, CheckNumber, Enterprise, Finding, User
from app.reports.figures import check_figures, incident_figures
from app.reports.periods import make_period
from app.reports.summary import closed_findings, exemplary_models
from app.seed.templates import ANTT_SECTIONS
from tests.console.report_data import add_check, at
from tests.console.util import post

YEAR = make_period("year", 2026)
ANSWERS = (0, 1, 2, 3, 2.5, "x", True, None)


def utc(moment: datetime | None) -> datetime | None:
    """A stored moment as aware UTC (SQLite gives naive UTC back)."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def number(answer) -> float | None:
    """answers[code] as a number other than zero, as the figures count it (else None)."""
    value = answer.get("value") if isinstance(answer, dict) else None
    ok = isinstance(value, int | float) and not isinstance(value, bool) and value != 0
    return float(value) if ok else None


def raw_figures() -> tuple[dict, dict, dict]:
    """(check id -> its copied columns and model answer, (check id, code) -> number,
    (check id, category, severity) -> findings), counted in Python from the raw rows."""
    rows, numbers, found = {}, {}, {}
    for check in db.session.scalars(select(Check)):
        answers = (check.data or {}).get("answers") or {}
        model = answers.get("I.1")
        rows[check.id] = (
            check.park_id,
            check.enterprise_id,
            utc(check.started_at),
            check.status,
            check.deleted,
            isinstance(model, dict) and model.get("value") == "yes",
            check.finding_count,
        )
        for code, answer in answers.items():
            if number(answer) is not None:
                numbers[(check.id, code)] = number(answer)
    for f in db.session.scalars(select(Finding)):
        key = (f.check_id, f.category, f.severity)
        found[key] = found.get(key, 0) + 1
    return rows, numbers, found


def kept_figures() -> tuple[dict, dict, dict]:
    """The same, read from the kept tables."""
    rows = {
        f.check_id: (
            f.park_id,
            f.enterprise_id,
            utc(f.started_at),
            f.status,
            f.deleted,
            f.model_yes,
            f.finding_count,
        )
        for f in db.session.scalars(select(CheckFigure))
    }
    numbers = {(n.check_id, n.item_code): n.value for n in db.session.scalars(select(CheckNumber))}
    found = {}
    for f in db.session.scalars(select(CheckFinding)):
        assert rows[f.check_id][:5] == (
            f.park_id,
            f.enterprise_id,
            utc(f.started_at),
            f.status,
            f.deleted,
        )
        found[(f.check_id, f.category, f.severity)] = f.count
    return rows, numbers, found


def done_in_year(check: Check) -> bool:
    """Submitted or approved, live, started in 2026 (Hanoi time)."""
    started = utc(check.started_at)
    return (
        not check.deleted
        and check.status in ("submitted", "approved")
        and started is not None
        and YEAR.start_at <= started < YEAR.end_at
    )


def assert_report_recounts(supervisor: User) -> None:
    """Findings, incidents and exemplary models, printed from kept rows, equal a raw recount."""
    done = [c for c in db.session.scalars(select(Check)) if done_in_year(c)]
    done_ids = {c.id for c in done}
    findings = [f for f in db.session.scalars(select(Finding)) if f.check_id in done_ids]
    checks = check_figures(supervisor, None, YEAR)
    assert checks["findings"] == len(findings)
    for severity, count in checks["by_severity"].items():
        assert count == sum(1 for f in findings if f.severity == severity)
    for row in checks["by_category"]:
        assert row["total"] == sum(1 for f in findings if f.category == row["code"])
    closed = closed_findings(supervisor, None, YEAR)
    assert closed == sum(1 for f in findings if f.closed_at is not None)
    incidents = incident_figures(supervisor, None, YEAR)
    for row in incidents["by_item"]:
        expected = sum(number(c.data["answers"].get(row["code"])) or 0 for c in done)
        assert row["count"] == int(expected)
    yes = {c.enterprise_id for c in done if c.data["answers"].get("I.1", {}).get("value") == "yes"}
    found = {c.enterprise_id for c in done if c.finding_count > 0}
    active = {e.id for e in db.session.scalars(select(Enterprise)) if e.active}
    models = {m["id"] for m in exemplary_models(supervisor, None, YEAR)}
    assert models == (yes - found) & active


class Mix:
    """Two inspectors' phones and a supervisor, writing checks at random."""

    def __init__(self, api, console, make, seed: int):
        self.rng = random.Random(seed)
        self.make, self.console = make, console
        self.tv = make.template(sections=ANTT_SECTIONS)
        park = make.park()
        self.ents = [make.enterprise(park) for _ in range(3)]
        make.user("ins", role="inspector", parks=[park])
        make.user("sup", role="supervisor", parks=[park])
        make.commit()
        self.phones = [api("ins"), api("ins")]
        self.checks: dict[str, dict] = {}  # check id -> {version, data}

    def answers(self) -> dict:
        codes = ("H.1", "H.2", "H.3", "H.4", "B.1", "D.1")
        out = {code: {"value": self.rng.choice(ANSWERS)} for code in codes}
        out["I.1"] = {"value": self.rng.choice(("yes", "yes", "no", "na"))}
        return out

    def findings(self) -> list[dict]:
        return [
            {
                "id": str(uuid.uuid4()),
                "item_code": "C.1",
                "severity": self.rng.choice(("low", "high")),
                "description": "Thiếu bình chữa cháy",
            }
            for _ in range(self.rng.choice((0, 0, 1, 2)))
        ]

    def push(self, mutation: dict) -> dict:
        response = self.rng.choice(self.phones).push([mutation])
        assert response.status_code == 200, response.json
        return response.json["results"][0]

    def payload(self, **over) -> dict:
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        year = self.rng.choice((2025, 2026, 2026, 2026))
        data = self.make.check_data(
            self.tv,
            self.rng.choice(self.ents),
            status=self.rng.choice(("draft", "submitted", "submitted")),
            started_at=datetime(year, month, day, 8, tzinfo=UTC).isoformat(),
            answers=self.answers(),
            findings=self.findings(),
        )
        return data | over

    def new_check(self) -> None:
        data = self.payload()
        mutation = self.make.mutation("check", data)
        result = self.push(mutation)
        if result["status"] == "applied":
            self.checks[result["id"]] = {"version": result["version"], "data": data}

    def edit_or_delete(self) -> None:
        if not self.checks:
            return
        check_id = self.rng.choice(sorted(self.checks))
        kept = self.checks[check_id]
        if self.rng.random() < 0.3:
            mutation = self.make.mutation(
                "check", None, record_id=check_id, base_version=kept["version"], op="delete"
            )
        else:
            closing = self.closings()
            data = self.payload(enterprise_id=kept["data"]["enterprise_id"], **closing)
            stale = self.rng.random() < 0.2
            mutation = self.make.mutation(
                "check", data, record_id=check_id, base_version=kept["version"] - stale
            )
            kept["data"] = data
        result = self.push(mutation)
        if result["status"] == "applied" and result.get("version"):
            kept["version"] = result["version"]

    def closings(self) -> dict:
        """Sometimes close an open finding from a later push (another check's finding)."""
        open_ids = db.session.scalars(select(Finding.id).where(Finding.closed_at.is_(None)))
        open_ids = sorted(open_ids)
        if not open_ids or self.rng.random() < 0.5:
            return {}
        return {"closed_findings": [{"finding_id": self.rng.choice(open_ids), "note": "Đã xong"}]}

    def review(self) -> None:
        if not self.checks:
            return
        check_id = self.rng.choice(sorted(self.checks))
        decision = self.rng.choice(("approve", "approve", "return"))
        post(
            self.console("sup"),
            f"/console/checks/{check_id}/review",
            decision=decision,
            comment="Bổ sung ảnh hiện trường",
        )
        self.refresh(check_id)

    def close(self) -> None:
        finding = db.session.execute(
            select(Finding.id, Finding.check_id)
            .where(Finding.closed_at.is_(None))
            .order_by(Finding.id)
            .limit(1)
        ).first()
        if finding is not None:
            post(self.console("sup"), f"/console/findings/{finding.id}/close", note="Đã thay")
            self.refresh(finding.check_id)

    def refresh(self, check_id: str) -> None:
        """Learn the version the console gave the check (the phone would pull it)."""
        db.session.expire_all()
        version = db.session.scalar(select(Check.version).where(Check.id == check_id))
        if check_id in self.checks and version is not None:
            self.checks[check_id]["version"] = version

    def step(self) -> None:
        action = self.rng.choices(
            (self.new_check, self.edit_or_delete, self.review, self.close), weights=(5, 4, 2, 1)
        )[0]
        action()


@pytest.mark.parametrize("seed", [1, 2])
def test_kept_check_figures_equal_a_recount_after_random_writes(api, console, make, seed):
    mix = Mix(api, console, make, seed)
    for _ in range(50):
        mix.step()
    db.session.expire_all()
    raw = raw_figures()
    assert len(raw[0]) > 5 and raw[1] and raw[2]
    assert {row[3] for row in raw[0].values()} >= {"submitted", "approved"}
    assert kept_figures() == raw
    assert_report_recounts(db.session.scalar(select(User).where(User.username == "sup")))


def test_kept_figures_follow_odd_answers_and_a_removed_check(make):
    tv = make.template(sections=ANTT_SECTIONS)
    ent = make.enterprise(make.park())
    author = make.user("ins", role="inspector")
    odd = {
        "H.1": {"value": True},
        "H.2": {"value": 2.5},
        "H.3": "bare",
        "H.4": {"value": -1},
        "I.1": {"value": "yes"},
        "X": {"value": "abc"},
        "Y": [1, 2],
    }
    kept = add_check(tv, ent, author, at(3, 1), answers=odd, findings=[("C", "high", None, None)])
    gone = add_check(tv, ent, author, at(4, 1), answers={"H.1": {"value": 5}})
    db.session.commit()
    assert kept_figures() == raw_figures()
    assert kept_figures()[1] == {(kept.id, "H.2"): 2.5, (kept.id, "H.4"): -1.0, (gone.id, "H.1"): 5}

    db.session.execute(delete(Check).where(Check.id == gone.id))
    db.session.commit()
    assert kept_figures() == raw_figures()
    assert set(kept_figures()[0]) == {kept.id}
    assert kept_figures()[2] == {(kept.id, "C", "high"): 1}
