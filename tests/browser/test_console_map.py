"""The console map in real Chromium at PC and phone size, on the demo province, with every
request that is not to the app server (loopback) aborted: the parks and points draw from the
vendored Leaflet (and Leaflet.markercluster) and the app's JSON alone, no sideways scrolling,
no CSP violation, and a point's popup leads to the enterprise page and back. Parks are named
on the map, overlapping points are grouped with their count, the legend is on the map, the
page scrolls past the map until it is clicked, zoom buttons are 44 px and named in
Vietnamese, points are focusable and named. Names are text: markup in a park's or an
enterprise's name shows as text (issue 23 item 7). Screenshot: docs/screenshots/
console-map-pc.png with SCREENSHOTS=1.
"""

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from tests.browser.test_console_pages import (  # noqa: F401 (fixtures)
    SHOTS,
    demo_live,
    no_sideways_scroll,
    open_console,
)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def cut_the_network(context) -> list[str]:
    """Abort every request to a host other than loopback; return the list of those aborted."""
    aborted: list[str] = []

    def guard(route):
        if urlsplit(route.request.url).hostname in LOOPBACK:
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    return aborted


def points_on_the_map(page) -> int:
    """The enterprises drawn: single points plus the counts written on the groups (those
    fading out of a group animation, at opacity 0, left aside)."""
    page.wait_for_function("() => !document.querySelector('#map .leaflet-cluster-anim')")
    return page.evaluate(
        """() => {
            const shown = (el) => Number(getComputedStyle(el).opacity) > 0;
            const single = [...document.querySelectorAll('#map .ent-point')].filter(shown);
            const groups = [...document.querySelectorAll('#map .marker-cluster')].filter(shown);
            return single.length + groups.reduce((n, g) => n + Number(g.textContent), 0);
        }"""
    )


def wait_until_the_map_rests(page) -> None:
    """Wait for Leaflet's zoom and pan animations to end (the map pane holds still for two
    frames): a click while the view fits the points, or while an opened popup pans the map
    into view, lands where the link was a frame earlier."""
    page.wait_for_function(
        """() => new Promise((resolve) => {
            const pane = document.querySelector('#map .leaflet-map-pane');
            const before = pane.style.transform;
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(
                !document.querySelector('#map .leaflet-zoom-anim')
                && pane.style.transform === before)));
        })"""
    )


