"""Phone-size screenshots of the field app's main screens into docs/screenshots/pwa-*.png.

.venv/bin/python bench/screenshots.py
"""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

from app.extensions import db  # noqa: E402
from app.models import Check  # noqa: E402
from app.sync.versioning import stamp  # noqa: E402
from tests.browser import steps  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PHONE,
    go_offline,
    go_online,
    login,
    wait_pending,
)
from tests.browser.live import LiveServer  # noqa: E402

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"

OUT = ROOT / "docs" / "screenshots"


def shoot(page, name: str, full: bool = False, toast: bool = True) -> None:
    """Save one screenshot (without a passing toast when toast is False)."""
    if not toast:
        page.evaluate("document.getElementById('toast').hidden = true")
    page.screenshot(path=str(OUT / f"pwa-{name}.png"), full_page=full)
    print(f"docs/screenshots/pwa-{name}.png")


def main() -> None:
    """Walk through the app and take the screenshots."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        tmp_path = Path(tmp)
        server = LiveServer(tmp_path, extra_enterprises=30).start()
        photos = [
            steps.make_png(tmp_path / "a.png", (120, 130, 140), (1600, 1200)),
            steps.make_png(tmp_path / "b.png", (170, 60, 40), (1600, 1200)),
        ]
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            **PHONE,
            geolocation={"latitude": 21.1161, "longitude": 106.1128},
            permissions=["geolocation"],
        )
        page = context.new_page()
        page.goto(f"{server.url}/app/")
        page.get_by_test_id("login-form").wait_for()
        shoot(page, "login")
        login(page, server)
        page.get_by_test_id("enterprise-search").fill("que vo")
        shoot(page, "enterprises")
        page.get_by_test_id("tab-visits").click()
        page.get_by_test_id("visit-item").first.wait_for()
        shoot(page, "visits")
        page.get_by_test_id("visit-item").first.click()
        page.get_by_test_id("start-check").wait_for()
        shoot(page, "enterprise")
        go_offline(context)
        check_id = steps.start_check(page, "canon")
        page.get_by_test_id("gps").get_by_text("21.11610").wait_for()
        steps.answer(page, "A.1", "yes")
        steps.fill_number(page, "A.2", "6")
        steps.answer(page, "A.3", "no")
        steps.add_photo(page, "photo-A.3", photos[0], 1)
        page.evaluate("window.scrollTo(0, 0)")
        shoot(page, "check")
        page.get_by_test_id("add-finding-A.3").click()
        page.get_by_test_id("finding-description").fill("Camera cổng sau không hoạt động")
        page.get_by_test_id("finding-action").fill("Sửa camera, bổ sung đèn chiếu sáng")
        page.get_by_test_id("finding-due").fill("2026-12-31")
        page.get_by_test_id("finding-severity-high").click()
        steps.add_photo(page, "finding-photo", photos[1], 1)
        page.get_by_test_id("finding").scroll_into_view_if_needed()
        shoot(page, "finding")
        page.get_by_test_id("rep-name").fill("Lê Văn Cường")
        page.get_by_test_id("rep-title").fill("Trưởng phòng Hành chính")
        steps.sign(page)
        page.get_by_test_id("signature-box").scroll_into_view_if_needed()
        shoot(page, "signature")
        page.get_by_test_id("submit-check").click()
        page.get_by_test_id("check-item").first.wait_for()
        shoot(page, "checks")
        page.get_by_test_id("tab-sync").click()
        page.get_by_test_id("export").wait_for()
        shoot(page, "sync-offline")
        go_online(context)
        page.evaluate(SYNC)
        wait_pending(page, 0)
        returned(server, page, check_id)
        rejected(page, photos)
        browser.close()
        server.stop()


def returned(server, page, check_id: str) -> None:
    """A supervisor sends the check back with a comment; the phone shows it to fix."""

    def send_back():
        check = db.session.get(Check, check_id)
        check.status = "returned"
        check.review_comment = "Bổ sung ảnh camera cổng sau và số bảo vệ ca đêm."
        stamp(check)
        db.session.commit()

    server.query(send_back)
    page.evaluate(SYNC)
    wait_pending(page, 0)
    page.get_by_test_id("tab-checks").click()
    page.get_by_test_id("checks-tab-returned").click()
    page.get_by_test_id("check-item").first.click()
    page.get_by_test_id("review-comment").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    shoot(page, "returned", toast=False)


def rejected(page, photos) -> None:
    """A submit the server refuses (a name longer than it accepts) on the sync screen."""
    steps.start_check(page, "dong a")
    steps.answer(page, "A.1", "yes")
    steps.answer(page, "A.3", "yes")
    steps.add_photo(page, "photo-A.3", photos[0], 1)
    page.get_by_test_id("rep-name").fill("Phạm Thị Hồng Nhung " * 12)
    page.get_by_test_id("rep-name").blur()
    page.get_by_test_id("submit-check").click()
    page.get_by_test_id("checks-tab-submitted").wait_for()
    page.evaluate(SYNC)
    wait_pending(page, 0)
    page.get_by_test_id("tab-sync").click()
    page.get_by_test_id("rejected-item").wait_for()
    shoot(page, "sync-rejected", toast=False)


if __name__ == "__main__":
    main()
