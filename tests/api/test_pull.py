"""Pull: a gap-free paged cursor, scope filtering (reference data included), scope changes."""

from hypothesis import given
from hypothesis import strategies as st

from app.extensions import db
from app.models import ChecklistTemplate, TemplateVersion
from app.sync.pull import page_progress
from tests.api.util import results, setup_inspector


def _push_checks(client, make, tv, ent, n):
    return results(
        client.push([make.mutation("check", make.check_data(tv, ent)) for _ in range(n)])
    )


FIRST = {"park", "enterprise"}


def assert_staged(changes: list[dict]) -> None:
    """A first pull: parks and enterprises first, then the rest, each in version order, once."""
    kinds = [c["entity"] in FIRST for c in changes]
    assert kinds == sorted(kinds, reverse=True), [c["entity"] for c in changes]
    for part in (
        [c for c in changes if c["entity"] in FIRST],
        [c for c in changes if c["entity"] not in FIRST],
    ):
        versions = [c["version"] for c in part]
        assert versions == sorted(versions) and len(set(versions)) == len(versions)


def test_cursor_pages_are_gap_free(api, make):
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    _push_checks(client, make, tv, ent, 7)
    everything, _ = client.pull_all()
    cursor, pages, paged = None, 0, []
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/sync/pull", query_string=query).json
        assert len(body["changes"]) <= 2
        paged.extend(body["changes"])
        cursor, pages = body["cursor"], pages + 1
        if not body["has_more"]:
            break
    assert pages >= 5
    assert_staged(paged)
    assert [(c["entity"], c["id"]) for c in paged] == [(c["entity"], c["id"]) for c in everything]
    more = _push_checks(client, make, tv, ent, 2)
    delta, _ = client.pull_all(cursor)
    assert [(c["id"], c["version"]) for c in delta] == [(r["id"], r["version"]) for r in more]
    assert client.pull_all(client.pull_all(cursor)[1])[0] == []


def test_pull_is_filtered_by_scope_including_reference_data(api, make):
    park, ent, tv, _ = setup_inspector(make)
    other_park = make.park()
    other_ent = make.enterprise(other_park)
    make.user("insp2", parks=[other_park])
    draft = TemplateVersion(
        template=ChecklistTemplate(code="draft1", kind="check", title_vi="Nháp", title_en="Draft"),
        number=1,
        status="draft",
    )
    from app.sync.versioning import stamp

    db.session.add(stamp(draft))
    make.commit()
    mine = _push_checks(api("insp"), make, tv, ent, 1)[0]
    theirs = _push_checks(api("insp2"), make, tv, other_ent, 1)[0]
    changes, _ = api("insp").pull_all()
    seen = {(c["entity"], c["id"]) for c in changes}
    assert {
        ("park", park.id),
        ("enterprise", ent.id),
        ("template", tv.id),
        ("check", mine["id"]),
    } <= seen
    assert not seen & {
        ("park", other_park.id),
        ("enterprise", other_ent.id),
        ("template", draft.id),
        ("check", theirs["id"]),
    }
    template = next(c for c in changes if c["entity"] == "template")
    assert template["data"]["sections"][0]["items"][0]["code"] == "A.1"


