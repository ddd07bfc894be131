"""Ten clients that trickle their request bodies do not stall make run's server.

With the old `--workers 2 --threads 4` the normal request timed out (8 threads, 10 slow).
"""

import os
import socket
import time

import requests

from app.extensions import db
from app.ops.run_server import WORKER_OPTIONS
from tests.hardening.server import GUNICORN, ROOT, Server

SLOW_CLIENTS = 10


def _slow_login(port: int) -> socket.socket:
    """Start a login whose body never finishes arriving (the server reads it to throttle)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(
        b"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b'Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"user'
    )
    return sock


def _serve(tmp_path, options: list[str]) -> Server:
    server = Server(tmp_path, db.engine.url.render_as_string(hide_password=False))
    server.args = [
        str(GUNICORN),
        "--bind",
        f"127.0.0.1:{server.port}",
        *options,
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "hardening_wsgi:app",
    ]
    return server.start()


def test_a_normal_request_answers_beside_ten_slow_bodies(shared_app, tmp_path):
    server = _serve(tmp_path, WORKER_OPTIONS)
    slow = []
    try:
        slow = [_slow_login(server.port) for _ in range(SLOW_CLIENTS)]
        started = time.monotonic()
        response = requests.get(f"{server.url}/api/auth/me", timeout=5)
        elapsed = time.monotonic() - started
        assert response.status_code == 401  # answered, and as the API answers
        print(
            f"normal request beside {SLOW_CLIENTS} slow bodies: {elapsed * 1000:.0f} ms, "
            f"load average {os.getloadavg()[0]:.2f}"
        )
        assert elapsed < 5
    finally:
        for sock in slow:
            sock.close()
        server.stop()
