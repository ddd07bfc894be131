"""The field app's enterprise list shows a map of the inspector's parks offline: the parks'
pulled outlines and the enterprises at their latest check's GPS, drawn by the precached
Leaflet with the network cut; a point opens the enterprise, and back."""

import re

from app.extensions import db
from app.models import Park
from app.seed.places import outline
from app.sync.versioning import stamp
from tests.browser.conftest import go_offline, login
from tests.factories import Factory

CENTRES = {"QV1": (21.142, 106.153), "YP1": (21.206, 105.998)}


def place_parks_and_push_checks(live) -> None:
    """Give the two parks a position, and push two checks with GPS as another inspector."""

    def place():
        for park in db.session.query(Park):
            park.lat, park.lng = CENTRES[park.code]
            park.outline = outline(*CENTRES[park.code], 400.0)
            stamp(park)
        db.session.commit()

    live.query(place)
    client = live.app.test_client()
    csrf = client.post("/api/auth/login", json={"username": "inspector2", "password": "pw"}).json[
        "csrf_token"
    ]
    seeded = live.seeded
    version = type("V", (), {"id": seeded.template_version_id})
    for n, (answer, gps) in enumerate((("yes", (21.143, 106.152)), ("no", (21.205, 105.999)))):
        ent = type("E", (), {"id": seeded.enterprise_ids[n]})
        data = Factory.check_data(
            version,
            ent,
            status="submitted",
            answers={"A.1": {"value": answer}},
            gps={"lat": gps[0], "lng": gps[1], "accuracy": 10},
        )
        body = {
            "client_id": "b0c1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e",
            "mutations": [Factory.mutation("check", data)],
        }
        result = client.post("/api/sync/push", json=body, headers={"X-CSRF-Token": csrf}).json
        assert result["results"][0]["status"] == "applied", result


def test_enterprise_map_offline(live, new_context):
    place_parks_and_push_checks(live)
    context = new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live)
    go_offline(context)
    page.get_by_test_id("tab-enterprises").click()
    page.locator("body[data-enterprises-ready='1']").wait_for(state="attached")
    page.get_by_test_id("enterprise-map-toggle").click()
    drawn = page.locator("[data-testid=enterprise-map][data-points]")
    drawn.wait_for(state="attached")
    assert drawn.get_attribute("data-points") == "2"
    assert page.locator("path.ent-point").count() == 2
    assert page.locator("path.leaflet-interactive:not(.ent-point)").count() == 2  # the parks
    assert page.get_by_test_id("enterprise-list").is_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width

    # A point is opened by a click event on its SVG path, as Leaflet receives a tap: a forced
    # pointer click at its coordinates opened no popup now and then on a loaded machine (the
    # console map's test met the same, tests/browser/test_console_map.py).
    page.locator("path.ent-point").first.dispatch_event("click")
    page.get_by_test_id("map-open").click()
    page.get_by_test_id("enterprise-name").wait_for()
    assert re.match(r"Công ty", page.get_by_test_id("enterprise-name").inner_text())
    page.get_by_role("button", name=re.compile("‹")).click()
    page.get_by_test_id("enterprise-list").wait_for()
    assert not [e for e in errors if "Content Security Policy" in e], errors


MARKUP = '<img src=x onerror="document.title=1"><b>Đậm</b> Công ty'
PARK_MARKUP = '<meta http-equiv="refresh" content="0;url=/app/#hacked"><i>KCN</i>'


def test_names_are_text_and_the_map_is_reachable_by_keyboard(live, new_context):
    """Names with markup show as text in the map's tooltips, popups and list (issue 23.7); the
    legend says each colour in words; zoom buttons are 44 px and Vietnamese; Enter on a list
    item opens its enterprise."""
    place_parks_and_push_checks(live)
    first = live.seeded.enterprise_ids[0]

    def rename():
        from app.models import Enterprise

        ent = db.session.get(Enterprise, first)
        ent.name = MARKUP
        stamp(ent)
        for park in db.session.query(Park):
            park.name = PARK_MARKUP
            stamp(park)
        db.session.commit()

    live.query(rename)
    page = new_context().new_page()
    login(page, live)
    page.get_by_test_id("tab-enterprises").click()
    page.locator("body[data-enterprises-ready='1']").wait_for(state="attached")
    page.get_by_test_id("enterprise-map-toggle").click()
    page.locator("[data-testid=enterprise-map][data-points]").wait_for(state="attached")

    items = page.get_by_test_id("map-list").get_by_role("button")
    assert items.count() == 2
    texts = items.all_inner_texts()
    assert any("<b>Đậm</b> Công ty" in text for text in texts), texts
    assert all(("Tốt" in x) or ("Kém" in x) or ("Khá" in x) for x in texts), texts
    legend = page.get_by_test_id("map-legend").inner_text()
    for word in ("Tốt", "Khá", "Kém", "nghiêm trọng"):
        assert word in legend
    for name in ("Phóng to", "Thu nhỏ"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (name, box)

    shown = []
    for path in page.locator("path.leaflet-interactive").all():
        path.dispatch_event("mouseover")
        shown.append(page.locator(".leaflet-tooltip").last.inner_text())
        path.dispatch_event("mouseout")
    assert any("<i>KCN</i>" in text for text in shown), shown  # a park's name, as text
    assert any("<b>Đậm</b> Công ty" in text for text in shown), shown  # an enterprise's
    assert page.locator(".leaflet-pane meta, .leaflet-pane img, .leaflet-pane i").count() == 0
    assert page.locator("[data-testid=map-list] b, [data-testid=map-list] img").count() == 0
    assert page.title() != "1" and "hacked" not in page.url

    target = items.filter(has_text="Công ty").first
    target.focus()
    page.keyboard.press("Enter")
    page.get_by_test_id("enterprise-name").wait_for()
    assert page.get_by_test_id("enterprise-name").inner_text().startswith("<img")
