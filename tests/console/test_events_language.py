"""Event review from the console, the language switch, pagination."""

import re

from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Event
from app.sync.versioning import stamp
from tests.console.conftest import csrf_of
from tests.console.util import post, push_check, world


def held_event(make, ent, title):
    event = make.event(ent, title=title)
    event.status = "held"
    stamp(event)
    make.commit()
    return event.id


def test_event_review_reaches_hr(app, make, api, console):
    w = world(make, api)
    event_a = held_event(make, w.ent_a, "Ngày hội Quế Võ 2026")
    event_b = held_event(make, w.ent_b, "Ngày hội Yên Phong 2026")
    hr = api("hr")
    _, cursor = hr.pull_all()
    limited = console("supa")
    queue = limited.get("/console/review?kind=event").get_data(as_text=True)
    assert "Ngày hội Quế Võ 2026" in queue and "Ngày hội Yên Phong 2026" not in queue
    assert limited.get(f"/console/events/{event_b}").status_code == 404
    assert post(limited, f"/festival/events/{event_b}/review").status_code == 404
    page = limited.get(f"/console/events/{event_a}").get_data(as_text=True)
    # One route reviews an event: the console's page posts both decisions to it, and it
    # brings the supervisor back to the console's page.
    assert set(re.findall(r'action="([^"]*review)"', page)) == {
        f"/festival/events/{event_a}/review"
    }
    back = f"/console/events/{event_a}"
    done = post(limited, f"/festival/events/{event_a}/review", comment="Tốt", next=back)
    assert done.status_code == 302 and done.headers["Location"].endswith(back)
    db.session.expire_all()
    assert db.session.get(Event, event_a).status == "reviewed"
    changes, _ = hr.pull_all(cursor)
    assert [c["data"]["status"] for c in changes if c["id"] == event_a] == ["reviewed"]
    audit = db.session.execute(select(AuditLog).where(AuditLog.record_id == event_a))
    assert audit.scalar_one().action == "event_reviewed"
    for name in ("ins", "hr"):
        assert console(name).get(f"/console/events/{event_a}").status_code == 403


def test_language_switch_changes_the_pages(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    assert "Danh sách chờ duyệt" in client.get("/console/review").get_data(as_text=True)
    client.post(
        "/console/language",
        data={"language": "en", "next": "/console/review", "csrf_token": csrf_of(client)},
    )
    page = client.get("/console/review").get_data(as_text=True)
    assert "Review queue" in page and 'lang="en"' in page
    minutes = client.get(f"/console/checks/{w.check_a}/minutes").get_data(as_text=True)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in minutes  # an official Vietnamese document


def test_queue_pages(app, make, api, console):
    w = world(make, api)
    inspector = api("ins")
    for _ in range(51):
        push_check(inspector, make, w.tv, w.ent_a)
    client = console("sup")
    first = client.get("/console/review").get_data(as_text=True)
    assert first.count("/console/checks/") == 2 * 50  # two links per row
    assert "page=2" in first and "53" in first  # 52 in park A + 1 in park B
    second = client.get("/console/review?page=2").get_data(as_text=True)
    assert second.count("/console/checks/") == 2 * 3
