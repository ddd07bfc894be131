"""The festival overview per enterprise against a recount from the raw rows.

Rule: for every enterprise in the supervisor's scope, the page's events held, participants
(attendance rows, else the largest activity headcount), share of the workforce and gifts (not
flagged, not deleted) equal what plain Python counts over every row, for random worlds of
events in every status, inside and outside the period, with and without attendance lists.
A supervisor of one park sees only that park; past planned events are not "planned".
"""

import random
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Attendance, Enterprise, Event, Gift
from app.reports.festival_overview import event_state, ownerships_of, sector_of
from app.reports.periods import parse_period
from tests.console.report_data import add_event

PERIOD = parse_period("2026")
STATUSES = ("planned", "held", "returned", "reviewed")


def random_world(make, seed: int) -> dict:
    """Two parks of random enterprises and events; a supervisor of each scope."""
    rng = random.Random(seed)
    parks = [make.park(name="KCN Quế Võ"), make.park(name="KCN Tiên Sơn")]
    ents = [
        make.enterprise(
            rng.choice(parks),
            ownership=rng.choice(("fdi", "private", "state")),
            workforce=rng.choice((0, 50, 400, 1200)),
        )
        for _ in range(7)
    ]
    for _ in range(14):
        day = PERIOD.start + timedelta(days=rng.randrange(-40, 400))
        gifts = [(rng.choice((0, 200_000, 500_000)), rng.random() < 0.3) for _ in range(3)]
        event = add_event(
            rng.choice(ents),
            day,
            status=rng.choice(STATUSES),
            people=rng.choice((0, 0, 3, 9)),
            headcount=rng.choice((None, 25, 80)),
            gifts=gifts[: rng.randrange(4)],
        )
        if rng.random() < 0.2:  # a deleted attendance row counts for nothing
            row = db.session.scalars(select(Attendance).where(Attendance.event_id == event.id))
            for first in row:
                first.deleted = True
                break
    make.user("sup_all", role="supervisor")
    make.user("sup_one", role="supervisor", parks=[parks[0]])
    make.commit()
    return {"parks": parks}


def recount(park_ids: set[str] | None) -> dict[str, dict]:
    """Each active enterprise's figures counted in Python over every raw row."""
    out = {}
    events = list(db.session.scalars(select(Event)))
    attendance = list(db.session.scalars(select(Attendance)))
    gifts = list(db.session.scalars(select(Gift)))
    for ent in db.session.scalars(select(Enterprise)):
        if not ent.active or (park_ids is not None and ent.park_id not in park_ids):
            continue
        held = [
            e
            for e in events
            if e.enterprise_id == ent.id
            and e.status in ("held", "returned", "reviewed")
            and not e.deleted
            and PERIOD.start <= e.date < PERIOD.end
        ]
        people = 0
        for e in held:
            rows = sum(1 for a in attendance if a.event_id == e.id and not a.deleted)
            heads = [a.get("headcount") or 0 for a in e.activities or []]
            people += rows or max(heads, default=0)
        held_ids = {e.id for e in held}
        given = [g for g in gifts if g.event_id in held_ids and not g.flagged and not g.deleted]
        out[ent.id] = {
            "held": len(held),
            "participants": people,
            "workforce": ent.workforce,
            "rate": people / ent.workforce if ent.workforce else None,
            "gifts": len(given),
            "gift_value": sum(g.value_vnd for g in given),
        }
    return out


def vnum(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f}".replace(".", ",") + " %"


def page_rows(html: str) -> dict[str, dict[str, str]]:
    """The enterprise table's cells by enterprise id and column."""
    rows = {}
    for ent_id, body in re.findall(r'<tr data-enterprise="([^"]+)">(.*?)</tr>', html, re.S):
        cells = dict(re.findall(r'data-col="(\w+)">([^<]*)', body))
        rows[ent_id] = {k: v.strip() for k, v in cells.items()}
    return rows


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_page_figures_match_a_recount(app, make, console, seed):
    world = random_world(make, seed)
    for user, parks in (("sup_all", None), ("sup_one", {world["parks"][0].id})):
        html = console(user).get("/console/festival?period=2026").get_data(as_text=True)
        shown = page_rows(html)
        expected = recount(parks)
        assert set(shown) == set(expected)
        for ent_id, want in expected.items():
            assert shown[ent_id] == {
                "held": vnum(want["held"]),
                "participants": vnum(want["participants"]),
                "workforce": vnum(want["workforce"]),
                "rate": pct(want["rate"]),
                "gifts": vnum(want["gifts"]),
                "gift_value": vnum(want["gift_value"]),
            }, ent_id
        total = sum(w["participants"] for w in expected.values())
        assert f'data-total="participants">{vnum(total)}<' in html


def test_sector_filter_keeps_only_that_sector(app, make, console):
    random_world(make, 4)
    for sector in ("state", "non_state", "foreign"):
        html = console("sup_all").get(f"/console/festival?period=2026&sector={sector}").text
        shown = set(page_rows(html))
        want = {
            e.id
            for e in db.session.scalars(select(Enterprise))
            if e.ownership in ownerships_of(sector)
        }
        assert shown == want
        assert all(sector_of(o) == sector for o in ownerships_of(sector))


def test_other_park_and_bad_sector_are_refused(app, make, console):
    world = random_world(make, 5)
    client = console("sup_one")
    other = world["parks"][1].id
    assert client.get(f"/console/festival?park={other}").status_code == 404
    assert client.get("/console/festival?sector=<b>").status_code == 404


def test_a_planned_event_whose_day_passed_is_not_shown_as_planned(app, make, console):
    park = make.park()
    ent = make.enterprise(park)
    make.user("sup_all", role="supervisor")
    past = date.today() - timedelta(days=3)
    ahead = date.today() + timedelta(days=3)
    add_event(ent, past, status="planned")
    add_event(ent, ahead, status="planned")
    make.commit()
    year = date.today().year
    html = console("sup_all").get(f"/console/festival?period={year}").text
    states = re.findall(r'data-state="(\w+)"', html)
    if past.year == ahead.year == year:
        assert sorted(states) == ["planned", "unreported"]
    assert event_state("planned", past, date.today()) == "unreported"
    assert event_state("planned", ahead, date.today()) == "planned"
    assert event_state("held", past, date.today()) == "held"


def test_dates_never_break_inside_the_number(app, make, console):
    park = make.park()
    ent = make.enterprise(park)
    make.user("sup_all", role="supervisor")
    add_event(ent, date(2026, 12, 20), status="held")
    make.commit()
    html = console("sup_all").get("/console/festival?period=2026").text
    assert re.search(r'<td class="nowrap"[^>]*>20/12/2026</td>', html)
