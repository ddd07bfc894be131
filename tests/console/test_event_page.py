"""The console's event page shows everything the devices sent for a festival-day event."""

import hashlib
import re
import uuid
from pathlib import Path

from tests.console.util import world

PNG = (Path(__file__).resolve().parents[2] / "pwa" / "icons" / "icon-192.png").read_bytes()


def attendee(event_id, number, name, role, method):
    return {
        "event_id": event_id,
        "name": name,
        "employee_number": number,
        "role": role,
        "method": method,
        "recorded_at": "2026-08-19T08:05:00+07:00",
    }


def gift(event_id, name, number, value, reason="Công nhân tiêu biểu"):
    return {
        "event_id": event_id,
        "recipient_name": name,
        "employee_number": number,
        "value_vnd": value,
        "reason": reason,
    }


def cell(page: str, element_id: str) -> str:
    """The text of the element with that id (tags stripped)."""
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:dd|strong|p|table)>', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found[1]).strip()


def push_event(make, hr, ent, photos):
    """HR's phone sends an event, five attendees, three gifts (one a repeat) from two devices."""
    event_id = str(uuid.uuid4())
    data = {
        "enterprise_id": ent.id,
        "title": "Ngày hội toàn dân bảo vệ ANTQ 2026",
        "date": "2026-08-19",
        "place": "Nhà ăn ca",
        "planned_participants": 300,
        "activities": [
            {"kind": "propaganda", "headcount": 280},
            {"kind": "law_quiz", "headcount": 64, "note": "Ba đội thi"},
        ],
        "status": "held",
        "photos": photos,
    }
    people = [
        ("NV001", "Nguyễn Thị Hoa", "worker", "qr"),
        ("NV002", "Trần Văn Đức", "guard", "qr"),
        ("NV003", "Lê Thị Mai", "worker", "roster"),
        ("NV004", "Phạm Văn Nam", "manager", "manual"),
        ("NV005", "Đỗ Thị Lan", "worker", "roster"),
    ]
    first = [make.mutation("event", data, record_id=event_id)] + [
        make.mutation("attendance", attendee(event_id, *p)) for p in people[:3]
    ]
    second = [make.mutation("attendance", attendee(event_id, *p)) for p in people[3:]] + [
        make.mutation("gift", gift(event_id, "Trần Văn Đức", "NV002", 500_000, "Bảo vệ xuất sắc")),
        make.mutation("gift", gift(event_id, "Nguyễn Thị Hoa", "NV001", 300_000)),
        make.mutation("gift", gift(event_id, "Nguyễn Thị Hoa", "NV001", 300_000)),
    ]
    phone, tablet = str(uuid.uuid4()), str(uuid.uuid4())
    for batch, device in ((first, phone), (second, tablet)):
        results = hr.push(batch, client_id=device).json["results"]
        assert all(r["status"] == "applied" for r in results), results
    return event_id, phone, tablet


def test_event_page_shows_what_the_devices_sent(app, make, api, console):
    w = world(make, api)
    hr = api("hr")
    sha = hashlib.sha256(PNG).hexdigest()
    missing = hashlib.sha256(b"still on the phone").hexdigest()
    assert hr.put(f"/api/attachments/{sha}", data=PNG).status_code == 201
    event_id, phone, tablet = push_event(make, hr, w.ent_a, [sha, missing])
    client = console("sup")
    client.post("/console/language", data={"csrf_token": client.csrf, "language": "en"})
    page = client.get(f"/console/events/{event_id}").get_data(as_text=True)

    assert cell(page, "attendance-total") == "5" and cell(page, "participants") == "5"
    roles = re.findall(
        r"<tr><td>(\w+)</td><td class=\"num\">(\d+)</td></tr>",
        page.split('id="attendance-by-role"')[1].split("</table>")[0],
    )
    assert roles == [("Worker", "3"), ("Guard", "1"), ("Manager", "1"), ("Official", "0")]
    assert cell(page, "attendance-by-method") == "Roster: 2 · QR scan: 2 · Manual: 1"
    headcounts = page.split('id="headcounts"')[1].split("</section>")[0]
    assert "Propaganda" in headcounts and ">280<" in headcounts
    assert "Ba đội thi" in headcounts and ">64<" in headcounts and ">300<" in headcounts
    # The repeat gift is flagged apart, not counted: 2 gifts, 800.000 VND.
    assert cell(page, "gift-count") == "2" and cell(page, "gift-value") == "800.000"
    gifts = page.split('id="gift-list"')[1].split("</table>")[0]
    assert gifts.count("<tr") == 1 + 3 and gifts.count('class="flagged"') == 1
    assert "Bảo vệ xuất sắc" in gifts and "500.000" in gifts
    photos = page.split('id="event-photos"')[1].split("</section>")[0]
    assert f'src="/api/attachments/{sha}"' in photos and f'title="{missing}"' in photos
    assert "1 photos not yet received" in photos
    # Device and sync history: the event's own revision from the phone, and the devices
    # that logged its attendance and gifts.
    assert f"<code>{phone[:8]}</code>" in page.split("Devices and sync history")[1]
    devices = page.split('id="entry-devices"')[1].split("</section>")[0]
    assert re.search(rf"{phone[:8]}</code> · 3 attendance, 0 gifts", devices)
    assert re.search(rf"{tablet[:8]}</code> · 2 attendance, 3 gifts", devices)


def test_event_logged_with_head_counts_only(app, make, api, console):
    w = world(make, api)
    event_id = str(uuid.uuid4())
    data = {
        "enterprise_id": w.ent_a.id,
        "title": "Tuyên truyền pháp luật",
        "date": "2026-08-19",
        "activities": [
            {"kind": "propaganda", "headcount": 120},
            {"kind": "banners", "headcount": None},
        ],
        "status": "held",
    }
    assert (
        api("hr")
        .push([make.mutation("event", data, record_id=event_id)])
        .json["results"][0]["status"]
        == "applied"
    )
    page = console("sup").get(f"/console/events/{event_id}").get_data(as_text=True)
    assert cell(page, "attendance-total") == "0"
    assert cell(page, "participants").startswith("120")  # the largest head count reported
    assert cell(page, "gift-count") == "0"


def test_a_returned_event_is_found_in_the_queue(app, make, api, console):
    from app.extensions import db
    from app.models import Event, User
    from app.review.decisions import review_event

    w = world(make, api)
    event_id = str(uuid.uuid4())
    data = {
        "enterprise_id": w.ent_a.id,
        "title": "Đối thoại doanh nghiệp và người lao động",
        "date": "2026-08-19",
        "status": "held",
    }
    assert (
        api("hr")
        .push([make.mutation("event", data, record_id=event_id)])
        .json["results"][0]["status"]
        == "applied"
    )
    sup = db.session.query(User).filter_by(username="sup").one()
    review_event(sup, db.session.get(Event, event_id), "Thiếu ảnh", "return")
    db.session.commit()
    client = console("sup")
    returned = client.get("/console/review?kind=event&status=returned").get_data(as_text=True)
    held = client.get("/console/review?kind=event&status=held").get_data(as_text=True)
    assert "Đối thoại doanh nghiệp" in returned and "Đối thoại doanh nghiệp" not in held
    export = client.get("/console/exports/events.csv?status=returned").get_data(as_text=True)
    assert "Đối thoại doanh nghiệp" in export
