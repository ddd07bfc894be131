"""A disabled account is named as such only to whoever gives its right password (issue 24)."""

import re

DISABLED_VI = "Tài khoản này đã bị khóa. Hãy đề nghị quản trị viên mở lại."
WRONG_VI = "Sai tên đăng nhập hoặc mật khẩu."


def _disabled(make):
    make.user("off", role="supervisor").active = False
    make.commit()


def test_api_right_password_on_a_disabled_account_says_disabled(app, make, client):
    _disabled(make)
    right = client.post("/api/auth/login", json={"username": "off", "password": "pw"})
    assert right.status_code == 403
    assert right.json["error"] == {"code": "account_disabled", "message": DISABLED_VI}
    wrong = client.post("/api/auth/login", json={"username": "off", "password": "nope"})
    assert wrong.status_code == 401 and wrong.json["error"]["message"] == WRONG_VI
    assert client.get("/api/auth/me").status_code == 401  # no session was started


def _console_post(client, password):
    page = client.get("/console/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post(
        "/console/login", data={"username": "off", "password": password, "csrf_token": token}
    )


def test_console_right_password_on_a_disabled_account_says_disabled(app, make, client):
    _disabled(make)
    right = _console_post(client, "pw")
    assert right.status_code == 403 and DISABLED_VI in right.get_data(as_text=True)
    wrong = _console_post(client, "nope")
    html = wrong.get_data(as_text=True)
    assert wrong.status_code == 401 and WRONG_VI in html and DISABLED_VI not in html
    assert client.get("/console/").status_code == 302  # still signed out
