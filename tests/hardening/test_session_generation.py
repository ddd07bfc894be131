"""Logout and every admin change to a user end the user's sessions, old cookies included."""

import pytest

from app.console.admin_ops import reset_user_password, save_user
from app.extensions import db
from app.models import User
from tests.console.conftest import console_login


def _cookie(client) -> str:
    return client.get_cookie("session").value


def _replay(app, cookie: str):
    """A client that sends a copy of a session cookie kept from before."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def test_api_logout_ends_the_copied_cookie(app, make, api):
    make.user("out", role="inspector")
    make.commit()
    phone = api("out")
    kept = _cookie(phone.client)
    assert phone.post("/api/auth/logout").status_code == 204
    response = _replay(app, kept).get("/api/auth/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"
    assert api("out").get("/api/auth/me").status_code == 200  # signing in again works


def test_console_logout_ends_the_copied_cookie(app, make):
    make.user("cout", role="supervisor")
    make.commit()
    browser = console_login(app.test_client(), "cout")
    kept = _cookie(browser)
    browser.post("/console/logout", data={"csrf_token": browser.csrf})
    response = _replay(app, kept).get("/console/review")
    assert response.status_code == 302 and "/console/login" in response.headers["Location"]


def _form(user: User, **changes) -> dict:
    form = {
        "full_name": user.full_name,
        "unit": user.unit,
        "language": user.language,
        "active": "1" if user.active else "",
        "role": user.role,
        "parks": [p.id for p in user.parks],
        "enterprise_id": user.enterprise.id if user.enterprise else "",
    }
    form.update(changes)
    return form


@pytest.mark.parametrize("change", ["disable_enable", "role", "parks", "password"])
def test_admin_change_ends_sessions(app, make, api, change):
    park, other = make.park(), make.park()
    admin = make.user("boss", role="admin")
    user = make.user("victim", role="inspector", parks=[park])
    make.commit()
    phone = api("victim")
    assert phone.get("/api/auth/me").status_code == 200
    if change == "disable_enable":
        save_user(admin, user, _form(user, active=""))
        db.session.commit()
        save_user(admin, user, _form(user, active="1"))
    elif change == "role":
        save_user(admin, user, _form(user, role="supervisor"))
    elif change == "parks":
        save_user(admin, user, _form(user, parks=[other.id]))
    else:
        assert reset_user_password(admin, user, "a-New-password-2026") == []
    db.session.commit()
    response = phone.get("/api/auth/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_renaming_a_user_keeps_their_sessions(app, make, api):
    admin = make.user("boss2", role="admin")
    user = make.user("kept", role="inspector", parks=[make.park()])
    make.commit()
    phone = api("kept")
    save_user(admin, user, _form(user, full_name="Nguyễn Văn Kiên"))
    db.session.commit()
    assert phone.get("/api/auth/me").status_code == 200
