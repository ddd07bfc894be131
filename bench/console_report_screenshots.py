"""Screenshots of the dashboard, annual report and admin pages, PC (1366x900) and phone (390x844).

    .venv/bin/python bench/console_report_screenshots.py

Seeds the demo province into a temporary SQLite file, serves the app on a local port and
writes docs/screenshots/console-{dashboard,report,admin-*}-{pc,phone}.png.
"""

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.seed import seed_demo  # noqa: E402
from config import TestConfig  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZES = {"pc": {"viewport": {"width": 1366, "height": 900}},
         "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                   "is_mobile": True, "has_touch": True}}
PAGES = [("console-dashboard", "/console/dashboard?period=2026", True),
         ("console-report", "/console/report?year=2026", True),
         ("console-admin-users", "/console/admin/users", False),
         ("console-admin-enterprises", "/console/admin/enterprises?q=que vo", False)]


def serve(tmp: str) -> str:
    """Seed the demo province and serve the app; return its URL."""
    cfg = type("Cfg", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/s.db",
                                      "UPLOAD_FOLDER": f"{tmp}/up", "TESTING": False})
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
        print(seed_demo())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def main() -> None:
    """Sign in as the demo admin and take the screenshots."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        url = serve(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, options in SIZES.items():
            context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                          **options)
            page = context.new_page()
            page.goto(f"{url}/console/login")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", "demo1234")
            page.press("input[name=password]", "Enter")
            page.wait_for_url("**/console/**")
            for name, path, full in PAGES:
                page.goto(url + path)
                page.screenshot(path=str(OUT / f"{name}-{size}.png"), full_page=full)
                print(f"docs/screenshots/{name}-{size}.png")
            if size == "pc":
                page.goto(url + "/console/admin/templates")
                page.click("form[action$='new-version'] button")
                page.wait_for_load_state()
                page.screenshot(path=str(OUT / "console-admin-template-editor-pc.png"))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
