"""A check's links hold on every write: visit ↔ enterprise ↔ park (issue 23, item 4).

Rule: whatever sequence of edits devices push, a stored check that names a visit is a check
of that visit's enterprise, and lies in that enterprise's park. The console's conflict
resolution writes nothing a push from the conflict's author would be refused.
"""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.console.planning import schedule_visit
from app.extensions import db
from app.models import Check, ConflictCopy, Enterprise, User, Visit
from tests.console.util import post, world
from tests.fuzz import examples

OTHER_ENTERPRISE = "Chuyến kiểm tra này dành cho doanh nghiệp khác."


def _setup(make, api):
    """World of two parks, an inspector of both, and a visit planned for enterprise A."""
    w = world(make, api)
    make.user("insab", role="inspector", parks=[w.a, w.b])
    make.commit()
    sup = db.session.execute(select(User).where(User.username == "sup")).scalar_one()
    team = [db.session.execute(select(User.id).where(User.username == "insab")).scalar_one()]
    w.visit = schedule_visit(sup, w.a.id, w.ent_a.id, date(2026, 12, 1), team)
    db.session.commit()
    return w


def _links_hold() -> None:
    """Every stored check with a visit is of the visit's enterprise, in its park."""
    db.session.expire_all()
    for check in db.session.execute(select(Check)).scalars():
        enterprise = db.session.get(Enterprise, check.enterprise_id)
        assert check.park_id == enterprise.park_id
        if check.visit_id:
            assert db.session.get(Visit, check.visit_id).enterprise_id == check.enterprise_id


def test_a_draft_of_the_visit_moved_to_another_enterprise_is_refused(app, make, api):
    w = _setup(make, api)
    phone = api("insab")
    draft = make.mutation("check", make.check_data(w.tv, w.ent_a, visit_id=w.visit.id))
    first = phone.push([draft]).json["results"][0]
    assert first["status"] == "applied"
    moved = make.check_data(w.tv, w.ent_b, status="submitted", visit_id=w.visit.id)
    edit = make.mutation("check", moved, record_id=draft["id"], base_version=first["version"])
    result = phone.push([edit]).json["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"]["fields"] == {"visit_id": [OTHER_ENTERPRISE]}
    assert db.session.get(Check, draft["id"]).enterprise_id == w.ent_a.id
    _links_hold()


def test_keeping_a_devices_version_that_breaks_a_link_is_refused(app, make, api, console):
    w = _setup(make, api)
    phone = api("insab")
    draft = make.mutation("check", make.check_data(w.tv, w.ent_a, visit_id=w.visit.id))
    version = phone.push([draft]).json["results"][0]["version"]
    edit = make.check_data(w.tv, w.ent_a, visit_id=w.visit.id, notes="Máy 1")
    assert phone.push([make.mutation("check", edit, draft["id"], version)]).status_code == 200
    stale = make.check_data(w.tv, w.ent_b, visit_id=w.visit.id, notes="Máy 2")
    stale["answers"] = {"A.1": {"value": "no"}}
    db.session.execute(  # a conflict copy made before links were checked on every write
        ConflictCopy.__table__.insert().values(
            id="0c0c0c0c-0000-4000-8000-000000000001",
            version=999_999,
            deleted=False,
            entity="check",
            record_id=draft["id"],
            park_id=w.a.id,
            user_id=db.session.execute(select(User.id).where(User.username == "insab")).scalar(),
            client_id=phone.client_id,
            mutation_id="0c0c0c0c-0000-4000-8000-000000000002",
            reason="stale_base",
            base_version=version,
            server_version=version + 1,
            device_data=stale,
            server_data=edit,
            status="open",
        )
    )
    db.session.commit()
    client = console("sup")
    url = "/console/conflicts/0c0c0c0c-0000-4000-8000-000000000001/resolve"
    assert post(client, url, choice="keep_device").status_code in (200, 302, 400, 422)
    db.session.expire_all()
    assert db.session.get(ConflictCopy, "0c0c0c0c-0000-4000-8000-000000000001").status == "open"
    assert db.session.get(Check, draft["id"]).enterprise_id == w.ent_a.id
    _links_hold()


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "a2"]),  # the enterprise the edit names
        st.booleans(),  # names the visit (of enterprise a)
        st.sampled_from(["draft", "submitted"]),
        st.booleans(),  # a fresh base version (else stale: a conflict or a merge)
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=examples(50),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(edits=EDITS)
def test_links_hold_after_any_sequence_of_edits(app, make, api, edits):
    w = _world_once(app, make, api)
    phone = api("insab")
    record_id, version = None, 0
    for choice, with_visit, status, fresh in edits:
        enterprise = {"a": w.ent_a, "b": w.ent_b, "a2": w.ent_a2}[choice]
        data = make.check_data(
            w.tv, enterprise, status=status, visit_id=w.visit.id if with_visit else None
        )
        mutation = make.mutation("check", data, record_id, version if fresh else 0)
        result = phone.push([mutation]).json["results"][0]
        assert result["status"] in ("applied", "rejected", "conflict"), result
        if result["status"] == "applied":
            record_id, version = result["id"], result["version"]
        _links_hold()


_WORLDS: dict = {}


def _world_once(app, make, api):
    """One world per app (Hypothesis runs many examples on one function-scoped app)."""
    if id(app) not in _WORLDS:
        w = _setup(make, api)
        w.ent_a2 = make.enterprise(w.a, name="Công ty khác cùng KCN")
        make.commit()
        _WORLDS.clear()
        _WORLDS[id(app)] = w
    return _WORLDS[id(app)]
