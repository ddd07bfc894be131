"""The monthly sums kept per park equal a recount from the raw checks after random writes.

The same seeded mix as the per-check figures (new checks, edits, stale edits, deletes,
approvals, returns, closures), with start times spread over the day so that checks fall on
both sides of a Hanoi month's first midnight (17:00 UTC), and moved between months by edits.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Check, Finding, ParkMonthFigure, User
from app.reports.summary import annual_summary
from tests.console.test_kept_check_figures import YEAR, Mix, assert_report_recounts, number, utc


class MonthMix(Mix):
    """The mix, with checks started at any hour of a month's last and first days."""

    def payload(self, **over) -> dict:
        first = datetime(2026, self.rng.randint(1, 12), 1, tzinfo=UTC)
        hours, minutes = self.rng.randint(-30, 30), self.rng.choice((0, 59))
        started = first + timedelta(hours=hours, minutes=minutes)
        return super().payload() | {"started_at": started.isoformat()} | over


def recounted() -> dict[tuple[str, int, str], float]:
    """(park, Hanoi yyyymm, key) -> value, counted in Python from the raw rows."""
    sums: dict[tuple[str, int, str], float] = {}

    def add(park: str, month: int, key: str, value: float) -> None:
        sums[(park, month, key)] = sums.get((park, month, key), 0) + value

    for check in db.session.scalars(select(Check)):
        started = utc(check.started_at)
        if check.deleted or check.status not in ("submitted", "approved") or started is None:
            continue
        local = started + timedelta(hours=7)
        month = local.year * 100 + local.month
        add(check.park_id, month, "done", 1)
        if check.finding_count > 0:
            add(check.park_id, month, "with_findings", 1)
        for finding in db.session.scalars(select(Finding).where(Finding.check_id == check.id)):
            add(check.park_id, month, f"finding:{finding.category}:{finding.severity}", 1)
        for code, answer in ((check.data or {}).get("answers") or {}).items():
            if number(answer) is not None:
                add(check.park_id, month, f"number:{code}", number(answer))
    return sums


def kept() -> dict[tuple[str, int, str], float]:
    return {
        (r.park_id, r.month, r.key): r.value for r in db.session.scalars(select(ParkMonthFigure))
    }


@pytest.mark.parametrize("seed", [3, 4])
def test_monthly_sums_equal_a_recount_after_random_writes(api, console, make, seed):
    mix = MonthMix(api, console, make, seed)
    for _ in range(50):
        mix.step()
    db.session.expire_all()
    expected = recounted()
    assert len({month for _, month, _ in expected}) >= 2  # the mix spread over months
    assert {key for _, _, key in expected} >= {"done", "with_findings"}
    assert kept() == expected
    supervisor = db.session.scalar(select(User).where(User.username == "sup"))
    assert_report_recounts(supervisor)
    summary = annual_summary(supervisor, YEAR.year)
    in_year = [
        v for (_, month, key), v in expected.items() if key == "done" and month // 100 == 2026
    ]
    assert summary["checks"]["done"] == sum(in_year)


def test_a_sent_check_stays_in_the_month_it_was_started(api, make):
    """A sent check keeps its start for ever (issue 22): a device that sends it again with a
    start in the next month does not move it, and the kept sums agree with a recount."""
    mix = MonthMix(api, None, make, 5)
    data = mix.payload(status="submitted", started_at="2026-03-31T16:59:00+00:00")
    created = mix.push(make.mutation("check", data))
    march = {k: v for k, v in kept().items() if k[2] == "done"}
    assert list(march.values()) == [1] and next(iter(march))[1] == 202603
    moved = dict(data, started_at="2026-03-31T17:00:00+00:00")  # 1 April, Hanoi
    mix.push(make.mutation("check", moved, created["id"], created["version"]))
    db.session.expire_all()
    assert [(k[1], v) for k, v in kept().items() if k[2] == "done"] == [(202603, 1)]
    assert kept() == recounted()
