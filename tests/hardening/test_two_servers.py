"""Two app servers on one database: one is SIGKILLed mid-push, the phone goes on with the
other, the dead one comes back; the database holds exactly what was sent, once.

The small version of the cluster rehearsal (issue 26), without nginx: the phone switches
server itself, as a proxy would after the first one stops answering.
"""

import random
import threading
import uuid

import pytest
import requests

from app.extensions import db
from app.models import AppliedMutation, Check
from tests.factories import Factory
from tests.hardening.server import Device, Server
from tests.hardening.test_faults import _count, _wait_for
from tests.hardening.util import check_mutation, world


@pytest.mark.parametrize("seed", [7, 8])
def test_two_servers_one_killed_mid_push_nothing_lost_or_doubled(shared_app, tmp_path, seed):
    rng = random.Random(seed)
    kill_at = rng.choice(("first_insert", "committed"))  # mid-transaction, or unanswered
    make = Factory()
    w = world(make)
    batches = [[check_mutation(make, w) for _ in range(rng.randint(20, 60))] for _ in range(4)]
    sent = [m["mutation_id"] for batch in batches for m in batch]
    db.session.rollback()  # on SQLite the test's own session would hold the write lock
    url = db.engine.url.render_as_string(hide_password=False)
    marker = tmp_path / "a" / "kill-point-reached"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = Server(tmp_path / "a", url, marker=marker, kill_at=kill_at)
    b = Server(tmp_path / "b", url)
    try:
        a.start()
        b.start()
        phone = Device(b.url, str(uuid.uuid4()))
        phone.login("insp")
        assert phone.push(batches[0]).status_code == 200  # on b
        phone.base = a.url  # the session made on b is valid on a: one SECRET_KEY
        outcome = []

        def send():
            try:
                outcome.append(phone.push(batches[1]).status_code)
            except requests.RequestException as err:
                outcome.append(err)

        thread = threading.Thread(target=send)
        thread.start()
        _wait_for(marker)
        a.kill()  # SIGKILL master and worker while the push is in flight
        thread.join(60)
        assert outcome and isinstance(outcome[0], requests.RequestException), outcome

        phone.base = b.url  # the phone's outbox retries on the server still up
        retried = phone.push(batches[1])
        assert retried.status_code == 200, retried.text[:300]
        assert phone.push(batches[2]).status_code == 200
        a.env["HARDENING_KILL_AT"] = "never"
        a.start()  # the lost server comes back on the same database
        phone.base = a.url
        assert phone.push(batches[3]).status_code == 200
        again = phone.push(batches[1] + batches[3]).json()["results"]
        assert {r["status"] for r in again} == {"duplicate"}
        assert _count(Check) == len(sent)  # every check acknowledged, none twice
        assert _count(AppliedMutation, sent) == len(sent)
    finally:
        a.stop()
        b.stop()
