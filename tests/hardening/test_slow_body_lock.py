"""A phone that trickles a signed-in push holds no lock: others log in, push and pull.

Issue 23, item 2: the user was loaded (on SQLite: BEGIN IMMEDIATE, the write lock) before the
body was read, so one push arriving at a byte every few seconds made every login wait 30 s
(the busy timeout), then answer 503. A real gunicorn server, on SQLite and PostgreSQL.
"""

import socket
import sqlite3
import time
import uuid

from app import create_app
from app.extensions import db
from tests.conftest import make_config
from tests.factories import Factory
from tests.hardening.server import Device, Server
from tests.hardening.util import check_mutation, world

PATIENCE = 15  # seconds a request may take on a loaded machine; the old lock held 30 s


def _wait_for(path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(path)
        time.sleep(0.002)


def _trickling_push(server: Server, phone: Device) -> socket.socket:
    """Send a signed-in push's headers and the first bytes of its body, and no more."""
    cookie = "; ".join(f"{c.name}={c.value}" for c in phone.http.cookies)
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    sock.sendall(
        (
            "POST /api/sync/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nContent-Length: 100000\r\n"
            f"Cookie: {cookie}\r\nX-CSRF-Token: {phone.csrf}\r\n\r\n"
            '{"client_id": "'
        ).encode()
    )
    return sock


def test_a_trickling_push_holds_nobody_up(shared_app, tmp_path):
    make = Factory()
    w = world(make)
    mutation = check_mutation(make, w)
    db.session.rollback()  # this process holds no transaction (on SQLite: no write lock)
    marker = tmp_path / "push-arrived"
    url = db.engine.url.render_as_string(hide_password=False)
    server = Server(tmp_path, url, marker=marker, kill_at="arrive").start()
    slow = None
    try:
        slow_phone = Device(server.url, str(uuid.uuid4()))
        slow_phone.login("insp")
        slow = _trickling_push(server, slow_phone)
        _wait_for(marker)  # the push reached the app: its body is still coming
        marker.unlink()
        other = Device(server.url, str(uuid.uuid4()))
        login = other.http.post(
            f"{server.url}/api/auth/login",
            json={"username": "sup", "password": "pw"},
            timeout=PATIENCE,
        )
        assert login.status_code == 200, login.text
        colleague = Device(server.url, str(uuid.uuid4()))
        colleague.login("insp")
        result = colleague.push([mutation], timeout=PATIENCE)
        assert result.status_code == 200, result.text
        assert result.json()["results"][0]["status"] == "applied"
        changes, _ = colleague.pull_all()
        assert any(c["entity"] == "check" for c in changes)
    finally:
        if slow is not None:
            slow.close()
        server.stop()


def test_a_login_never_waits_for_the_sqlite_write_lock(tmp_path):
    """A login only reads: held by a long write elsewhere, it still answers (item 2)."""
    path = tmp_path / "db.sqlite"
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        make = Factory()
        make.user("insp", role="inspector")
        make.user("sup", role="supervisor")
        make.commit()
        db.session.remove()
        writer = sqlite3.connect(path, isolation_level=None, timeout=1)
        writer.execute("BEGIN IMMEDIATE")  # a push or an import, busy for a long while
        try:
            client = app.test_client()
            for name in ("insp", "sup"):
                response = client.post("/api/auth/login", json={"username": name, "password": "pw"})
                assert response.status_code == 200, response.get_data(as_text=True)
            console = app.test_client()
            console.get("/console/login")
            with console.session_transaction() as sess:
                sess["csrf"] = "t"
            signed_in = console.post(
                "/console/login", data={"username": "sup", "password": "pw", "csrf_token": "t"}
            )
            assert signed_in.status_code == 302
        finally:
            writer.execute("ROLLBACK")
            writer.close()
