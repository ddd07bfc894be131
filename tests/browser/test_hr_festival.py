"""HR festival day in the real browser: two phones offline scan badges and converge."""

import base64
import re

from playwright.sync_api import expect

from app.core.ids import attendance_id
from app.extensions import db
from app.festival.badges import badge_qr_png
from app.models import Attendance, Enterprise, Event, Gift, User
from tests.browser.conftest import go_offline, go_online, login
from tests.factories import Factory

PEOPLE = [
    ("NV001", "Nguyễn Thị Hoa", "worker"),
    ("NV002", "Trần Văn Đức", "guard"),
    ("NV003", "Lê Thị Ánh Tuyết", "worker"),
    ("NV004", "Phạm Quốc Việt", "manager"),
    ("NV005", "Đỗ Thị Lan", "worker"),
    ("NV006", "Hoàng Văn Bình", "worker"),
]


def seed_hr(live) -> str:
    """Add an HR user and a roster to the first enterprise; return the enterprise id."""
    ent_id = live.seeded.enterprise_ids[0]

    def add():
        make = Factory()
        ent = db.session.get(Enterprise, ent_id)
        if not db.session.query(User).filter_by(username="hr").first():
            make.user("hr", role="enterprise_hr", enterprise=ent)
            make.user("hr_en", role="enterprise_hr", enterprise=ent, language="en")
            for number, name, role in PEOPLE:
                make.roster_person(ent, number, name, role)
        db.session.commit()

    live.query(add)
    return ent_id


def hr_login(page, live) -> None:
    login(page, live, "hr")
    page.get_by_test_id("new-event").wait_for()


def create_event(page, title="Ngày hội 2026 - Xưởng 1", planned="6") -> str:
    page.get_by_test_id("new-event").click()
    page.get_by_test_id("ev-title").fill(title)
    page.get_by_test_id("ev-place").fill("Nhà ăn ca 1")
    page.get_by_test_id("ev-planned").fill(planned)
    page.get_by_test_id("ev-kind-gifts").check()
    page.get_by_test_id("ev-save").click()
    page.get_by_test_id("figures").wait_for()
    return page.evaluate("new URLSearchParams(location.hash.split('?')[1]).get('id')")


def badge_files(tmp_path, ent_id, numbers):
    files = []
    for number in numbers:
        path = tmp_path / f"badge-{number}.png"
        path.write_bytes(badge_qr_png(ent_id, number))
        files.append(str(path))
    return files


def scan(page, files, kinds):
    """Feed badge images to the scan screen one by one; check each confirmation."""
    for path, kind in zip(files, kinds, strict=True):
        before = page.get_by_test_id("panel-scan").get_attribute("data-scanned") or "0"
        page.get_by_test_id("scan-file").set_input_files(path)
        page.locator(f"[data-testid=panel-scan][data-scanned='{int(before) + 1}']").wait_for()
        expect(page.get_by_test_id("scan-result")).to_have_attribute("data-kind", kind)


def attendees(page) -> str:
    return page.get_by_test_id("fig-attendees").inner_text()


def sync_now(page) -> None:
    page.evaluate("import(document.scripts[0].src).then((m) => m.sync.syncNow())")
    page.locator("body[data-sending='0'] #sync-pill[data-pending='0']").wait_for(state="attached")


def test_two_offline_phones_count_each_person_once(live, new_context, tmp_path):
    ent_id = seed_hr(live)
    ctx_a, ctx_b = new_context(), new_context()
    phone_a, phone_b = ctx_a.new_page(), ctx_b.new_page()
    hr_login(phone_a, live)
    event_id = create_event(phone_a)
    sync_now(phone_a)
    hr_login(phone_b, live)
    phone_b.get_by_test_id("event-item").first.click()
    phone_b.get_by_test_id("figures").wait_for()

    go_offline(ctx_a)
    go_offline(ctx_b)
    for phone in (phone_a, phone_b):
        phone.get_by_test_id("tab-scan").click()
    scan(
        phone_a,
        badge_files(tmp_path, ent_id, ["NV001", "NV002", "NV003", "NV004", "NV001"]),
        ["ok", "ok", "ok", "ok", "repeat"],
    )
    scan(
        phone_b,
        badge_files(tmp_path, ent_id, ["NV003", "NV004", "NV005", "NV006"]),
        ["ok", "ok", "ok", "ok"],
    )
    assert attendees(phone_a) == "4" and attendees(phone_b) == "4"
    expect(phone_a.get_by_test_id("scan-result")).to_contain_text("Nguyễn Thị Hoa")

    for ctx in (ctx_a, ctx_b):
        go_online(ctx)
    sync_now(phone_a)
    sync_now(phone_b)
    sync_now(phone_a)
    for phone in (phone_a, phone_b):
        expect(phone.get_by_test_id("fig-attendees")).to_have_text("6")
        expect(phone.get_by_test_id("fig-role-guard")).to_contain_text("1")

    def rows():
        found = db.session.query(Attendance).filter_by(event_id=event_id, deleted=False).all()
        return sorted(r.employee_number for r in found), {r.method for r in found}

    numbers, methods = live.query(rows)
    assert numbers == [p[0] for p in PEOPLE] and methods == {"qr"}


