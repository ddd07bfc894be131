"""More of the inspector's day: returned checks, visits, language, export, shared phones, tabs."""

import json
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Check
from app.sync.versioning import stamp
from tests.browser.conftest import go_offline, go_online, login, pending_count, wait_pending
from tests.browser.steps import answer, complete_check, make_png, start_check

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"
PATIENCE_MS = 60000  # for states that come late on a loaded machine (ends as soon as they hold)
# Resolves true once the last queued data of a check holds the police member, the closed
# finding and answer A.1 (checked again at each outbox change), false if it never does.
QUEUED_CHECK = """async ([id, findingId, patienceMs]) => {
  const outbox = (await import(document.scripts[0].src)).outbox;
  const { getRecord } = (await import(document.scripts[0].src)).db;
  // The phone's copy of the check (an automatic sync may already have sent its outbox entry).
  const holds = async () => {
    const d = (await getRecord('check', id))?.data;
    return Boolean(d && d.answers?.['A.1']?.value === 'yes'
      && d.team.some((m) => m.name === 'Trần Thị Bình' && m.unit === 'police')
      && (d.closed_findings || []).some((c) => c.finding_id === findingId));
  };
  const deadline = Date.now() + patienceMs;
  while (!(await holds())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => {
      const off = outbox.onOutboxChange(() => { off(); resolve(); });
      setTimeout(() => { off(); resolve(); }, deadline - Date.now());
    });
  }
  return true;
}"""


def _checks(live):
    return live.query(
        lambda: [
            (c.id, c.status, c.author.username, c.visit_id)
            for c in db.session.execute(select(Check)).scalars()
        ]
    )


def test_returned_check_is_fixed_and_resubmitted(live, new_context, tmp_path):
    photos = [make_png(tmp_path / "a.png", (1, 2, 3)), make_png(tmp_path / "b.png", (3, 2, 1))]
    page = new_context().new_page()
    login(page, live)
    check_id = complete_check(page, photos)
    page.evaluate(SYNC)
    wait_pending(page, 0)

    def send_back():
        check = db.session.get(Check, check_id)
        check.status, check.review_comment = "returned", "Bổ sung số bảo vệ chuyên trách"
        stamp(check)
        db.session.commit()

    live.query(send_back)
    page.evaluate(SYNC)
    page.get_by_test_id("tab-checks").click()
    page.get_by_test_id("checks-tab-returned").click()
    page.get_by_test_id("check-item").first.click()
    assert "Bổ sung số bảo vệ" in page.get_by_test_id("review-comment").inner_text()
    page.get_by_test_id("answer-A.2").fill("6")
    page.get_by_test_id("answer-A.2").blur()
    page.get_by_test_id("submit-check").click()
    page.get_by_test_id("checks-tab-submitted").wait_for()
    page.evaluate(SYNC)
    wait_pending(page, 0)
    resubmitted = live.query(lambda: db.session.get(Check, check_id).data["answers"]["A.2"])
    assert resubmitted["value"] == 6
    assert _checks(live)[0][1] == "submitted"
    page.get_by_test_id("checks-tab-submitted").click()
    page.get_by_test_id("receipt").first.wait_for()


def test_visit_english_and_export_import(live, new_context):
    context = new_context(accept_downloads=True)
    page = context.new_page()
    login(page, live)
    page.get_by_test_id("tab-sync").click()
    with page.expect_response("**/api/auth/language"):  # the choice is saved on the server
        page.get_by_test_id("lang-en").click()
    page.get_by_test_id("tab-visits").get_by_text("Visits").click()
    assert live.query(lambda: _user_language("inspector")) == "en"
    page.get_by_test_id("visit-item").first.click()
    go_offline(context)
    page.get_by_test_id("start-check").click()
    answer(page, "A.1", "na")
    page.get_by_test_id("tab-sync").click()
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    payload = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert payload["format"] == "antt-unsynced-work" and payload["mutations"]
    client = live.app.test_client()
    csrf = client.post("/api/auth/login", json={"username": "inspector", "password": "pw"})
    response = client.post(
        "/api/sync/import", json=payload, headers={"X-CSRF-Token": csrf.json["csrf_token"]}
    )
    assert response.status_code == 200, response.json
    assert {r["status"] for r in response.json["results"]} == {"applied"}
    [(_, status, author, visit_id)] = _checks(live)
    assert (status, author, visit_id) == ("draft", "inspector", live.seeded.visit_id)
    go_online(context)
    page.evaluate(SYNC)
    wait_pending(page, 0)  # the phone's own push comes back as duplicates
    assert len(_checks(live)) == 1


