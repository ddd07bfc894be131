"""The console map's data (/console/map/data.json): scope, filters, and its figures recounted
from the raw rows of the seeded province."""

from datetime import UTC, date, datetime

from app.extensions import db
from app.reports.periods import local_today
from app.seed import seed_demo
from tests.console.test_dashboard_seeded import table
from tests.console.test_enterprise_page import supervisor
from tests.console.util import push_check, world

URL = "/console/map/data.json"


def at(day: str) -> str:
    """A check's start at 08:30 Hanoi time of a day (01:30 UTC)."""
    return datetime.fromisoformat(f"{day}T01:30:00").replace(tzinfo=UTC).isoformat()


def more_checks(make, api, w):
    """A newer check of enterprise A (a 'no', elsewhere), an older year's one, and enterprise
    C (private, park A) with a critical finding long overdue."""
    ins = api("ins")
    push_check(
        ins,
        make,
        w.tv,
        w.ent_a,
        started_at=at("2026-11-25"),
        answers={"A.1": {"value": "no"}},
        gps={"lat": 21.2, "lng": 106.2},
    )
    push_check(
        ins, make, w.tv, w.ent_a, started_at=at("2025-06-02"), gps={"lat": 21.3, "lng": 106.3}
    )
    ent_c = make.enterprise(w.a, name="Công ty Cổ phần Quế Võ Bao bì", ownership="private")
    make.commit()
    push_check(
        ins,
        make,
        w.tv,
        ent_c,
        started_at=at("2026-03-10"),
        gps={"lat": 21.15, "lng": 106.15},
        findings=[
            {
                "id": "0d9a6a5e-2b1c-4c4e-9a77-3f5b1c2d3e40",
                "item_code": "A.1",
                "severity": "critical",
                "description": "Không có bảo vệ",
                "due_date": "2026-01-31",
            }
        ],
    )
    return ent_c


def by_id(body: dict) -> dict:
    return {p["id"]: p for p in body["enterprises"]}


def test_a_park_supervisor_sees_only_their_parks_on_the_map(app, make, api, console):
    w = world(make, api)
    ent_c = more_checks(make, api, w)
    supa, sup = console("supa"), console("sup")
    mine = supa.get(f"{URL}?period=2026").json
    assert [p["code"] for p in mine["parks"]] == ["A"]
    assert set(by_id(mine)) == {w.ent_a.id, ent_c.id}
    assert supa.get(f"{URL}?period=2026&park={w.b.id}").status_code == 404
    assert supa.get(f"/console/map?park={w.b.id}").status_code == 404
    page = supa.get("/console/map?period=2026").get_data(as_text=True)
    assert "/console/map/data.json?period=2026" in page and "KCN Yên Phong" not in page
    everything = sup.get(f"{URL}?period=2026").json
    assert [p["code"] for p in everything["parks"]] == ["A", "B"]
    # Enterprise B's check has no GPS fix: counted, not drawn.
    assert set(by_id(everything)) == {w.ent_a.id, ent_c.id}
    assert (everything["active"], everything["unplaced"]) == (3, 1)
    assert console("ins").get(URL).status_code in (302, 403, 404)


def test_each_point_is_its_latest_check_with_its_result_and_overdue_actions(
    app, make, api, console
):
    w = world(make, api)
    ent_c = more_checks(make, api, w)
    points = by_id(console("sup").get(f"{URL}?period=2026").json)
    a, c = points[w.ent_a.id], points[ent_c.id]
    assert (a["lat"], a["lng"], a["checked_on"]) == (21.2, 106.2, "25/11/2026")
    assert (a["yes"], a["no"], a["share"], a["result"]) == (0, 1, 0.0, "poor")
    assert a["url"] == f"/console/enterprises/{w.ent_a.id}"
    overdue_a = 1 if local_today() > date(2026, 12, 20) else 0  # world()'s finding is due then
    assert a["overdue"] == overdue_a
    assert (c["critical"], c["overdue"], c["result"], c["share"]) == (1, 1, "critical", 1.0)
    assert c["ownership"] == "private" and c["share_text"] == "100,0 %"
    # The period and the ownership filter like the dashboard's.
    last_year = by_id(console("sup").get(f"{URL}?period=2025").json)
    assert (last_year[w.ent_a.id]["lat"], last_year[w.ent_a.id]["checked_on"]) == (
        21.3,
        "02/06/2025",
    )
    private = console("sup").get(f"{URL}?period=2026&ownership=private").json
    assert set(by_id(private)) == {ent_c.id} and private["active"] == 1
    assert console("sup").get(f"{URL}?ownership=bogus").status_code == 404


