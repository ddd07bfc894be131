"""Two app servers behind nginx (docs/deploy.md's server block: TLS, HTTP/2): one is SIGKILLed
mid-push; the phone's retry goes through nginx to the other; the database holds exactly what
was sent, once; the session issued before the kill still works on both servers.

The small version of the cluster rehearsal (bench/cluster.py, `make cluster`, issue 26). It
needs nginx (skipped without it, except when REQUIRE_CLUSTER=1: CI installs nginx-light).
"""

import os
import threading
import uuid

import pytest
import requests

from app.extensions import db
from app.models import AppliedMutation, Check
from bench.cluster_nginx import Nginx, nginx_binary
from bench.cluster_setup import free_port
from tests.factories import Factory
from tests.hardening.server import Device, Server
from tests.hardening.test_faults import _count
from tests.hardening.util import check_mutation, world


@pytest.fixture
def nginx_installed(backend) -> None:
    """nginx is here (else skip, or fail under REQUIRE_CLUSTER=1); the cluster is PostgreSQL's."""
    if backend != "postgresql":
        pytest.skip("several app servers need PostgreSQL (docs/deploy.md, section 6)")
    if nginx_binary() is None:
        if os.environ.get("REQUIRE_CLUSTER") == "1":
            pytest.fail("REQUIRE_CLUSTER=1 but nginx is missing (apt-get install nginx-light)")
        pytest.skip("nginx is not installed (apt-get install nginx-light)")


def push_in_background(phone: Device, batch: list[dict]) -> tuple[threading.Thread, list]:
    """Send a push on a thread; its status code (or error) lands in the list."""
    outcome: list = []

    def send() -> None:
        try:
            outcome.append(phone.push(batch).status_code)
        except requests.RequestException as err:
            outcome.append(err)

    thread = threading.Thread(target=send)
    thread.start()
    return thread, outcome


def push_until_server_a_is_hit(phone: Device, batches, marker, a: Server) -> tuple[int, list]:
    """Push batch after batch through nginx until one reaches a's kill point; kill a then."""
    for n, batch in enumerate(batches):
        thread, outcome = push_in_background(phone, batch)
        while thread.is_alive() and not marker.exists():
            thread.join(0.01)  # either the push is answered (by b) or a holds it
        if marker.exists():
            a.kill()  # SIGKILL master and worker while nginx waits for the answer
            thread.join(60)
            return n, outcome
        assert outcome == [200], outcome
    raise AssertionError("nginx sent no push to server a")


def me(base: str, cookies) -> int:
    """GET /api/auth/me with the phone's cookies, straight to one app server."""
    return requests.get(f"{base}/api/auth/me", cookies=cookies, timeout=30).status_code


# Where a's worker dies: in the push's transaction (rolled back: the retry is applied), or
# after its commit, before its answer (written, but nginx answers 502: the retry is duplicate).
RETRY_ANSWER = {"first_insert": "applied", "committed": "duplicate"}


@pytest.mark.parametrize("kill_at", sorted(RETRY_ANSWER))
def test_nginx_two_servers_one_killed_mid_push_nothing_lost_session_kept(
    shared_app, nginx_installed, tmp_path, kill_at
):
    make = Factory()
    w = world(make)
    batches = [[check_mutation(make, w) for _ in range(25)] for _ in range(8)]
    sent = [m["mutation_id"] for batch in batches for m in batch]
    db.session.rollback()
    url = db.engine.url.render_as_string(hide_password=False)
    marker = tmp_path / "a" / "kill-point-reached"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    a = Server(tmp_path / "a", url, marker=marker, kill_at=kill_at)
    b = Server(tmp_path / "b", url)
    proxy = Nginx([f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"], free_port(), free_port())
    try:
        a.start()
        b.start()
        proxy.start()
        assert proxy.protocol() == "2"  # HTTP/2 over TLS, as the doc's block says
        phone = Device(proxy.url, str(uuid.uuid4()))
        phone.http.trust_env = False  # a REQUESTS_CA_BUNDLE of the machine would win over:
        phone.http.verify = str(proxy.cert)  # the self-signed certificate of this nginx
        phone.login("insp")  # the session of this phone, issued before the kill
        hit, outcome = push_until_server_a_is_hit(phone, batches, marker, a)
        assert outcome == [502], outcome  # nginx: the app server died before answering

        retried = phone.push(batches[hit])  # the outbox retries; nginx sends it to b
        assert retried.status_code == 200, retried.text[:300]
        assert {r["status"] for r in retried.json()["results"]} == {RETRY_ANSWER[kill_at]}
        for batch in batches[hit + 1 : hit + 3]:
            assert phone.push(batch).status_code == 200  # a is down: b answers everything
        a.env["HARDENING_KILL_AT"] = "never"
        a.start()  # the lost server comes back on the same database
        for batch in batches[hit + 3 :]:
            assert phone.push(batch).status_code == 200
        assert me(a.url, phone.http.cookies) == 200  # the old session works on both servers
        assert me(b.url, phone.http.cookies) == 200
        again = phone.push([m for batch in batches for m in batch][:500]).json()["results"]
        assert {r["status"] for r in again} == {"duplicate"}  # nothing sent is applied twice
        assert _count(Check) == len(sent)  # every check acknowledged is there, once
        assert _count(AppliedMutation, sent) == len(sent)
    finally:
        proxy.stop()
        a.stop()
        b.stop()
