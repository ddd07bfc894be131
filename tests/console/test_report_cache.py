"""Figures computed at an older sync version are served for REPORT_MAX_AGE seconds, dated."""

import re

import pytest

from app.reports import cache, dashboard_figures, parse_period
from tests.console.report_data import TODAY, add_check, at, build

YEAR = parse_period("2026")


@pytest.fixture
def clock(app, monkeypatch):
    """Turn the figures cache on with a 60 s max age, on a clock the test moves."""
    now = [1000.0]
    monkeypatch.setattr(cache.time, "monotonic", lambda: now[0])
    app.config.update(REPORT_CACHE=True, REPORT_MAX_AGE=60)
    cache.clear()
    yield now
    cache.clear()


def test_figures_older_than_a_write_are_served_until_the_max_age(app, make, clock):
    data = build(make)
    admin = make.user("boss", role="admin")
    make.commit()
    first = dashboard_figures(admin, None, YEAR, today=TODAY)
    add_check(data["tv"], data["other"], data["inspector"], at(11, 2))
    make.commit()

    clock[0] += 59
    assert dashboard_figures(admin, None, YEAR, today=TODAY) is first  # stale, within a minute
    clock[0] += 2
    fresh = dashboard_figures(admin, None, YEAR, today=TODAY)
    assert fresh["checks"]["done"] == first["checks"]["done"] + 1
    assert fresh["computed_at"] > first["computed_at"]


def test_the_page_says_when_its_figures_were_computed(app, make, clock, console):
    build(make)
    make.user("boss", role="admin")
    make.commit()
    html = console("boss").get("/console/dashboard?period=2026").get_data(as_text=True)
    assert re.search(r'data-testid="computed-at">Số liệu tính lúc \d\d/\d\d/\d{4} \d\d:\d\d<', html)
    report = console("boss").get("/console/report?year=2026").get_data(as_text=True)
    assert "Số liệu tính lúc" in report
