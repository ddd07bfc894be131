"""A pulled check's data as the database assembles it, or as it was kept at a write, equals
what to_data gives, closures set, for generated stored objects, server fields and closures,
on both databases."""

import uuid
from datetime import UTC, datetime

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import Check, Finding
from app.sync.handlers import HANDLERS
from app.sync.pull import _columns, _data
from app.sync.pulled_kept import text_of
from tests.api.util import setup_inspector
from tests.fuzz import examples

CHECK = HANDLERS["check"]
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30
)
SCALAR = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT
JSON = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
MOMENT = st.none() | st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)
).map(lambda moment: moment.replace(tzinfo=UTC))
WHOLE_SECOND = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda moment: moment.replace(microsecond=0, tzinfo=UTC)
)
FINDING = st.fixed_dictionaries(
    {"severity": st.sampled_from(["low", "high"]), "description": TEXT},
    optional={"extra": JSON, "closed_at": st.just("device's own")},
)


@st.composite
def stored_checks(draw):
    """A check's stored object, its server columns and which of its findings are closed."""
    findings = draw(st.lists(FINDING, max_size=5))
    for finding in findings:
        finding["id"] = str(uuid.uuid4())
    data = draw(st.dictionaries(TEXT, JSON, max_size=4))
    data |= {"findings": findings} if draw(st.booleans()) or findings else {}
    if draw(st.booleans()):
        data["status"] = "the device's own, replaced"
    closed = {
        f["id"]: (draw(MOMENT | WHOLE_SECOND) or datetime(2026, 12, 7, tzinfo=UTC), draw(TEXT))
        for f in findings
        if draw(st.booleans())
    }
    columns = {
        "review_comment": draw(st.none() | TEXT),
        "reviewed_at": draw(MOMENT),
        "first_sent_at": draw(MOMENT | WHOLE_SECOND),
        "last_sent_at": draw(MOMENT),
        "send_count": draw(st.integers(0, 5)),
        "receipt": draw(st.none() | st.text("ABC0123", max_size=8)),
    }
    return data, columns, closed


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(stored=stored_checks())
def test_the_database_assembles_what_to_data_gives(make, stored):
    data, columns, closed = stored
    park, ent, tv, user = setup_inspector(make, username=f"i{uuid.uuid4().hex[:8]}")
    check = Check(
        id=str(uuid.uuid4()),
        version=1,
        template_version_id=tv.id,
        enterprise_id=ent.id,
        park_id=park.id,
        author_id=user.id,
        status="returned",
        started_at=datetime(2026, 12, 7, tzinfo=UTC),
        data=data,
        **columns,
    )
    db.session.add(check)
    db.session.flush()
    for finding in data.get("findings", []):
        closed_at, note = closed.get(finding["id"], (None, None))
        db.session.add(
            Finding(
                id=finding["id"],
                check_id=check.id,
                enterprise_id=ent.id,
                park_id=park.id,
                severity=finding["severity"],
                description="",
                closed_at=closed_at,
                closed_note=note,
            )
        )
    db.session.commit()
    try:
        table = Check.__table__
        dialect = db.engine.dialect.name
        pulled = select(*_columns("check", dialect == "sqlite")).where(table.c.id == check.id)
        row = db.session.execute(pulled).one()
        assembled = orjson.loads(orjson.dumps(_data(CHECK, row)))
        whole = db.session.execute(select(table).where(table.c.id == check.id)).one()
        expected = [{"id": check.id, "data": CHECK.to_data(whole)}]
        CHECK.enrich(expected)
        assert assembled == expected[0]["data"]
        assert [f["id"] for f in assembled.get("findings", [])] == [
            f["id"] for f in data.get("findings", [])
        ]
        # The text kept at a write (app/sync/pulled_kept.py) says the same, and is sent
        # unless a finding is closed (closures are set at the pull).
        kept = text_of(CHECK, table, dialect)
        db.session.execute(
            update(table)
            .where(table.c.id == check.id)
            .values(pulled_text=kept, pulled_version=table.c.version)
        )
        db.session.commit()
        row = db.session.execute(pulled).one()
        assert (row._kept is not None) == (not closed)
        assert orjson.loads(orjson.dumps(_data(CHECK, row))) == expected[0]["data"]
    finally:
        db.session.rollback()
        db.session.execute(delete(Finding))
        db.session.execute(delete(Check))
        db.session.commit()
