"""A shared phone forgets its last user (issue 23, item 8).

Logging out offline used to clear the screen only: the 30-day session cookie stayed alive, and
the roster, attendance and records of the last user stayed in IndexedDB. Now every logout
empties the local records, keeps the unsent work under its owner's id, and a logout made
offline ends the server session at the next connection, before anything else is sent.
"""

import requests
from sqlalchemy import select

from app.extensions import db
from app.models import Check
from tests.browser.conftest import go_offline, go_online, login, pending_count, wait_pending
from tests.browser.steps import answer, start_check

LOCAL = """async () => {
  const { db } = (await import(document.scripts[0].src)).db;
  const outbox = await db.outbox.toArray();
  return {
    records: await db.records.count(),
    user: (await db.meta.get('user'))?.value ?? null,
    pending: (await db.meta.get('logout_pending'))?.value ?? false,
    owners: outbox.map((e) => e.owner),
  };
}"""


def _checks(live):
    return live.query(lambda: [c.id for c in db.session.execute(select(Check)).scalars()])


def _me(live, cookie: str) -> int:
    return requests.get(
        f"{live.url}/api/auth/me", cookies={"session": cookie}, timeout=30
    ).status_code


def test_two_users_in_turn_on_one_phone(live, new_context):
    context = new_context()
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, live, "inspector")
    first_id = page.evaluate(
        "async () => (await import(document.scripts[0].src)).session.ownerId()"
    )
    cookie = next(c["value"] for c in context.cookies() if c["name"] == "session")
    assert _me(live, cookie) == 200
    assert page.evaluate(LOCAL)["records"] > 0  # the first user's pulled scope

    go_offline(context)
    start_check(page)
    answer(page, "A.1", "yes")
    assert pending_count(page) == 1
    page.get_by_test_id("tab-sync").click()
    page.get_by_test_id("logout").click()
    page.get_by_test_id("login-form").wait_for()
    local = page.evaluate(LOCAL)
    assert local["records"] == 0 and local["user"] is None  # nothing of them to read
    assert local["pending"] is True and local["owners"] == [first_id]  # kept, as theirs
    page.reload()
    page.get_by_test_id("login-form").wait_for()  # still locked after a reload, offline
    assert _me(live, cookie) == 200  # the server has heard nothing yet

    go_online(context)
    login(page, live, "inspector2")
    wait_pending(page, 0)
    assert _me(live, cookie) == 401  # the first user's session ended before the login
    local = page.evaluate(LOCAL)
    assert local["pending"] is False and local["owners"] == [first_id]
    page.get_by_test_id("tab-checks").click()
    assert page.get_by_test_id("check-item").count() == 0
    assert _checks(live) == []  # the first user's draft was not sent as the second's
