"""The review queue sorts itself (issue 24): triage filters and sorts, home tiles, bulk
approval with its refusals, decisions reaching the phone, "next in the queue"."""

import re
import uuid
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditLog, Check, ConflictCopy, ReviewDecision
from app.models.base import utcnow
from app.sync.versioning import stamp
from tests.console.util import post, push_check, world

LOW = {"severity": "low", "description": "Biển báo mờ", "due_date": "2026-12-30"}
CRITICAL = {"severity": "critical", "description": "Lối thoát hiểm bị khóa"}


def finding(**over) -> dict:
    """A finding as a device sends it (a fresh id each time)."""
    return {"id": str(uuid.uuid4()), "item_code": "A.1", "description": "Thiếu", **over}


def more_checks(make, api, w) -> dict:
    """Three more submitted checks in park A: low, two findings, none; one waits 10 days."""
    phone = api("ins")
    ids = {
        "low": push_check(phone, make, w.tv, w.ent_a, findings=[finding(**LOW)]),
        "two": push_check(
            phone, make, w.tv, w.ent_a, findings=[finding(**LOW), finding(**CRITICAL)]
        ),
        "none": push_check(phone, make, w.tv, w.ent_a),
    }
    old = db.session.get(Check, ids["none"])
    old.submitted_at = utcnow() - timedelta(days=10)
    db.session.commit()
    return ids


def listed(client, query: str) -> list[str]:
    """The check ids the queue lists for a query string, in order."""
    page = client.get(f"/console/review?{query}")
    assert page.status_code == 200
    html = page.get_data(as_text=True).split("<tbody>")[1].split("</tbody>")[0]
    return list(dict.fromkeys(re.findall(r"/console/checks/([0-9a-f-]{36})", html)))


def test_each_filter_keeps_only_matching_checks(app, make, api, console):
    w = world(make, api)
    ids = more_checks(make, api, w)
    client = console("sup")
    everything = set(listed(client, ""))
    assert everything == {w.check_a, w.check_b, *ids.values()}
    # worst open finding: at least as bad as asked
    assert set(listed(client, "severity=critical")) == {ids["two"]}
    assert set(listed(client, "severity=high")) == {ids["two"], w.check_a}
    assert set(listed(client, "severity=low")) == {ids["two"], w.check_a, ids["low"]}
    assert set(listed(client, "severity=none")) == {ids["none"], w.check_b}
    assert set(listed(client, "findings=2")) == {ids["two"]}
    assert set(listed(client, "waiting=7")) == {ids["none"]}
    assert set(listed(client, f"park={w.b.id}")) == {w.check_b}
    insb = db.session.get(Check, w.check_b).author_id
    assert set(listed(client, f"inspector={insb}")) == {w.check_b}
    assert set(listed(client, f"template={w.tv.template_id}")) == everything
    assert listed(client, f"template={uuid.uuid4()}") == []
    assert listed(client, "status=approved") == []


