"""Time, one rule, on the phone: a check's start and end show in Vietnam's time whatever the
phone's own time zone, the same as the console shows them. The phone here is set to Paris
(six hours behind Vietnam in winter); one check is written on the server as the seed writes
(UTC, from Vietnam's working hours), one is made and sent on that phone.
"""

import re
from datetime import UTC, date, datetime

from playwright.sync_api import expect

from app.extensions import db
from app.models import Check, Enterprise, TemplateVersion, User
from app.seed.checks import local
from app.sync.versioning import stamp
from tests.browser.conftest import login, wait_pending
from tests.browser.returns import open_console
from tests.browser.steps import complete_check, make_png
from tests.factories import Factory

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def _seeded_check(live) -> str:
    """A check sent on 21/11/2026 from 06:40 to 08:05 in Vietnam, written as the seed does."""
    started, ended = local(date(2026, 11, 21), 6 + 40 / 60), local(date(2026, 11, 21), 8 + 5 / 60)

    def write():
        inspector = db.session.query(User).filter_by(username="inspector").one()
        ent = db.session.get(Enterprise, live.seeded.enterprise_ids[0])
        tv = db.session.get(TemplateVersion, live.seeded.template_version_id)
        data = Factory.check_data(
            tv,
            ent,
            status="submitted",
            started_at=started.isoformat(),
            ended_at=ended.isoformat(),
        )
        check = stamp(
            Check(
                template_version_id=tv.id,
                enterprise_id=ent.id,
                park_id=ent.park_id,
                author_id=inspector.id,
                status="submitted",
                started_at=started,
                ended_at=ended,
                submitted_at=datetime.now(UTC),
                data=data,
            )
        )
        db.session.add(check)
        db.session.commit()
        return check.id

    return live.query(write)


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
