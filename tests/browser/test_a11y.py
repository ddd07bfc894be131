"""axe-core (vendored for tests only: tests/browser/vendor/) on every field-app, festival and
console screen at 320, 390 and 1280 px, WCAG 2.2 target-size included: no violation at all,
and no sideways scrolling. In high contrast (prefers-contrast: more) all text reaches 7:1
(axe's color-contrast-enhanced rule).

One demo province (small seed) serves every screen; each screen is loaded once and audited
at the three widths by resizing the window.
"""

from pathlib import Path

import pytest

from tests.browser.conftest import PHONE
from tests.browser.test_console_pages import DemoServer

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WIDTHS = (320, 390, 1280)
RUN = """async (rules) => {
  const options = rules ? { runOnly: { type: 'rule', values: rules } }
    : { rules: { 'target-size': { enabled: true } } };
  const result = await axe.run(document, { ...options, resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id} (${v.impact}, ${v.nodes.length}): ` +
    v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
}"""
CONTRAST_RULES = ["color-contrast", "color-contrast-enhanced"]
CONSOLE_PAGES = [
    "/console/",
    "/console/review",
    "/console/conflicts",
    "/console/findings",
    "/console/findings?state=overdue&sort=overdue",
    "/console/audit",
    "/console/plans",
    "/console/receipts",
    "/console/dashboard?period=2026",
    "/console/map?period=2026",
    "/console/festival?period=2026",
    "/console/exports",
    "/console/report?year=2026",
    "/console/admin",
    "/console/admin/users",
    "/console/admin/parks",
    "/console/admin/enterprises",
    "/console/admin/templates",
    "/console/admin/enterprises/import",
    "/console/admin/users/new",
    "/console/admin/parks/new",
    "/festival/",
    "/festival/roster",
]
# Record pages: the first link that matches on the list page before them.
LINKED = [
    ("/console/review", "a[href*='/console/checks/']"),
    ("/console/review", "a[href*='/console/enterprises/']"),
    ("/console/plans", "a[href*='/console/plans/']"),
    ("/console/admin/users", "a[href*='/console/admin/users/']"),
    ("/console/admin/templates", "a[href*='/console/admin/versions/']"),
    ("/console/review?kind=event&status=", "a[href*='/console/events/']"),
    ("/festival/", "a[href*='/festival/events/']"),
    ("/festival/roster", "a[href^='/festival/roster/']"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    server = DemoServer(tmp_path_factory.mktemp("a11y"))
    yield server
    server.stop()


def settle(page) -> None:
    """Let the page answer a new viewport (a map refits itself in the next frame)."""
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")


def violations(page, rules=None) -> list[str]:
    """axe's violations on the page as it is now (axe injected once per document)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE)
    return page.evaluate(RUN, rules)


def audit(page, label: str, found: dict) -> None:
    """Run axe at each width, then in high contrast at phone width; note what is wrong."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        # The whole page at once, with no fold: a target that merely sits under the fixed tab
        # bar at this scroll position is not one a user cannot reach (they scroll).
        tall = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": width, "height": max(844, min(tall, 8000))})
        settle(page)
        lines = violations(page)
        page.set_viewport_size({"width": width, "height": 844})
        if width < 900:
            lines += small_targets(page)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width + 1:
            lines.append(f"page scrolls sideways: {scroll} px")
        if lines:
            found[f"{label} @{width}"] = lines
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(contrast="more")
    lines = violations(page, CONTRAST_RULES)
    page.emulate_media(contrast="no-preference")
    if lines:
        found[f"{label} high contrast"] = lines


SMALL_TARGETS = """() => [...document.querySelectorAll(
  'td a, td button, td summary, .actions a, .actions button, summary, .pager a, nav a')]
  .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
  .map((el) => `${el.tagName} "${el.textContent.trim().slice(0, 30)}" ` +
    `${Math.round(el.getBoundingClientRect().height)} px`)"""


def small_targets(page) -> list[str]:
    """Row links and actions under 44 px high on a phone (WCAG 2.5.8 asks 24; we keep 44)."""
    found = page.evaluate(SMALL_TARGETS)
    return [f"touch target under 44 px: {', '.join(found[:5])}"] if found else []


def first_href(page, base: str, start: str, selector: str) -> str:
    page.goto(base + start)
    href = page.evaluate(f"document.querySelector(\"{selector}\")?.getAttribute('href')")
    assert href, (start, selector)
    return href


def report(found: dict) -> str:
    return "\n".join(f"{where}: {line}" for where, lines in found.items() for line in lines)


def test_console_and_festival_pages_pass_axe(demo, new_context):
    context = new_context(**{**PHONE, "is_mobile": False}, service_workers="block", bypass_csp=True)
    page = context.new_page()
    found: dict = {}
    page.goto(f"{demo.url}/console/login")
    audit(page, "/console/login", found)
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", "demo1234")
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{demo.url}/console/")
    paths = CONSOLE_PAGES + [first_href(page, demo.url, *link) for link in LINKED]
    paths.append(paths[len(CONSOLE_PAGES)] + "/minutes")  # the first check's minutes
    for path in paths:
        assert page.goto(demo.url + path).status == 200, path
        audit(page, path, found)
    roster_import(page, demo.url, found)
    assert not found, report(found)


ROSTER = "Mã NV,Họ và tên,Vai trò,Bộ phận\nNV001,Nguyễn Văn A,worker,Xưởng 1\n"


def roster_import(page, base: str, found: dict) -> None:
    """As HR: the roster import's upload form and its preview (column selects 44 px high)."""
    page.context.clear_cookies()
    page.goto(f"{base}/console/login")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", "demo1234")
    page.click("button[type=submit].primary")
    page.wait_for_load_state()
    roster = first_href(page, base, "/festival/roster", "a[href^='/festival/roster/']")
    page.goto(base + roster.split("/import")[0] + "/import")
    audit(page, "roster import", found)
    page.set_input_files(
        "input[type=file]",
        files=[{"name": "roster.csv", "mimeType": "text/csv", "buffer": ROSTER.encode()}],
    )
    page.click("form button[type=submit].primary")
    page.locator("select").first.wait_for()
    audit(page, "roster import preview", found)
    heights = page.evaluate(
        "[...document.querySelectorAll('main select')].map((s) => s.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 44, heights


def app_screen(page, label: str, ready, found: dict) -> None:
    """Wait for a field-app screen, then audit it."""
    ready.first.wait_for()
    page.wait_for_load_state("networkidle")
    audit(page, label, found)


def app_login(page, base: str, username: str) -> None:
    page.goto(f"{base}/app/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill("demo1234")
    page.get_by_test_id("login-submit").click()
    page.locator("body[data-ready='1']").wait_for(state="attached")


def test_field_app_screens_pass_axe(demo, new_context):
    context = new_context(service_workers="block", bypass_csp=True)
    page = context.new_page()
    found: dict = {}
    page.goto(f"{demo.url}/app/")
    app_screen(page, "login", page.get_by_test_id("login-form"), found)
    app_login(page, demo.url, "inspector")
    app_screen(page, "enterprises", page.get_by_test_id("enterprise-item"), found)
    page.get_by_test_id("enterprise-map-toggle").click()
    app_screen(page, "enterprise map", page.get_by_test_id("map-legend"), found)
    page.get_by_test_id("enterprise-map-toggle").click()
    page.get_by_test_id("enterprise-item").first.click()
    app_screen(page, "enterprise", page.get_by_test_id("enterprise-name"), found)
    for name, title in (
        ("visits", "Lịch kiểm tra"),
        ("sync", "Đồng bộ"),
        ("checks", "Phiếu kiểm tra"),
    ):
        page.get_by_test_id(f"tab-{name}").click()
        app_screen(page, name, page.get_by_role("heading", level=1, name=title), found)
    page.get_by_test_id("check-item").first.click()
    app_screen(page, "check", page.get_by_test_id("check-title"), found)
    assert not found, report(found)


def test_hr_screens_pass_axe(demo, new_context):
    context = new_context(service_workers="block", bypass_csp=True)
    page = context.new_page()
    found: dict = {}
    app_login(page, demo.url, "hr")
    app_screen(page, "hr-events", page.get_by_test_id("new-event"), found)
    page.get_by_test_id("event-item").first.click()
    app_screen(page, "hr-event", page.get_by_test_id("event-title"), found)
    for panel in ("manual", "gifts", "activities", "roster"):
        page.get_by_test_id(f"tab-{panel}").click()
        app_screen(page, f"hr-event {panel}", page.get_by_test_id(f"panel-{panel}"), found)
    page.goto(f"{demo.url}/app/#/hr-events")
    page.get_by_test_id("new-event").click()
    app_screen(page, "hr-event-edit", page.locator("form"), found)
    assert not found, report(found)