def test_garbage_filters_fall_back_to_no_filter(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    for query in ("severity=worst", "findings=abc", "waiting=-5", "sort=drop+table", "findings="):
        assert set(listed(client, query)) == {w.check_a, w.check_b}, query


def test_sorts_put_the_urgent_first(app, make, api, console):
    w = world(make, api)
    ids = more_checks(make, api, w)
    client = console("sup")
    assert listed(client, "sort=severity")[:2] == [ids["two"], w.check_a]
    assert listed(client, "sort=findings")[0] == ids["two"]
    assert listed(client, "sort=waiting")[0] == ids["none"]
    by_park = listed(client, "sort=park")
    assert by_park[-1] == w.check_b  # park B's code sorts after A's
    for key in ("inspector", "template", "enterprise", "oldest", "newest"):
        assert set(listed(client, f"sort={key}")) == {w.check_a, w.check_b, *ids.values()}


def test_sort_headers_keep_the_filters(app, make, api, console):
    w = world(make, api)
    page = console("sup").get(f"/console/review?park={w.a.id}&severity=high")
    html = page.get_data(as_text=True)
    heads = re.findall(r'class="sort" href="([^"]+)"', html)
    assert heads, "sortable column headers"
    for href in heads:
        args = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        assert args["park"] == [w.a.id] and args["severity"] == ["high"]


def test_home_tiles_open_the_filtered_queue(app, make, api, console):
    w = world(make, api)
    ids = more_checks(make, api, w)
    client = console("sup")
    home = client.get("/console/").get_data(as_text=True)
    tiles = dict(
        (text.strip(), (int(num.replace(".", "")), href.replace("&amp;", "&")))
        for href, num, text in re.findall(
            r'<a class="stat" href="([^"]+)"><strong>([\d.]+)</strong>([^<]+)</a>', home
        )
    )
    serious = next(v for k, v in tiles.items() if "nghiêm trọng" in k)
    waiting = next(v for k, v in tiles.items() if "7 ngày" in k)
    assert serious[0] == 2 and set(listed(client, urlsplit(serious[1]).query)) == {
        ids["two"],
        w.check_a,
    }
    assert waiting[0] == 1 and listed(client, urlsplit(waiting[1]).query) == [ids["none"]]


def test_a_park_supervisor_sees_and_tiles_only_their_park(app, make, api, console):
    w = world(make, api)
    old = db.session.get(Check, w.check_b)
    old.submitted_at = utcnow() - timedelta(days=30)
    db.session.commit()
    client = console("supa")
    assert listed(client, f"park={w.b.id}") == []
    assert listed(client, "waiting=7") == []
    assert w.check_b not in listed(client, "sort=waiting")


def decisions_of(check_id: str) -> int:
    """How many review decisions a check has."""
    stmt = (
        select(func.count()).select_from(ReviewDecision).where(ReviewDecision.record_id == check_id)
    )
    return db.session.execute(stmt).scalar_one()


def test_bulk_approve_each_its_own_decision_and_refusals_said(app, make, api, console):
    w = world(make, api)
    ids = more_checks(make, api, w)
    conflicted = ids["none"]
    db.session.add(
        stamp(
            ConflictCopy(
                entity="check",
                record_id=conflicted,
                park_id=w.a.id,
                user_id=db.session.get(Check, conflicted).author_id,
                client_id=str(uuid.uuid4()),
                mutation_id=str(uuid.uuid4()),
                reason="stale_base",
                base_version=0,
                server_version=1,
                device_data={},
                server_data={},
            )
        )
    )
    db.session.commit()
    phone = api("ins")
    _, cursor = phone.pull_all()
    client = console("sup")
    ticked = [ids["low"], w.check_b, w.check_a, ids["two"], conflicted]
    response = client.post(
        "/console/review/approve",
        data={"csrf_token": client.csrf, "ids": ticked, "queue": "severity=low&sort=waiting"},
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    approved = page.split('data-testid="bulk-approved"')[1].split("</section>")[0]
    refused = page.split('data-testid="bulk-refused"')[1].split("</section>")[0]
    assert ids["low"] in approved and w.check_b in approved
    assert "nghiêm trọng" in refused and "xung đột" in refused
    for check_id in (w.check_a, ids["two"], conflicted):
        assert check_id in refused
        assert db.session.get(Check, check_id).status == "submitted"
        assert decisions_of(check_id) == 0
    for check_id in (ids["low"], w.check_b):
        assert db.session.get(Check, check_id).status == "approved"
        assert decisions_of(check_id) == 1
        actions = db.session.execute(
            select(AuditLog.action).where(AuditLog.record_id == check_id)
        ).scalars()
        assert list(actions) == ["check_approve"]
    # the decision reaches the author's phone on its next pull, with a new receipt
    changes, _ = phone.pull_all(cursor)
    mine = {c["id"]: c for c in changes if c["entity"] == "check"}
    assert mine[ids["low"]]["data"]["status"] == "approved"
    assert w.check_b not in mine  # another park's inspector's check
    assert "severity=low" in page  # the way back keeps the queue's filters


def test_bulk_approve_refuses_a_decided_check_and_an_empty_tick(app, make, api, console):
    w = world(make, api)
    client = console("sup")
    post(client, f"/console/checks/{w.check_b}/review", decision="approve")
    response = post(client, "/console/review/approve", ids=w.check_b)
    assert "bulk-refused" in response.get_data(as_text=True)
    assert decisions_of(w.check_b) == 1
    empty = post(client, "/console/review/approve")
    assert empty.status_code == 200 and "Chưa chọn" in empty.get_data(as_text=True)


def test_bulk_approve_out_of_scope_writes_nothing(app, make, api, console):
    w = world(make, api)
    ids = more_checks(make, api, w)
    client = console("supa")
    response = client.post(
        "/console/review/approve",
        data={"csrf_token": client.csrf, "ids": [ids["low"], w.check_b]},
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Check, ids["low"]).status == "submitted"
    assert db.session.execute(select(func.count()).select_from(ReviewDecision)).scalar_one() == 0
    too_many = client.post(
        "/console/review/approve",
        data={"csrf_token": client.csrf, "ids": [str(uuid.uuid4()) for _ in range(201)]},
    )
    assert too_many.status_code == 400


def test_next_in_the_queue_keeps_the_filters(app, make, api, console):
    w = world(make, api)
    ids = more_checks(make, api, w)
    client = console("sup")
    queue = "severity=low&sort=findings"
    first = listed(client, queue)
    assert first[0] == ids["two"]
    response = post(client, f"/console/checks/{ids['low']}/review", decision="approve", queue=queue)
    target = urlsplit(response.headers["Location"])
    assert target.path == f"/console/checks/{ids['two']}"
    assert parse_qs(parse_qs(target.query)["queue"][0]) == {
        "severity": ["low"],
        "sort": ["findings"],
    }
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="#decision"' in page  # the decision, reachable from the top on a phone
    assert "severity=low" in page.split('class="back"')[1][:200]


def test_last_decision_goes_back_to_the_queue(app, make, api, console):
    w = world(make, api)
    client = console("supa")
    response = post(
        client, f"/console/checks/{w.check_a}/review", decision="approve", queue="severity=high"
    )
    assert response.headers["Location"].endswith("/console/review?severity=high")