def _user_language(username):
    from app.models import User

    return db.session.execute(select(User.language).where(User.username == username)).scalar()


def test_another_user_on_the_same_phone(live, new_context):
    context = new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live)
    go_offline(context)
    start_check(page)
    answer(page, "A.1", "yes")
    assert pending_count(page) == 1
    context.route("**/api/sync/push", lambda route: route.abort())  # keep it queued
    go_online(context)
    page.get_by_test_id("tab-sync").click()
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-form").wait_for()
    context.unroute("**/api/sync/push")

    login(page, live, "inspector2")
    wait_pending(page, 0)
    page.evaluate(SYNC)
    page.get_by_test_id("tab-checks").click()
    assert page.get_by_test_id("check-item").count() == 0
    assert _checks(live) == []

    page.get_by_test_id("tab-sync").click()
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-form").wait_for()
    login(page, live, "inspector")
    wait_pending(page, 0)
    assert [(c[1], c[2]) for c in _checks(live)] == [("draft", "inspector")]


def test_one_draft_in_one_tab(live, new_context):
    context = new_context()
    first = context.new_page()
    login(first, live)
    check_id = start_check(first)
    second = context.new_page()
    second.goto(f"{live.url}/app/#/check?id={check_id}")
    second.get_by_test_id("locked-elsewhere").wait_for()
    assert second.get_by_test_id("answer-A.1-yes").is_disabled()
    first.get_by_test_id("tab-checks").click()  # leaving the draft frees it
    second.reload()
    second.get_by_test_id("item-A.1").wait_for()
    assert second.get_by_test_id("locked-elsewhere").count() == 0
    assert not second.get_by_test_id("answer-A.1-yes").is_disabled()


def test_police_member_signs_and_old_findings_close(live, new_context, tmp_path):
    photos = [make_png(tmp_path / "a.png", (5, 6, 7)), make_png(tmp_path / "b.png", (7, 6, 5))]
    page = new_context().new_page()
    login(page, live)
    first = complete_check(page, photos)
    page.evaluate(SYNC)
    wait_pending(page, 0)
    finding_id = live.query(lambda: db.session.get(Check, first).data["findings"][0]["id"])

    second = start_check(page)  # the re-inspection
    page.get_by_test_id("add-member").click()
    page.get_by_test_id("member-1-name").fill("Trần Thị Bình")
    page.get_by_test_id("member-1-unit-police").click()
    # The earlier check's open finding is listed once IndexedDB answers (slow under load).
    page.get_by_test_id(f"close-{finding_id}-closed").wait_for(timeout=PATIENCE_MS)
    page.get_by_test_id(f"close-{finding_id}-closed").click()
    page.get_by_test_id(f"close-{finding_id}-closed").and_(
        page.locator("[aria-pressed='true']")
    ).wait_for()
    answer(page, "A.1", "yes")
    # The state asserted below, once queued on the phone (saves finish after the taps show).
    assert page.evaluate(QUEUED_CHECK, [second, finding_id, PATIENCE_MS])
    page.evaluate(SYNC)
    wait_pending(page, 0)
    data = live.query(lambda: db.session.get(Check, second).data)
    assert [(m["name"], m["unit"]) for m in data["team"]][1] == ("Trần Thị Bình", "police")
    assert data["closed_findings"] == [{"finding_id": finding_id, "note": ""}]


def test_rejected_change_is_shown_and_does_not_block(live, new_context):
    page = new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live)
    good = start_check(page)
    answer(page, "A.1", "yes")
    page.evaluate("""async () => {
      const outbox = (await import(document.scripts[0].src)).outbox;
      await outbox.enqueue('check', crypto.randomUUID(), 'upsert', {
        template_version_id: crypto.randomUUID(), enterprise_id: crypto.randomUUID(),
        status: 'draft', started_at: new Date().toISOString() }, 0);
    }""")
    page.evaluate(SYNC)
    wait_pending(page, 0)
    assert [c[0] for c in _checks(live)] == [good]  # the good one went through
    page.get_by_test_id("tab-sync").click()
    item = page.get_by_test_id("rejected-item")
    expect(item.locator(".error")).to_have_text("Doanh nghiệp không xác định.")  # translated
    item.get_by_test_id("discard").click()
    expect(page.get_by_test_id("rejected-item")).to_have_count(0)
