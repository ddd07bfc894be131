"""The enterprise situation page in real Chromium at PC and phone size, on the demo province:
reached from the dashboard and the review queue's search, no sideways scrolling, no CSP
violation, a commendation recorded with its certificate photo, the latest check and back,
printed on A4. Screenshots: docs/screenshots/console-enterprise-*.png with SCREENSHOTS=1.
"""

import re

import pytest

from app.seed.media import png
from tests.browser.test_console_pages import (  # noqa: F401 (fixtures)
    SHOTS,
    demo_live,
    no_sideways_scroll,
    open_console,
)


@pytest.mark.parametrize("size", ["pc", "phone"])
def test_enterprise_page_at_size(demo_live, new_context, size, tmp_path):  # noqa: F811
    live = demo_live
    page, errors = open_console(new_context, live, size, "supervisor", "demo1234")
    page.goto(f"{live.url}/console/dashboard?period=2026")
    assert page.locator("[data-testid=survey] tbody tr").count() >= 10
    no_sideways_scroll(page)
    page.locator("a[href*='/console/enterprises/']").first.click()
    page.wait_for_url(re.compile(r".*/console/enterprises/[0-9a-f-]{36}$"))
    page.goto(f"{live.url}/console/review?q=cong+ty&status=all")
    page.locator("[data-testid=enterprise-hits] a").first.wait_for()
    situation = page.locator("a.ent-link").first.get_attribute("href")
    page.goto(live.url + situation)
    assert page.locator("[data-testid=strip] tbody tr").count() == 7
    assert page.locator("[data-testid=timeline] li[data-kind=check]").count() >= 1
    no_sideways_scroll(page)

    certificate = tmp_path / "giay-khen.png"
    certificate.write_bytes(png(200, 140, lambda x, y: (200, (x + y) % 256, 60)))
    page.locator("#commendations summary").click()
    page.fill("input[name=by]", "UBND tỉnh Bắc Ninh")
    page.fill("input[name=on]", "15/03/2026")
    page.fill("input[name=decision_number]", "123/QĐ-UBND")
    page.set_input_files("input[name=photo]", str(certificate))
    page.click("#commendations button[type=submit]")
    page.wait_for_url(re.compile(r".*#commendations$"))
    page.locator("img.commend-photo").wait_for()
    assert page.evaluate("document.querySelector('img.commend-photo').naturalWidth") == 200
    assert page.get_by_text("123/QĐ-UBND").count() >= 2  # the card and the timeline
    no_sideways_scroll(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"console-enterprise-{size}.png"), full_page=True)

    here = page.url.split("#")[0]
    page.locator("[data-testid=timeline] li[data-kind=check] h3 a").first.click()
    page.wait_for_url(re.compile(r".*/console/checks/"))
    page.locator("h1 a[href*='/console/enterprises/']").click()
    page.wait_for_url(here)
    page.emulate_media(media="print")
    assert page.locator("#commendations details").is_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf[:4] == b"%PDF"
    assert not [e for e in errors if "Content Security Policy" in e], errors
