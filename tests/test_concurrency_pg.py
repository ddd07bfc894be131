"""8 writers push through real gunicorn workers on PostgreSQL while a reader pulls in a loop.

At the end the reader has seen every applied record exactly once at each version it saw,
and the last version it saw of every record is the record's final version: no change skipped.
"""

import os
import socket
import subprocess
import sys
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from app.ops.run_server import wait_until_answers
from tests.conftest import PG_URL, REQUIRE_PG

ROOT = Path(__file__).resolve().parents[1]
WRITERS = 8
BATCHES = 6
BATCH_SIZE = 25


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def pg_schema_url():
    """A fresh PostgreSQL schema, built by `flask db upgrade` and seeded."""
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("REQUIRE_PG=1 but TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_DATABASE_URL)")
    schema = f"conc_{os.getpid()}"
    engine = sa.create_engine(PG_URL)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as err:
        if REQUIRE_PG:
            pytest.fail(f"PostgreSQL required but unreachable: {err}")
        pytest.skip("PostgreSQL unreachable")
    sep = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi"}
    subprocess.run(
        [sys.executable, "-m", "flask", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    yield url
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _seed(url: str) -> dict:
    """Make one park, one enterprise, a template, 8 writers and a reader."""
    from app import create_app
    from app.extensions import db
    from tests.conftest import make_config
    from tests.factories import Factory

    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        make = Factory()
        park = make.park()
        ent = make.enterprise(park)
        tv = make.template()
        for n in range(WRITERS):
            make.user(f"writer{n}", parks=[park])
        make.user("reader", parks=[park])
        make.commit()
        seeded = {"enterprise_id": ent.id, "template_version_id": tv.id}
        db.session.remove()
        db.engine.dispose()
    return seeded


@pytest.fixture
def server(pg_schema_url, tmp_path):
    """gunicorn, 4 workers x 2 threads, on a free port; killed at the end."""
    seeded = _seed(pg_schema_url)
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("wb")
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": pg_schema_url,
        "APP_ENV": "development",
        "SECRET_KEY": "concurrency-test",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "4",
            "--threads",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_answers("127.0.0.1", port, process=proc):
            pytest.fail(f"gunicorn did not start: {log_path.read_text()[-2000:]}")
        yield base, seeded
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def _session(base: str, username: str) -> requests.Session:
    session = requests.Session()
    response = session.post(
        f"{base}/api/auth/login", json={"username": username, "password": "pw"}, timeout=30
    )
    assert response.status_code == 200, response.text
    session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return session


def _check(seeded: dict, n: int) -> dict:
    return {
        "template_version_id": seeded["template_version_id"],
        "enterprise_id": seeded["enterprise_id"],
        "status": "draft",
        "started_at": datetime(2026, 11, 20, 8, 30, tzinfo=UTC).isoformat(),
        "answers": {"A.1": {"value": "yes"}, "A.2": {"value": n}},
    }


def _writer(base, seeded, n, applied, errors):
    """Push new checks, and re-push each batch's first check as an update."""
    try:
        session = _session(base, f"writer{n}")
        client_id = str(uuid.uuid4())
        last = None
        for b in range(BATCHES):
            mutations = [
                {
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "check",
                    "op": "upsert",
                    "id": str(uuid.uuid4()),
                    "base_version": 0,
                    "data": _check(seeded, b * 1000 + i),
                }
                for i in range(BATCH_SIZE)
            ]
            if last is not None:  # an update of a record of the previous batch
                mutations.append(
                    {
                        "mutation_id": str(uuid.uuid4()),
                        "entity": "check",
                        "op": "upsert",
                        "id": last["id"],
                        "base_version": last["version"],
                        "data": _check(seeded, -b),
                    }
                )
            response = session.post(
                f"{base}/api/sync/push",
                timeout=60,
                json={"client_id": client_id, "mutations": mutations},
            )
            assert response.status_code == 200, response.text
            for result in response.json()["results"]:
                assert result["status"] == "applied", result
                applied.append((result["id"], result["version"]))
            last = response.json()["results"][0]
    except Exception as err:  # noqa: BLE001 - reported by the main thread
        errors.append(err)


def _pull(session, base, cursor, seen):
    while True:
        params = {"limit": 100} | ({"cursor": cursor} if cursor else {})
        response = session.get(f"{base}/api/sync/pull", params=params, timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        seen.extend((c["id"], c["version"]) for c in body["changes"] if c["entity"] == "check")
        cursor = body["cursor"]
        if not body["has_more"]:
            return cursor


def test_writers_and_a_reader_through_gunicorn(server):
    base, seeded = server
    reader = _session(base, "reader")
    applied, errors, seen = [], [], []
    threads = [
        threading.Thread(target=_writer, args=(base, seeded, n, applied, errors))
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    cursor, pulls = None, 0
    while any(thread.is_alive() for thread in threads):
        cursor = _pull(reader, base, cursor, seen)
        pulls += 1
    for thread in threads:
        thread.join()
    assert not errors, errors
    cursor = _pull(reader, base, cursor, seen)

    expected = WRITERS * (BATCHES * BATCH_SIZE + BATCHES - 1)
    assert len(applied) == expected
    assert pulls > 1
    assert len(seen) == len(set(seen)), "a change was delivered twice"
    final = {}
    for record_id, version in applied:
        final[record_id] = max(version, final.get(record_id, 0))
    latest = {}
    for record_id, version in seen:
        assert version > latest.get(record_id, 0), "versions of a record went backwards"
        latest[record_id] = version
    assert latest == final, "a change was skipped"
    assert set(applied) >= set(seen)
