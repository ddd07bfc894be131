"""Sync at its edges: a refused submit fixed, Background Sync with no window, a pull reset,
a pull of several pages."""

import time

from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Check, Enterprise, Park, User
from tests.browser.conftest import go_offline, go_online, login, wait_pending
from tests.browser.live import LiveServer
from tests.browser.steps import (
    add_photo,
    answer,
    complete_check,
    fill_number,
    make_png,
    start_check,
)

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def _checks(live):
    return live.query(
        lambda: {c.id: (c.status, c.data) for c in db.session.execute(select(Check)).scalars()}
    )


def _wait_for(fn, timeout: float = 20.0):
    """Poll the server's database until fn() is truthy (work done by the service worker)."""
    deadline = time.monotonic() + timeout
    while not (value := fn()):
        assert time.monotonic() < deadline, "timed out waiting for the server's database"
        time.sleep(0.1)
    return value


def test_rejected_submit_is_fixed_and_resubmitted(live, new_context, tmp_path):
    """The server refuses a submit (a field too long): the check is a draft again, shows why,
    and once fixed it is submitted and arrives."""
    photos = [make_png(tmp_path / "a.png", (9, 9, 9)), make_png(tmp_path / "b.png", (99, 9, 9))]
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    check_id = complete_check(page, photos, representative="Nguyễn Văn An " * 20)  # 280 chars
    go_online(context)
    page.evaluate(SYNC)
    wait_pending(page, 0)
    assert _checks(live) == {}  # nothing of a rejected change is written

    page.get_by_test_id("tab-sync").click()
    item = page.get_by_test_id("rejected-item")
    expect(item.locator(".error")).to_have_text("Một số trường không hợp lệ.")
    expect(item.get_by_test_id("field-error")).to_have_text(
        "Đại diện doanh nghiệp · Họ và tên: Dài hơn độ dài tối đa 200."
    )
    item.get_by_test_id("fix").click()
    expect(page.get_by_test_id("issue-rejected")).to_contain_text("Dài hơn độ dài tối đa 200.")
    expect(page.get_by_test_id("status")).to_have_text("Bản nháp")
    rep = page.get_by_test_id("rep-name")
    expect(rep).to_be_editable()
    rep.fill("Nguyễn Văn An")
    rep.blur()
    page.get_by_test_id("submit-check").click()
    page.get_by_test_id("checks-tab-submitted").wait_for()
    page.evaluate(SYNC)
    wait_pending(page, 0)
    status, data = _checks(live)[check_id]
    assert (status, data["representative_name"]) == ("submitted", "Nguyễn Văn An")
    page.get_by_test_id("tab-sync").click()
    page.get_by_test_id("sync-now").wait_for()
    expect(page.get_by_test_id("rejected-item")).to_have_count(0)


def _pump(page, until, tries: int = 1200) -> None:
    """Let Playwright deliver events (route handlers, DevTools events) until until() holds.

    Returns as soon as it holds; the patience (about a minute) is for a loaded CI machine,
    where the worker's registration event has taken more than 10 s to arrive."""
    for _ in range(tries):
        if until():
            return
        page.evaluate("new Promise((r) => setTimeout(r, 50))")
    raise AssertionError("timed out")


def _dispatch_sync(context, live):
    """Fire the worker's Background Sync event through DevTools, from a page that is not a
    window of the app (about:blank), as the browser does when the network comes back."""
    blank = context.new_page()
    cdp = context.new_cdp_session(blank)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(
            r["registrationId"] for r in e["registrations"] if r["scopeURL"].endswith("/app/")
        ),
    )
    cdp.send("ServiceWorker.enable")
    _pump(blank, lambda: registrations)
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live.url,
            "registrationId": registrations[0],
            "tag": "outbox",
            "lastChance": False,
        },
    )
    return blank


def test_background_sync_with_no_window_open(live, new_context):
    """The app is closed with a check in the outbox; the worker's sync event pushes it (a
    failed try leaves the outbox as it was, for the browser's next try)."""
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    check_id = start_check(page)
    answer(page, "A.1", "yes")
    wait_pending(page, 1)
    page.close()
    go_online(context)
    tries = []
    context.route("**/api/sync/push", lambda route: tries.append(1) or route.abort("failed"))
    blank = _dispatch_sync(context, live)
    _pump(blank, lambda: tries)
    assert _checks(live) == {}
    context.unroute("**/api/sync/push")
    _dispatch_sync(context, live)  # the browser tries again
    status, data = _wait_for(lambda: _checks(live).get(check_id))
    assert (status, data["answers"]["A.1"]["value"]) == ("draft", "yes")

    page = context.new_page()  # the app opened later: nothing left to send
    page.goto(f"{live.url}/app/")
    wait_pending(page, 0)
    assert len(_checks(live)) == 1


