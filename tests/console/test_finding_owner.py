"""Corrective actions with an owner, days overdue and a park (issue 24 part 4)."""

import re
from datetime import date, timedelta

from app.extensions import db
from app.models import AuditLog, Finding, FindingOwner
from app.reports.periods import local_today
from tests.console.util import post, push_check, world


def rows(client, query: str = "") -> list[str]:
    """The corrective-action rows' texts of the list (all states)."""
    page = client.get(f"/console/findings?state=all&{query}")
    assert page.status_code == 200
    body = page.get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]
    trs = [tr for tr in body.split("<tr>")[1:] if "colspan" not in tr]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr)) for tr in trs]


def overdue_world(make, api):
    """Park A's finding due 20 days ago (contact Lê Văn Cường); park B's due 3 days ago."""
    w = world(make, api)
    today = local_today()
    for n, (ent, days, contact) in enumerate([(w.ent_b, 3, "Phạm Thị Dung")], 1):
        push_check(
            api("insb"),
            make,
            w.tv,
            ent,
            representative_name=contact,
            findings=[
                {
                    "id": f"00000000-0000-4000-8000-00000000000{n}",
                    "item_code": "B.1",
                    "severity": "medium",
                    "description": "Thiếu bình chữa cháy",
                    "corrective_action": "Bổ sung",
                    "due_date": (today - timedelta(days=days)).isoformat(),
                }
            ],
        )
    row = db.session.get(Finding, w.finding["id"])
    row.due_date = today - timedelta(days=20)
    db.session.commit()
    return w


def test_owner_is_the_contact_named_on_the_check(app, make, api, console):
    overdue_world(make, api)
    listed = rows(console("sup"))
    assert len(listed) == 2
    a = next(r for r in listed if "Quế Võ Điện tử" in r)
    b = next(r for r in listed if "Yên Phong" in r)
    assert "Lê Văn Cường" in a and "KCN Quế Võ" in a and " 20 " in a
    assert "Phạm Thị Dung" in b and "KCN Yên Phong" in b and " 3 " in b


def test_filters_and_sorts_by_owner_overdue_and_park(app, make, api, console):
    w = overdue_world(make, api)
    client = console("sup")
    assert len(rows(client, "owner=le+van+cuong")) == 1  # without diacritics
    assert rows(client, "owner=nobody") == []
    only = rows(client, "overdue=7")
    assert len(only) == 1 and "Lê Văn Cường" in only[0]
    assert len(rows(client, "overdue=1")) == 2
    assert "Lê Văn Cường" in rows(client, "sort=overdue")[0]
    assert "Lê Văn Cường" in rows(client, "sort=owner")[0]  # "le" < "pham"
    assert "KCN Quế Võ" in rows(client, "sort=park")[0]
    assert len(rows(client, f"park={w.b.id}")) == 1
    assert len(rows(client, "overdue=abc&owner=")) == 2  # garbage: no filter


def test_a_typed_owner_wins_survives_a_resend_and_is_audited(app, make, api, console):
    w = overdue_world(make, api)
    client = console("supa")
    fid = w.finding["id"]
    response = post(client, f"/console/findings/{fid}/owner", owner="  Trần   Văn Em ")
    assert response.status_code == 302
    listed = rows(client, "owner=tran+van+em")
    assert len(listed) == 1 and "Lê Văn Cường" not in listed[0]
    assert db.session.get(FindingOwner, fid).name == "Trần Văn Em"
    assert db.session.query(AuditLog).filter_by(action="finding_owner", record_id=fid).count() == 1
    # returned and sent again from the phone (its findings rows are rewritten): the owner stays
    post(client, f"/console/checks/{w.check_a}/review", decision="return", comment="Sửa")
    phone = api("ins")
    changes, _ = phone.pull_all()
    returned = next(c for c in changes if c["id"] == w.check_a)
    data = make.check_data(
        w.tv, w.ent_a, status="submitted", findings=[{**w.finding, "due_date": "2026-01-01"}]
    )
    again = make.mutation("check", data, record_id=w.check_a, base_version=returned["version"])
    assert phone.push([again]).json["results"][0]["status"] == "applied"
    db.session.expire_all()
    assert db.session.get(Finding, fid).due_date == date(2026, 1, 1)  # the row was rewritten
    assert db.session.get(FindingOwner, fid).name == "Trần Văn Em"
    post(client, f"/console/findings/{fid}/owner", owner="")
    assert db.session.get(FindingOwner, fid) is None
    assert "Lê Văn Cường" in rows(client, "owner=cuong")[0]


def test_naming_an_owner_out_of_scope_writes_nothing(app, make, api, console):
    overdue_world(make, api)
    other = "00000000-0000-4000-8000-000000000001"  # park B's finding
    response = post(console("supa"), f"/console/findings/{other}/owner", owner="Ai đó")
    assert response.status_code == 404
    assert db.session.get(FindingOwner, other) is None
    assert db.session.query(AuditLog).filter_by(action="finding_owner").count() == 0
