"""HR in the real browser: refused entries on a reviewed event, a returned event, event photos
reaching the supervisor's pages, an event made offline across a reload, unticking, scan errors,
and the links to the server's roster pages."""

import re

import segno
from playwright.sync_api import expect

from app.extensions import db
from app.models import Attachment, Attendance, Event, User
from tests.browser.conftest import go_offline, go_online, wait_pending
from tests.browser.steps import make_png
from tests.browser.test_hr_festival import (
    badge_files,
    create_event,
    hr_login,
    scan,
    seed_hr,
    sync_now,
)


def decide(live, event_id: str, decision: str, comment: str = "") -> None:
    """The supervisor reviews or returns the event (the console's own code path)."""

    def act():
        from app.review.decisions import review_event

        supervisor = db.session.query(User).filter_by(username="supervisor").one()
        review_event(supervisor, db.session.get(Event, event_id), comment, decision)
        db.session.commit()

    live.query(act)


def server_event(live, event_id: str):
    def read():
        event = db.session.get(Event, event_id)
        rows = db.session.query(Attendance).filter_by(event_id=event_id).all()
        return event and event.status, sorted((r.employee_number, r.deleted) for r in rows)

    return live.query(read)


def test_refused_while_reviewed_then_returned_fixed_and_held_again(live, new_context):
    seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    event_id = create_event(page)
    page.get_by_test_id("mark-held").click()
    sync_now(page)
    go_offline(ctx)
    first_no = page.get_by_test_id("roster-person").first.get_attribute("data-no")
    page.get_by_test_id("roster-person").first.click()
    expect(page.get_by_test_id("roster-result")).to_have_attribute("data-kind", "ok")
    decide(live, event_id, "reviewed", "Đạt")

    go_online(ctx)
    sync_now(page)
    expect(page.get_by_test_id("event-locked")).to_be_visible()
    refused = page.get_by_test_id("event-refused")
    expect(refused).to_have_attribute("data-count", "1")
    expect(refused).to_contain_text("đã xem xét")
    expect(page.get_by_test_id("resend-refused")).to_have_count(0)
    assert server_event(live, event_id) == ("reviewed", [])  # the reviewed figures stand

    decide(live, event_id, "return", "Thiếu danh sách bảo vệ")
    sync_now(page)
    expect(page.get_by_test_id("event-returned")).to_contain_text("Thiếu danh sách bảo vệ")
    expect(page.get_by_test_id("event-status")).to_have_attribute(
        "class", re.compile("ev-returned")
    )
    expect(page.get_by_test_id("event-locked")).to_have_count(0)
    page.get_by_test_id("resend-refused").click()
    sync_now(page)
    expect(page.get_by_test_id("event-refused")).to_have_count(0)
    status, rows = server_event(live, event_id)
    assert status == "returned" and rows == [(first_no, False)]

    page.get_by_test_id("tab-manual").click()
    page.get_by_test_id("manual-name").fill("Vũ Minh Khôi")
    page.get_by_test_id("manual-add").click()
    expect(page.get_by_test_id("manual-result")).to_have_attribute("data-kind", "ok")
    page.get_by_test_id("mark-held").click()
    expect(page.get_by_test_id("event-status")).to_have_attribute("class", re.compile("ev-held"))
    expect(page.get_by_test_id("event-returned")).to_have_count(0)
    sync_now(page)
    status, rows = server_event(live, event_id)
    assert status == "held" and len(rows) == 2


def test_event_photos_reach_the_supervisor_pages(live, new_context, tmp_path):
    seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    event_id = create_event(page)
    page.get_by_test_id("tab-activities").click()
    page.get_by_test_id("event-photo-input").set_input_files(
        [
            str(make_png(tmp_path / "a.png", (200, 40, 40))),
            str(make_png(tmp_path / "b.png", (40, 40, 200))),
        ]
    )
    expect(page.get_by_test_id("event-photo-thumbs").locator("img")).to_have_count(2)
    sync_now(page)

    def stored():
        photos = db.session.get(Event, event_id).photos
        return photos, db.session.query(Attachment).filter(Attachment.sha256.in_(photos)).count()

    photos, arrived = live.query(stored)
    assert len(photos) == 2 and arrived == 2

    desk = new_context(
        viewport={"width": 1100, "height": 900},
        is_mobile=False,
        has_touch=False,
        device_scale_factor=1,
    )
    pc = desk.new_page()
    pc.goto(f"{live.url}/console/login")
    pc.fill("input[name=username]", "supervisor")
    pc.fill("input[name=password]", "pw")
    pc.press("input[name=password]", "Enter")
    pc.wait_for_url(re.compile(r".*/console/$"))
    for url, selector in (
        (f"/console/events/{event_id}", ".photos img"),
        (f"/festival/events/{event_id}", "#event-photos img"),
    ):
        pc.goto(live.url + url)
        images = pc.locator(selector)
        expect(images).to_have_count(2)
        for n, sha in enumerate(photos):
            image = images.nth(n)
            expect(image).to_have_attribute("src", f"/api/attachments/{sha}")
            image.scroll_into_view_if_needed()
            pc.wait_for_function(
                "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
            )


