"""Users: create, change role and scope (reaches the device's pull), reset password."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.access.accounts import username_problem
from app.extensions import db
from app.models import AuditLog, User


@pytest.fixture
def world(app, make):
    park_a, park_b = make.park(name="KCN Quế Võ"), make.park(name="KCN Tiên Sơn")
    ent_a, ent_b = make.enterprise(park_a), make.enterprise(park_b)
    make.template()
    make.user("boss", role="admin")
    insp = make.user("insp", parks=[park_a, park_b])
    make.commit()
    return {"a": park_a, "b": park_b, "ent_a": ent_a, "ent_b": ent_b, "insp": insp}


def _post(client, url, **data):
    return client.post(url, data={"csrf_token": client.csrf, **data})


def test_create_user_with_scope(world, console):
    client = console("boss")
    bad = _post(
        client, "/console/admin/users/new", username="hr1", password="short", role="enterprise_hr"
    )
    assert bad.status_code == 400
    assert db.session.scalar(select(User).where(User.username == "hr1")) is None
    ok = _post(
        client,
        "/console/admin/users/new",
        username="HR1",
        password="Mật khẩu dài 2026",
        full_name="Lê Thị Hoa",
        role="enterprise_hr",
        enterprise_id=world["ent_a"].id,
        unit="enterprise",
    )
    assert ok.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "hr1"))
    assert user.enterprise_id == world["ent_a"].id and user.parks == []
    assert db.session.scalar(
        select(AuditLog).where(AuditLog.action == "user.create", AuditLog.record_id == user.id)
    )


def test_scope_change_reaches_the_pull_as_revocation(world, console, api):
    device = api("insp")
    changes, cursor = device.pull_all()
    assert {c["id"] for c in changes if c["entity"] == "park"} == {world["a"].id, world["b"].id}
    client = console("boss")
    response = client.post(
        f"/console/admin/users/{world['insp'].id}",
        data={
            "csrf_token": client.csrf,
            "role": "inspector",
            "parks": [world["a"].id],
            "active": "1",
            "full_name": "Phạm Văn Kiểm",
        },
    )
    assert response.status_code == 302
    # A scope change ends the user's sessions (issue 15): the phone signs in again, and its
    # next pull from the cursor it kept brings the revocation.
    assert device.get("/api/sync/pull", query_string={"cursor": cursor}).status_code == 401
    assert device.login("insp").status_code == 200
    changes, _ = device.pull_all(cursor)
    revoked = [c for c in changes if c["data"] == {"revoked": True}]
    assert [(c["entity"], c["id"], c["deleted"]) for c in revoked] == [
        ("park", world["b"].id, True)
    ]
    audit = db.session.scalar(select(AuditLog).where(AuditLog.action == "user.update"))
    assert audit.detail["before"]["parks"] != audit.detail["after"]["parks"]


def test_password_reset_ends_sessions_and_deactivate(world, console, api):
    device = api("insp")
    assert device.get("/api/auth/me").status_code == 200
    client = console("boss")
    assert (
        _post(
            client, f"/console/admin/users/{world['insp'].id}/password", password="123"
        ).status_code
        == 400
    )
    response = _post(
        client,
        f"/console/admin/users/{world['insp'].id}/password",
        password="Một mật khẩu mới 2026",
    )
    assert response.status_code == 302
    assert device.get("/api/auth/me").status_code == 401
    assert api().login("insp", "Một mật khẩu mới 2026").status_code == 200
    _post(
        client, f"/console/admin/users/{world['insp'].id}", role="inspector", parks=[world["a"].id]
    )  # "active" left unticked: deactivated
    assert api().login("insp", "Một mật khẩu mới 2026").status_code != 200


def test_admin_is_told_when_a_change_signs_the_user_out(world, console):
    client = console("boss")
    url = f"/console/admin/users/{world['insp'].id}"
    common = {"role": "inspector", "active": "1", "parks": [world["a"].id, world["b"].id]}
    renamed = _post(client, url, full_name="Phạm Văn Kiểm", **common)
    page = client.get(renamed.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu." in page and "đăng nhập lại" not in page
    moved = _post(client, url, full_name="Phạm Văn Kiểm", **(common | {"parks": [world["a"].id]}))
    page = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "Đã lưu. Người dùng phải đăng nhập lại trên mọi thiết bị." in page


def test_console_and_cli_share_the_scope_rules(world, console, app):
    """An inspector without a park sees nothing: the form refuses one, as create-user does."""
    client = console("boss")
    refused = _post(
        client,
        "/console/admin/users/new",
        username="kiem",
        password="Mật khẩu dài 2026",
        role="inspector",
    )
    assert refused.status_code == 400
    assert "Cán bộ kiểm tra cần được giao ít nhất một KCN." in refused.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.username == "kiem")) is None
    # An enterprise chosen on the form is dropped for a role that holds none.
    ok = _post(
        client,
        "/console/admin/users/new",
        username="kiem",
        password="Mật khẩu dài 2026",
        role="inspector",
        parks=[world["a"].id],
        enterprise_id=world["ent_a"].id,
    )
    assert ok.status_code == 302
    user = db.session.scalar(select(User).where(User.username == "kiem"))
    assert user.enterprise_id is None and [p.id for p in user.parks] == [world["a"].id]


# Issue 23, item 11: look-alike user names (Cyrillic ѕ, a zero-width space) were accepted.
LOOKALIKES = {
    "\u0455upervisor": "letters a-z",  # Cyrillic small dze
    "supervisor\u200b": "letters a-z",  # a trailing zero-width space
    "ｉｎｓｐ": "taken",  # full-width letters: NFKC makes them "insp"
    "1nsp": "looks like",
    "in.sp": "looks like",
    "Nguyễn": "letters a-z",
}


@pytest.mark.parametrize("name", list(LOOKALIKES))
def test_a_lookalike_username_is_refused(world, console, name):
    client = console("boss")
    client.post("/console/language", data={"csrf_token": client.csrf, "language": "en"})
    response = _post(
        client,
        "/console/admin/users/new",
        username=name,
        password="Mật khẩu dài 2026",
        full_name="Người lạ",
        role="inspector",
        parks=world["a"].id,
        unit="police",
    )
    assert response.status_code == 400
    assert LOOKALIKES[name] in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_a_username_is_stored_normalised(world, console):
    client = console("boss")
    response = _post(
        client,
        "/console/admin/users/new",
        username="  ＴＲＡＮ.van-b ",
        password="Mật khẩu dài 2026",
        full_name="Trần Văn B",
        role="inspector",
        parks=world["a"].id,
        unit="police",
    )
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.username == "tran.van-b")) is not None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["0", "1", "i", "j", ".", "_", "-", "rn", "vv", "cl"]), max_size=3),
    st.sampled_from(["admin", "supervisor", "police1", "dominic", "wolf"]),
    st.randoms(use_true_random=False),
)
def test_no_lookalike_of_an_existing_name_passes(inserts, base, rnd):
    """Any name made from an existing one by look-alike swaps and separators is refused."""
    swaps = {"o": "0", "l": "1", "i": "1", "m": "rn", "w": "vv", "d": "cl", "s": "5"}
    name = "".join(swaps[c] if c in swaps and rnd.random() < 0.5 else c for c in base)
    for piece in inserts:
        if piece in "._-":
            at = rnd.randint(1, len(name) - 1)
            name = name[:at] + piece + name[at:]
    problem = username_problem(name, [base])
    assert problem is not None, name
