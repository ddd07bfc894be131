"""Login, lock-out, the 401-before-CSRF rule, CSRF, me, logout and session lifetime."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask_babel import force_locale, gettext

from app.access.auth import set_password
from app.extensions import db
from tests.api.util import setup_inspector

ENGLISH_BAD_LOGIN = "Wrong username or password."


def _vi(message: str) -> str:
    with force_locale("vi"):
        return gettext(message)


def test_login_ok_returns_user_scope_and_csrf(api, make):
    park, _, _, _ = setup_inspector(make)
    client = api()
    response = client.login("insp")
    assert response.status_code == 200
    body = response.json
    assert body["csrf_token"]
    assert body["user"]["role"] == "inspector"
    assert [p["id"] for p in body["user"]["scope"]["parks"]] == [park.id]


def test_bad_password_is_401_json_in_vietnamese(api, make, app):
    setup_inspector(make)
    client = api()
    response = client.login("insp", "wrong")
    assert response.status_code == 401
    assert response.is_json
    error = response.json["error"]
    assert error["code"] == "bad_credentials"
    with app.test_request_context():
        assert error["message"] == _vi(ENGLISH_BAD_LOGIN)
    unknown = client.login("nobody", "pw")
    assert unknown.status_code == 401 and unknown.json["error"]["code"] == "bad_credentials"


def test_bad_password_in_english_when_asked(api, make):
    setup_inspector(make)
    client = api()
    response = client.client.post(
        "/api/auth/login",
        json={"username": "insp", "password": "x"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 401
    assert response.json["error"]["message"] == ENGLISH_BAD_LOGIN


def test_lockout_after_too_many_failures(api, make, app):
    setup_inspector(make)
    client = api()
    attempts = app.config["LOGIN_LOCKOUT_ATTEMPTS"]
    for _ in range(attempts):
        assert client.login("insp", "wrong").status_code == 401
    locked = client.login("insp", "pw")  # even the right password is refused for now
    assert locked.status_code == 429
    assert locked.json["error"]["code"] == "account_locked"


def _api_routes(app):
    """Every (method, url) of the API except login and the OpenAPI document."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.endpoint in (
            "api_auth.login",
            "api-docs.openapi_json",
        ):
            continue
        url = rule.rule.replace("<string:sha256>", "a" * 64)
        for method in sorted(rule.methods - {"OPTIONS"}):
            routes.append((method, url))
    return sorted(set(routes))


def test_every_api_endpoint_needs_a_session_before_csrf(app, client):
    routes = _api_routes(app)
    assert ("POST", "/api/sync/push") in routes and ("GET", "/api/sync/pull") in routes
    for method, url in routes:
        response = client.open(url, method=method, json={})  # no session and no CSRF header
        assert response.status_code == 401, (method, url, response.status_code)
        if method != "HEAD":
            assert response.json["error"]["code"] == "unauthorized", (method, url)


@pytest.mark.parametrize("header", [None, "wrong-token"])
def test_state_changing_requests_need_the_csrf_token(api, make, header):
    setup_inspector(make)
    client = api("insp")
    headers = {"X-CSRF-Token": header} if header else {}
    for url, body in (
        ("/api/sync/push", {"client_id": client.client_id, "mutations": []}),
        ("/api/auth/logout", {}),
        ("/api/auth/language", {"language": "en"}),
    ):
        response = client.client.post(url, json=body, headers=headers)
        assert response.status_code == 403, url
        assert response.json["error"]["code"] == "csrf_failed"
    assert client.get("/api/auth/me").status_code == 200  # still signed in


def test_me_returns_scope_and_a_csrf_token(api, make):
    park = make.park()
    ent = make.enterprise(park)
    make.user("hr", role="enterprise_hr", enterprise=ent)
    make.commit()
    response = api("hr").get("/api/auth/me")
    assert response.status_code == 200
    scope = response.json["user"]["scope"]
    assert scope["enterprise"]["id"] == ent.id and scope["enterprise"]["park_id"] == park.id
    assert scope["province_wide"] is False
    assert response.json["csrf_token"]


def test_logout_ends_the_session(api, make):
    setup_inspector(make)
    client = api("insp")
    assert client.post("/api/auth/logout").status_code == 204
    assert client.get("/api/auth/me").status_code == 401
    assert client.push([]).status_code == 401


def test_password_change_invalidates_old_sessions(api, make):
    _, _, _, user = setup_inspector(make)
    old = api("insp")
    assert old.get("/api/auth/me").status_code == 200
    set_password(user, "new-password")
    db.session.commit()
    assert old.get("/api/auth/me").status_code == 401
    assert api().login("insp", "pw").status_code == 401
    assert api("insp", "new-password").get("/api/auth/me").status_code == 200


def test_session_cookie_is_permanent_for_about_30_days(api, make):
    setup_inspector(make)
    response = api().login("insp")
    cookies = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert cookies, response.headers
    expires = next(
        part.split("=", 1)[1]
        for part in cookies[-1].split("; ")
        if part.lower().startswith("expires=")
    )
    lifetime = parsedate_to_datetime(expires) - datetime.now(UTC)
    assert timedelta(days=29) < lifetime <= timedelta(days=30, minutes=1)
    assert "HttpOnly" in cookies[-1]


def session_cookies(response) -> list[str]:
    return [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]


def test_the_session_slides_with_use_but_is_rewritten_at_most_hourly(api, make, monkeypatch):
    import app.web.cookies

    setup_inspector(make)
    client = api("insp")
    hour = app.web.cookies.current_hour()
    assert session_cookies(client.get("/api/auth/me")) == []  # just written at login
    assert session_cookies(client.get("/api/sync/pull")) == []

    monkeypatch.setattr(app.web.cookies, "current_hour", lambda: hour + 1)
    later = client.get("/api/sync/pull")
    assert later.status_code == 200
    assert len(session_cookies(later)) == 1  # the expiry slides forward
    assert session_cookies(client.get("/api/sync/pull")) == []
    assert client.get("/api/auth/me").status_code == 200  # the rewritten cookie still signs in
