"""Faults: a server killed mid-push, a dropped database, a full disk, a wrong device clock."""

import errno
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
import requests
import sqlalchemy as sa

from app.core.storage import LocalStorage
from app.extensions import db
from app.models import AppliedMutation, Attachment, Check
from tests.factories import Factory
from tests.hardening.server import Device, Server
from tests.hardening.util import (
    attendance_mutation,
    check_mutation,
    counts,
    jpeg,
    sha,
    world,
)


def _wait_for(path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(path)
        time.sleep(0.002)


def _count(model, ids=None) -> int:
    db.session.rollback()
    query = sa.select(sa.func.count()).select_from(model)
    if ids is not None:
        query = query.where(model.mutation_id.in_(ids))
    value = db.session.execute(query).scalar_one()
    db.session.rollback()  # never keep a transaction (on SQLite: the write lock) open
    return value


# Where the server dies, what the database must hold then, and what the retry answers.
KILL_POINTS = {
    "arrive": (None, {"applied", "duplicate"}),  # as the push arrives: a race, all or nothing
    "first_insert": (0, {"applied"}),  # mid-transaction: rolled back whole
    "committed": (300, {"duplicate"}),  # after COMMIT, before the answer: the phone retries
}


@pytest.mark.parametrize("kill_at", list(KILL_POINTS))
def test_sigkill_mid_push_then_retry_applies_once(shared_app, tmp_path, kill_at):
    written_at_kill, retry_statuses = KILL_POINTS[kill_at]
    make = Factory()
    w = world(make)
    batch = [
        check_mutation(
            make,
            w,
            findings=[
                {
                    "id": str(uuid.uuid4()),
                    "severity": "medium",
                    "description": f"Lối thoát hiểm {n}",
                }
            ],
        )
        for n in range(300)
    ]
    ids = [m["mutation_id"] for m in batch]
    db.session.rollback()  # on SQLite the test's own session would hold the write lock
    url = db.engine.url.render_as_string(hide_password=False)
    marker = tmp_path / "kill-point-reached"
    server = Server(tmp_path, url, marker=marker, kill_at=kill_at).start()
    try:
        phone = Device(server.url, str(uuid.uuid4()))
        phone.login("insp")
        outcome = []

        def send():
            try:
                outcome.append(phone.push(batch).status_code)
            except requests.RequestException as err:
                outcome.append(err)

        thread = threading.Thread(target=send)
        thread.start()
        _wait_for(marker)
        if kill_at == "committed":
            assert _count(Check) == 300  # committed before the kill: the point is real
        server.kill()  # SIGKILL the master and the worker while the push is in flight
        thread.join(60)
        assert outcome and isinstance(outcome[0], requests.RequestException), outcome
        written = _count(Check)
        assert written in (0, 300) if written_at_kill is None else written == written_at_kill
        assert _count(AppliedMutation, ids) == written  # never half of a push

        marker.unlink()
        server.env["HARDENING_KILL_AT"] = "never"
        server.start()  # the same database, a fresh process
        response = phone.push(batch)  # the outbox retries; the session survived the restart
        assert response.status_code == 200, response.text[:500]
        statuses = {r["status"] for r in response.json()["results"]}
        assert statuses <= retry_statuses, statuses
        assert _count(Check) == 300 and _count(AppliedMutation, ids) == 300
        again = phone.push(batch).json()["results"]
        assert {r["status"] for r in again} == {"duplicate"}
        assert _count(Check) == 300 and _count(AppliedMutation, ids) == 300
    finally:
        server.stop()


class DropConnection:
    """Make the database connection fail at the first SQL statement that starts with `match`."""

    def __init__(self, engine, match: str, stays_down: bool = False) -> None:
        self.engine, self.match, self.stays_down, self.failed = engine, match, stays_down, False

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self.hook)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self.hook)

    def hook(self, conn, cursor, statement, params, context, executemany):
        if (self.failed and self.stays_down) or (
            not self.failed and statement.lstrip().startswith(self.match)
        ):
            self.failed = True
            raise conn.dialect.loaded_dbapi.OperationalError(
                "server closed the connection unexpectedly"
            )


