"""A real gunicorn server on loopback for fault and load tests (a subprocess)."""

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import requests

from app.ops.run_server import wait_until_answers

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"

WSGI_MODULE = textwrap.dedent('''
    """gunicorn entry point of the hardening tests: the test config on a given database."""
    import os
    import threading
    import time

    from app import create_app
    from tests.conftest import make_config

    app = create_app(make_config(
        SQLALCHEMY_DATABASE_URI=os.environ["HARDENING_DB"],
        UPLOAD_FOLDER=os.environ["HARDENING_UPLOADS"],
        LOGIN_RATE_LIMIT=os.environ.get("HARDENING_LOGIN_LIMIT", "100000 per minute"),
        LOGIN_LOCKOUT_ATTEMPTS=int(os.environ.get("HARDENING_LOCKOUT_ATTEMPTS", "10")),
        RATELIMIT_STORAGE_URI=os.environ.get("HARDENING_RATELIMIT_URI", "memory://"),
        RATELIMIT_KEY_PREFIX=os.environ.get("HARDENING_RATELIMIT_PREFIX", "antt"),
        REQUEST_LOG=os.environ.get("HARDENING_LOG", "0") == "1",
    ))
    # Test-only kill points: at HARDENING_KILL_AT of a push, the worker creates the marker
    # file and waits there for the test to SIGKILL the server.
    #   arrive        the push has reached the server (nothing done yet);
    #   first_insert  the push's transaction has run its first INSERT (not committed);
    #   committed     the transaction has committed, the response is not sent yet.
    _marker = os.environ.get("HARDENING_MARKER")
    _kill_at = os.environ.get("HARDENING_KILL_AT", "arrive")
    _in_push = threading.local()
    _inner = app.wsgi_app


    def _hold() -> None:
        open(_marker, "a").close()
        time.sleep(300)  # killed long before this ends


    if _marker and _kill_at == "first_insert":
        from sqlalchemy import event

        from app.extensions import db

        with app.app_context():
            _engine = db.engine

        @event.listens_for(_engine, "after_cursor_execute")
        def _after_execute(conn, cursor, statement, parameters, context, executemany):
            if getattr(_in_push, "on", False) and statement.lstrip().upper().startswith("INSERT"):
                _hold()


    def _wsgi(environ, start_response):
        if not (_marker and environ.get("PATH_INFO") == "/api/sync/push"):
            return _inner(environ, start_response)
        if _kill_at == "arrive":
            open(_marker, "a").close()  # the push has reached the server (it goes on)
        _in_push.on = True
        try:
            body = _inner(environ, start_response)  # the request's commit happens in here
        finally:
            _in_push.on = False
        if _kill_at == "committed":
            _hold()  # gunicorn sends nothing before the body is iterated
        return body


    app.wsgi_app = _wsgi
''')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """Start, kill and restart gunicorn serving the app on 127.0.0.1."""

    def __init__(
        self,
        tmp: Path,
        db_url: str,
        workers: int = 1,
        threads: int = 4,
        marker: Path | None = None,
        timeout: int = 60,
        env: dict[str, str] | None = None,
        kill_at: str = "arrive",
    ) -> None:
        self.tmp = tmp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        (tmp / "hardening_wsgi.py").write_text(WSGI_MODULE)
        self.env = os.environ | {
            "HARDENING_DB": db_url,
            "HARDENING_UPLOADS": str(tmp / "uploads"),
            "PYTHONPATH": f"{tmp}:{ROOT}",
        }
        if marker:
            self.env["HARDENING_MARKER"] = str(marker)
            self.env["HARDENING_KILL_AT"] = kill_at
        self.env |= env or {}
        self.args = [
            str(GUNICORN),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
            "hardening_wsgi:app",
        ]
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 60) -> "Server":
        """Start gunicorn and wait until /healthz answers."""
        self.log = open(self.tmp / "gunicorn.log", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.args,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_until_answers("127.0.0.1", self.port, wait, self.proc):
            raise RuntimeError((self.tmp / "gunicorn.log").read_text()[-3000:])
        return self

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers): no graceful anything."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.log.close()

    def stop(self) -> None:
        """Stop gracefully."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        if not self.log.closed:
            self.log.close()


class Device:
    """A field phone talking to a real server with requests."""

    def __init__(self, base: str, client_id: str) -> None:
        self.base = base
        self.client_id = client_id
        self.http = requests.Session()
        self.csrf = ""

    def login(self, username: str, password: str = "pw") -> None:
        response = self.http.post(
            f"{self.base}/api/auth/login",
            json={"username": username, "password": password},
            timeout=30,
        )
        response.raise_for_status()
        self.csrf = response.json()["csrf_token"]

    def push(self, mutations: list[dict], timeout: float = 120) -> requests.Response:
        return self.http.post(
            f"{self.base}/api/sync/push",
            timeout=timeout,
            json={"client_id": self.client_id, "mutations": mutations},
            headers={"X-CSRF-Token": self.csrf},
        )

    def put_photo(self, sha256: str, data: bytes) -> requests.Response:
        return self.http.put(
            f"{self.base}/api/attachments/{sha256}",
            data=data,
            timeout=60,
            headers={"X-CSRF-Token": self.csrf, "Content-Type": "application/octet-stream"},
        )

    def pull_all(self, cursor: str | None = None) -> tuple[list[dict], str]:
        changes = []
        while True:
            params = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
            response = self.http.get(f"{self.base}/api/sync/pull", params=params, timeout=60)
            response.raise_for_status()
            body = response.json()
            changes.extend(body["changes"])
            cursor = body["cursor"]
            if not body["has_more"]:
                return changes, cursor
