"""A poison mutation (one the server fails on with a 500 every time) is quarantined: the rest
of the outbox reaches the server, the poison waits visibly with its error, is exported, and
goes once the user retries it (after the fault is gone)."""

import json
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Check
from tests.browser.conftest import go_offline, go_online, login, wait_pending

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"
MAKE_CHECKS = """async ([n, tv, enterprises]) => {
  const { createCheck } = (await import(document.scripts[0].src)).checks;
  const ids = [];
  for (let i = 0; i < n; i += 1) {
    ids.push(await createCheck(enterprises[i % enterprises.length], tv));
  }
  return ids;
}"""
EDIT_NOTES = """async ([id, notes]) => {
  const { getRecord } = (await import(document.scripts[0].src)).db;
  const { saveCheck } = (await import(document.scripts[0].src)).checks;
  const rec = await getRecord('check', id);
  rec.data.notes = notes;
  await saveCheck(rec);
}"""
QUEUE = """async () => (await (await import(document.scripts[0].src)).outbox.entries())
  .map((e) => [e.record_id, e.state])"""
FAILURE = {
    "error": {
        "code": "server_error",
        "message": "Máy chủ gặp lỗi. Chưa có gì được lưu.",
        "request_id": "req-poison-42",
    }
}


def _server_checks(live) -> dict[str, str]:
    return live.query(
        lambda: {c.id: c.data.get("notes", "") for c in db.session.execute(select(Check)).scalars()}
    )


def _poison_route(poison: str, seen: list):
    """Answer 500 to any push whose batch holds the poison; pass every other push through."""

    def handle(route):
        body = json.loads(route.request.post_data or "{}")
        ids = [m["id"] for m in body.get("mutations", [])]
        seen.append(len(ids))
        if poison in ids:
            route.fulfill(status=500, content_type="application/json", body=json.dumps(FAILURE))
        else:
            route.continue_()

    return handle


def test_poison_mutation_is_quarantined_and_the_rest_goes_on(live, new_context):
    context = new_context(accept_downloads=True)
    page = context.new_page()
    login(page, live)
    go_offline(context)
    ids = page.evaluate(
        MAKE_CHECKS, [30, live.seeded.template_version_id, live.seeded.enterprise_ids]
    )
    poison = ids[14]
    wait_pending(page, 30)
    seen: list[int] = []
    context.route("**/api/sync/push", _poison_route(poison, seen))  # before the app is online
    go_online(context)
    page.evaluate(SYNC)
    wait_pending(page, 1)  # the poison, set aside: still not synced, still counted
    assert set(_server_checks(live)) == set(ids) - {poison}
    assert seen[:2] == [30, 30]  # the whole batch twice, then halves

    # A later edit of the poisoned record waits behind it (not sent around it).
    page.evaluate(EDIT_NOTES, [poison, "Sửa sau khi tạm giữ"])
    page.evaluate(SYNC)
    wait_pending(page, 1)
    assert poison not in _server_checks(live)
    assert [s for r, s in page.evaluate(QUEUE) if r == poison] == ["quarantined", "pending"]

    page.get_by_test_id("tab-sync").click()
    item = page.get_by_test_id("quarantine-item")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("quarantine-error")).to_have_text(FAILURE["error"]["message"])
    expect(item.get_by_test_id("request-id")).to_have_text("Mã yêu cầu: req-poison-42")
    expect(item.get_by_test_id("quarantine-held")).to_contain_text("1 thay đổi sau")
    with page.expect_download() as download:
        item.get_by_test_id("quarantine-export").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    mine = [m for m in exported["mutations"] if m["id"] == poison]
    assert [m["state"] for m in mine] == ["quarantined", "pending"]

    context.unroute("**/api/sync/push")  # the fault is fixed (an app or server update)
    item.get_by_test_id("quarantine-retry").click()
    wait_pending(page, 0)
    assert _server_checks(live)[poison] == "Sửa sau khi tạm giữ"  # in order: the edit last
    expect(page.get_by_test_id("quarantine-item")).to_have_count(0)


def test_server_error_rejection_shows_its_request_id(live, new_context):
    """A mutation the server rejects alone with code server_error is shown like any rejection,
    with the request id to give support."""
    page = new_context().new_page()
    login(page, live)
    rejected = {
        "code": "server_error",
        "message": "Máy chủ gặp lỗi khi ghi thay đổi này.",
        "request_id": "req-7f3a",
    }

    def answer(route):
        body = json.loads(route.request.post_data)
        results = [
            {
                "mutation_id": m["mutation_id"],
                "status": "rejected",
                "id": m["id"],
                "errors": rejected,
            }
            for m in body["mutations"]
        ]
        route.fulfill(
            status=200, content_type="application/json", body=json.dumps({"results": results})
        )

    page.context.route("**/api/sync/push", answer)
    page.evaluate(MAKE_CHECKS, [1, live.seeded.template_version_id, live.seeded.enterprise_ids])
    page.evaluate(SYNC)
    wait_pending(page, 0)
    page.get_by_test_id("tab-sync").click()
    item = page.get_by_test_id("rejected-item")
    expect(item.locator(".error")).to_have_text(rejected["message"])
    expect(item.get_by_test_id("request-id")).to_have_text("Mã yêu cầu: req-7f3a")


def test_a_failing_server_quarantines_nothing(live, new_context):
    """When the server fails on everything (its sign-in check too), no change is set aside:
    the whole queue waits for a plain retry."""
    context = new_context()
    page = context.new_page()
    login(page, live)
    go_offline(context)
    page.evaluate(MAKE_CHECKS, [3, live.seeded.template_version_id, live.seeded.enterprise_ids])
    down = {"error": {"code": "server_error", "message": "Máy chủ gặp lỗi."}}
    for url in ("**/api/sync/push", "**/api/auth/me"):
        context.route(
            url,
            lambda route: route.fulfill(
                status=500, body=json.dumps(down), content_type="application/json"
            ),
        )
    go_online(context)
    page.evaluate(SYNC)
    wait_pending(page, 3)
    assert {state for _, state in page.evaluate(QUEUE)} == {"pending"}
    assert _server_checks(live) == {}