# Statements of a push, in the order it runs them; the last one runs just before COMMIT.
FAIL_POINTS = (
    "SELECT",
    "SELECT applied_mutation",
    "INSERT INTO attendance",
    "INSERT INTO record_revision",
    "INSERT INTO applied_mutation",
    "UPDATE sync_state",
)


@pytest.mark.parametrize("stays_down", [False, True], ids=["reconnects", "stays-down"])
def test_connection_dropped_mid_transaction_writes_nothing(app, make, api, stays_down):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: a failed commit is answered
    w = world(make)
    batch = [attendance_mutation(make, w["event_a"], n) for n in range(200)]
    hr = api("hr")
    before = counts()
    for match in FAIL_POINTS:
        with DropConnection(db.engine, match, stays_down) as drop:
            response = hr.push(batch)
        assert drop.failed, match
        assert response.status_code == 503, (match, response.data[:300])
        assert response.json["error"]["code"] == "database_unavailable"
        assert response.json["error"]["message"]
        assert counts() == before, match
    response = hr.push(batch)
    assert [r["status"] for r in response.json["results"]] == ["applied"] * 200
    after = counts()
    assert after["attendance"] == before["attendance"] + 200
    assert after["applied_mutation"] == before["applied_mutation"] + 200
    assert {r["status"] for r in hr.push(batch).json["results"]} == {"duplicate"}


def test_disk_full_gives_clear_error_and_retry_succeeds(app, make, api, monkeypatch):
    world(make)
    phone = api("insp")
    photo = jpeg()
    url = f"/api/attachments/{sha(photo)}"

    def full(self, sha256, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(LocalStorage, "save", full)
        response = phone.put(url, data=photo)
    assert response.status_code == 503
    assert response.json["error"]["code"] == "storage_unavailable"
    assert response.json["error"]["message"]
    assert _count(Attachment) == 0
    assert phone.head(url).status_code == 404  # the device still has to upload it
    assert phone.put(url, data=photo).status_code == 201
    assert phone.head(url).status_code == 200 and _count(Attachment) == 1


def test_unwritable_upload_folder(app, make, api, tmp_path):
    world(make)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the upload folder should be")
    app.config["UPLOAD_FOLDER"] = str(blocker / "uploads")
    phone = api("insp")
    photo = jpeg()
    url = f"/api/attachments/{sha(photo)}"
    response = phone.put(url, data=photo)
    assert response.status_code == 503 and response.json["error"]["code"] == "storage_unavailable"
    assert _count(Attachment) == 0
    blocker.unlink()  # the operator fixes the disk
    assert phone.put(url, data=photo).status_code == 201
    assert _count(Attachment) == 1


def test_device_clock_a_year_wrong(app, make, api):
    w = world(make)
    now = datetime.now(UTC)
    slow, fast = api("insp"), api("insp")  # two phones, one a year behind, one a year ahead
    pushed = []
    _, start_cursor = slow.pull_all()
    for n in range(6):
        phone, skew = (slow, -365) if n % 2 == 0 else (fast, 365)
        at = (now + timedelta(days=skew, minutes=-n)).isoformat()
        mutation = check_mutation(make, w, started_at=at, ended_at=at)
        result = phone.push([mutation]).json["results"][0]
        assert result["status"] == "applied", result
        pushed.append((mutation["id"], result["version"]))
        if n == 2:
            _, middle_cursor = fast.pull_all(start_cursor)
    versions = [v for _, v in pushed]
    assert versions == sorted(versions) and len(set(versions)) == 6

    changes, _ = fast.pull_all(start_cursor)
    checks = [c for c in changes if c["entity"] == "check"]
    assert [c["id"] for c in checks] == [i for i, _ in pushed]  # push order, not clock order
    assert [c["version"] for c in changes] == sorted(c["version"] for c in changes)
    later, _ = slow.pull_all(middle_cursor)
    assert [c["id"] for c in later if c["entity"] == "check"] == [i for i, _ in pushed[3:]]
