"""Two devices editing one check, and a new app version while checks wait in the outbox."""

import json

from sqlalchemy import select

from app.extensions import db
from app.models import Check, ConflictCopy
from tests.browser.conftest import go_offline, go_online, login, pending_count, wait_pending
from tests.browser.steps import answer, fill_number, start_check

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def test_two_devices_edit_the_same_check(live, new_context):
    """Scenario 4: both versions kept on the server; each device shows the conflict."""
    phone_a = new_context().new_page()
    phone_b = new_context().new_page()
    login(phone_a, live)
    check_id = start_check(phone_a)
    answer(phone_a, "A.1", "yes")
    phone_a.evaluate(SYNC)
    wait_pending(phone_a, 0)
    login(phone_b, live)  # pulls the check made on phone A

    for page in (phone_a, phone_b):
        go_offline(page.context)
        page.goto(f"{live.url}/app/#/check?id={check_id}")
        page.get_by_test_id("item-A.2").wait_for()
    fill_number(phone_a, "A.2", "5")
    fill_number(phone_b, "A.2", "7")
    phone_a.get_by_test_id("tab-sync").click()
    phone_b.get_by_test_id("tab-sync").click()

    for page in (phone_a, phone_b):
        go_online(page.context)
        page.evaluate(SYNC)
    phone_b.get_by_test_id("sync-now").click()
    phone_b.get_by_test_id("conflict-item").wait_for()
    phone_a.evaluate(SYNC)
    phone_a.get_by_test_id("tab-checks").click()
    phone_a.get_by_test_id("tab-sync").click()
    phone_a.get_by_test_id("conflict-item").wait_for()

    def server_side():
        check = db.session.get(Check, check_id)
        copies = db.session.execute(select(ConflictCopy)).scalars().all()
        return check.data["answers"]["A.2"]["value"], [
            c.device_data["answers"]["A.2"]["value"] for c in copies
        ]

    kept, copies = live.query(server_side)
    assert {kept, *copies} == {5, 7} and len(copies) == 1

    phone_b.get_by_test_id("keep-device").click()  # B keeps its own answer
    wait_pending(phone_b, 0)
    phone_b.evaluate(SYNC)
    kept, _ = live.query(server_side)
    assert kept == copies[0]
    statuses = live.query(
        lambda: [c.status for c in db.session.execute(select(ConflictCopy)).scalars()]
    )
    assert statuses == ["resolved"]


def test_new_version_while_checks_wait(live, new_context):
    """Scenario 5: after the update the queued checks are still there and sync."""
    context = new_context()
    page = context.new_page()
    login(page, live)
    old_version = page.evaluate("self.SHELL.version")
    context.route("**/api/**", lambda route: route.abort("connectionrefused"))  # server API down
    check_id = start_check(page)
    answer(page, "A.1", "yes")
    page.get_by_test_id("save-draft").click()
    assert pending_count(page) == 1

    shell = live.pwa_dir / "js" / "shell-files.js"  # deploy a new version
    shell.write_text(shell.read_text().replace(old_version, "newversion01"))
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    page.get_by_test_id("update-reload").click()
    page.locator("body[data-ready='1'][data-version='newversion01']").wait_for(state="attached")
    assert pending_count(page) == 1
    caches = page.evaluate("caches.keys()")
    assert caches == ["antt-shell-newversion01"]

    context.unroute("**/api/**")
    page.evaluate(SYNC)
    wait_pending(page, 0)
    ids = live.query(lambda: [c.id for c in db.session.execute(select(Check)).scalars()])
    assert ids == [check_id]
    assert json.dumps(page.evaluate("self.SHELL.version")) == '"newversion01"'
