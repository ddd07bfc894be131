"""Screenshots of the console's report and admin pages, PC (1366x900) and phone (390x844).

    .venv/bin/python bench/console_report_screenshots.py [NAME ...]

Seeds the demo province into a temporary SQLite file, serves the app on a local port and
writes docs/screenshots/console-{dashboard,report,admin-*,plans,plan,findings,exports,
receipts,event,admin-template-editor}-{pc,phone}.png; with names (e.g. `dashboard plans`),
only the pages whose name contains one of them.
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
SIZES = {
    "pc": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
PAGES = [
    ("console-dashboard", "/console/dashboard?period=2026", True),
    ("console-report", "/console/report?year=2026", True),
    ("console-admin-users", "/console/admin/users", False),
    ("console-admin-enterprises", "/console/admin/enterprises?q=que vo", False),
    ("console-plans", "/console/plans", True),
    ("console-plan", "{plan}", True),
    ("console-findings", "/console/findings?state=overdue", True),
    ("console-exports", "/console/exports", True),
    ("console-receipts", "/console/receipts", True),
    ("console-event", "{event}", True),
    ("console-admin-template-editor", "{editor}", False),
]


def _paths(app) -> dict:
    """Records the pages show: this quarter's plan of the HR user's park, its festival event."""
    from sqlalchemy import func, select

    from app.models import Attendance, Event, InspectionPlan

    with app.app_context():
        plan = db.session.execute(
            select(InspectionPlan.id)
            .order_by(InspectionPlan.year.desc(), InspectionPlan.quarter.desc(), InspectionPlan.id)
            .limit(1)
        ).scalar()
        event = db.session.execute(
            select(Event.id)
            .join(Attendance, Attendance.event_id == Event.id)
            .where(Event.status == "held")
            .group_by(Event.id)
            .order_by(func.count().desc(), Event.id)
            .limit(1)
        ).scalar()
    return {"plan": f"/console/plans/{plan}", "event": f"/console/events/{event}"}


def serve(tmp: str) -> tuple[str, dict]:
    """Seed the demo province and serve the app; return its URL and record paths."""
    cfg = type(
        "Cfg",
        (TestConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/s.db",
            "UPLOAD_FOLDER": f"{tmp}/up",
            "TESTING": False,
        },
    )
    app = create_app(cfg)
    with app.app_context():
        db.create_all()
        print(seed_demo())
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", _paths(app)


def new_version(page, url: str) -> str:
    """Start a new version of the first template; return the editor's path."""
    page.goto(url + "/console/admin/templates")
    page.click("form[action$='new-version'] button")
    page.wait_for_url("**/console/admin/versions/**")
    return page.url.removeprefix(url)


def main(names: list[str]) -> None:
    """Sign in as the demo admin and take the screenshots."""
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    pages = [p for p in PAGES if not names or any(n in p[0] for n in names)]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        url, paths = serve(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for size, options in SIZES.items():
            context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", **options)
            page = context.new_page()
            page.goto(f"{url}/console/login")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", "demo1234")
            page.press("input[name=password]", "Enter")
            page.wait_for_url("**/console/**")
            if "editor" not in paths and any("editor" in p[0] for p in pages):
                paths["editor"] = new_version(page, url)
            for name, path, full in pages:
                page.goto(url + path.format(**paths))
                page.screenshot(path=str(OUT / f"{name}-{size}.png"), full_page=full)
                print(f"docs/screenshots/{name}-{size}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
