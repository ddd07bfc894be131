"""Unknown usernames cost a hash too; failed logins lock one account from one source only."""

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from app.access import auth

TRIES_VI = "Vui lòng thử lại sau %d phút."


@pytest.fixture
def verifies(monkeypatch):
    """Count the Argon2 verifications the server runs."""
    calls = []
    original = PasswordHasher.verify

    def counting(self, hashed, password):
        calls.append(password)
        return original(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


@pytest.fixture
def clock(monkeypatch):
    """A clock the lock-out reads, moved by the test."""
    now = {"at": datetime(2026, 12, 4, 8, 0, tzinfo=UTC)}
    monkeypatch.setattr(auth, "utcnow", lambda: now["at"])
    return now


def _api_login(client, name, password, addr):
    return client.post(
        "/api/auth/login",
        json={"username": name, "password": password},
        environ_base={"REMOTE_ADDR": addr},
    )


@pytest.mark.parametrize("who", ["unknown", "known", "disabled"])
def test_every_failed_login_hashes_once(app, make, client, verifies, who):
    make.user("known", role="inspector")
    make.user("disabled", role="inspector").active = False
    make.commit()
    response = _api_login(client, who, "wrong-password", "10.1.1.1")
    assert response.status_code == 401
    assert response.json["error"]["message"] == "Sai tên đăng nhập hoặc mật khẩu."
    assert verifies == ["wrong-password"]  # the same work whether the name exists or not


def test_guesses_lock_the_account_from_that_source_only(app, make, client, clock):
    make.user("owner", role="supervisor")
    make.commit()
    for _ in range(app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        assert _api_login(client, "owner", "guess", "10.6.6.6").status_code == 401
    locked = _api_login(client, "owner", "pw", "10.6.6.6")
    assert locked.status_code == 429 and locked.json["error"]["code"] == "account_locked"
    # The owner, elsewhere, is not locked out by the attacker's guesses.
    assert _api_login(client, "owner", "pw", "10.7.7.7").status_code == 200


def test_the_delay_grows_with_each_further_guess(app, make, client, clock):
    make.user("grow", role="inspector")
    make.commit()
    addr = "10.8.8.8"
    for _ in range(app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
        _api_login(client, "grow", "guess", addr)
    waits = []
    for _ in range(5):
        message = _api_login(client, "grow", "pw", addr).json["error"]["message"]
        minutes = int(message.split("sau ")[1].split(" ")[0])
        waits.append(minutes)
        clock["at"] += timedelta(minutes=minutes, seconds=1)
        assert _api_login(client, "grow", "guess-again", addr).status_code == 401
    assert waits == [1, 2, 4, 8, app.config["LOGIN_LOCKOUT_MINUTES"]]
    clock["at"] += timedelta(minutes=app.config["LOGIN_LOCKOUT_MINUTES"], seconds=1)
    assert _api_login(client, "grow", "pw", addr).status_code == 200  # and the count restarts
    assert _api_login(client, "grow", "guess", addr).status_code == 401


def test_unknown_names_lock_as_known_ones_do(app, make, client, clock):
    """The lock-out itself must not tell which usernames exist."""
    make.user("real", role="inspector")
    make.commit()
    answers = {}
    for name in ("real", "ghost"):
        for _ in range(app.config["LOGIN_LOCKOUT_ATTEMPTS"]):
            _api_login(client, name, "guess", "10.9.9.9")
        answers[name] = _api_login(client, name, "guess", "10.9.9.9").json["error"]
    assert answers["real"] == answers["ghost"]
    assert answers["real"]["code"] == "account_locked"
    assert answers["real"]["message"].endswith(TRIES_VI % 1)
