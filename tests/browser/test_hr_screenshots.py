"""Phone-size screenshots of the HR screens into docs/screenshots/hr-*.png.

Run: HR_SCREENSHOTS=1 .venv/bin/pytest -p no:xdist -o addopts=""
     tests/browser/test_hr_screenshots.py
(skipped otherwise, so the suite never rewrites tracked images).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import go_offline, go_online
from tests.browser.test_hr_festival import (
    badge_files,
    create_event,
    hr_login,
    scan,
    seed_hr,
    sync_now,
)
from tests.browser.test_hr_review_offline import decide

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
pytestmark = pytest.mark.skipif(
    os.environ.get("HR_SCREENSHOTS") != "1", reason="set HR_SCREENSHOTS=1 to write the screenshots"
)
BAD_CSV = (
    "Mã NV,Họ và tên,Vai trò,Bộ phận\nNV101,Ngô Thị Mai,Công nhân,May\n"
    "NV102,,Bảo vệ,Hành chính\nNV101,Phạm Văn Nam,Công nhân,May\n"
    "NV104,Đỗ Lan,Phi công,Kho\n"
)


def shot(page, name: str, full: bool = False) -> None:
    """Write one screenshot, with no toast over the panels and the page at its top."""
    OUT.mkdir(parents=True, exist_ok=True)
    page.evaluate("""() => {
        document.activeElement && document.activeElement.blur();
        const toast = document.getElementById('toast');
        if (toast) toast.hidden = true;
        scrollTo(0, 0);
    }""")
    toast = page.locator("#toast")
    if toast.count():
        expect(toast).to_be_hidden()
    page.screenshot(path=str(OUT / f"hr-{name}.png"), full_page=full)


def test_hr_screenshots(live, new_context, tmp_path):
    ent_id = seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    event_id = create_event(page, title="Ngày hội toàn dân bảo vệ ANTQ 2026", planned="250")
    page.get_by_test_id("edit-event").click()
    page.get_by_test_id("ev-kind-law_quiz").check()
    page.get_by_test_id("ev-save").wait_for()
    shot(page, "event-form", full=True)
    page.get_by_test_id("ev-save").click()
    page.get_by_test_id("figures").wait_for()
    go_offline(ctx)
    page.get_by_test_id("roster-search").fill("thi")
    for person in page.get_by_test_id("roster-person").all()[:2]:
        person.click()
        expect(page.get_by_test_id("roster-result")).to_be_visible()
    page.get_by_test_id("roster-search").fill("")
    shot(page, "event-roster")
    page.get_by_test_id("tab-scan").click()
    scan(page, badge_files(tmp_path, ent_id, ["NV002"]), ["ok"])
    shot(page, "scan-ok")
    scan(page, badge_files(tmp_path, ent_id, ["NV002"]), ["repeat"])
    shot(page, "scan-repeat")
    page.get_by_test_id("tab-gifts").click()
    for _ in range(2):
        page.get_by_test_id("gift-number").fill("NV002")
        page.get_by_test_id("gift-name").fill("Trần Văn Đức")
        page.get_by_test_id("gift-value").press_sequentially("500000")
        page.get_by_test_id("gift-reason").fill("Bảo vệ xuất sắc")
        page.get_by_test_id("gift-add").click()
        page.get_by_test_id("gift-message").wait_for()
    shot(page, "gifts", full=True)
    page.get_by_test_id("tab-activities").click()
    page.get_by_test_id("headcount-propaganda").fill("300")
    page.get_by_test_id("headcount-propaganda").blur()
    shot(page, "activities")
    go_online(ctx)
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    page.locator("body[data-sending='0'] #sync-pill[data-pending='0']").wait_for(state="attached")
    page.goto(f"{live.url}/app/#/hr-events")
    page.get_by_test_id("event-item").first.wait_for()
    shot(page, "events")

    # The review loop on the phone: held, returned with the supervisor's comment, reviewed.
    page.get_by_test_id("event-item").first.click()
    page.get_by_test_id("mark-held").click()
    expect(page.get_by_test_id("event-status")).to_have_attribute("class", re.compile("ev-held"))
    sync_now(page)
    shot(page, "event-held")
    decide(live, event_id, "return", "Bổ sung ảnh buổi tuyên truyền và số bảo vệ tham dự.")
    sync_now(page)
    expect(page.get_by_test_id("event-returned")).to_be_visible()
    shot(page, "event-returned")
    page.get_by_test_id("mark-held").click()
    sync_now(page)
    decide(live, event_id, "reviewed", "Đạt yêu cầu")
    sync_now(page)
    expect(page.get_by_test_id("event-locked")).to_be_visible()
    shot(page, "event-reviewed")

    # The server pages HR uses on a PC: roster import preview with row errors, the QR sheet.
    desk = new_context(
        viewport={"width": 1100, "height": 900},
        is_mobile=False,
        has_touch=False,
        device_scale_factor=1,
    )
    pc = desk.new_page()
    pc.goto(f"{live.url}/console/login?next=/festival/roster")
    pc.fill("input[name=username]", "hr")
    pc.fill("input[name=password]", "pw")
    pc.press("input[name=password]", "Enter")
    pc.wait_for_url(re.compile(r".*/festival/roster/.*"))
    pc.goto(f"{live.url}/festival/roster/{ent_id}/import")
    csv_path = tmp_path / "danh-sach.csv"
    csv_path.write_text(BAD_CSV, encoding="utf-8-sig")
    pc.set_input_files("input[type=file]", str(csv_path))
    pc.click("form[enctype] button[type=submit]")
    pc.locator("#preview li.bad").first.wait_for()
    shot(pc, "roster-import-errors", full=True)
    pc.goto(f"{live.url}/festival/roster/{ent_id}/badges")
    pc.emulate_media(media="print")
    shot(pc, "badge-sheet")
