"""A first sync that shows work at once: the enterprise list appears from the first pull page,
the top bar says how far the pull got ("Đang tải 2/…"), and a pull cut off half way (the
network gone after page one) resumes from the stored cursor, not from the start."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Enterprise
from tests.browser.live import LiveServer

SYNC = "import(document.scripts[0].src).then((m) => m.sync.syncNow())"


def test_list_from_the_first_page_and_a_cut_pull_resumes(new_context, tmp_path):
    server = LiveServer(tmp_path, extra_enterprises=1100).start()
    try:
        context = new_context()
        page = context.new_page()
        pulls: list[str] = []
        page.on("request", lambda r: "/api/sync/pull" in r.url and pulls.append(r.url))
        cut = {"on": False}

        def second_page_fails(route):
            if cut["on"] and "cursor=" in route.request.url:
                return route.abort("internetdisconnected")
            cut["on"] = True  # the first page goes through; the network goes after it
            return route.continue_()

        context.route("**/api/sync/pull*", second_page_fails)
        page.goto(f"{server.url}/app/")
        page.get_by_test_id("login-username").fill("inspector")
        page.get_by_test_id("login-password").fill("pw")
        page.get_by_test_id("login-submit").click()
        page.get_by_test_id("enterprise-item").first.wait_for()
        stored = page.evaluate("""import(document.scripts[0].src)
            .then((m) => m.db.listRecords('enterprise')).then((rows) => rows.length)""")
        total = server.query(
            lambda: db.session.execute(select(func.count()).select_from(Enterprise)).scalar()
        )
        assert 0 < stored < total  # the list shows while most of the province is still out
        page.locator("body[data-sending='0']").wait_for(state="attached")
        first_cursor = page.evaluate(
            "import(document.scripts[0].src).then((m) => m.db.getMeta('cursor'))"
        )
        assert first_cursor  # page one is stored with its cursor

        context.unroute("**/api/sync/pull*")
        page.evaluate("""() => {
          window.pillTexts = [];
          const pill = document.getElementById('sync-pill');
          new MutationObserver(() => window.pillTexts.push(pill.textContent))
            .observe(pill, { childList: true, characterData: true, subtree: true });
        }""")
        page.evaluate(SYNC)  # back online
        resumed = [u for u in pulls if "cursor=" in u]
        assert resumed and all("cursor=" in u for u in pulls[1:])  # never from the start again
        stored = page.evaluate("""import(document.scripts[0].src)
            .then((m) => m.db.listRecords('enterprise')).then((rows) => rows.length)""")
        assert stored == total
        texts = page.evaluate("window.pillTexts")
        assert any(text.startswith("Đang tải 2/") for text in texts), texts
    finally:
        server.stop()
