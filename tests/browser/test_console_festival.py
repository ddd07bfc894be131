"""The festival overview in real Chromium at 1280 and 390 px on the demo province: the page
answers, nothing scrolls sideways, every date of the events list sits on one line (never
"20/12/20 26"), past planned events are not shown as planned. Screenshots: docs/screenshots/
console-festival-overview-pc.png and -phone.png with SCREENSHOTS=1.
"""

import re
from datetime import date

import pytest

from tests.browser.test_console_pages import (  # noqa: F401 (fixtures)
    PC,
    PHONE,
    SHOTS,
    demo_live,
    no_sideways_scroll,
)

SIZES = {"pc": {**PC, "viewport": {"width": 1280, "height": 900}}, "phone": PHONE}


@pytest.mark.parametrize("size", ["pc", "phone"])
def test_festival_overview_at_size(demo_live, new_context, size):  # noqa: F811
    context = new_context(**SIZES[size], service_workers="block")
    page = context.new_page()
    page.goto(f"{demo_live.url}/console/login")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", "demo1234")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/console/$"))
    year = date.today().year
    response = page.goto(f"{demo_live.url}/console/festival?period={year}")
    assert response.status == 200
    assert page.locator("#festival-enterprises tbody tr[data-enterprise]").count() >= 10
    no_sideways_scroll(page)
    dates = page.locator("#festival-events tbody td.nowrap")
    assert dates.count() >= 1
    for n in range(min(dates.count(), 20)):  # one line: as tall as one line of its text
        height = dates.nth(n).evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td);"
            " return r.getClientRects().length; }"
        )
        assert height == 1, dates.nth(n).inner_text()
    states = page.locator("#festival-events [data-state]")
    today = date.today()
    for n in range(states.count()):
        shown = states.nth(n).get_attribute("data-state")
        day_text = (
            states.nth(n).locator("xpath=ancestor::tr/td[1]").inner_text().split()[-1].strip()
        )
        day = date(*reversed([int(x) for x in day_text.split("/")]))
        assert not (shown == "planned" and day < today), day_text
    SHOTS.mkdir(parents=True, exist_ok=True)
    clip = {"x": 0, "y": 0, "width": 390, "height": 3200} if size == "phone" else None
    page.screenshot(  # the phone's: the filters, the totals and the first enterprises
        path=str(SHOTS / f"console-festival-overview-{size}.png"),
        full_page=True,
        clip=clip,
        timeout=90_000,
    )
