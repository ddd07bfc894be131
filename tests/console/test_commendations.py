"""Commendations: recorded by a supervisor in scope, audited, shown, listed in the report."""

import io

from sqlalchemy import select

from app.extensions import db
from app.models import AuditLog, Commendation
from app.sync.versioning import current_version
from tests.console.conftest import csrf_of
from tests.console.util import world
from tests.hardening.util import jpeg, sha

FORM = {
    "by": "UBND tỉnh Bắc Ninh",
    "on": "2026-03-15",
    "decision_number": "123/QĐ-UBND",
    "note": "Mô hình tự quản, tự phòng, tự bảo vệ tiêu biểu",
}


def commend(client, ent_id: str, photo: bytes | None = None, **over):
    """POST the commendation form (multipart, with an optional certificate photo)."""
    data = {"csrf_token": csrf_of(client), **FORM, **over}
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), "giay-khen.jpg")
    return client.post(
        f"/console/enterprises/{ent_id}/commendations",
        data=data,
        content_type="multipart/form-data",
    )


def test_a_commendation_is_recorded_audited_and_shown(app, make, api, console):
    w = world(make, api)
    supa = console("supa")
    photo = jpeg()
    before = current_version()
    response = commend(supa, w.ent_a.id, photo)
    assert response.status_code == 302
    row = db.session.execute(select(Commendation)).scalar_one()
    assert (row.enterprise_id, row.commended_by, row.decision_number, row.photo) == (
        w.ent_a.id,
        FORM["by"],
        FORM["decision_number"],
        sha(photo),
    )
    assert row.commended_on.isoformat() == FORM["on"]
    audit = db.session.execute(
        select(AuditLog).where(AuditLog.action == "commendation_recorded")
    ).scalar_one()
    assert audit.record_id == row.id and audit.detail["decision_number"] == "123/QĐ-UBND"
    assert current_version() == before  # console only: no sync version taken
    page = supa.get(f"/console/enterprises/{w.ent_a.id}").get_data(as_text=True)
    assert "123/QĐ-UBND" in page and "15/03/2026" in page and 'data-kind="commendation"' in page
    photo_url = f"/console/commendations/{row.id}/photo"
    assert photo_url in page
    got = supa.get(photo_url)
    assert got.status_code == 200 and got.data == photo
    report = supa.get("/console/report?year=2026").get_data(as_text=True)
    commended = report.split('data-testid="commended"')[1].split("</ol>")[0]
    assert w.ent_a.name in commended and "123/QĐ-UBND" in commended
    assert "123/QĐ-UBND" not in supa.get("/console/report?year=2025").get_data(as_text=True)


def test_bad_input_writes_nothing_and_says_why(app, make, api, console):
    w = world(make, api)
    supa = console("supa")
    for over in ({"by": " "}, {"decision_number": ""}, {"on": ""}, {"on": "2999-01-01"}):
        assert commend(supa, w.ent_a.id, **over).status_code == 302
    response = commend(supa, w.ent_a.id, photo=b"not a photo at all")
    page = supa.get(response.headers["Location"]).get_data(as_text=True)
    assert "JPEG" in page  # the photo's error is shown
    assert db.session.execute(select(Commendation)).first() is None
    assert (
        db.session.execute(
            select(AuditLog).where(AuditLog.action == "commendation_recorded")
        ).first()
        is None
    )


def test_another_parks_enterprise_and_its_photo_are_404(app, make, api, console):
    w = world(make, api)
    assert commend(console("sup"), w.ent_b.id, jpeg()).status_code == 302
    row = db.session.execute(select(Commendation)).scalar_one()
    supa = console("supa")
    assert commend(supa, w.ent_b.id).status_code == 404
    assert supa.get(f"/console/commendations/{row.id}/photo").status_code == 404
    assert db.session.execute(select(Commendation)).scalars().all() == [row]
    report = supa.get("/console/report?year=2026").get_data(as_text=True)
    assert "123/QĐ-UBND" not in report
