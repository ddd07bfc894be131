"""Migration 20261207_a4e1c7b3d9f2 on old rows: CCCD badge codes re-minted, legal forms read."""

import datetime as dt

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from tests.api.test_migrations import empty_db_url  # noqa: F401 - the fixture
from tests.conftest import make_config

CCCD = "001222040758"
BEFORE = "f3c8d1e6a2b5"


def _filler(column: sa.Column):
    """A value for a required column the test does not care about."""
    kind = column.type.python_type if hasattr(column.type, "python_type") else str
    return {
        bool: False,
        int: 0,
        float: 0.0,
        dt.datetime: dt.datetime(2025, 8, 19, tzinfo=dt.UTC),
        dt.date: dt.date(2025, 8, 19),
    }.get(kind, "")


def insert(conn, table_name: str, **values) -> None:
    """Insert a row, filling the required columns the test leaves out."""
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    for column in table.c:
        if column.name not in values and not column.nullable and column.server_default is None:
            values[column.name] = _filler(column)
    conn.execute(table.insert().values(**values))


def old_rows(conn) -> None:
    insert(conn, "park", id="p1", code="QV1", name="KCN Quế Võ", version=1)
    insert(
        conn,
        "enterprise",
        id="e1",
        park_id="p1",
        name="Công ty cổ phần May Tiên Sơn",
        tax_code="2300000001",
        ownership="private",
        version=2,
    )
    insert(
        conn,
        "roster_person",
        id="r1",
        enterprise_id="e1",
        park_id="p1",
        employee_number=CCCD,
        name="Nguyễn Thị Hoa",
        version=3,
    )
    insert(
        conn,
        "roster_person",
        id="r2",
        enterprise_id="e1",
        park_id="p1",
        employee_number="NV002",
        name="Trần Văn Đức",
        version=4,
    )
    insert(conn, "event", id="ev1", enterprise_id="e1", park_id="p1", title="Ngày hội", version=5)
    insert(
        conn,
        "attendance",
        id="a1",
        event_id="ev1",
        enterprise_id="e1",
        park_id="p1",
        person_key=f"no:{CCCD}",
        employee_number=CCCD,
        name="Nguyễn Thị Hoa",
        version=6,
    )
    insert(
        conn,
        "gift",
        id="g1",
        event_id="ev1",
        enterprise_id="e1",
        park_id="p1",
        person_key=f"no:{CCCD}",
        employee_number=CCCD,
        recipient_name="Nguyễn Thị Hoa",
        version=7,
    )
    conn.execute(sa.text("UPDATE sync_state SET version = 7 WHERE id = 1"))


@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_cccd_badge_codes_move_to_id_card_and_their_rows_follow(empty_db_url, tmp_path):  # noqa: F811
    app = create_app(
        make_config(SQLALCHEMY_DATABASE_URI=empty_db_url, UPLOAD_FOLDER=str(tmp_path / "up"))
    )
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            old_rows(conn)
        upgrade()
        with db.engine.connect() as conn:
            q = lambda sql: conn.execute(sa.text(sql)).all()  # noqa: E731
            people = dict(
                (r[0], r[1:])
                for r in q("SELECT id, employee_number, id_card, version FROM roster_person")
            )
            code = people["r1"][0]
            assert code.startswith("QR-") and people["r1"][1] == CCCD
            assert people["r2"] == ("NV002", "", 4)  # a staff number stays as it was
            assert q("SELECT employee_number, person_key FROM attendance") == [(code, f"no:{code}")]
            assert q("SELECT employee_number, person_key FROM gift") == [(code, f"no:{code}")]
            versions = [
                v
                for (v,) in q(
                    "SELECT version FROM roster_person WHERE id = 'r1' UNION ALL "
                    "SELECT version FROM attendance UNION ALL SELECT version FROM gift"
                )
            ]
            top = q("SELECT version FROM sync_state")[0][0]
            assert sorted(versions) == [8, 9, 10] and top == 10  # re-stamped: phones pull them
            assert q("SELECT legal_form, ownership FROM enterprise") == [("co_phan", "private")]
        db.session.remove()
        db.engine.dispose()
