"""Strangers cannot keep a user out (issue 23, item 6), on both databases, behind a proxy too.

The per-username login limit used to ignore the address: 60 bad logins from changing addresses
answered the real user 429 from everywhere. Directly (REMOTE_ADDR) and behind the buffering
proxy (TRUST_PROXY=1, the address read from X-Forwarded-For), the limit and the lock-out now
count a username per address, so the owner coming from elsewhere signs in.
"""

import random

import pytest

from tests.conftest import fresh_app
from tests.factories import Factory

PATHS = ["/api/auth/login", "/console/login"]
PROXY = "127.0.0.1"  # the buffering proxy every forwarded request comes through


def _addr() -> str:
    return f"10.{random.randint(0, 255)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def _app(backend, request, tmp_path, **overrides):
    for app in fresh_app(backend, request, tmp_path, LOGIN_RATE_LIMIT="5 per minute", **overrides):
        app.jinja_env.globals.setdefault("get_locale", lambda: "vi")
        make = Factory()
        make.user("thr", role="inspector")
        make.commit()
        yield app


@pytest.fixture
def direct_app(backend, request, tmp_path):
    """Logins reach the app directly: the address is REMOTE_ADDR."""
    yield from _app(backend, request, tmp_path)


@pytest.fixture
def proxied_app(backend, request, tmp_path):
    """Logins come through one trusted proxy: the address is the last X-Forwarded-For entry."""
    yield from _app(backend, request, tmp_path, TRUST_PROXY=1)


def _attempt(client, path: str, password: str, environ: dict, headers: dict | None = None):
    if path.startswith("/api"):
        body = {"json": {"username": "thr", "password": password}}
    else:
        body = {"data": {"username": "thr", "password": password, "csrf_token": "t"}}
    return client.post(path, environ_base=environ, headers=headers or {}, **body).status_code


def _client(app):
    client = app.test_client()
    client.get("/console/login")
    with client.session_transaction() as sess:
        sess["csrf"] = "t"
    return client


@pytest.mark.parametrize("path", PATHS)
def test_strangers_guessing_from_many_addresses_do_not_keep_the_owner_out(direct_app, path):
    """60 bad logins from changing addresses used to 429 the real user."""
    client = _client(direct_app)
    statuses = {_attempt(client, path, "wrong", {"REMOTE_ADDR": _addr()}) for _ in range(60)}
    assert statuses <= {200, 401}
    assert _attempt(_client(direct_app), path, "pw", {"REMOTE_ADDR": _addr()}) in (200, 302)


@pytest.mark.parametrize("path", PATHS)
def test_behind_the_proxy_strangers_forwarded_from_many_addresses_do_not_keep_the_owner_out(
    proxied_app, path
):
    """TRUST_PROXY=1: every request comes from the proxy; X-Forwarded-For says from where."""
    client = _client(proxied_app)  # the strangers' (the owner signs in on a browser of theirs)
    via_proxy = {"REMOTE_ADDR": PROXY}
    owner = _addr()

    def forwarded(real: str, claimed: str | None = None) -> dict:
        # The proxy appends the address it sees; a stranger may put any address before it.
        return {"X-Forwarded-For": f"{claimed}, {real}" if claimed else real}

    # 60 guesses from changing addresses, each claiming to come from the owner's address.
    statuses = {
        _attempt(client, path, "wrong", via_proxy, forwarded(_addr(), claimed=owner))
        for _ in range(60)
    }
    assert statuses <= {200, 401}
    assert _attempt(_client(proxied_app), path, "pw", via_proxy, forwarded(owner)) in (200, 302)
    # The limit is on, and keyed by the forwarded address: one stranger is held back...
    stranger = _addr()
    held = [_attempt(client, path, "wrong", via_proxy, forwarded(stranger)) for _ in range(7)]
    assert held[-1] == 429
    # ...while the owner, through the same proxy, still signs in.
    assert _attempt(_client(proxied_app), path, "pw", via_proxy, forwarded(owner)) in (200, 302)
