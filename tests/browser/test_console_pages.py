"""The console in real Chromium at PC and phone size: no CSP breakage, no sideways scrolling,
photos load, a return and a conflict merge by click, the minutes and the annual report print
to an A4 PDF; the dashboard, annual report, plans, corrective actions, exports, receipts and
administration pages on the demo province. Screenshots go to docs/screenshots/console-*.png
with SCREENSHOTS=1 (to a temporary folder otherwise, so the suite never rewrites tracked
images).
"""

import hashlib
import os
import re
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

from app.seed.media import png
from tests.browser.conftest import PHONE
from tests.browser.live import LiveServer

SHOTS = (
    Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    if os.environ.get("SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "antt-console-screenshots"
)
PC = {
    "viewport": {"width": 1366, "height": 900},
    "device_scale_factor": 1,
    "is_mobile": False,
    "has_touch": False,
    "locale": "vi-VN",
    "timezone_id": "Asia/Ho_Chi_Minh",
}
SIZES = {"pc": PC, "phone": PHONE}


class Device:
    """An inspector's phone seen from the server: API login, photo upload, push."""

    def __init__(self, app, username):
        self.client = app.test_client()
        self.client_id = str(uuid.uuid4())
        response = self.client.post(
            "/api/auth/login", json={"username": username, "password": "pw"}
        )
        self.csrf = response.json["csrf_token"]

    def upload(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        response = self.client.put(
            f"/api/attachments/{sha}",
            data=data,
            headers={"X-CSRF-Token": self.csrf, "Content-Type": "image/png"},
        )
        assert response.status_code in (200, 201), response.json
        return sha

    def push(self, record_id, data, base_version=0) -> dict:
        mutation = {
            "mutation_id": str(uuid.uuid4()),
            "entity": "check",
            "op": "upsert",
            "id": record_id,
            "base_version": base_version,
            "data": data,
        }
        response = self.client.post(
            "/api/sync/push",
            json={"client_id": self.client_id, "mutations": [mutation]},
            headers={"X-CSRF-Token": self.csrf, "User-Agent": "Mozilla/5.0 (Linux; Android 14)"},
        )
        return response.json["results"][0]


def photo(r, g, b) -> bytes:
    return png(160, 120, lambda x, y: (r, (g + y) % 256, (b + x) % 256))


def check_data(live, ent, **over) -> dict:
    data = {
        "template_version_id": live.seeded.template_version_id,
        "enterprise_id": ent,
        "status": "submitted",
        "started_at": "2026-11-20T01:30:00+00:00",
        "ended_at": "2026-11-20T03:05:00+00:00",
        "gps": {"lat": 21.1435, "lng": 106.1283, "accuracy": 9, "at": "2026-11-20T01:31:00Z"},
        "team": [
            {"name": "Nguyễn Văn An", "unit": "bql", "title": "Trưởng đoàn"},
            {"name": "Trần Thị Bình", "unit": "police", "title": "Cán bộ Công an tỉnh"},
        ],
        "answers": {
            "A.1": {"value": "no", "note": "Phương án chưa được phê duyệt"},
            "A.2": {"value": 12},
            "A.3": {"value": "yes"},
            "B.1": {"value": "partial"},
            "B.2": {"value": "Lối thoát hiểm bị che"},
        },
        "findings": [
            {
                "id": str(uuid.uuid4()),
                "item_code": "A.1",
                "severity": "high",
                "description": "Phương án bảo đảm ANTT chưa được phê duyệt",
                "corrective_action": "Trình phê duyệt phương án",
                "due_date": "2026-12-31",
            },
            {
                "id": str(uuid.uuid4()),
                "item_code": "B.1",
                "severity": "medium",
                "description": "Thiếu 4 bình chữa cháy tại xưởng 2",
                "corrective_action": "Bổ sung bình chữa cháy",
                "due_date": "2026-12-15",
            },
        ],
        "representative_name": "Lê Văn Cường",
        "representative_title": "Trưởng phòng Hành chính",
        "notes": "Doanh nghiệp hợp tác tốt.",
    }
    data.update(over)
    return data


@pytest.fixture
def console_live(tmp_path):
    """A live server with two submitted checks (photos, signatures) and an open conflict."""
    server = LiveServer(tmp_path).start()
    app, seeded = server.app, server.seeded
    phone, other = Device(app, "inspector"), Device(app, "inspector")
    photos = [phone.upload(photo(60, 130, 140)), phone.upload(photo(170, 110, 110))]
    sign = phone.upload(
        png(
            200,
            60,
            lambda x, y: (20, 30, 90) if abs(y - 30 - (x % 40) / 3) < 2 else (255, 255, 255),
        )
    )
    data = check_data(server, seeded.enterprise_ids[0])
    data["answers"]["A.3"]["photos"] = photos
    data["findings"][1]["photos"] = [photos[1], "ab" * 32]  # one never arrives
    data["team"][0]["signature"] = sign
    data["representative_signature"] = sign
    server.check_id = str(uuid.uuid4())
    first = phone.push(server.check_id, data)
    assert first["status"] == "applied", first
    second = phone.push(str(uuid.uuid4()), check_data(server, seeded.enterprise_ids[1]))
    assert second["status"] == "applied"
    mine = dict(data, notes="Bổ sung: camera cổng 2 hỏng")
    theirs = dict(data, notes="Doanh nghiệp cam kết khắc phục trong tháng 12")
    v = phone.push(server.check_id, mine, base_version=first["version"])
    assert v["status"] == "applied", v
    conflict = other.push(server.check_id, theirs, base_version=first["version"])
    assert conflict["status"] == "conflict", conflict
    server.conflict_id = conflict["conflict_id"]
    yield server
    server.stop()


def open_console(new_context, live, size: str, username="supervisor", password="pw"):
    """Log in to the console in a fresh context; return the page and its CSP errors."""
    context = new_context(**SIZES[size], service_workers="block")
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live.url}/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r".*/console/$"))
    return page, errors


