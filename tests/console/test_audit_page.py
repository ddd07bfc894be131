"""What happened, visible (issue 24): the audit page's scope, filters, pages and export; a
record's page lists who did what to it."""

import csv
import io
import re

from app.extensions import db
from app.models import AuditLog, User
from tests.console.util import post, world


def rows_of(client, query: str = "") -> list[str]:
    """The audit rows' texts on one page."""
    page = client.get(f"/console/audit?{query}")
    assert page.status_code == 200
    body = page.get_data(as_text=True).split('data-testid="audit-rows"')[1].split("</tbody>")[0]
    rows = [tr for tr in body.split("<tr>")[2:] if "colspan" not in tr]  # not the "nothing" row
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr)) for tr in rows]


def decide_both(make, api, console):
    """supa returns park A's check; sup (province-wide) approves park B's."""
    w = world(make, api)
    post(
        console("supa"),
        f"/console/checks/{w.check_a}/review",
        decision="return",
        comment="Bổ sung ảnh",
    )
    post(console("sup"), f"/console/checks/{w.check_b}/review", decision="approve")
    return w


def test_admin_sees_every_action_and_filters_them(app, make, api, console):
    decide_both(make, api, console)
    admin = console("adm")
    everything = rows_of(admin)
    assert len(everything) == 2
    assert any("Trả lại bản kiểm tra" in r and "Bổ sung ảnh" in r for r in everything)
    assert len(rows_of(admin, "action=check_approve")) == 1
    supa = db.session.query(User).filter_by(username="supa").one()
    mine = rows_of(admin, f"user={supa.id}")
    assert len(mine) == 1 and "Trả lại" in mine[0]
    assert rows_of(admin, "from=2000-01-01&to=2000-01-02") == []
    assert len(rows_of(admin, "action=nonsense&from=garbage")) == 2  # bad filters: none


def test_a_supervisor_sees_only_their_own_actions(app, make, api, console):
    decide_both(make, api, console)
    supa = console("supa")
    rows = rows_of(supa)
    assert len(rows) == 1 and "Trả lại" in rows[0]
    sup_id = db.session.query(User).filter_by(username="sup").one().id
    assert len(rows_of(supa, f"user={sup_id}")) == 1  # cannot ask for another user's rows
    exported = supa.get("/console/audit.csv").get_data().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported)))
    assert len(lines) == 2 and "Trả lại bản kiểm tra" in lines[1]


def test_export_formats_and_pages(app, make, api, console):
    w = decide_both(make, api, console)
    admin = console("adm")
    actor = db.session.query(User).filter_by(username="adm").one()
    for n in range(55):
        db.session.add(
            AuditLog(user_id=actor.id, action="finding_closed", entity="finding", record_id=str(n))
        )
    db.session.commit()
    assert len(rows_of(admin)) == 50 and len(rows_of(admin, "page=2")) == 7
    xlsx = admin.get("/console/audit.xlsx?action=check_approve")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert admin.get("/console/audit.pdf").status_code == 404
    exported = admin.get("/console/audit.csv?action=check_return").get_data().decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(exported)))
    assert len(lines) == 2 and lines[1][4] == w.check_a


def test_inspectors_and_hr_have_no_audit_page(app, make, api, console):
    world(make, api)
    for name in ("ins", "hr"):
        assert console(name).get("/console/audit").status_code == 403


def test_a_check_page_shows_who_did_what(app, make, api, console):
    w = decide_both(make, api, console)
    page = console("sup").get(f"/console/checks/{w.check_a}").get_data(as_text=True)
    actions = page.split('data-testid="record-actions"')[1].split("</ul>")[0]
    assert "Trả lại bản kiểm tra" in actions and "Bổ sung ảnh" in actions
    assert "Nguyễn Văn An" in actions  # who


def test_an_event_page_shows_who_did_what(app, make, api, console):
    w = world(make, api)
    event = make.event(w.ent_a)
    event.status = "held"
    make.commit()
    client = console("supa")
    response = post(client, f"/festival/events/{event.id}/review", comment="Đã xem biên bản")
    assert response.status_code in (200, 302)
    page = client.get(f"/console/events/{event.id}").get_data(as_text=True)
    actions = page.split('data-testid="record-actions"')[1].split("</ul>")[0]
    assert "Đánh dấu đã xem sự kiện" in actions and "Đã xem biên bản" in actions


def test_every_audit_action_has_words_in_both_languages():
    """A new kind of audit row is never shown as its raw code on the audit page."""
    from app.core.codes import AUDIT_ACTION
    from app.models.audit import Action

    assert sorted(a.value for a in Action) == sorted(AUDIT_ACTION)
