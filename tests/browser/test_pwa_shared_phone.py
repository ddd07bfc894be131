"""A shared phone forgets its last user (issue 23, item 8).

Logging out offline used to clear the screen only: the 30-day session cookie stayed alive, and
the roster, attendance and records of the last user stayed in IndexedDB; the unsent outbox
stayed there in plain text. Now every logout empties the local records, seals the unsent work
with its owner's own key (only their next login on this phone opens it and sends it), and a
logout made offline ends the server session at the next connection, before anything else.
"""

import requests
from playwright.sync_api import expect
from sqlalchemy import select

from app.access.auth import set_password
from app.extensions import db
from app.models import Attachment, Check, User
from tests.browser.conftest import go_offline, go_online, login, pending_count, wait_pending
from tests.browser.steps import add_photo, answer, make_png, start_check
from tests.browser.test_hr_festival import badge_files, create_event, scan, seed_hr, sync_now

SECRET = "Nguyễn Bí Mật"  # the representative A names: it must not be readable after logout
# Everything the app keeps on the phone, as text (blobs and sealed bytes show as {}).
LOCAL = """async () => {
  const { db } = (await import(document.scripts[0].src)).db;
  const stores = {};
  for (const table of db.tables) stores[table.name] = await table.toArray();
  return {
    dump: JSON.stringify(stores) + JSON.stringify({ ...localStorage }),
    records: stores.records.map((r) => r.entity),
    user: stores.meta.find((m) => m.key === 'user')?.value ?? null,
    pending: stores.meta.find((m) => m.key === 'logout_pending')?.value ?? false,
    key: stores.meta.some((m) => m.key === 'outbox_key'),
    owners: stores.outbox.map((e) => e.owner),
    photos: stores.photos.length,
    sealed: stores.sealed.map((s) => s.owner),
  };
}"""
OWNER = "async () => (await import(document.scripts[0].src)).session.ownerId()"


def _checks(live):
    return live.query(
        lambda: [(c.id, c.author.username) for c in db.session.execute(select(Check)).scalars()]
    )


def _me(live, cookie: str) -> int:
    return requests.get(
        f"{live.url}/api/auth/me", cookies={"session": cookie}, timeout=30
    ).status_code


def _logout(page) -> None:
    page.get_by_test_id("tab-sync").click()
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-form").wait_for()


def _offline_check(page, tmp_path) -> str:
    """Start a check offline with an answer, a photo and a representative's name."""
    check_id = start_check(page)
    answer(page, "A.1", "yes")
    answer(page, "A.3", "no")
    add_photo(page, "photo-A.3", make_png(tmp_path / "gate.png", (200, 30, 30)), 1)
    page.get_by_test_id("rep-name").fill(SECRET)
    page.get_by_test_id("rep-name").blur()
    return check_id


