"""The inspector's field app in a real browser: offline work, interrupted sync, expired session."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import AppliedMutation, Attachment, Check, Finding
from tests.browser.conftest import go_offline, go_online, login, pending_count, wait_pending
from tests.browser.steps import answer, complete_check, make_png, start_check


def _checks(live):
    return live.query(
        lambda: [
            {
                "id": c.id,
                "status": c.status,
                "photos": list(c.photos),
                "data": c.data,
                "author": c.author_id,
                "visit_id": c.visit_id,
            }
            for c in db.session.execute(select(Check)).scalars()
        ]
    )


def _count(live, model):
    return live.query(lambda: db.session.execute(select(func.count()).select_from(model)).scalar())


def test_offline_day_then_sync_once(live, new_context, tmp_path):
    """Scenario 1: start offline from cache, complete a check, close, reopen, sync once."""
    photos = [
        make_png(tmp_path / "a.png", (200, 30, 30)),
        make_png(tmp_path / "b.png", (30, 30, 200)),
    ]
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    page.reload()
    page.get_by_test_id("enterprise-item").first.wait_for()
    assert page.get_by_test_id("offline-banner").is_visible()

    check_id = complete_check(page, photos)
    assert pending_count(page) >= 1
    page.close()

    page = context.new_page()  # open the app again, still offline
    page.goto(f"{live.url}/app/#/check?id={check_id}")
    page.get_by_test_id("item-A.1").wait_for()
    assert page.get_by_test_id("answer-A.1-yes").get_attribute("aria-pressed") == "true"
    assert page.get_by_test_id("answer-A.2").input_value() == "4"
    assert page.locator("[data-testid='photo-A.3-thumbs'] img").count() == 1
    assert page.get_by_test_id("finding-description").input_value().startswith("Camera cổng sau")
    assert page.get_by_test_id("signature-image").is_visible()
    assert _checks(live) == []

    go_online(context)
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    wait_pending(page, 0)
    checks = _checks(live)
    assert len(checks) == 1 and checks[0]["id"] == check_id
    assert checks[0]["status"] == "submitted"
    assert checks[0]["data"]["answers"]["A.1"]["value"] == "yes"
    assert checks[0]["data"]["findings"][0]["due_date"] == "2026-12-31"
    assert len(checks[0]["photos"]) == 3  # two photos and the signature
    assert _count(live, Attachment) == 3
    assert _count(live, Finding) == 1
    page.reload()
    page.get_by_test_id("receipt").wait_for()


def test_connection_drops_mid_push(live, new_context, tmp_path):
    """Scenario 2: the push reaches the server but the answer is lost; no duplicates."""
    context = new_context()
    page = context.new_page()
    login(page, live)
    calls = []

    def drop_first_answer(route):
        calls.append(route.request.post_data_json)
        if len(calls) == 1:
            route.fetch()  # the server applies the batch...
            route.abort("connectionreset")  # ...and the phone never hears back
        else:
            route.continue_()

    go_offline(context)
    first = start_check(page)
    answer(page, "A.1", "yes")
    second = start_check(page, "canon")
    answer(page, "A.1", "no")
    context.route("**/api/sync/push", drop_first_answer)
    go_online(context)
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    assert {c["id"] for c in _checks(live)} == {first, second}  # applied despite the drop
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    wait_pending(page, 0)
    assert len(calls) >= 2
    resent = {m["mutation_id"] for m in calls[1]["mutations"]}
    assert resent <= {m["mutation_id"] for m in calls[0]["mutations"]}  # same ids, replayed
    assert {c["id"] for c in _checks(live)} == {first, second}
    assert _count(live, Check) == 2
    assert _count(live, AppliedMutation) == len(calls[0]["mutations"])


def test_session_expires_while_offline(live, new_context, tmp_path):
    """Scenario 3: after a new login the queued checks go through."""
    photos = [
        make_png(tmp_path / "a.png", (10, 120, 10)),
        make_png(tmp_path / "b.png", (90, 90, 0)),
    ]
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    check_id = complete_check(page, photos)
    context.clear_cookies()  # the session is gone
    go_online(context)
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    page.get_by_test_id("login-expired").wait_for()
    assert _checks(live) == []
    page.get_by_test_id("login-username").fill("inspector")
    page.get_by_test_id("login-password").fill("pw")
    page.get_by_test_id("login-submit").click()
    wait_pending(page, 0)
    checks = _checks(live)
    assert [c["id"] for c in checks] == [check_id]
    assert checks[0]["status"] == "submitted"