def _enterprises_on_phone(page) -> set[str]:
    return set(
        page.evaluate("""import(document.scripts[0].src).then((m) => m.db.listRecords('enterprise'))
        .then((rows) => rows.map((r) => r.data.name))""")
    )


def test_pull_reset_drops_what_is_no_longer_visible(live, new_context):
    """A role change resets the pull: the other park's enterprises leave the phone, a draft
    waiting in the outbox stays."""
    context = new_context()
    page = context.new_page()
    login(page, live)
    que_vo, yen_phong = live.seeded.park_ids
    names = live.query(
        lambda: {e.name: e.park_id for e in db.session.execute(select(Enterprise)).scalars()}
    )
    assert _enterprises_on_phone(page) == set(names)
    context.route("**/api/sync/push", lambda route: route.abort())  # the draft stays queued
    draft_id = start_check(page)
    answer(page, "A.1", "no")
    page.get_by_test_id("tab-checks").click()

    def make_supervisor_of_que_vo():
        user = db.session.execute(select(User).where(User.username == "inspector")).scalar_one()
        user.role = "supervisor"  # the cursor's scope changes in a way revocations don't say
        user.parks = [db.session.get(Park, que_vo)]
        db.session.commit()

    live.query(make_supervisor_of_que_vo)
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.pullAll())")
    assert _enterprises_on_phone(page) == {n for n, park in names.items() if park == que_vo}
    assert yen_phong not in page.evaluate("""import(document.scripts[0].src).then((m) => m.db)
        .then((m) => m.listRecords('park')).then((rows) => rows.map((r) => r.id))""")
    kept = page.evaluate(f"""(async () => {{
      const {{ getRecord, getMeta }} = (await import(document.scripts[0].src)).db;
      const outbox = (await import(document.scripts[0].src)).outbox;
      const rec = await getRecord('check', '{draft_id}');
      return {{ answer: rec && rec.data.answers['A.1'].value, queued: await outbox.pendingCount(),
                reset: await getMeta('reset_pending') }};
    }})()""")
    assert kept == {"answer": "no", "queued": 1, "reset": None}
    page.get_by_test_id("checks-tab-draft").click()
    expect(page.get_by_test_id("check-item")).to_have_count(1)


def test_pull_of_several_pages_all_arrives(new_context, tmp_path):
    """More changes than one pull page holds: the phone pulls until has_more is false."""
    server = LiveServer(tmp_path, extra_enterprises=520).start()
    try:
        page = new_context().new_page()
        pulls = []
        page.on("request", lambda r: "/api/sync/pull" in r.url and pulls.append(r.url))
        login(page, server)
        wait_pending(page, 0)
        total = server.query(
            lambda: db.session.execute(select(func.count()).select_from(Enterprise)).scalar()
        )
        assert total > 500
        count = page.evaluate("""import(document.scripts[0].src).then((m) => m.db)
            .then((m) => m.listRecords('enterprise')).then((rows) => rows.length)""")
        assert count == total
        assert len(pulls) >= 2
    finally:
        server.stop()


def test_edit_made_while_a_photo_uploads_is_not_lost(live, new_context, tmp_path):
    """A push waits on a photo upload while the inspector types on: the new answer is queued
    apart, never replaced into the entry being sent (and deleted with it)."""
    context = new_context()
    page = context.new_page()
    login(page, live)
    check_id = start_check(page)
    held = []
    context.route(
        "**/api/attachments/*",
        lambda route: held.append(route) if route.request.method == "PUT" else route.continue_(),
    )
    answer(page, "A.3", "no")
    with page.expect_request(lambda r: r.method == "PUT" and "/api/attachments/" in r.url):
        add_photo(page, "photo-A.3", make_png(tmp_path / "gate.png", (1, 50, 99)), 1)
    fill_number(page, "A.2", "9")
    page.wait_for_function("""import(document.scripts[0].src).then((m) => m.outbox.entries())
        .then((list) => list.some((e) => e.data.answers?.['A.2']?.value === 9))""")
    held[0].continue_()
    page.evaluate(SYNC)
    wait_pending(page, 0)
    _, data = _checks(live)[check_id]
    assert data["answers"]["A.2"]["value"] == 9
    assert len(data["answers"]["A.3"]["photos"]) == 1