def test_unsent_work_is_sealed_for_its_owner_and_sent_at_their_next_login(
    live, new_context, tmp_path
):
    context = new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live, "inspector")
    first_id = page.evaluate(OWNER)
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "session")
    assert _me(live, cookie) == 200
    assert page.evaluate(LOCAL)["key"]  # the user's own key, kept for this session

    go_offline(context)
    check_id = _offline_check(page, tmp_path)
    expect(page.get_by_test_id("sync-pill")).to_have_attribute("data-pending", "1")
    _logout(page)
    local = page.evaluate(LOCAL)
    assert local["records"] == [] and local["user"] is None and not local["key"]
    assert local["owners"] == [] and local["photos"] == 0  # nothing left in the clear...
    assert local["sealed"] == [first_id]  # ...but kept, sealed, as theirs
    assert SECRET not in local["dump"] and check_id not in local["dump"]
    assert local["pending"] is True
    page.reload()
    page.get_by_test_id("login-form").wait_for()  # still locked after a reload, offline
    assert _me(live, cookie) == 200  # the server has heard nothing yet

    go_online(context)
    login(page, live, "inspector2")
    wait_pending(page, 0)
    assert _me(live, cookie) == 401  # the first user's session ended before the login
    local = page.evaluate(LOCAL)
    assert local["pending"] is False and local["owners"] == [] and local["sealed"] == [first_id]
    assert SECRET not in local["dump"] and check_id not in local["dump"]
    page.get_by_test_id("tab-checks").click()
    assert page.get_by_test_id("check-item").count() == 0
    page.get_by_test_id("tab-sync").click()
    expect(page.get_by_test_id("sealed-others")).to_be_visible()  # told, with no name
    assert "inspector" not in page.get_by_test_id("sealed-others").inner_text()
    assert _checks(live) == []  # the first user's draft was not sent as the second's
    _logout(page)

    login(page, live, "inspector")  # the owner again, on the same phone
    wait_pending(page, 0)
    assert _checks(live) == [(check_id, "inspector")]  # sent, as theirs
    sent = live.query(lambda: db.session.get(Check, check_id).data)
    assert sent["representative_name"] == SECRET
    photo = sent["answers"]["A.3"]["photos"][0]
    assert live.query(lambda: db.session.get(Attachment, photo) is not None)
    assert page.evaluate(LOCAL)["sealed"] == []
    page.get_by_test_id("tab-checks").click()
    expect(page.get_by_test_id("check-item")).to_have_count(1)
    page.get_by_test_id("tab-sync").click()
    expect(page.get_by_test_id("sealed-others")).to_have_count(0)
    assert pending_count(page) == 0


def test_hr_roster_and_attendance_leave_with_the_hr_user(live, new_context, tmp_path):
    ent_id = seed_hr(live)
    context = new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live, "hr")
    page.get_by_test_id("new-event").wait_for()
    create_event(page)
    page.get_by_test_id("tab-scan").click()
    scan(page, badge_files(tmp_path, ent_id, ["NV001"]), ["ok"])
    sync_now(page)
    local = page.evaluate(LOCAL)
    assert {"roster_person", "attendance"} <= set(local["records"])
    assert "Nguyễn Thị Hoa" in local["dump"]  # the roster is on the phone while HR works

    page.evaluate("location.hash = '#/sync'")  # HR's settings: the same screen as inspectors'
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-form").wait_for()
    local = page.evaluate(LOCAL)
    assert local["records"] == [] and local["sealed"] == [] and local["owners"] == []
    assert "Nguyễn Thị Hoa" not in local["dump"] and "NV001" not in local["dump"]

    login(page, live, "inspector")
    wait_pending(page, 0)
    local = page.evaluate(LOCAL)
    assert not {"roster_person", "attendance"} & set(local["records"])  # events are in scope
    assert "Nguyễn Thị Hoa" not in local["dump"] and "NV001" not in local["dump"]
    hr_id = live.query(lambda: db.session.scalar(select(User.id).where(User.username == "hr")))
    assert hr_id not in local["owners"]


def test_a_session_that_expired_is_sealed_when_someone_else_signs_in(live, new_context, tmp_path):
    context = new_context()
    page = context.new_page()
    login(page, live, "inspector")
    first_id = page.evaluate(OWNER)
    go_offline(context)
    check_id = _offline_check(page, tmp_path)

    def new_password():
        set_password(db.session.get(User, first_id), "a-new-Password-2026")
        db.session.commit()

    live.query(new_password)  # every session of theirs ends (no logout on this phone)
    go_online(context)
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    page.get_by_test_id("login-expired").wait_for()
    page.get_by_test_id("login-username").fill("inspector2")
    page.get_by_test_id("login-password").fill("pw")
    page.get_by_test_id("login-submit").click()
    wait_pending(page, 0)
    local = page.evaluate(LOCAL)
    assert local["owners"] == [] and local["sealed"] == [first_id]
    assert SECRET not in local["dump"] and check_id not in local["dump"]
    assert _checks(live) == []
    page.on("dialog", lambda dialog: dialog.accept())
    _logout(page)

    login(page, live, "inspector", "a-new-Password-2026")  # the key outlives the password
    wait_pending(page, 0)
    assert _checks(live) == [(check_id, "inspector")]
