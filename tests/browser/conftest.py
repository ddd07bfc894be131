"""Browser test fixtures: the real app on a live server, Debian's Chromium through Playwright.

Shared by every browser test (inspector and HR). Tests skip when /usr/bin/chromium is
missing, and fail instead when REQUIRE_BROWSER=1 (CI).
"""

import os
from pathlib import Path

import pytest

# Lets context.route() see (and abort) the service worker's own network requests.
os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

from tests.browser.live import LiveServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "vi-VN",
    "timezone_id": "Asia/Ho_Chi_Minh",
}
TIMEOUT_MS = 15000


def _expect_timeout() -> None:
    """Give expect() the same patience as locators (the CPU is shared; photos take a while)."""
    try:
        from playwright.sync_api import expect
    except ImportError:
        return
    expect.set_options(timeout=TIMEOUT_MS)


_expect_timeout()


def _require_browser() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"{CHROMIUM} is missing (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is missing"
    if missing:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole test process."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def live(tmp_path):
    """The real app with minimal seeded data, served on 127.0.0.1 from a temp SQLite file."""
    server = LiveServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def new_context(browser):
    """Return a factory of phone-sized browser contexts (closed after the test)."""
    contexts = []

    def _new(**overrides):
        options = {**PHONE, "service_workers": "allow", **overrides}
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield _new
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_context):
    """A page on a fresh phone-sized context."""
    return new_context().new_page()


def login(page, live, username="inspector", password="pw") -> None:
    """Open the app and log in; waits for the first pull and the service worker."""
    page.goto(f"{live.url}/app/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.locator("body[data-ready='1'][data-sw='controlled']").wait_for(state="attached")


def go_offline(context) -> None:
    """Cut the network: offline mode plus every request aborted (service worker's included)."""
    context.set_offline(True)
    context.route("**/*", lambda route: route.abort("internetdisconnected"))


def go_online(context) -> None:
    """Bring the network back."""
    context.unroute("**/*")
    context.set_offline(False)


def pending_count(page) -> int:
    """The pending count the app shows."""
    return int(page.get_by_test_id("sync-pill").get_attribute("data-pending") or 0)


def wait_pending(page, n: int) -> None:
    """Wait until the app shows n pending changes."""
    page.locator(f"body[data-sending='0'] #sync-pill[data-pending='{n}']").wait_for(
        state="attached"
    )
