"""The return loop: a returned check sent again keeps its own times, is marked and first."""

from datetime import UTC, datetime

from app.extensions import db
from app.models import Check
from tests.console.util import post, world


def _resend(make, api, check_id, **changes):
    """The inspector's phone sends the returned check again, with these changes."""
    stored = db.session.get(Check, check_id)
    db.session.refresh(stored)
    data = {k: v for k, v in stored.data.items() if k not in ("status",)}
    data.update(status="submitted", **changes)
    mutation = make.mutation("check", data, record_id=check_id, base_version=stored.version)
    result = api("ins").push([mutation]).json["results"][0]
    assert result["status"] == "applied", result
    return result


def test_a_check_sent_again_keeps_its_times_and_counts_its_sends(make, api, console):
    w = world(make, api)
    first = db.session.get(Check, w.check_a)
    started, ended, first_sent = first.started_at, first.ended_at, first.first_sent_at
    assert first.send_count == 1 and first_sent is not None
    supa = console("supa")
    post(supa, f"/console/checks/{w.check_a}/review", decision="return", comment="Sửa câu A.2")
    _resend(
        make,
        api,
        w.check_a,
        started_at=datetime(2026, 12, 7, 0, 52, tzinfo=UTC).isoformat(),
        ended_at=datetime(2026, 12, 7, 0, 53, tzinfo=UTC).isoformat(),
        answers={"A.1": {"value": "yes"}, "A.2": {"value": 6}},
    )
    check = db.session.get(Check, w.check_a)
    db.session.refresh(check)
    assert (check.started_at, check.ended_at) == (started, ended)
    assert check.data["started_at"] == first.data["started_at"]
    assert check.first_sent_at == first_sent and check.send_count == 2
    assert check.last_sent_at > first_sent
    pulled = [c for c in api("ins").pull_all()[0] if c["id"] == w.check_a][0]["data"]
    assert pulled["started_at"] == first.data["started_at"] and pulled["send_count"] == 2


def test_the_sent_again_check_is_marked_first_and_shows_what_changed(make, api, console):
    w = world(make, api)
    supa = console("supa")
    post(supa, f"/console/checks/{w.check_a}/review", decision="return", comment="Sửa câu A.2")
    returned = supa.get(f"/console/checks/{w.check_a}").get_data(as_text=True)
    assert 'value="approve"' not in returned and 'value="return"' not in returned
    refused = post(supa, f"/console/checks/{w.check_a}/review", decision="approve")
    assert refused.status_code == 302 and db.session.get(Check, w.check_a).status == "returned"
    later = make.mutation("check", make.check_data(w.tv, w.ent_a, status="submitted"))
    assert api("ins").push([later]).json["results"][0]["status"] == "applied"
    ins = api("ins")
    comment = {"entity": "check", "record_id": w.check_a, "text": "Đã bổ sung số bảo vệ"}
    assert ins.push([make.mutation("comment", comment)]).json["results"][0]["status"] == "applied"
    _resend(make, api, w.check_a, answers={"A.1": {"value": "yes"}, "A.2": {"value": 6}})
    queue = supa.get("/console/review").get_data(as_text=True)
    assert queue.index(w.check_a) < queue.index(later["id"])  # sent again comes first
    assert "Gửi lại" in queue
    page = supa.get(f"/console/checks/{w.check_a}").get_data(as_text=True)
    assert 'id="sent-again"' in page and 'id="changes"' in page
    changes = page[page.index('id="changes"') : page.index('id="thread"')]
    assert "A.2" in changes and "<del>4</del>" in changes and "<ins>6</ins>" in changes
    thread = page[page.index('id="thread"') :]
    assert thread.index("Sửa câu A.2") < thread.index("Đã bổ sung số bảo vệ")
    assert 'value="approve"' in page  # it came back: the decision is offered again


def test_a_second_return_keeps_the_first_comment_on_the_phone(make, api, console):
    w = world(make, api)
    supa = console("supa")
    post(supa, f"/console/checks/{w.check_a}/review", decision="return", comment="Lần một")
    _resend(make, api, w.check_a)
    post(supa, f"/console/checks/{w.check_a}/review", decision="return", comment="Lần hai")
    changes, _ = api("ins").pull_all()
    texts = [c["data"]["text"] for c in changes if c["entity"] == "comment"]
    assert sorted(texts) == ["Lần hai", "Lần một"]
    check = [c for c in changes if c["id"] == w.check_a][0]["data"]
    assert check["review_comment"] == "Lần hai"  # old clients still read the latest
