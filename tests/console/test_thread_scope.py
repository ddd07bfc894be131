"""A record's thread is seen by exactly those who see the record, and is never rewritten."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Check, Comment
from tests.console.util import post, world
from tests.factories import new_uuid

CHANGED = settings(max_examples=15, deadline=None)


def _comments(client) -> list[dict]:
    """The comments a device of this user pulls."""
    changes, _ = client.pull_all()
    return [c for c in changes if c["entity"] == "comment"]


def _comment(make, entity, record_id, text, comment_id=None):
    data = {"entity": entity, "record_id": record_id, "text": text}
    return make.mutation("comment", data, record_id=comment_id)


def _scoped_world(make, api, console):
    w = world(make, api)
    make.user("supb", role="supervisor", parks=[w.b])
    make.user("hrb", role="enterprise_hr", enterprise=w.ent_b)
    w.event_a = make.event(w.ent_a)
    make.commit()
    supa = console("supa")
    post(supa, f"/console/checks/{w.check_a}/review", decision="return", comment="Bổ sung ảnh")
    post(supa, f"/console/events/{w.event_a.id}/comments", text="Gửi thêm danh sách")
    return w


def test_a_thread_is_seen_only_by_those_who_see_its_record(make, api, console):
    w = _scoped_world(make, api, console)
    ins = _comments(api("ins"))
    assert {(c["data"]["entity"], c["data"]["text"]) for c in ins} == {
        ("check", "Bổ sung ảnh"),
        ("event", "Gửi thêm danh sách"),
    }
    assert [c["data"]["kind"] for c in ins if c["data"]["entity"] == "check"] == ["return"]
    # HR sees their own event's thread, never a check's
    assert [c["data"]["text"] for c in _comments(api("hr"))] == ["Gửi thêm danh sách"]
    for stranger in ("insb", "hrb"):
        assert _comments(api(stranger)) == [], stranger
    supb = console("supb")
    assert supb.get(f"/console/checks/{w.check_a}").status_code == 404
    assert supb.get(f"/console/events/{w.event_a.id}").status_code == 404
    refused = post(supb, f"/console/checks/{w.check_a}/comments", text="Không được phép")
    assert refused.status_code == 404
    assert db.session.query(Comment).filter_by(text="Không được phép").count() == 0
    page = console("supa").get(f"/console/checks/{w.check_a}").get_data(as_text=True)
    assert "Bổ sung ảnh" in page


def test_a_supervisor_pulls_only_the_threads_of_their_own_parks(make, api, console):
    w = _scoped_world(make, api, console)
    post(console("supb"), f"/console/checks/{w.check_b}/comments", text="Park B hỏi lại")
    texts = {name: {c["data"]["text"] for c in _comments(api(name))} for name in ("supa", "supb")}
    assert texts["supa"] == {"Bổ sung ảnh", "Gửi thêm danh sách"}
    # the supervisor of park B pulls park B's thread and nothing of park A's check or event
    assert texts["supb"] == {"Park B hỏi lại"}
    assert {c["data"]["record_id"] for c in _comments(api("supb"))} == {w.check_b}


def test_devices_answer_only_in_threads_they_may_write(make, api, console):
    w = _scoped_world(make, api, console)
    attempts = {
        ("ins", "check", w.check_a): "applied",
        ("insb", "check", w.check_a): "rejected",  # another park
        ("hr", "check", w.check_a): "rejected",  # HR never writes on a check
        ("hr", "event", w.event_a.id): "applied",
        ("hrb", "event", w.event_a.id): "rejected",  # another enterprise
        ("ins", "event", w.event_a.id): "rejected",  # inspectors answer on checks
        ("ins", "check", new_uuid()): "rejected",  # no such record
    }
    for (user, entity, record_id), expected in attempts.items():
        result = api(user).push([_comment(make, entity, record_id, f"{user} trả lời")])
        assert result.json["results"][0]["status"] == expected, (user, entity)
    texts = {c.text for c in db.session.query(Comment)}
    assert {"ins trả lời", "hr trả lời"} <= texts
    assert not texts & {"insb trả lời", "hrb trả lời"}


def test_blank_or_overlong_comments_are_refused_and_write_nothing(make, api, console):
    w = _scoped_world(make, api, console)
    before = db.session.query(Comment).count()
    for text in ("", "   \n ", "x" * 2001):
        result = api("ins").push([_comment(make, "check", w.check_a, text)]).json["results"][0]
        assert result["status"] == "rejected" and "text" in result["errors"]["fields"], text
        response = post(console("supa"), f"/console/checks/{w.check_a}/comments", text=text)
        assert response.status_code == 302
    assert db.session.query(Comment).count() == before


TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)


def test_a_sent_comment_is_never_rewritten(make, api):
    w = world(make, api)
    ins = api("ins")
    author = db.session.get(Check, w.check_a).author_id

    @CHANGED
    @given(first=TEXT.filter(str.strip), other=TEXT)
    def resend_edit_and_delete(first, other):
        comment_id = new_uuid()
        sent = ins.push([_comment(make, "check", w.check_a, first, comment_id)])
        assert sent.json["results"][0]["status"] == "applied"
        again = ins.push([_comment(make, "check", w.check_a, first, comment_id)])
        assert again.json["results"][0]["status"] == "applied"  # converges on the stored entry
        ins.push([_comment(make, "check", w.check_a, other, comment_id)])
        gone = make.mutation("comment", {}, record_id=comment_id, op="delete")
        assert ins.push([gone]).json["results"][0]["status"] == "rejected"
        stored = db.session.get(Comment, comment_id)
        db.session.refresh(stored)
        assert (stored.text, stored.deleted, stored.author_id) == (first.strip(), False, author)

    resend_edit_and_delete()
