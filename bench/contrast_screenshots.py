"""High-contrast screenshots (the sunlight mode) into docs/screenshots/*-hc.png: the field
app's login, enterprise list and check form at 390x844, the console's review queue and the
festival events at phone size.

    .venv/bin/python bench/contrast_screenshots.py
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import steps  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, login  # noqa: E402
from tests.browser.live import LiveServer  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def shoot(page, name: str) -> None:
    """Save one screenshot of the viewport."""
    page.evaluate("document.getElementById('toast')?.setAttribute('hidden', '')")
    page.screenshot(path=str(OUT / f"{name}.png"))
    print(f"docs/screenshots/{name}.png")


def main() -> None:
    """Turn the switch on in a phone, then shoot each screen."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp)).start()
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(**PHONE)
                page = context.new_page()
                page.goto(f"{server.url}/app/")
                page.get_by_test_id("login-form").wait_for()
                page.get_by_test_id("contrast-switch").click()
                page.locator("html.hc").wait_for(state="attached")
                shoot(page, "pwa-login-hc")
                login(page, server)
                page.get_by_test_id("enterprise-item").first.wait_for()
                shoot(page, "pwa-enterprises-hc")
                steps.start_check(page)
                steps.answer(page, "A.1", "no")
                shoot(page, "pwa-check-hc")
                console = browser.new_context(**PHONE, service_workers="block")
                console.add_cookies([{"name": "contrast", "value": "more", "url": server.url}])
                page = console.new_page()
                page.goto(f"{server.url}/console/login")
                page.fill("input[name=username]", "supervisor")
                page.fill("input[name=password]", "pw")
                page.click("button[type=submit].primary")
                page.wait_for_url(f"{server.url}/console/")
                page.goto(f"{server.url}/console/review")
                shoot(page, "console-review-phone-hc")
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
