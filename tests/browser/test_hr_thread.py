"""HR reads a returned event's thread on the phone and answers it, offline, like any record."""

from playwright.sync_api import expect

from app.extensions import db
from app.models import Comment
from tests.browser.conftest import go_offline, go_online
from tests.browser.test_hr_festival import create_event, hr_login, seed_hr, sync_now
from tests.browser.test_hr_review_offline import decide

ASKED = "Thiếu danh sách bảo vệ"
ANSWER = "Đã bổ sung 12 bảo vệ vào danh sách"


def test_hr_answers_the_supervisor_in_the_event_thread(live, new_context):
    seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    event_id = create_event(page)
    page.get_by_test_id("mark-held").click()
    sync_now(page)
    decide(live, event_id, "return", ASKED)
    sync_now(page)
    expect(page.get_by_test_id("thread-text")).to_have_text([ASKED])
    go_offline(ctx)
    page.get_by_test_id("thread-input").fill(ANSWER)
    page.get_by_test_id("thread-send").click()
    expect(page.get_by_test_id("thread-text")).to_have_text([ASKED, ANSWER])
    go_online(ctx)
    sync_now(page)

    def stored():
        rows = db.session.query(Comment).filter_by(record_id=event_id).all()
        return sorted((c.author_role, c.kind, c.text) for c in rows)

    assert live.query(stored) == [
        ("enterprise_hr", "comment", ANSWER),
        ("supervisor", "return", ASKED),
    ]