def test_invalid_cursor_is_400_json(api, make):
    setup_inspector(make)
    response = api("insp").get("/api/sync/pull", query_string={"cursor": "forged.cursor"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid_cursor"
    assert "cursor" in response.json["error"]["fields"]
    bad_limit = api("insp").get("/api/sync/pull", query_string={"limit": 0})
    assert bad_limit.status_code == 422 and "limit" in bad_limit.json["error"]["fields"]


def test_a_removed_park_is_revoked_and_an_added_park_arrives(api, make):
    park, ent, tv, user = setup_inspector(make)
    second = make.park()
    second_ent = make.enterprise(second)
    third = make.park()
    third_ent = make.enterprise(third)
    user.parks = [park, second]
    make.user("insp3", parks=[third])
    make.commit()
    client = api("insp")
    _, cursor = client.pull_all()
    in_third = _push_checks(api("insp3"), make, tv, third_ent, 1)[0]

    user.parks = [park]  # the second park is taken away
    db.session.commit()
    changes, cursor = client.pull_all(cursor)
    revoked = [c for c in changes if c["data"] == {"revoked": True}]
    assert revoked == [
        {
            "entity": "park",
            "id": second.id,
            "version": 0,
            "deleted": True,
            "data": {"revoked": True},
        }
    ]
    assert ("enterprise", second_ent.id) not in {(c["entity"], c["id"]) for c in changes}

    user.parks = [park, third]  # a park is added: its records arrive
    db.session.commit()
    changes, cursor = client.pull_all(cursor)
    seen = {(c["entity"], c["id"]) for c in changes}
    assert {("park", third.id), ("enterprise", third_ent.id), ("check", in_third["id"])} <= seen
    assert not [c for c in changes if c["deleted"]]
    assert client.pull_all(cursor)[0] == []


def test_hr_scope_change_revokes_the_old_enterprise(api, make):
    park = make.park()
    first, second = make.enterprise(park), make.enterprise(park)
    hr = make.user("hr", role="enterprise_hr", enterprise=first)
    make.commit()
    client = api("hr")
    _, cursor = client.pull_all()
    hr.enterprise = second
    db.session.commit()
    changes, _ = client.pull_all(cursor)
    assert {
        "entity": "enterprise",
        "id": first.id,
        "version": 0,
        "deleted": True,
        "data": {"revoked": True},
    } in changes
    assert ("enterprise", second.id) in {(c["entity"], c["id"]) for c in changes}


@given(
    since=st.integers(min_value=0, max_value=10**6),
    steps=st.lists(st.integers(min_value=0, max_value=10**4), min_size=2, max_size=6),
)
def test_pull_progress_is_a_share_that_grows(since, steps):
    """Rule: a page's progress is in [0, 1], 1 at the head, never falling as it reaches on."""
    high = since + sum(steps)
    reached = [since + sum(steps[:i]) for i in range(1, len(steps) + 1)]
    shares = [page_progress(since, r, high) for r in reached]
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert shares == sorted(shares) and shares[-1] == 1.0


def test_each_page_says_how_far_the_pull_got(api, make):
    """The field app's "Đang tải 2/5 …" comes from this: short of 1 while more pages follow,
    1 on the last."""
    _, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    _push_checks(client, make, tv, ent, 7)
    cursor, shares = None, []
    while True:
        query = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/sync/pull", query_string=query).json
        shares.append(body["progress"])
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    assert len(shares) >= 4
    assert all(0 < s < 1 for s in shares[:-1]) and shares[-1] == 1.0


def test_a_first_pull_brings_the_list_first_and_misses_nothing_written_meanwhile(api, make):
    """The first page of a first sync holds the enterprises (the first screen), even those
    changed after the checks; whatever is written while the pages come still arrives, and the
    last state of every record is the stored one."""
    park, ent, tv, _ = setup_inspector(make)
    client = api("insp")
    _push_checks(client, make, tv, ent, 5)
    later = make.enterprise(park)  # a newer version than every check
    make.commit()
    first = client.get("/api/sync/pull", query_string={"limit": 2}).json
    assert {c["entity"] for c in first["changes"]} <= FIRST and first["has_more"]
    cursor, seen = first["cursor"], list(first["changes"])
    written = []
    while True:
        body = client.get("/api/sync/pull", query_string={"limit": 2, "cursor": cursor}).json
        seen.extend(body["changes"])
        cursor = body["cursor"]
        if len(written) < 3:  # a write between pages: a check, then an enterprise edit
            written += [r["id"] for r in _push_checks(client, make, tv, ent, 1)]
            later.name = f"Đổi tên {len(written)}"
            db.session.commit()
        if not body["has_more"]:
            break
    last = {}
    for change in seen:
        last[(change["entity"], change["id"])] = change["version"]
    assert ("enterprise", later.id) in {(c["entity"], c["id"]) for c in first["changes"] + seen[:4]}
    assert all(("check", i) in last for i in written)
    db.session.refresh(later)
    assert last[("enterprise", later.id)] == later.version
    assert client.pull_all(cursor)[0] == []