def test_decoder_reads_generated_badges(live, new_context):
    ent_id = seed_hr(live)
    page = new_context().new_page()
    hr_login(page, live)
    png = base64.b64encode(badge_qr_png(ent_id, "NV-42|A")).decode()
    result = page.evaluate(
        """async (png) => {
        const qr = await import('/app/js/hr/qr.js');
        const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
        const blob = new Blob([bytes], { type: 'image/png' });
        const text = await qr.decodeBlob(blob, 'jsqr');
        const auto = await qr.decodeBlob(blob, 'auto');
        return { text, auto, parsed: qr.parseBadge(text), bad: qr.parseBadge('hello'),
                 native: await qr.hasNativeDetector() };
    }""",
        png,
    )
    assert result["text"] == f"ANTQ1|{ent_id}|NV-42|A" == result["auto"]
    assert result["parsed"] == {"enterpriseId": ent_id, "employeeNumber": "NV-42|A"}
    assert result["bad"] is None
    ids = page.evaluate("""async () => {
        const m = await import('/app/js/hr/ids.js');
        return [await m.attendanceId('e1', m.personKey(' nv-7 ', 'x')),
                await m.attendanceId('e1', m.personKey('', 'Đỗ  Thị Lan'))];
    }""")
    assert ids == [attendance_id("e1", "no:NV-7"), attendance_id("e1", "name:do thi lan")]


def test_roster_tick_manual_entry_and_gifts(live, new_context):
    seed_hr(live)
    ctx = new_context()
    page = ctx.new_page()
    hr_login(page, live)
    event_id = create_event(page, planned="10")
    go_offline(ctx)
    page.get_by_test_id("roster-search").fill("anh tuyet")
    expect(page.get_by_test_id("roster-person")).to_have_count(1)
    page.get_by_test_id("roster-person").click()
    expect(page.get_by_test_id("roster-result")).to_have_attribute("data-kind", "ok")
    expect(page.get_by_test_id("roster-person")).to_have_attribute("aria-pressed", "true")
    page.get_by_test_id("tab-manual").click()
    page.get_by_test_id("manual-name").fill("Vũ Minh Khôi")
    page.get_by_test_id("manual-number").fill("TV-9")
    page.get_by_test_id("manual-role").select_option("official")
    page.get_by_test_id("manual-add").click()
    expect(page.get_by_test_id("manual-result")).to_have_attribute("data-kind", "ok")
    expect(page.get_by_test_id("fig-attendees")).to_have_text("2")
    expect(page.get_by_test_id("fig-planned")).to_contain_text("20 %")

    page.get_by_test_id("tab-gifts").click()
    for _ in range(2):
        page.get_by_test_id("gift-number").fill("NV002")
        page.get_by_test_id("gift-name").fill("Trần Văn Đức")
        page.get_by_test_id("gift-value").press_sequentially("500000")
        expect(page.get_by_test_id("gift-value")).to_have_value("500.000")
        page.get_by_test_id("gift-reason").fill("Bảo vệ xuất sắc")
        page.get_by_test_id("gift-add").click()
        page.get_by_test_id("gift-message").wait_for()
    expect(page.get_by_test_id("gift-message")).to_have_attribute("data-flagged", "1")
    expect(page.get_by_test_id("fig-gifts")).to_contain_text("500.000")
    expect(page.get_by_test_id("fig-flagged")).to_be_visible()

    page.get_by_test_id("tab-activities").click()
    page.get_by_test_id("headcount-propaganda").fill("300")
    page.get_by_test_id("headcount-propaganda").blur()
    go_online(ctx)
    sync_now(page)

    def server_state():
        event = db.session.get(Event, event_id)
        gifts = db.session.query(Gift).filter_by(event_id=event_id).all()
        people = db.session.query(Attendance).filter_by(event_id=event_id).count()
        heads = {a["kind"]: a.get("headcount") for a in event.activities}
        return people, sorted(g.flagged for g in gifts), heads

    people, flags, heads = live.query(server_state)
    assert people == 2 and flags == [False, True] and heads["propaganda"] == 300


def test_hr_screens_follow_the_users_language(live, new_context):
    seed_hr(live)
    page = new_context().new_page()
    login(page, live, "hr_en")
    expect(page.get_by_test_id("new-event")).to_have_text("+ New event")
    page.get_by_test_id("new-event").click()
    expect(page.get_by_test_id("ev-title")).to_have_value(
        re.compile(r"^All-People National Security Protection Festival Day \d{4}$")
    )


def test_event_reviewed_by_the_supervisor_is_locked_on_the_phone(live, new_context):
    seed_hr(live)
    page = new_context().new_page()
    hr_login(page, live)
    event_id = create_event(page)
    page.get_by_test_id("mark-held").click()
    expect(page.get_by_test_id("event-status")).to_have_attribute("class", re.compile("ev-held"))
    sync_now(page)

    desk = new_context(is_mobile=False, has_touch=False).new_page()  # the supervisor's PC
    desk.goto(f"{live.url}/console/login")
    desk.fill("input[name=username]", "supervisor")
    desk.fill("input[name=password]", "pw")
    desk.press("input[name=password]", "Enter")
    desk.wait_for_url(re.compile(r".*/console/$"))
    desk.goto(f"{live.url}/festival/events/{event_id}")
    desk.fill("textarea[name=comment]", "Đạt")
    desk.click("button[name=decision][value=reviewed]")
    expect(desk.locator(".flash.success")).to_be_visible()
    sync_now(page)
    expect(page.get_by_test_id("event-locked")).to_be_visible()
    expect(page.get_by_test_id("headcount-gifts")).to_be_disabled()
    page.get_by_test_id("tab-roster").click()
    expect(page.get_by_test_id("roster-person").first).to_be_disabled()
