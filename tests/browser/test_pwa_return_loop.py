"""The return loop, whole: a supervisor returns a check with a comment; the inspector's phone,
left open, hears of it; offline the inspector answers and fixes it; the console shows it sent
again with what changed and both entries; a second return keeps the first comment.

The phone syncs every two minutes while open; here the test sets a short interval through
the app's hook (self.__anttAutoSyncMs), so nothing waits two minutes or sleeps.
Screenshots: I22_SCREENSHOTS=1 writes docs/screenshots/pwa-thread.png and
console-sent-again-pc.png (skipped otherwise, so the suite never rewrites tracked images).
"""

import os
from pathlib import Path

from playwright.sync_api import expect

from app.extensions import db
from app.models import Check
from tests.browser.conftest import go_offline, go_online, login, wait_pending
from tests.browser.returns import open_console, return_on_server, submitted_check
from tests.browser.steps import complete_check, fill_number, make_png

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"
# The phone's own copy of a check's start and end.
PHONE_TIMES = """(id) => import(document.scripts[0].src).then(async (m) => {
  const d = (await m.db.getRecord('check', id)).data;
  return [d.started_at, d.ended_at];
})"""
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SHOTS = os.environ.get("I22_SCREENSHOTS") == "1"
FIRST = "Bổ sung số bảo vệ chuyên trách"
ANSWER = "Đã đếm lại: 6 bảo vệ chuyên trách"
SECOND = "Đề nghị chụp thêm sổ trực"


def _times(live, check_id):
    def read():
        check = db.session.get(Check, check_id)
        return check.started_at, check.ended_at, check.status, check.send_count

    return live.query(read)


def _return(page, live, check_id, comment):
    page.goto(f"{live.url}/console/checks/{check_id}")
    page.fill(".review-box textarea[name=comment]", comment)
    with page.expect_navigation():  # the next check of the queue opens (or the queue)
        page.click(".review-box button[value=return]")
    page.goto(f"{live.url}/console/checks/{check_id}")
    expect(page.locator("#awaiting-resend")).to_be_visible()  # no decision until it is back


def test_the_return_loop_whole(live, new_context, tmp_path):
    photos = [make_png(tmp_path / "a.png", (1, 2, 3)), make_png(tmp_path / "b.png", (3, 2, 1))]
    phone_ctx = new_context()
    phone_ctx.add_init_script("self.__anttAutoSyncMs = 1500")
    phone = phone_ctx.new_page()
    login(phone, live)
    check_id = complete_check(phone, photos)
    phone.evaluate(SYNC)
    wait_pending(phone, 0)
    started, ended, _, _ = _times(live, check_id)
    console = open_console(live, new_context)
    _return(console, live, check_id, FIRST)

    # The phone, left open on its list, hears of the return by itself.
    expect(phone.get_by_test_id("tab-checks-unread")).to_have_text("1")
    go_offline(phone_ctx)
    first_times = phone.evaluate(PHONE_TIMES, check_id)
    phone.get_by_test_id("checks-tab-returned").click()
    phone.get_by_test_id("check-item").first.click()
    expect(phone.get_by_test_id("thread-text").first).to_have_text(FIRST)
    expect(phone.get_by_test_id("tab-checks-unread")).to_be_hidden()
    phone.get_by_test_id("thread-input").fill(ANSWER)
    phone.get_by_test_id("thread-send").click()
    expect(phone.get_by_test_id("thread-text")).to_have_count(2)
    fill_number(phone, "A.2", "6")
    phone.get_by_test_id("submit-check").click()
    phone.get_by_test_id("checks-tab-submitted").wait_for()
    assert phone.evaluate(PHONE_TIMES, check_id) == first_times  # sent again: same end
    go_online(phone_ctx)
    phone.evaluate(SYNC)
    wait_pending(phone, 0)

    assert _times(live, check_id) == (started, ended, "submitted", 2)
    console.goto(f"{live.url}/console/review")
    first_row = console.locator("table tbody tr").first
    expect(first_row).to_contain_text("Gửi lại")
    console.goto(f"{live.url}/console/checks/{check_id}")
    expect(console.locator("#sent-again")).to_have_text("Gửi lại")
    expect(console.locator("#changes")).to_contain_text("A.2")
    expect(console.locator("#changes ins")).to_contain_text("6")
    entries = console.locator("#thread .thread-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text(FIRST)
    expect(entries.nth(1)).to_contain_text(ANSWER)
    if SHOTS:
        OUT.mkdir(parents=True, exist_ok=True)
        console.screenshot(path=str(OUT / "console-sent-again-pc.png"), full_page=True)

    _return(console, live, check_id, SECOND)
    phone.evaluate(SYNC)
    phone.get_by_test_id("tab-checks").click()
    phone.get_by_test_id("checks-tab-returned").click()
    phone.get_by_test_id("check-item").first.click()
    texts = phone.get_by_test_id("thread-text")
    expect(texts).to_have_count(3)
    expect(texts.nth(0)).to_have_text(FIRST)
    expect(texts.nth(2)).to_have_text(SECOND)
    assert _times(live, check_id)[:2] == (started, ended)
    if SHOTS:
        phone.get_by_test_id("thread").scroll_into_view_if_needed()
        phone.get_by_test_id("thread").screenshot(path=str(OUT / "pwa-thread.png"))


def test_an_open_phone_hears_a_return_within_two_minutes(live, new_context):
    """The real two-minute timer, on a fake clock: no tap, no reload, no focus change."""
    check_id = submitted_check(live)
    context = new_context()
    phone = context.new_page()
    phone.clock.install()
    login(phone, live)
    phone.evaluate(SYNC)
    wait_pending(phone, 0)
    expect(phone.get_by_test_id("tab-checks-unread")).to_be_hidden()
    return_on_server(live, check_id, FIRST)
    phone.clock.run_for(120_000)
    expect(phone.get_by_test_id("tab-checks-unread")).to_have_text("1")
