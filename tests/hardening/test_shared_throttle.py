"""Two app servers share the login throttle and the lock-out (both counted in Redis)."""

import os
import uuid

import pytest
import redis
import requests

from app.extensions import db
from tests.factories import Factory
from tests.hardening.server import Server

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_url():
    """The Redis of this machine (skipped without one, except in CI: REQUIRE_PG=1)."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as err:
        if os.environ.get("REQUIRE_PG") == "1" or os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail(f"Redis required but unreachable at {REDIS_URL}: {err}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


def _login(server: Server, username: str, password: str) -> requests.Response:
    return requests.post(
        f"{server.url}/api/auth/login",
        timeout=30,
        json={"username": username, "password": password},
    )


def test_two_servers_throttle_and_lock_together(shared_app, redis_url, tmp_path):
    make = Factory()
    make.user("thr", role="inspector", password="right-password-2026")
    make.commit()
    db.session.rollback()
    prefix = f"antt-test-{uuid.uuid4().hex}"  # counters of this run only
    env = {
        "HARDENING_LOGIN_LIMIT": "5 per minute",
        "HARDENING_LOCKOUT_ATTEMPTS": "3",
        "HARDENING_RATELIMIT_URI": redis_url,
        "HARDENING_RATELIMIT_PREFIX": prefix,
    }
    url = db.engine.url.render_as_string(hide_password=False)
    servers = []
    try:
        for name in ("a", "b"):
            (tmp_path / name).mkdir()
            servers.append(Server(tmp_path / name, url, env=env).start())
        a, b = servers
        # Three wrong passwords, spread over both servers, lock the account everywhere.
        assert [_login(s, "thr", "wrong").status_code for s in (a, b, a)] == [401] * 3
        locked = _login(b, "thr", "right-password-2026")
        assert locked.status_code == 429 and locked.json()["error"]["code"] == "account_locked"
        # Five login attempts per minute from one address, counted across both servers: the
        # sixth is refused although server b has seen only three (memory:// would allow it).
        assert _login(a, "nobody", "x").status_code == 401
        throttled = _login(b, "nobody2", "x")
        assert throttled.status_code == 429, throttled.text
        assert throttled.json()["error"]["code"] == "too_many_requests"
    finally:
        for server in servers:
            server.stop()
        store = redis.Redis.from_url(redis_url)
        for key in store.scan_iter(f"*{prefix}*"):
            store.delete(key)


def test_production_refuses_to_count_logins_per_process(monkeypatch):
    """Issue 23, item 6: with memory:// each worker counted alone; production now refuses."""
    from app import create_app
    from config import ProductionConfig

    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("RECEIPT_KEY", "y" * 40)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    config = ProductionConfig()
    config.RATELIMIT_STORAGE_URI = "memory://"
    with pytest.raises(RuntimeError, match="RATELIMIT_STORAGE_URI is memory://"):
        create_app(config)
    config.RATELIMIT_STORAGE_URI = "redis://127.0.0.1:6379/0"
    assert create_app(config).config["RATELIMIT_STORAGE_URI"].startswith("redis://")
