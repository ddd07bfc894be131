"""Security headers, the health probes and the structured request log."""

import json
import logging
import re
from pathlib import Path

import flask_migrate
import pytest

from app.web.security import CONTENT_SECURITY_POLICY

# Flask-Migrate's generated env.py still calls the deprecated get_engine().
ALEMBIC_WARNING = "ignore:'get_engine' is deprecated:DeprecationWarning"


def assert_secure_headers(response):
    """The headers every response must carry."""
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in response.headers["Permissions-Policy"]
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]


def test_headers_on_api_console_and_app(app, make, api, client):
    app.jinja_env.globals.setdefault("get_locale", lambda: "vi")  # until i18n provides it
    make.user("sup", role="supervisor")
    make.commit()
    for url in (
        "/api/auth/me",
        "/api/openapi.json",
        "/console/login",
        "/app/",
        "/healthz",
        "/console/",
        "/nope",
    ):
        with client.get(url) as response:
            assert_secure_headers(response)
            assert "Strict-Transport-Security" not in response.headers
    logged_in = api("sup")
    assert_secure_headers(logged_in.get("/api/auth/me"))
    assert_secure_headers(logged_in.get("/console/"))


def test_csp_forbids_inline_script_and_framing(app, client):
    csp = client.get("/healthz").headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


def test_hsts_only_over_tls(app, client):
    assert "Strict-Transport-Security" not in client.get("/healthz").headers
    secure = client.get("/healthz", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_proxy_headers_trusted_only_when_configured(backend, tmp_path):
    from app import create_app
    from tests.conftest import make_config

    uri = "sqlite://"
    plain = create_app(make_config(SQLALCHEMY_DATABASE_URI=uri)).test_client()
    headers = {"X-Forwarded-Proto": "https"}
    assert "Strict-Transport-Security" not in plain.get("/healthz", headers=headers).headers
    proxied = create_app(make_config(SQLALCHEMY_DATABASE_URI=uri, TRUST_PROXY=1)).test_client()
    assert "Strict-Transport-Security" in proxied.get("/healthz", headers=headers).headers


def test_session_cookie_flags(app, make, api):
    make.user("insp", role="inspector")
    make.commit()
    response = api().login("insp")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    app.config["SESSION_COOKIE_SECURE"] = True  # what ProductionConfig sets by default
    cookie = api().login("insp").headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    import os

    from config import ProductionConfig

    if os.environ.get("SESSION_COOKIE_SECURE") is None:
        assert ProductionConfig.SESSION_COOKIE_SECURE is True


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=[\"']|\son[a-z]+=[\"']", re.I)


def test_no_inline_script_style_or_handler():
    """The strict CSP blocks inline code: templates and the field app must have none."""
    root = Path(__file__).resolve().parents[2]
    files = [
        *root.glob("app/**/templates/**/*.html"),
        *root.glob("pwa/*.html"),
        *root.glob("pwa/js/**/*.js"),
    ]
    assert files
    offenders = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in files
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


@pytest.mark.filterwarnings(ALEMBIC_WARNING)
def test_readyz_needs_current_migrations(app, client):
    response = client.get("/readyz")  # tables made by create_all: no alembic revision
    assert response.status_code == 503
    assert response.json["error"]["code"] == "migrations_pending"
    flask_migrate.stamp()
    response = client.get("/readyz")
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ready"


@pytest.mark.filterwarnings(ALEMBIC_WARNING)
def test_readyz_after_real_upgrade(tmp_path):
    from app import create_app
    from tests.conftest import make_config

    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'r.sqlite'}"))
    with app.app_context():
        flask_migrate.upgrade()
    assert app.test_client().get("/readyz").status_code == 200


def test_readyz_database_down(tmp_path):
    from app import create_app
    from tests.conftest import make_config

    app = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2"
        )
    )
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "database_unreachable"


def _request_lines(caplog) -> list[dict]:
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "app.request"]


def test_request_log_has_id_and_no_secrets(app, make, api, caplog):
    make.user("insp", role="inspector")
    make.commit()
    caplog.set_level(logging.INFO, logger="app.request")
    client = api()
    response = client.client.post(
        "/api/auth/login",
        json={"username": "insp", "password": "pw"},
        headers={"X-Request-ID": "abc-123"},
    )
    assert response.headers["X-Request-ID"] == "abc-123"
    token = response.json["csrf_token"]
    client.csrf = token
    client.get("/api/sync/pull", query_string={"limit": 5, "cursor": "secretcursor"})
    bad = client.client.post(
        "/api/auth/login", json={"username": "insp", "password": "hunter2-wrong"}
    )
    assert bad.status_code == 401
    assert len(bad.headers["X-Request-ID"]) == 32
    lines = _request_lines(caplog)
    assert [line["path"] for line in lines] == [
        "/api/auth/login",
        "/api/sync/pull",
        "/api/auth/login",
    ]
    assert lines[0]["request_id"] == "abc-123" and lines[0]["status"] == 200
    assert lines[1]["user_id"] and lines[1]["query_keys"] == ["cursor", "limit"]
    assert all(isinstance(line["duration_ms"], float) for line in lines)
    text = caplog.text
    cookie = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    for secret in ("hunter2-wrong", '"pw"', token, "secretcursor", cookie):
        assert secret not in text


def test_hostile_request_id_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="app.request")
    response = client.get("/healthz", headers={"X-Request-ID": 'x" injected {' * 20})
    assert len(response.headers["X-Request-ID"]) == 32
