"""First-day rough edges: the favicon, make run's launcher, make test's database."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from app.ops import run_server
from tests import local_pg
from tests.conftest import PG_URL


def test_favicon_is_served(app, client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/png" and response.data.startswith(b"\x89PNG")


def test_port_taken_is_said_plainly_and_nothing_starts(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SystemExit) as stop:
            run_server.main(["--host", "127.0.0.1", "--port", str(port)])
    assert stop.value.code == 1
    err = capsys.readouterr()
    assert f"port {port} on 127.0.0.1 is already in use" in err.err
    assert "make run PORT=" in err.err and "running at" not in err.out


def test_banner_waits_until_the_server_answers():
    server = HTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)  # answers 501: an answer
    port = server.server_address[1]
    server.server_close()  # bound port released: nothing answers yet
    assert run_server.wait_until_answers("127.0.0.1", port, timeout=0.3) is False
    server = HTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert run_server.wait_until_answers("127.0.0.1", port, timeout=5) is True
    finally:
        server.shutdown()
        server.server_close()


def test_make_run_uses_the_launcher():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    run = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert "app/ops/run_server.py" in run and "running at" not in run  # the banner comes later


def test_make_test_finds_the_local_postgresql_only_when_it_answers():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, not listening: refuses connections
        assert local_pg.answers(f"postgresql+psycopg://postgres@127.0.0.1:{port}/test") is False
    if PG_URL:
        assert local_pg.answers(PG_URL) is True
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text()
    assert "tests/local_pg.py" in makefile.split("\ntest:")[1].split("\n\n")[0]