def photos_loaded(page) -> None:
    """Bring each lazy photo into view and wait until every one has decoded (not for time)."""
    photos = page.locator(".photos img")
    photos.first.wait_for()
    for i in range(photos.count()):
        photos.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.photos img'))"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1, width


@pytest.mark.parametrize("size", ["pc", "phone"])
def test_console_pages_at_size(console_live, new_context, size):
    live = console_live
    page, errors = open_console(new_context, live, size)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live.url}/console/review")
    assert page.locator("table.queue tbody tr").count() == 2
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"console-review-{size}.png"), full_page=True)

    page.goto(f"{live.url}/console/checks/{live.check_id}")
    assert page.get_by_text("Phương án bảo đảm ANTT chưa được phê duyệt").count() >= 1
    photos_loaded(page)
    assert page.locator(".badge.incomplete").count() >= 1  # one photo never arrived
    assert page.locator("a[href^='https://www.openstreetmap.org/']").count() == 1
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"console-check-{size}.png"), full_page=True)

    page.goto(f"{live.url}/console/checks/{live.check_id}/minutes")
    assert page.get_by_text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").count() == 1
    page.screenshot(path=str(SHOTS / f"console-minutes-{size}.png"), full_page=True)

    page.goto(f"{live.url}/console/conflicts/{live.conflict_id}")
    assert page.locator("tr.diff").count() >= 1
    no_sideways_scroll(page)
    page.screenshot(path=str(SHOTS / f"console-conflict-{size}.png"), full_page=True)
    page.goto(f"{live.url}/console/findings")
    no_sideways_scroll(page)
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_return_merge_and_print_by_click(console_live, new_context, tmp_path):
    live = console_live
    page, errors = open_console(new_context, live, "pc")
    page.goto(f"{live.url}/console/checks/{live.check_id}")
    page.fill("textarea[name=comment]", "Bổ sung ảnh lối thoát hiểm")
    page.click("button[value=return]")
    page.locator(".flash.success").wait_for()  # on the next check of the queue (or the queue)
    page.goto(f"{live.url}/console/checks/{live.check_id}")
    assert page.locator(".badge.returned").count() >= 1

    page.goto(f"{live.url}/console/conflicts/{live.conflict_id}")
    page.check("input[name='field:notes'][value=device]")
    page.click("button[value=merge]")
    page.locator(".flash.success").wait_for()
    from app.extensions import db
    from app.models import Check

    notes = live.query(lambda: db.session.get(Check, live.check_id).data["notes"])
    assert notes == "Doanh nghiệp cam kết khắc phục trong tháng 12"

    page.goto(f"{live.url}/console/checks/{live.check_id}/minutes")
    page.emulate_media(media="print")
    assert page.locator(".print-bar").is_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12]", pdf)  # A4: 595 x 842 pt
    assert not [e for e in errors if "Content Security Policy" in e], errors