@pytest.mark.parametrize("size", ["pc", "phone"])
def test_map_at_size(demo_live, new_context, size):  # noqa: F811
    live = demo_live
    page, errors = open_console(new_context, live, size, "supervisor", "demo1234")
    aborted = cut_the_network(page.context)
    page.goto(f"{live.url}/console/dashboard?period=2026")
    page.locator("main a[href^='/console/map']").click()
    page.wait_for_url(re.compile(r".*/console/map\?.*period=2026"))
    drawn = page.locator("#map[data-points]")
    drawn.wait_for(state="attached")
    points = int(drawn.get_attribute("data-points"))
    assert points >= 10
    wait_until_the_map_rests(page)
    assert points_on_the_map(page) == points  # alone or counted in a group
    assert page.locator("#map .marker-cluster").count() >= 1  # overlapping points grouped
    assert page.locator("#map path.leaflet-interactive").count() == 16  # parks
    assert page.locator("#map .leaflet-tooltip.park-label").count() == 16  # named on the map
    assert page.locator("#map path.province-outline").count() == 1
    assert page.locator("#map .map-legend [data-legend=result]").count() == 1  # on the map
    assert page.locator("#map-list tbody tr").count() == points
    assert page.locator("#map .leaflet-tile").count() == 0  # no tile server by default
    no_sideways_scroll(page)
    for name in ("Phóng to", "Thu nhỏ"):
        button = page.get_by_role("button", name=name)
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, name
    marker = page.locator("#map .ent-point").first
    assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("aria-label")
    if size == "pc":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "console-map-pc.png"), full_page=True)

    assert page.locator("[data-legend=overdue]").is_hidden()
    page.locator("input[name=colour][value=overdue]").check()
    assert page.locator("[data-legend=overdue]").is_visible()
    assert page.locator("[data-legend=result]").is_hidden()

    here = page.url
    wait_until_the_map_rests(page)
    # The point is opened by a click event on its SVG path, as Leaflet receives a tap: a
    # pointer click at its coordinates missed it now and then on a loaded machine.
    page.locator("#map .ent-point").first.dispatch_event("click")
    link = page.locator(".leaflet-popup a.open-enterprise")
    link.wait_for()
    wait_until_the_map_rests(page)
    if size == "phone":
        link.tap()
    else:
        link.click()
    page.wait_for_url(re.compile(r".*/console/enterprises/[0-9a-f-]{36}$"))
    assert page.locator("[data-testid=strip]").count() == 1
    page.go_back()
    page.wait_for_url(here)
    page.locator("#map[data-points]").wait_for(state="attached")
    wait_until_the_map_rests(page)
    assert points_on_the_map(page) == points
    assert not aborted, aborted
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_tile_server_adds_tiles_under_the_points(demo_live, new_context):  # noqa: F811
    """With MAP_TILE_URL set, the map asks that server for tiles (here unreachable: aborted)
    and the CSP lets their images through; the points draw all the same."""
    live = demo_live
    live.app.config["MAP_TILE_URL"] = "https://tiles.example.invalid/{z}/{x}/{y}.png"
    live.app.config["MAP_TILE_ATTRIBUTION"] = "Bản đồ nền: Sở TN&MT Bắc Ninh"
    page, errors = open_console(new_context, live, "pc", "supervisor", "demo1234")
    aborted = cut_the_network(page.context)
    response = page.goto(f"{live.url}/console/map?period=2026")
    assert (
        "img-src 'self' data: blob: https://tiles.example.invalid;"
        in (response.headers["content-security-policy"])
    )
    page.locator("#map[data-points]").wait_for(state="attached")
    wait_until_the_map_rests(page)
    assert points_on_the_map(page) >= 10
    assert page.locator(".leaflet-control-attribution").get_by_text("Sở TN&MT").count() == 1
    assert aborted and all(u.startswith("https://tiles.example.invalid/") for u in aborted)
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_page_scrolls_past_the_map_until_it_is_clicked(demo_live, new_context):  # noqa: F811
    page, _ = open_console(new_context, demo_live, "pc", "supervisor", "demo1234")
    page.goto(f"{demo_live.url}/console/map?period=2026")
    page.locator("#map[data-points]").wait_for(state="attached")
    wait_until_the_map_rests(page)
    page.locator("#map").scroll_into_view_if_needed()
    box = page.locator("#map").bounding_box()
    pane = page.locator("#map .leaflet-map-pane")
    before_zoom, before_y = pane.get_attribute("style"), page.evaluate("window.scrollY")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_function("(y) => window.scrollY > y", arg=before_y)
    wait_until_the_map_rests(page)
    assert pane.get_attribute("style") == before_zoom  # the map did not zoom


MARKUP = '<img src="x" onerror="window.__pwned = 1"><b>bold</b>'


def test_markup_in_names_shows_as_text(demo_live, new_context):  # noqa: F811
    """A park's and an enterprise's name holding markup are drawn as the characters typed:
    no element is made from them and no script runs (issue 23 item 7)."""
    from app.extensions import db

    with demo_live.app.app_context():
        db.session.execute(sa.text("UPDATE park SET name = :m || name"), {"m": MARKUP})
        db.session.execute(sa.text("UPDATE enterprise SET name = :m || name"), {"m": MARKUP})
        db.session.commit()
    page, _ = open_console(new_context, demo_live, "pc", "supervisor", "demo1234")
    page.goto(f"{demo_live.url}/console/map?period=2026")
    page.locator("#map[data-points]").wait_for(state="attached")
    wait_until_the_map_rests(page)
    labels = page.locator("#map .leaflet-tooltip.park-label").all_inner_texts()
    assert labels and all(label.startswith(MARKUP) for label in labels)
    marker = page.locator("#map .ent-point").first
    assert marker.get_attribute("aria-label").startswith(MARKUP)
    assert marker.get_attribute("title").startswith(MARKUP)
    marker.dispatch_event("click")
    popup = page.locator(".leaflet-popup strong")
    popup.wait_for()
    assert popup.inner_text().startswith(MARKUP)
    assert page.locator("#map img[src='x'], #map b").count() == 0
    assert page.evaluate("window.__pwned") is None
