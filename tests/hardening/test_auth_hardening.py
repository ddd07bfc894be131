"""Password rules, lock-out, login throttling per address and per user, session ends."""

import random

import pytest

from app import create_app
from app.access.auth import set_password, validate_password
from app.extensions import db
from tests.conftest import make_config
from tests.factories import Factory


def _addr() -> str:
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


@pytest.mark.parametrize(
    "password,ok",
    [
        ("short", False),
        ("123456789", False),
        ("Password123", False),
        ("matkhau123", False),
        ("alice-longname", False),
        ("Đúng-mật-khẩu-2026", True),
        ("correct horse", True),
        ("x" * 2000, False),
    ],
)
def test_password_rules(app, password, ok):
    assert (validate_password(password, "alice-longname", demo=False) == []) is ok


def test_demo_allows_shorter(app):
    assert validate_password("demo1234", "x", demo=True) == []
    assert validate_password("demo1234", "x", demo=False)


def test_create_user_command_refuses_weak_password(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-user", "ann", "--role", "admin", "--password", "ann"])
    assert result.exit_code != 0 and "password" in result.output.lower()
    result = runner.invoke(
        args=["create-user", "ann", "--role", "admin", "--password", "a-Much-better-one-7"]
    )
    assert result.exit_code == 0, result.output


def test_lockout_after_repeated_failures(app, make, client):
    app.jinja_env.globals.setdefault("get_locale", lambda: "vi")  # until i18n provides it
    make.user("lock", role="inspector")
    make.commit()
    limit = app.config["LOGIN_LOCKOUT_ATTEMPTS"]
    env = {"REMOTE_ADDR": _addr()}
    for _ in range(limit):
        response = client.post(
            "/api/auth/login", json={"username": "lock", "password": "no"}, environ_base=env
        )
        assert response.status_code == 401
    response = client.post(
        "/api/auth/login", json={"username": "lock", "password": "pw"}, environ_base=env
    )
    assert response.status_code == 429
    assert response.json["error"]["code"] == "account_locked"
    # The console refuses a locked account too.
    client.get("/console/login", environ_base=env)
    with client.session_transaction() as sess:
        csrf = sess.get("csrf", "")
    response = client.post(
        "/console/login",
        data={"username": "lock", "password": "pw", "csrf_token": csrf},
        environ_base=env,
    )
    assert response.status_code != 302


@pytest.fixture
def strict_app(tmp_path):
    app = create_app(
        make_config(SQLALCHEMY_DATABASE_URI="sqlite://", LOGIN_RATE_LIMIT="5 per minute")
    )
    app.jinja_env.globals.setdefault("get_locale", lambda: "vi")  # until i18n provides it
    with app.app_context():
        db.create_all()
        make = Factory()
        make.user("thr", role="inspector")
        make.commit()
        yield app
        db.session.remove()


def test_api_login_throttled_per_address(strict_app):
    client = strict_app.test_client()
    env = {"REMOTE_ADDR": _addr()}
    statuses = [
        client.post(
            "/api/auth/login", json={"username": f"nobody{i}", "password": "x"}, environ_base=env
        ).status_code
        for i in range(7)
    ]
    assert statuses[:5] == [401] * 5 and statuses[5:] == [429, 429]
    response = client.post(
        "/api/auth/login", json={"username": "x", "password": "x"}, environ_base=env
    )
    assert response.json["error"]["code"] == "too_many_requests"


def test_api_login_throttled_per_user_from_one_address(strict_app):
    client = strict_app.test_client()
    name = f"victim{random.randint(0, 10**9)}"
    env = {"REMOTE_ADDR": _addr()}
    statuses = [
        client.post(
            "/api/auth/login", json={"username": name, "password": "x"}, environ_base=env
        ).status_code
        for _ in range(7)
    ]
    assert statuses[-1] == 429 and statuses[:5] == [401] * 5


def test_console_login_throttled(strict_app):
    client = strict_app.test_client()
    env = {"REMOTE_ADDR": _addr()}
    client.get("/console/login", environ_base=env)
    with client.session_transaction() as sess:
        sess["csrf"] = "t"
    statuses = [
        client.post(
            "/console/login",
            data={"username": f"n{i}", "password": "x", "csrf_token": "t"},
            environ_base=env,
        ).status_code
        for i in range(7)
    ]
    assert 429 in statuses and statuses[0] != 429


def test_password_change_ends_sessions(app, make, api):
    user = make.user("chg", role="inspector")
    make.commit()
    phone = api("chg")
    assert phone.get("/api/auth/me").status_code == 200
    set_password(user, "a-New-password-2026")
    db.session.commit()
    response = phone.get("/api/auth/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def _console_csrf(client, env=None) -> str:
    client.get("/console/login", environ_base=env or {})
    with client.session_transaction() as sess:
        return sess["csrf"]


def test_console_login_starts_a_fresh_session(app, make, client):
    make.user("fresh", role="supervisor")
    make.commit()
    env = {"REMOTE_ADDR": _addr()}
    csrf = _console_csrf(client, env)
    with client.session_transaction() as sess:
        sess["planted"] = "by whoever set this cookie before the login"
    response = client.post(
        "/console/login",
        data={"username": "fresh", "password": "pw", "csrf_token": csrf},
        environ_base=env,
    )
    assert response.status_code == 302
    with client.session_transaction() as sess:
        assert "planted" not in sess
        assert sess.get("csrf") != csrf  # the anonymous token does not carry over
        assert sess.get("_user_id")
    assert client.get("/console/", environ_base=env).status_code == 200


def test_console_says_the_account_is_locked_as_the_api_does(app, make, client, api):
    make.user("lock2", role="supervisor")
    make.commit()
    env = {"REMOTE_ADDR": _addr()}
    for _ in range(app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        client.post(
            "/api/auth/login", json={"username": "lock2", "password": "no"}, environ_base=env
        )
    api_answer = client.post(
        "/api/auth/login", json={"username": "lock2", "password": "pw"}, environ_base=env
    ).json["error"]
    assert api_answer["code"] == "account_locked"
    assert api_answer["message"] == (
        "Tài khoản bị tạm khóa do đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút."
    )
    csrf = _console_csrf(client, env)
    response = client.post(
        "/console/login",
        data={"username": "lock2", "password": "pw", "csrf_token": csrf},
        environ_base=env,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert api_answer["message"] in page
    assert "Sai tên đăng nhập hoặc mật khẩu" not in page
    # A try while locked is not counted again: the wait stays one minute.
    again = client.post(
        "/api/auth/login", json={"username": "lock2", "password": "pw"}, environ_base=env
    ).json["error"]
    assert again == api_answer


def test_lockout_ends_after_the_lockout_minutes(app, make, client, monkeypatch):
    from datetime import UTC, datetime, timedelta

    from app.access import auth

    make.user("lock3", role="inspector")
    make.commit()
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    clock = {"now": start}
    monkeypatch.setattr(auth, "utcnow", lambda: clock["now"])
    env = {"REMOTE_ADDR": _addr()}

    def login(password):
        return client.post(
            "/api/auth/login", json={"username": "lock3", "password": password}, environ_base=env
        )

    for _ in range(app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        assert login("no").status_code == 401
    minutes = 1  # the first wait; it grows with further failures (test_login_guard.py)
    clock["now"] = start + timedelta(minutes=minutes, seconds=-1)
    response = login("pw")
    assert response.status_code == 429 and response.json["error"]["code"] == "account_locked"
    assert "1 " in response.json["error"]["message"]  # one minute left
    clock["now"] = start + timedelta(minutes=minutes, seconds=1)
    response = login("pw")
    assert response.status_code == 200, response.json
