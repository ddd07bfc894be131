"""Fixtures: an app per database backend, clients that log in, record factories."""

import os
import uuid

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.sync import fastload
from config import TestConfig
from tests.factories import Factory

fastload.STRICT = True  # a compiled loader's own failure fails the test (it is only logged live)

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REQUIRE_PG = os.environ.get("REQUIRE_PG") == "1"
BACKENDS = ["sqlite", "postgresql"]


def _pg_schema_url(worker: str) -> str:
    """A schema of its own for this test process, so parallel runs never collide."""
    schema = f"t_{worker}_{os.getpid()}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}", schema


@pytest.fixture(scope="session")
def pg_url():
    """The PostgreSQL URL of this test process (skips, or fails under REQUIRE_PG)."""
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("REQUIRE_PG=1 but TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_DATABASE_URL)")
    try:
        url, schema = _pg_schema_url(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    except sa.exc.OperationalError as err:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable: {err}")
        pytest.skip("PostgreSQL unreachable")
    yield url
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def make_config(**overrides) -> type[TestConfig]:
    """Return a TestConfig subclass with some settings changed."""
    return type("Cfg", (TestConfig,), overrides)


def _fresh_request_globals() -> None:
    """Start each test request with an empty flask.g, as in production.

    The fixture keeps one app context pushed, so every test request shares it (and its g):
    without this, flask-login's cached user of one client would answer another's request.
    """
    from flask import g

    g.__dict__.clear()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    """The database backend of this run of the test: sqlite or postgresql."""
    return request.param


def fresh_app(backend, request, tmp_path, **overrides):
    """Yield an app with an empty database on the backend under test; empty it afterwards."""
    uri = "sqlite://" if backend == "sqlite" else request.getfixturevalue("pg_url")
    app = create_app(
        make_config(SQLALCHEMY_DATABASE_URI=uri, UPLOAD_FOLDER=str(tmp_path / "up"), **overrides)
    )
    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_request_globals)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        if backend == "sqlite":
            db.drop_all()
        else:
            names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def app(backend, request, tmp_path):
    """A fresh app and empty database on the backend under test."""
    yield from fresh_app(backend, request, tmp_path)


@pytest.fixture
def make(app):
    """Factories for parks, enterprises, users, templates and payloads."""
    return Factory()


class ApiClient:
    """A test client that logs in and sends the CSRF header on every write."""

    def __init__(self, client):
        self.client = client
        self.csrf = None
        self.client_id = str(uuid.uuid4())

    def login(self, username: str, password: str = "pw"):
        response = self.client.post(
            "/api/auth/login", json={"username": username, "password": password}
        )
        if response.status_code == 200:
            self.csrf = response.json["csrf_token"]
        return response

    def _headers(self, headers=None):
        merged = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        merged.update(headers or {})
        return merged

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def head(self, url, **kw):
        return self.client.head(url, **kw)

    def post(self, url, headers=None, **kw):
        return self.client.post(url, headers=self._headers(headers), **kw)

    def put(self, url, headers=None, **kw):
        return self.client.put(url, headers=self._headers(headers), **kw)

    def push(self, mutations, client_id=None):
        body = {"client_id": client_id or self.client_id, "mutations": mutations}
        return self.post("/api/sync/push", json=body)

    def pull_all(self, cursor=None, limit=500):
        """Pull until has_more is false; return (changes, cursor)."""
        changes = []
        while True:
            query = {"limit": limit} | ({"cursor": cursor} if cursor else {})
            response = self.get("/api/sync/pull", query_string=query)
            assert response.status_code == 200, response.json
            changes.extend(response.json["changes"])
            cursor = response.json["cursor"]
            if not response.json["has_more"]:
                return changes, cursor


@pytest.fixture
def client(app):
    """A plain Flask test client."""
    return app.test_client()


@pytest.fixture
def api(app):
    """Return a factory of logged-in API clients: api("inspector1")."""

    def _api(username=None, password="pw"):
        wrapped = ApiClient(app.test_client())
        if username:
            response = wrapped.login(username, password)
            assert response.status_code == 200, response.json
        return wrapped

    return _api
