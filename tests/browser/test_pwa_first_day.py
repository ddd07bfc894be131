"""Rough edges of a first day with the field app (issue 12): the last sync time has one
source, the checks list opens on the check just sent, photo uploads log no error, the HR
header names the festival day, field errors read as sentences."""

from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Attachment
from tests.browser.conftest import go_offline, go_online, login, wait_pending
from tests.browser.steps import complete_check, make_png
from tests.browser.test_hr_festival import hr_login, seed_hr

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"
OLD_SYNC = "2026-01-02T01:30:00Z"  # 02/01/2026 08:30 in Hà Nội
SET_LAST_SYNCED = """async (at) => {
  const { setMeta } = (await import(document.scripts[0].src)).db;
  await setMeta('last_synced', at);
  await (await import(document.scripts[0].src)).sync.refreshState();
}"""
# 25 checks sent earlier (local copies only): the submitted list is longer than the screen.
EARLIER_CHECKS = """async ([tv, enterprise]) => {
  const { putRecord } = (await import(document.scripts[0].src)).db;
  for (let i = 0; i < 25; i += 1) {
    await putRecord({ entity: 'check', id: crypto.randomUUID(), version: 1, synced: true, data: {
      template_version_id: tv, enterprise_id: enterprise, status: 'submitted', answers: {},
      findings: [], team: [], started_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString() } });
  }
}"""


def _pill_time(page) -> str:
    text = page.get_by_test_id("sync-pill").inner_text()
    assert text.startswith("Đồng bộ "), text
    return text.removeprefix("Đồng bộ ")


def test_last_sync_time_is_the_same_on_the_badge_and_the_sync_screen(live, new_context):
    context = new_context()
    page = context.new_page()
    login(page, live)
    wait_pending(page, 0)
    page.evaluate(SET_LAST_SYNCED, OLD_SYNC)
    page.get_by_test_id("tab-sync").click()
    go_offline(context)
    page.reload()  # the app starts on the sync screen, from the cache
    page.locator("body[data-ready='1']").wait_for(state="attached")
    expect(page.get_by_test_id("last-synced")).to_have_text("02/01/2026 08:30")
    assert _pill_time(page) == "02/01/2026 08:30"

    go_online(context)  # the app syncs by itself while the sync screen is open
    expect(page.get_by_test_id("last-synced")).not_to_have_text("02/01/2026 08:30")
    wait_pending(page, 0)
    stored = page.evaluate(
        "import(document.scripts[0].src).then((m) => m.db.getMeta('last_synced'))"
    )
    assert stored > OLD_SYNC
    expect(page.get_by_test_id("last-synced")).to_have_text(_pill_time(page))


def test_checks_list_opens_on_the_check_just_sent(live, new_context, tmp_path):
    photos = [make_png(tmp_path / "a.png", (40, 2, 3)), make_png(tmp_path / "b.png", (3, 2, 40))]
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    page.evaluate(EARLIER_CHECKS, [live.seeded.template_version_id, live.seeded.enterprise_ids[0]])
    check_id = complete_check(page, photos)  # ends with "Gửi phiếu" at the bottom of the form
    sent = page.locator(f"[data-testid='check-item'][data-id='{check_id}']")
    expect(page.get_by_test_id("check-item")).to_have_count(26)
    expect(sent).to_be_in_viewport()
    assert page.evaluate("window.scrollY") == 0


def test_photo_uploads_log_no_error(live, new_context, tmp_path):
    photos = [make_png(tmp_path / "a.png", (40, 2, 3)), make_png(tmp_path / "b.png", (3, 2, 40))]
    context = new_context()
    page = context.new_page()
    errors, not_found = [], []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    context.on(
        "response", lambda r: r.status == 404 and "/api/" in r.url and not_found.append(r.url)
    )
    login(page, live)
    go_offline(context)  # the photos wait on the phone until the sync below
    complete_check(page, photos)
    go_online(context)
    page.evaluate(SYNC)
    wait_pending(page, 0)
    uploaded = live.query(lambda: db.session.scalar(select(func.count()).select_from(Attachment)))
    assert uploaded == 3  # the two photos and the signature
    assert not_found == [] and errors == []


def test_hr_header_names_the_festival_day(live, phone):
    seed_hr(live)
    hr_login(phone, live)
    expect(phone.locator("#brand")).to_have_text("Ngày hội ANTQ")
    assert phone.title() == "Ngày hội ANTQ"


def test_field_errors_read_as_sentences(live, phone):
    phone.goto(f"{live.url}/app/")
    lines = phone.evaluate("""import('/app/js/ui.js').then((ui) => ui.fieldErrors({
        x: ['Longer than maximum length 200.', 'Not a valid string.'],
        y: { z: ['Missing data for required field.;'] }, w: ['Too short'] }))""")
    assert lines == [
        "x: Longer than maximum length 200; Not a valid string.",
        "y.z: Missing data for required field.",
        "w: Too short.",
    ]
