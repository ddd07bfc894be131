"""What axe cannot see: answers named by their question, the offline banner on Wi-Fi without
internet, the high-contrast switch shared by the field app, console and festival pages, and
the console menu folded or open from the first paint (no script)."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.steps import start_check
from tests.browser.test_a11y import CONTRAST_RULES, violations

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def test_number_and_text_answers_are_named_by_their_question(live, phone):
    login(phone, live)
    start_check(phone)
    number = phone.get_by_role("spinbutton", name="Số bảo vệ chuyên trách")
    expect(number).to_have_attribute("data-testid", "answer-A.2")
    text = phone.get_by_role("textbox", name="Nhận xét khác")
    expect(text).to_have_attribute("data-testid", "answer-B.2")
    question = "Có phương án bảo đảm ANTT được phê duyệt"
    expect(phone.get_by_role("group", name=question)).to_be_visible()


def test_offline_banner_shows_when_sync_requests_fail_on_a_network(live, new_context):
    context = new_context()
    page = context.new_page()
    login(page, live)
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_be_hidden()
    context.route("**/api/**", lambda route: route.abort("connectionrefused"))
    page.evaluate(SYNC)
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Không kết nối được máy chủ")
    assert page.evaluate("navigator.onLine")
    context.unroute("**/api/**")
    page.evaluate(SYNC)
    expect(banner).to_be_hidden()


def test_high_contrast_switch_reaches_console_and_festival(live, new_context):
    context = new_context(bypass_csp=True)
    page = context.new_page()
    login(page, live)
    html = page.locator("html")
    expect(html).not_to_have_class(re.compile(r"\bhc\b"))
    page.get_by_test_id("contrast-switch").click()
    expect(html).to_have_class(re.compile(r"\bhc\b"))
    expect(page.get_by_test_id("contrast-switch")).to_have_attribute("aria-pressed", "true")
    muted = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--muted')")
    assert muted.strip() == "#3b444f"  # the shared tokens' high-contrast set (pwa/css/tokens.css)
    assert violations(page, CONTRAST_RULES) == []  # 7:1 with the switch pressed too
    page.reload()
    expect(html).to_have_class(re.compile(r"\bhc\b"))  # kept
    page.goto(f"{live.url}/console/login")
    expect(html).to_have_class(re.compile(r"\bhc\b"))
    assert violations(page, CONTRAST_RULES) == []
    page.get_by_role("button", name=re.compile("Tương phản cao")).click()
    expect(html).not_to_have_class(re.compile(r"\bhc\b"))
    page.goto(f"{live.url}/app/")
    expect(page.get_by_test_id("contrast-switch")).to_have_attribute("aria-pressed", "false")
    expect(html).not_to_have_class(re.compile(r"\bhc\b"))


def test_console_menu_state_needs_no_script(live, new_context):
    context = new_context(
        java_script_enabled=False,
        service_workers="block",
        viewport={"width": 1280, "height": 800},
        is_mobile=False,
    )
    page = context.new_page()
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=username]", "supervisor")
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/console/$"))
    review = page.locator("nav.nav a[href$='/console/review']")
    expect(review).to_be_visible()
    expect(page.locator("details.menu > summary")).to_be_hidden()
    page.set_viewport_size({"width": 390, "height": 800})
    expect(review).to_be_hidden()
    expect(page.locator("details.menu > summary")).to_be_visible()
    page.locator("details.menu > summary").click()
    expect(review).to_be_visible()
