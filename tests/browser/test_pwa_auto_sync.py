"""A phone that hears: the field app syncs by itself while open, on coming back to the
foreground, backs off after a failed sync and sends nothing of its own while a submit is in
flight. Every test runs the app on Playwright's fake clock (no waiting two minutes, no
sleeping); the page logs each API request with the fake time it was made at.

Headless Chromium never hides a page, so the tests set document.visibilityState and send the
visibilitychange event the app listens to, as the browser does when the phone is put away and
taken out again.
"""

from itertools import pairwise

from playwright.sync_api import expect

from app.extensions import db
from app.models import Check
from tests.browser.conftest import login, wait_pending
from tests.browser.returns import return_on_server, submitted_check
from tests.browser.steps import complete_check, make_png

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"
# Each request to /api/ with the (fake) time the app made it at.
LOG_API = """(() => {
  const send = window.fetch;
  self.__api = [];
  window.fetch = function (input, init) {
    const url = new URL(typeof input === 'string' ? input : input.url, location.href);
    if (url.pathname.startsWith('/api/')) self.__api.push({ t: Date.now(), path: url.pathname });
    return send.apply(this, arguments);
  };
})()"""
VISIBILITY = """(state) => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
}"""
PULL = "/api/sync/pull"
SUBMITTED = '"status":"submitted"'
COMMENT = "Bổ sung số bảo vệ chuyên trách"
TICK = 120_000


def _open_phone(live, new_context):
    """The inspector's phone, signed in and synced, on a fake clock."""
    context = new_context()
    context.add_init_script(LOG_API)
    phone = context.new_page()
    phone.clock.install()
    login(phone, live)
    phone.evaluate(SYNC)
    wait_pending(phone, 0)
    # The last sync succeeded (no error shown, no banner): no failure's backoff is pending, so
    # the timer's next tick is the app's next sync.
    phone.locator("#sync-pill:not(.error)").wait_for(state="attached")
    expect(phone.locator("#offline-banner")).to_be_hidden()
    return phone


def _requests(phone) -> list[dict]:
    return phone.evaluate("self.__api")


def _pulls(phone, since: int = 0) -> list[int]:
    """The fake times of the pulls made at or after `since`."""
    return [r["t"] for r in _requests(phone) if r["path"] == PULL and r["t"] >= since]


def _now(phone) -> int:
    return phone.evaluate("Date.now()")


def _second(phone) -> None:
    """One second of the phone's clock, then let a sync it started end."""
    phone.clock.run_for(1000)
    expect(phone.locator("body")).to_have_attribute("data-sending", "0")


def _advance_to(phone, at: int) -> None:
    while _now(phone) < at:
        _second(phone)


def _advance_until_pull(phone, since: int, within: int) -> int:
    """Run the clock a second at a time until a pull is made; return its time."""
    end = _now(phone) + within
    while not _pulls(phone, since) and _now(phone) < end:
        _second(phone)
    pulls = _pulls(phone, since)
    assert pulls, f"no pull within {within} ms; the app's requests: {_requests(phone)}"
    return pulls[0]


def test_coming_back_to_the_foreground_brings_a_return_made_meanwhile(live, new_context):
    check_id = submitted_check(live)
    phone = _open_phone(live, new_context)
    badge = phone.get_by_test_id("tab-checks-unread")
    phone.evaluate(VISIBILITY, "hidden")
    hidden_at = _now(phone)
    return_on_server(live, check_id, COMMENT)
    phone.clock.run_for(TICK + 30_000)  # put away past a tick: a hidden app does not sync
    expect(badge).to_be_hidden()
    shown_at = _now(phone)
    phone.evaluate(VISIBILITY, "visible")
    expect(badge).to_have_text("1")
    wait_pending(phone, 0)
    pulls = _pulls(phone, hidden_at)
    assert len(pulls) == 1 and pulls[0] >= shown_at  # one sync, made on coming back


def test_after_a_failed_sync_the_timer_backs_off_then_recovers(live, new_context):
    check_id = submitted_check(live)
    phone = _open_phone(live, new_context)
    badge = phone.get_by_test_id("tab-checks-unread")
    phone.context.route(f"**{PULL}*", lambda route: route.fulfill(status=500, body="{}"))
    return_on_server(live, check_id, COMMENT)
    failed = _advance_until_pull(phone, _now(phone), TICK + 5_000)  # the next tick fails
    phone.evaluate(VISIBILITY, "hidden")
    phone.evaluate(VISIBILITY, "visible")  # coming back waits for the backoff too
    _advance_to(phone, failed + TICK + 2_000)  # past the tick after the failure
    pulls = _pulls(phone, failed)
    gaps = [b - a for a, b in pairwise(pulls)]
    assert len(gaps) >= 3 and gaps[0] >= 4_000, gaps  # retried by itself, not at once
    assert all(b > a for a, b in pairwise(gaps)), gaps  # each wait longer than the last
    assert not [t for t in pulls if abs(t - (failed + TICK)) <= 3_000], pulls  # tick skipped
    expect(badge).to_be_hidden()

    phone.context.unroute(f"**{PULL}*")  # the server answers again
    recovered = _advance_until_pull(phone, _now(phone), 5 * 60_000)  # a later retry
    expect(badge).to_have_text("1")
    _advance_to(phone, failed + 2 * TICK + 3_000)
    assert [t for t in _pulls(phone, recovered + 1) if abs(t - (failed + 2 * TICK)) <= 3_000]


def test_no_automatic_sync_while_a_submit_is_in_flight(live, new_context, tmp_path):
    photos = [make_png(tmp_path / "a.png", (1, 2, 3)), make_png(tmp_path / "b.png", (3, 2, 1))]
    phone = _open_phone(live, new_context)
    held, sent = [], []

    def hold_the_submit(route):
        if SUBMITTED in (route.request.post_data or "") and not held:
            held.append(route)
        else:
            route.continue_()

    phone.context.route("**/api/sync/push", hold_the_submit)
    phone.context.on("request", lambda request: sent.append(request))  # the worker's too
    with phone.expect_request(lambda r: SUBMITTED in (r.post_data or "")):
        check_id = complete_check(phone, photos)
    while_held = len(sent)
    phone.clock.run_for(TICK + 5_000)  # a tick while the submit's push hangs
    phone.evaluate(VISIBILITY, "hidden")
    phone.evaluate(VISIBILITY, "visible")  # and the phone taken out again
    expect(phone.locator("body")).to_have_attribute("data-sending", "1")
    assert [r.url for r in sent[while_held:] if "/api/" in r.url] == []

    held[0].continue_()
    wait_pending(phone, 0)
    assert live.query(lambda: db.session.get(Check, check_id).status) == "submitted"
    submits = [r for r in sent if SUBMITTED in (r.post_data or "")]
    assert len(submits) == 1  # sent once: nothing pushed it again behind the held one