def test_event_made_offline_survives_a_reload_and_arrives_once(live, new_context):
    seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    go_offline(ctx)
    event_id = create_event(page, title="Ngày hội ngoại tuyến")
    people = page.get_by_test_id("roster-person")
    first_no = people.first.get_attribute("data-no")
    for n in (0, 1):
        people.nth(n).click()
        expect(people.nth(n)).to_have_attribute("aria-pressed", "true")
    wait_pending(page, 3)  # the event and two attendees
    people.nth(1).click()  # never sent: the entry simply leaves the queue
    expect(people.nth(1)).to_have_attribute("aria-pressed", "false")
    wait_pending(page, 2)

    page.reload()
    page.locator("body[data-ready='1']").wait_for(state="attached")
    expect(page.get_by_test_id("event-title")).to_have_text("Ngày hội ngoại tuyến")
    expect(page.get_by_test_id("fig-attendees")).to_have_text("1")
    wait_pending(page, 2)
    go_online(ctx)
    sync_now(page)
    sync_now(page)  # a second round sends nothing again

    def arrived():
        events = db.session.query(Event).filter_by(title="Ngày hội ngoại tuyến").all()
        rows = db.session.query(Attendance).filter_by(event_id=event_id).all()
        return [e.id for e in events], [(r.employee_number, r.deleted) for r in rows]

    events, rows = live.query(arrived)
    assert events == [event_id] and rows == [(first_no, False)]

    people.nth(0).click()  # sent already: unticking deletes it on the server
    expect(people.nth(0)).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_test_id("fig-attendees")).to_have_text("0")
    sync_now(page)
    assert live.query(arrived)[1] == [(first_no, True)]


def test_scan_refuses_another_enterprises_badge_and_other_codes(live, new_context, tmp_path):
    seed_hr(live)
    other_ent = live.seeded.enterprise_ids[1]
    page = new_context().new_page()
    hr_login(page, live)
    event_id = create_event(page)
    page.get_by_test_id("tab-scan").click()
    plain = tmp_path / "hello.png"
    segno.make("https://example.org/hello", error="m").save(str(plain), scale=8, border=4)
    result = page.get_by_test_id("scan-result")
    scan(page, badge_files(tmp_path, other_ent, ["NV001"]), ["bad"])
    expect(result).to_contain_text("Thẻ của doanh nghiệp khác.")
    scan(page, [str(plain)], ["bad"])
    expect(result).to_contain_text("Mã này không phải thẻ Ngày hội.")
    expect(page.get_by_test_id("fig-attendees")).to_have_text("0")
    sync_now(page)
    assert server_event(live, event_id)[1] == []


def test_hr_app_links_to_the_roster_and_badge_pages(live, new_context):
    ent_id = seed_hr(live)
    page = new_context().new_page()
    hr_login(page, live)
    expect(page.get_by_test_id("hr-badges-link")).to_have_attribute(
        "href", f"/festival/roster/{ent_id}/badges"
    )
    with page.expect_popup() as popup_info:
        page.get_by_test_id("hr-roster-link").click()
    roster = popup_info.value
    roster.wait_for_load_state()
    assert re.search(rf"/festival/roster/{ent_id}$", roster.url)
    expect(roster.locator("body")).to_contain_text("Lê Thị Ánh Tuyết")
    with page.expect_popup() as popup_info:
        page.get_by_test_id("hr-badges-link").click()
    badges = popup_info.value
    badges.wait_for_load_state()
    expect(badges.locator("img.qr")).to_have_count(6)
