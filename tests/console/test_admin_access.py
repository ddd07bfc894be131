"""Administration is for admins only: 403 for supervisors, pages render for admins."""

import re

import pytest

from app.core.i18n import fold
from app.models import AuditLog, Park

PAGES = [
    "/console/admin",
    "/console/admin/users",
    "/console/admin/users/new",
    "/console/admin/parks",
    "/console/admin/parks/new",
    "/console/admin/enterprises",
    "/console/admin/enterprises/new",
    "/console/admin/enterprises/import",
    "/console/admin/templates",
]


@pytest.fixture
def people(app, make):
    park = make.park(name="KCN Yên Phong")
    ent = make.enterprise(park, name="Công ty TNHH Quế Võ Ánh Dương")
    ent.search_key = fold(ent.name)  # as the seed and the admin form write it
    make.template()
    make.user("boss", role="admin")
    make.user("sup", role="supervisor")
    make.commit()
    return {"park": park, "ent": ent}


def test_supervisors_get_403_everywhere(people, console):
    client = console("sup")
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    response = client.post(
        "/console/admin/parks/new", data={"csrf_token": client.csrf, "code": "X", "name": "X"}
    )
    assert response.status_code == 403


def test_admin_pages_render(people, console):
    client = console("boss")
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    ent = people["ent"]
    assert client.get(f"/console/admin/enterprises/{ent.id}").status_code == 200
    assert client.get(f"/console/admin/parks/{people['park'].id}").status_code == 200


def test_enterprise_search_ignores_diacritics(people, console):
    html = console("boss").get("/console/admin/enterprises?q=que vo anh").get_data(as_text=True)
    assert "Công ty TNHH Quế Võ Ánh Dương" in html


def test_forms_need_csrf_and_park_create_is_stamped_and_audited(people, console, app):
    client = console("boss")
    assert (
        client.post("/console/admin/parks/new", data={"code": "QV9", "name": "KCN Mới"}).status_code
        == 403
    )
    response = client.post(
        "/console/admin/parks/new",
        data={"csrf_token": client.csrf, "code": "qv9", "name": "KCN Quế Võ 9", "operating": "1"},
    )
    assert response.status_code == 302
    from app.extensions import db

    park = db.session.query(Park).filter_by(code="QV9").one()
    assert park.version > people["park"].version and park.search_key == "kcn que vo 9"
    assert db.session.query(AuditLog).filter_by(action="park.create", record_id=park.id).count()
    clash = client.post(
        "/console/admin/parks/new", data={"csrf_token": client.csrf, "code": "QV9", "name": "Trùng"}
    )
    assert clash.status_code == 400


@pytest.mark.parametrize(
    "url, form, messages",
    [
        ("/console/admin/parks/new", {"province": "  "}, ["Nhập mã.", "Nhập tên."]),
        ("/console/admin/users/new", {"role": "admin"}, ["Nhập tên đăng nhập."]),
        (
            "/console/admin/enterprises/new",
            {"name": "Công ty A", "workforce": "nhiều", "guards_parttime": "-3"},
            ["Nhập số nguyên từ 0 trở lên."] * 2,
        ),
    ],
    ids=["park", "user", "enterprise"],
)
def test_form_fields_missing_or_unreadable_are_named_in_the_users_language(
    people, console, url, form, messages
):
    client = console("boss")
    response = client.post(url, data={"csrf_token": client.csrf, **form})
    assert response.status_code == 400
    shown = re.findall(
        r"<li>([^<]*)</li>", response.get_data(as_text=True).split('class="errors"')[1]
    )
    assert [m for m in shown if m in messages] == messages


def test_a_park_is_placed_on_the_map_from_its_form(people, console, app):
    from app.extensions import db

    client = console("boss")
    park = people["park"]
    form = {"csrf_token": client.csrf, "code": park.code, "name": park.name, "operating": "1"}
    url = f"/console/admin/parks/{park.id}"
    outline = "21.10, 106.00\n21.12 106.03\n21.09;106.04"
    saved = client.post(url, data=form | {"lat": "21,13", "lng": "106.08", "outline": outline})
    assert saved.status_code == 302
    db.session.refresh(park)
    assert (park.lat, park.lng) == (21.13, 106.08)
    assert park.outline == [[21.10, 106.00], [21.12, 106.03], [21.09, 106.04]]
    shown = client.get(url).get_data(as_text=True)
    assert 'value="21.13"' in shown and "21.12, 106.03" in shown

    before = park.version
    wrong = client.post(url, data=form | {"lat": "210.5", "lng": "106", "outline": "21, 106"})
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 400
    assert "Vĩ độ: một số từ 8 đến 24" in page and "mỗi dòng một cặp &#34;vĩ độ" in page
    assert 'value="210.5"' in page  # what was typed stays in the form
    half = client.post(url, data=form | {"lat": "21.2", "lng": ""})
    assert half.status_code == 400
    assert "Nhập cả vĩ độ và kinh độ" in half.get_data(as_text=True)
    db.session.refresh(park)
    assert (park.lat, park.lng, park.version) == (21.13, 106.08, before)  # nothing saved