class DemoServer:
    """The demo province (small seed) served on a free port, for the report and admin pages."""

    def __init__(self, workdir: Path):
        from werkzeug.serving import make_server

        from app import create_app
        from app.extensions import db
        from app.seed import seed_demo
        from tests.browser.live import QuietHandler
        from tests.conftest import make_config

        self.app = create_app(
            make_config(
                SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'demo.sqlite'}",
                UPLOAD_FOLDER=str(workdir / "uploads"),
                RATELIMIT_ENABLED=False,
            )
        )
        with self.app.app_context():
            db.create_all()
            seed_demo(small=True)
            db.session.commit()
        self.server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=QuietHandler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        from app.extensions import db

        self.server.shutdown()
        self.thread.join(5)
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def demo_live(tmp_path):
    server = DemoServer(tmp_path)
    yield server
    server.stop()


def visit(page, url: str) -> None:
    """Open a page: it answers 200 and does not scroll sideways."""
    response = page.goto(url)
    assert response.status == 200, (url, response.status)
    no_sideways_scroll(page)


@pytest.mark.parametrize("size", ["pc", "phone"])
def test_report_and_admin_pages_at_size(demo_live, new_context, size):
    """(Their screenshots, on the full demo seed, come from bench/console_report_screenshots.py.)"""
    live = demo_live
    page, errors = open_console(new_context, live, size, "admin", "demo1234")
    visit(page, f"{live.url}/console/dashboard?period=2026")
    assert page.locator("svg.chart").count() == 4
    cross = page.locator("#festival-cross")
    assert cross.locator("tbody tr").count() == 16 and cross.is_visible()
    # Pick one park and a quarter by hand: the figures and the cross-table follow.
    page.select_option("#f-park", index=1)
    page.select_option("#f-period", "2026-Q3")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r".*period=2026-Q3"))
    assert page.locator("#festival-cross tbody tr").count() == 1
    no_sideways_scroll(page)
    page.click("form.filters a[href*='/console/report']")
    page.wait_for_url(re.compile(r".*/console/report\?year=2026&park="))
    visit(page, f"{live.url}/console/report?year=2026")
    assert page.locator(".report h1").is_visible()
    visit(page, f"{live.url}/console/admin/users")
    page.locator("table a[href*='/console/admin/users/']").first.click()
    page.wait_for_url(re.compile(r".*/console/admin/users/[0-9a-f-]{36}$"))
    assert page.locator("form input[name=full_name]").count() == 1
    no_sideways_scroll(page)
    for path in (
        "/console/admin/users",
        "/console/admin/parks",
        "/console/admin/enterprises?q=que vo",
        "/console/admin/templates",
        "/console/plans",
        "/console/findings",
        "/console/exports",
        "/console/receipts",
    ):
        visit(page, live.url + path)
    page.goto(f"{live.url}/console/findings?state=overdue")
    assert page.locator("table.cards tbody tr").count() >= 1
    no_sideways_scroll(page)
    page.goto(f"{live.url}/console/plans")
    page.locator("table a[href*='/console/plans/']").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.is_visible()
    no_sideways_scroll(page)
    # A new template version opens the editor: sections and items, at this size too.
    page.goto(f"{live.url}/console/admin/templates")
    page.locator("form[action$='new-version'] button").first.click()
    page.wait_for_url(re.compile(r".*/console/admin/versions/"))
    assert page.locator("textarea, input[type=text]").count() > 5
    no_sideways_scroll(page)
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_annual_report_prints_to_a4(demo_live, new_context):
    page, errors = open_console(new_context, demo_live, "pc", "supervisor", "demo1234")
    page.goto(f"{demo_live.url}/console/report?year=2026")
    page.emulate_media(media="print")
    assert page.locator("nav, .no-print").first.is_hidden()
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    assert re.search(rb"/MediaBox \[0 0 59[45][.\d]* 84[12]", pdf)  # A4: 595 x 842 pt
    assert (
        pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page>>") + pdf.count(b"/Type /Page ") >= 1
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors
