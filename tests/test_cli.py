"""`flask create-user`: the password prompt, scopes by park code and tax code, clear refusals."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import User

GOOD = "Kiem-tra-KCN-2026"


@pytest.fixture
def cli(app, make):
    """Invoke a flask command; parks QV1, QV2, YP1 and enterprise 2300000001 exist."""
    parks = {code: make.park(code) for code in ("QV1", "QV2", "YP1")}
    enterprise = make.enterprise(parks["QV1"])
    enterprise.tax_code = "2300000001"
    make.commit()
    runner = app.test_cli_runner()

    def invoke(*args, input=None):  # noqa: A002 - click's name
        return runner.invoke(args=list(args), input=input)

    invoke.enterprise_id = enterprise.id
    return invoke


def user(username: str) -> User | None:
    db.session.expire_all()
    return db.session.execute(select(User).where(User.username == username)).scalar()


def user_count() -> int:
    return db.session.execute(select(func.count()).select_from(User)).scalar()


def test_password_is_asked_twice_when_not_given(cli, api):
    result = cli(
        "create-user",
        "lan",
        "--role",
        "supervisor",
        input=f"{GOOD}\nsomething-else-1\n{GOOD}\n{GOOD}\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Password") >= 2 and "Repeat for confirmation" in result.output
    assert "do not match" in result.output  # the first, mistyped pair was refused
    assert GOOD not in result.output  # typed hidden
    assert "created supervisor lan" in result.output
    created = user("lan")
    assert created.role == "supervisor" and created.parks == [] and created.enterprise_id is None
    assert api().login("lan", "something-else-1").status_code == 401
    assert api().login("lan", GOOD).status_code == 200


def test_inspector_with_several_parks(cli):
    result = cli(
        "create-user",
        "binh",
        "--role",
        "inspector",
        "--park",
        "QV1",
        "--park",
        "YP1",
        "--password",
        GOOD,
        "--full-name",
        "Trần Văn Bình",
    )
    assert result.exit_code == 0, result.output
    created = user("binh")
    assert sorted(park.code for park in created.parks) == ["QV1", "YP1"]
    assert created.full_name == "Trần Văn Bình" and created.unit == "bql"


def test_hr_user_bound_to_the_enterprise_of_a_tax_code(cli):
    result = cli(
        "create-user",
        "hoa",
        "--role",
        "enterprise_hr",
        "--enterprise",
        "2300000001",
        "--password",
        GOOD,
    )
    assert result.exit_code == 0, result.output
    created = user("hoa")
    assert created.enterprise_id == cli.enterprise_id and created.unit == "enterprise"
    assert created.parks == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["hr2", "--role", "enterprise_hr"], "an enterprise_hr user needs --enterprise TAX_CODE"),
        (
            ["hr3", "--role", "enterprise_hr", "--enterprise", "2399999999"],
            "no enterprise with tax code 2399999999",
        ),
        (
            ["insp", "--role", "inspector", "--park", "QV1", "--park", "XX9"],
            "no park with code XX9",
        ),
        (
            ["insp", "--role", "inspector", "--enterprise", "2300000001"],
            "only an enterprise_hr user has an enterprise",
        ),
        (
            ["hr4", "--role", "enterprise_hr", "--enterprise", "2300000001", "--park", "QV1"],
            "give --enterprise TAX_CODE instead",
        ),
        (["insp2", "--role", "inspector"], "an inspector needs at least one --park CODE"),
    ],
    ids=[
        "hr-without-enterprise",
        "unknown-tax-code",
        "unknown-park",
        "enterprise-for-inspector",
        "park-for-hr",
        "inspector-without-park",
    ],
)
def test_refusals_are_clear_and_write_nothing(cli, args, message):
    before = user_count()
    result = cli("create-user", *args)  # no --password: refused before the prompt
    assert result.exit_code == 2, result.output
    assert message in result.output and "Password" not in result.output
    assert user_count() == before and user(args[0]) is None


def test_an_existing_username_or_weak_password_is_refused(cli):
    assert cli("create-user", "An", "--role", "admin", "--password", GOOD).exit_code == 0
    again = cli("create-user", "an", "--role", "admin", "--password", GOOD)
    assert again.exit_code == 2 and "user an already exists" in again.output
    weak = cli("create-user", "chi", "--role", "admin", input="123456789\n123456789\n")
    assert weak.exit_code == 2 and "at least 10 characters" in weak.output
    assert user_count() == 1 and user("chi") is None


def test_create_user_is_audited_like_the_console(cli):
    assert cli("create-user", "thu", "--role", "supervisor", "--password", GOOD).exit_code == 0
    from app.models import AuditLog

    created = user("thu")
    row = db.session.execute(select(AuditLog).where(AuditLog.record_id == created.id)).scalar_one()
    assert (row.action, row.user_id, row.detail["via"]) == ("user.create", None, "cli")
    assert row.detail["after"]["role"] == "supervisor"