def test_the_seeded_map_matches_the_raw_rows(app):
    seed_demo(small=True)
    db.session.commit()
    body = supervisor(app).get(f"{URL}?period=2026").json
    parks = table("park")
    assert len(body["parks"]) == len(parks) == 16
    assert all(21.0 <= p["lat"] <= 21.25 and 105.9 <= p["lng"] <= 106.25 for p in parks)
    kinds = {t["id"]: t["kind"] for t in table("checklist_template")}
    check_versions = {
        v["id"] for v in table("template_version") if kinds[v["template_id"]] == "check"
    }
    active = {e["id"] for e in table("enterprise") if e["active"] and not e["deleted"]}
    latest: dict[str, dict] = {}
    for c in table("inspection_check"):
        started = c["started_at"] if c["started_at"].tzinfo else c["started_at"].replace(tzinfo=UTC)
        if (
            c["status"] in ("submitted", "approved")
            and not c["deleted"]
            and c["template_version_id"] in check_versions
            and c["enterprise_id"] in active
            and datetime(2025, 12, 31, 17, tzinfo=UTC)
            <= started
            < datetime(2026, 12, 31, 17, tzinfo=UTC)
        ):
            best = latest.get(c["enterprise_id"])
            if best is None or (started, c["id"]) > best["key"]:
                latest[c["enterprise_id"]] = {"key": (started, c["id"]), "check": c}
    today = local_today()
    overdue: dict[str, int] = {}
    sent = {c["id"] for c in table("inspection_check") if c["status"] != "draft"}
    for f in table("finding"):
        if (
            f["closed_at"] is None
            and f["due_date"]
            and f["due_date"] < today
            and f["check_id"] in sent
        ):
            overdue[f["enterprise_id"]] = overdue.get(f["enterprise_id"], 0) + 1
    points = by_id(body)
    assert points and set(points) == set(latest)
    for ent_id, point in points.items():
        check = latest[ent_id]["check"]
        assert point["check_id"] == check["id"]
        assert (point["lat"], point["lng"]) == (
            check["data"]["gps"]["lat"],
            check["data"]["gps"]["lng"],
        )
        assert point["overdue"] == overdue.get(ent_id, 0), ent_id
    assert body["unplaced"] == len(active) - len(points)


def test_a_tile_server_is_offered_to_the_page_and_allowed_by_the_csp(app, make, api, console):
    world(make, api)
    sup = console("sup")
    plain = sup.get("/console/map")
    assert 'data-tiles=""' in plain.get_data(as_text=True)
    assert "img-src 'self' data: blob:;" in plain.headers["Content-Security-Policy"]
    app.config["MAP_TILE_URL"] = "https://{s}.tiles.example.vn/{z}/{x}/{y}.png"
    tiled = sup.get("/console/map")
    assert 'data-tiles="https://{s}.tiles.example.vn/{z}/{x}/{y}.png"' in tiled.get_data(
        as_text=True
    )
    assert (
        "img-src 'self' data: blob: https://*.tiles.example.vn;"
        in tiled.headers["Content-Security-Policy"]
    )
    assert "script-src 'self';" in tiled.headers["Content-Security-Policy"]


def test_cached_map_data_is_served_in_each_users_language(app, make, api, console):
    w = world(make, api)
    app.config.update(REPORT_CACHE=True, REPORT_MAX_AGE=60)
    first = console("sup").get(f"{URL}?period=2026").json
    english = console("sup")
    english.post("/console/language", data={"language": "en", "csrf_token": english.csrf})
    again = english.get(f"{URL}?period=2026").json
    assert first["computed_at"] == again["computed_at"] is not None  # computed once
    point = by_id(again)[w.ent_a.id]
    assert point["url"] == f"/console/enterprises/{w.ent_a.id}"
    assert again["labels"]["open"] == "Open the enterprise page"
    assert first["labels"]["open"] == "Mở trang doanh nghiệp"
