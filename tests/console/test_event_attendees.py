"""The console's event page lists who attended: scoped like the roster, paged, ID cards masked."""

import re

from sqlalchemy import select

from app.console import event_records
from app.extensions import db
from app.models import Attendance
from tests.console.test_event_page import push_event
from tests.console.util import world

CARD = "001222040758"


def names_listed(page: str) -> list[str]:
    table = page.split('id="attendee-list"')[1].split("</table>")[0]
    return re.findall(r"<tr><td>([^<]+)</td>", table)


def event_with_a_rostered_attendee(make, api):
    w = world(make, api)
    make.user("supb", role="supervisor", parks=[w.ent_b.park])
    event_id, *_ = push_event(make, api("hr"), w.ent_a, [])
    person = make.roster_person(w.ent_a, "NV001", "Nguyễn Thị Hoa")
    person.id_card = CARD
    row = db.session.scalar(select(Attendance).where(Attendance.employee_number == "NV001"))
    row.person_id = person.id
    make.commit()
    return event_id


def test_attendees_are_listed_by_name_with_the_id_card_masked(app, make, api, console):
    event_id = event_with_a_rostered_attendee(make, api)
    page = console("supa").get(f"/console/events/{event_id}").get_data(as_text=True)
    assert set(names_listed(page)) == {
        "Đỗ Thị Lan",
        "Lê Thị Mai",
        "Nguyễn Thị Hoa",
        "Phạm Văn Nam",
        "Trần Văn Đức",
    }
    assert CARD not in page and "••••••••0758" in page
    admin_page = console("adm").get(f"/console/events/{event_id}").get_data(as_text=True)
    assert CARD in admin_page
    assert console("supb").get(f"/console/events/{event_id}").status_code == 404


def test_attendees_are_paged(app, make, api, console, monkeypatch):
    event_id = event_with_a_rostered_attendee(make, api)
    monkeypatch.setattr(event_records, "ATTENDEES_PER_PAGE", 2)
    client = console("supa")
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/console/events/{event_id}?page={number}").get_data(as_text=True)
        seen += names_listed(page)
    assert len(seen) == 5 and len(set(seen)) == 5
