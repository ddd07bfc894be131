"""Time, one rule, on the phone: a check's start and end show in Vietnam's time whatever the
phone's own time zone, the same as the console shows them. The phone here is set to Paris
(six hours behind Vietnam in winter); one check is written on the server as the seed writes
(UTC, from Vietnam's working hours), one is made and sent on that phone.
"""

import re
from datetime import date

from playwright.sync_api import expect

from app.seed.checks import local
from tests.browser.conftest import login, wait_pending
from tests.browser.returns import open_console, submitted_check
from tests.browser.steps import complete_check, make_png

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def _seeded_check(live) -> str:
    """A check sent on 21/11/2026 from 06:40 to 08:05 in Vietnam, written as the seed does."""
    started, ended = local(date(2026, 11, 21), 6 + 40 / 60), local(date(2026, 11, 21), 8 + 5 / 60)
    return submitted_check(live, started, ended)


def _console_times(console, live, check_id) -> tuple[str, str]:
    """The start and end the console's check page shows."""
    console.goto(f"{live.url}/console/checks/{check_id}")

    def fact(label):
        term = console.locator("dl.facts dt", has_text=re.compile(f"^{label}$"))
        return term.locator("xpath=following-sibling::dd[1]").inner_text().strip()

    return fact("Bắt đầu"), fact("Kết thúc")


def _phone_shows(phone, check_id, start: str, end: str) -> None:
    phone.get_by_test_id("tab-checks").click()
    phone.get_by_test_id("checks-tab-submitted").click()
    item = phone.locator(f"[data-testid=check-item][data-id='{check_id}']")
    expect(item).to_contain_text(f"Bắt đầu {start}")
    item.click()
    expect(phone.get_by_test_id("check-started")).to_have_text(f"Bắt đầu {start}")
    expect(phone.get_by_test_id("check-ended")).to_have_text(f"Kết thúc {end}")


def test_a_phone_in_another_time_zone_shows_vietnams_times(live, new_context, tmp_path):
    seeded = _seeded_check(live)
    phone = new_context(timezone_id="Europe/Paris").new_page()
    login(phone, live)
    assert phone.evaluate("new Date(Date.UTC(2026, 11, 1, 12)).getHours()") == 13  # in Paris
    photos = [make_png(tmp_path / "a.png", (1, 2, 3)), make_png(tmp_path / "b.png", (3, 2, 1))]
    made = complete_check(phone, photos)
    phone.evaluate(SYNC)
    wait_pending(phone, 0)
    console = open_console(live, new_context)

    start, end = _console_times(console, live, seeded)
    assert (start, end) == ("21/11/2026 06:40", "21/11/2026 08:05")
    _phone_shows(phone, seeded, start, end)
    _phone_shows(phone, made, *_console_times(console, live, made))
