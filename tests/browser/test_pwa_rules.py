"""Rules the check form enforces, and what reaches the server: submit blocked, GPS, photo
resizing, export with photos, typing saved when the tab closes."""

import base64
import hashlib
import json
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.core.storage import get_storage
from app.extensions import db
from app.models import Attachment, Check
from tests.browser.conftest import go_offline, go_online, login, wait_pending
from tests.browser.steps import (
    add_photo,
    answer,
    fill_number,
    jpeg_size,
    make_noisy_png,
    make_png,
    start_check,
)

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def _check(live, check_id):
    return live.query(
        lambda: (lambda c: c and (c.status, c.data, list(c.photos)))(
            db.session.get(Check, check_id)
        )
    )


def _sync(page):
    page.evaluate(SYNC)
    wait_pending(page, 0)


def test_submit_blocked_until_critical_item_and_required_photo(live, new_context, tmp_path):
    page = new_context().new_page()
    login(page, live)
    check_id = start_check(page)
    fill_number(page, "A.2", "3")
    page.get_by_test_id("rep-name").fill("Lê Văn Cường")
    page.get_by_test_id("rep-name").blur()
    page.get_by_test_id("submit-check").click()
    problems = page.get_by_test_id("submit-problems")
    expect(problems).to_contain_text("Mục A.1 là mục bắt buộc, chưa có câu trả lời.")
    expect(problems).to_contain_text("Mục A.3 cần ít nhất một ảnh.")
    expect(page.get_by_test_id("item-A.1")).to_have_class("item missing")
    _sync(page)
    assert _check(live, check_id)[0] == "draft"  # the draft is there, not submitted

    answer(page, "A.1", "yes")
    page.get_by_test_id("submit-check").click()
    expect(problems).to_contain_text("Mục A.3 cần ít nhất một ảnh.")
    expect(problems).not_to_contain_text("A.1")
    _sync(page)
    status, data, _ = _check(live, check_id)
    assert (status, data["answers"]["A.1"]["value"]) == ("draft", "yes")

    add_photo(page, "photo-A.3", make_png(tmp_path / "gate.png", (40, 80, 120)), 1)
    page.get_by_test_id("submit-check").click()
    page.get_by_test_id("checks-tab-submitted").wait_for()
    _sync(page)
    status, _, photos = _check(live, check_id)
    assert status == "submitted" and len(photos) == 1


def test_gps_stamped_when_granted(live, new_context):
    context = new_context(
        geolocation={"latitude": 21.1161, "longitude": 106.1128, "accuracy": 12},
        permissions=["geolocation"],
    )
    page = context.new_page()
    login(page, live)
    check_id = start_check(page)
    expect(page.get_by_test_id("gps")).to_contain_text("21.11610, 106.11280 (±12 m)")
    _sync(page)
    _, data, _ = _check(live, check_id)
    assert (data["gps"]["lat"], data["gps"]["lng"], data["gps"]["accuracy"]) == (
        21.1161,
        106.1128,
        12,
    )
    assert data["gps_note"] == ""


def test_gps_stated_when_denied(live, new_context):
    page = new_context(permissions=[]).new_page()
    login(page, live)
    check_id = start_check(page)
    expect(page.get_by_test_id("gps")).to_contain_text(
        "Không có vị trí GPS: không được cấp quyền vị trí"
    )
    _sync(page)
    _, data, _ = _check(live, check_id)
    assert data["gps"] is None
    assert data["gps_note"] == "không được cấp quyền vị trí"


def test_large_photo_is_resized_and_compressed(live, new_context, tmp_path):
    big = make_noisy_png(tmp_path / "camera.png", (4000, 3000))
    page = new_context().new_page()
    login(page, live)
    check_id = start_check(page)
    answer(page, "A.3", "no")
    add_photo(page, "photo-A.3", big, 1)
    _sync(page)
    [sha] = _check(live, check_id)[2]

    def stored():
        row = db.session.get(Attachment, sha)
        return row.content_type, row.size, get_storage().open(sha)

    content_type, size, data = live.query(stored)
    assert content_type == "image/jpeg"
    assert hashlib.sha256(data).hexdigest() == sha
    assert max(jpeg_size(data)) == 1600 and jpeg_size(data) == (1600, 1200)
    assert size == len(data) < big.stat().st_size


def test_export_of_unsynced_work_includes_photos(live, new_context, tmp_path):
    """Photos named by the export's records go in the file, also one whose identical bytes
    another user of the phone stored first; the server imports them."""
    context = new_context(accept_downloads=True)
    page = context.new_page()
    login(page, live)
    go_offline(context)
    check_id = start_check(page)
    answer(page, "A.3", "no")
    add_photo(page, "photo-A.3", make_png(tmp_path / "a.png", (11, 22, 33)), 1)
    add_photo(page, "photo-A.3", make_png(tmp_path / "b.png", (33, 22, 11)), 2)
    shas = page.evaluate("""(async () => {
      const { db } = (await import(document.scripts[0].src)).db;
      const all = await db.photos.toArray();
      await db.photos.update(all[0].sha256, { owner: 'another-user-of-this-phone' });
      return all.map((p) => p.sha256);
    })()""")
    page.get_by_test_id("tab-sync").click()
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    payload = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert {p["sha256"] for p in payload["photos"]} == set(shas)
    for photo in payload["photos"]:
        assert hashlib.sha256(base64.b64decode(photo["data"])).hexdigest() == photo["sha256"]

    client = live.app.test_client()
    csrf = client.post("/api/auth/login", json={"username": "inspector", "password": "pw"})
    response = client.post(
        "/api/sync/import", json=payload, headers={"X-CSRF-Token": csrf.json["csrf_token"]}
    )
    assert response.status_code == 200, response.json
    _, data, photos = _check(live, check_id)
    assert set(photos) == set(shas) == set(data["answers"]["A.3"]["photos"])
    assert live.query(lambda: set(db.session.execute(select(Attachment.sha256)).scalars())) == set(
        shas
    )


def test_typing_is_kept_when_the_tab_closes_at_once(live, new_context):
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    check_id = start_check(page)
    notes = page.get_by_test_id("check-notes")
    notes.fill("Bảo vệ cổng chính vắng mặt lúc 14 giờ")  # the save waits 300 ms for more typing
    page.close(run_before_unload=True)

    page = context.new_page()
    page.goto(f"{live.url}/app/#/check?id={check_id}")
    expect(page.get_by_test_id("check-notes")).to_have_value(
        "Bảo vệ cổng chính vắng mặt lúc 14 giờ"
    )
    go_online(context)
    _sync(page)
    assert _check(live, check_id)[1]["notes"] == "Bảo vệ cổng chính vắng mặt lúc 14 giờ"
