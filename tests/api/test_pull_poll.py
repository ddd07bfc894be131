"""The "nothing new" poll: one indexed read after the login, scope changes still seen."""

import json
import logging
from contextlib import contextmanager

from sqlalchemy import event

from app.access.auth import end_sessions
from app.extensions import db
from tests.api.util import results, setup_inspector


@contextmanager
def statements():
    """Collect the SQL statements the database receives inside the block."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        sent.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def _poll(client, cursor: str) -> dict:
    db.session.remove()  # a real request starts with an empty session
    response = client.get("/api/sync/pull", query_string={"cursor": cursor, "limit": 500})
    assert response.status_code == 200, response.json
    return response.json


def test_a_nothing_new_poll_reads_the_user_and_the_counter_only(api, make):
    park, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    results(client.push([make.mutation("check", make.check_data(tv, ent))]))
    _, cursor = client.pull_all()
    with statements() as sent:
        answer = _poll(client, cursor)
    assert answer == {
        "changes": [],
        "cursor": cursor,
        "has_more": False,
        "reset": False,
        "progress": 1.0,
    }
    selects = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, sent  # the session's user (with its scope), the version counter


def test_an_hr_user_whose_enterprise_moves_park_is_told_on_the_next_poll(api, make):
    park, ent, tv, _ = setup_inspector(make)
    other = make.park()
    make.user("hr", role="enterprise_hr", enterprise=ent)
    make.commit()
    client = api("hr")
    _, cursor = client.pull_all()
    park_id = park.id
    ent.park_id = other.id  # no synced record of this user changes version here
    db.session.commit()
    answer = _poll(client, cursor)
    revoked = [(c["entity"], c["id"]) for c in answer["changes"] if c["data"] == {"revoked": True}]
    assert revoked == [("park", park_id)]
    assert answer["reset"] is True  # the new park's records come from version 0


def test_a_park_taken_from_an_inspector_is_revoked_on_the_next_poll(api, make):
    park, ent, tv, user = setup_inspector(make)
    other = make.park()
    user.parks = [park, other]
    make.commit()
    client = api("insp")
    _, cursor = client.pull_all()
    park_id = park.id
    user.parks = [other]
    db.session.commit()
    answer = _poll(client, cursor)
    revoked = [(c["entity"], c["id"]) for c in answer["changes"] if c["data"] == {"revoked": True}]
    assert revoked == [("park", park_id)]


def test_a_poll_after_the_sessions_were_ended_elsewhere_is_refused(api, make):
    _, _, _, user = setup_inspector(make)
    client = api("insp")
    _, cursor = client.pull_all()
    end_sessions(user)  # a password change or a forced logout on another device
    db.session.commit()
    db.session.remove()
    response = client.get("/api/sync/pull", query_string={"cursor": cursor})
    assert response.status_code == 401


def test_a_poll_of_a_disabled_account_is_refused(api, make):
    _, _, _, user = setup_inspector(make)
    client = api("insp")
    _, cursor = client.pull_all()
    user.active = False
    db.session.commit()
    db.session.remove()
    response = client.get("/api/sync/pull", query_string={"cursor": cursor})
    assert response.status_code == 401


def test_the_request_log_of_a_pull_names_its_user(api, make, caplog):
    _, _, _, user = setup_inspector(make)
    client = api("insp")
    user_id = user.id
    with caplog.at_level(logging.INFO, logger="app.request"):
        client.pull_all()
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "app.request"]
    assert [line["user_id"] for line in lines if line["path"] == "/api/sync/pull"] == [user_id]
