"""The rule: a pull sends what a check is now, whoever wrote it last.

A check's pulled text is kept at each write (app/sync/pulled_kept.py). Generated sequences of
everything that changes a pulled check (device pushes, a later check closing a finding, a
supervisor's approval or return, a closure from the console, a delete) must leave every pulled
check equal to what to_data and its closures give now, on both databases; and every check the
app wrote with no closed finding must be sent from its kept text (else the pull is slow).
"""

import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from app.console.planning import close_finding
from app.extensions import db
from app.models import Check, Finding
from app.review.decisions import review_check
from app.sync.handlers import HANDLERS
from app.sync.handlers.base import _Written
from tests.api.util import results, setup_inspector
from tests.fuzz import examples

CHECK = HANDLERS["check"]
WORDS = st.sampled_from(["Thiếu bình chữa cháy", "Cổng phụ không khóa", "", 'Dấu "nháy"'])
CHECKS = 3
OPERATION = st.one_of(
    st.tuples(
        st.just("push"),
        st.integers(0, CHECKS - 1),
        st.sampled_from(["draft", "submitted"]),
        st.integers(0, 2),
        WORDS,
    ),
    st.tuples(st.just("close_by_later_check"), st.integers(0, CHECKS - 1)),
    st.tuples(
        st.just("review"), st.integers(0, CHECKS - 1), st.sampled_from(["approve", "return"])
    ),
    st.tuples(st.just("close_from_console"), st.integers(0, CHECKS - 1)),
    st.tuples(st.just("delete"), st.integers(0, CHECKS - 1)),
)


def _row(check_id: str):
    table = Check.__table__
    return db.session.execute(select(table).where(table.c.id == check_id)).one_or_none()


def _push(client, make, tv, ent, check_id: str, data: dict, op: str = "upsert") -> None:
    row = _row(check_id)
    base = row.version if row is not None else 0
    mutation = make.mutation("check", data, record_id=check_id, base_version=base, op=op)
    assert client.push([mutation]).status_code == 200


def _open_finding(check_id: str) -> Finding | None:
    query = select(Finding).where(Finding.check_id == check_id, Finding.closed_at.is_(None))
    return db.session.execute(query.limit(1)).scalar()


def _apply(step, client, make, tv, ent, ids: list[str], supervisor) -> None:
    kind, index = step[0], step[1]
    check_id = ids[index]
    if kind == "push":
        _, _, status, count, words = step
        findings = [
            {
                "id": str(uuid.uuid5(uuid.UUID(check_id), str(n))),
                "severity": "high",
                "item_code": "A.1",
                "description": words,
            }
            for n in range(count)
        ]
        data = make.check_data(tv, ent, status=status, findings=findings, notes=words)
        _push(client, make, tv, ent, check_id, data)
    elif kind == "close_by_later_check":
        finding = _open_finding(check_id)
        if finding is not None:
            closing = [{"finding_id": finding.id, "note": "Đã khắc phục"}]
            later = make.check_data(tv, ent, status="submitted", closed_findings=closing)
            _push(client, make, tv, ent, str(uuid.uuid4()), later)
    elif kind == "review":
        check = db.session.get(Check, check_id)
        if check is not None and check.status == "submitted":
            review_check(supervisor, check, step[2], "Bổ sung ảnh" if step[2] == "return" else "")
            db.session.commit()
    elif kind == "close_from_console":
        finding = _open_finding(check_id)
        if finding is not None:
            close_finding(supervisor, finding, "Đã kiểm tra lại")
            db.session.commit()
    elif _row(check_id) is not None:  # a delete (refused once the check was sent)
        _push(client, make, tv, ent, check_id, {}, op="delete")
    db.session.expire_all()


@settings(
    max_examples=examples(25),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(OPERATION, min_size=1, max_size=10))
def test_every_write_leaves_the_pulled_check_as_it_is_now(api, make, steps):
    suffix = uuid.uuid4().hex[:8]
    park, ent, tv, _ = setup_inspector(make, username=f"i{suffix}")
    supervisor = make.user(f"s{suffix}", role="supervisor", parks=[park])
    make.commit()
    client = api(f"i{suffix}")
    ids = [str(uuid.uuid4()) for _ in range(CHECKS)]
    try:
        for step in steps:
            _apply(step, client, make, tv, ent, ids, supervisor)
        changes, _ = client.pull_all()
        pulled = {c["id"]: c for c in changes if c["entity"] == "check"}
        for check_id, change in pulled.items():
            row = _row(check_id)
            assert change["version"] == row.version
            if row.deleted:
                assert change["deleted"] is True
                continue
            expected = [{"id": check_id, "data": CHECK.to_data(row)}]
            CHECK.enrich(expected)
            assert change["data"] == expected[0]["data"]
            assert row.pulled_version == row.version  # kept at the last write
    finally:
        db.session.rollback()
        db.session.execute(delete(Finding))
        db.session.execute(delete(Check))
        db.session.commit()


def test_keep_pulled_text_fills_checks_written_before_an_upgrade(app, api, make):
    park, ent, tv, _ = setup_inspector(make)
    client = api("insp")

    def findings(n: int) -> list[dict]:
        return [{"id": str(uuid.uuid4()), "severity": "high", "description": "Thiếu PCCC"}] * n

    mutations = [
        make.mutation("check", make.check_data(tv, ent, findings=findings(n % 2))) for n in range(5)
    ]
    assert all(r["status"] == "applied" for r in results(client.push(mutations)))
    before, _ = client.pull_all()
    table = Check.__table__
    db.session.execute(update(table).values(pulled_text=None, pulled_version=None))
    db.session.commit()  # as an older version of the server left them

    answer = app.test_cli_runner().invoke(args=["keep-pulled-text"])

    assert answer.exit_code == 0 and "kept the pulled text of 5 rows" in answer.output
    rows = db.session.execute(select(table.c.version, table.c.pulled_version)).all()
    assert len(rows) == 5 and all(kept == version for version, kept in rows)
    after, _ = api("insp").pull_all()
    assert [c for c in after if c["entity"] == "check"] == [
        c for c in before if c["entity"] == "check"
    ]


def test_a_value_orjson_refuses_is_kept_as_the_json_columns_keep_it(app):
    # The push's schema refuses unknown fields and bounds answers today; a kept text must
    # still never turn a stored value into a failed push (nothing typed on a phone is lost).
    row = {"id": "c1", "data": {"notes": "Ghi chú", "legacy": 2**70}, "status": "submitted"}

    kept = CHECK.pulled_text(row)

    assert json.loads(kept)["legacy"] == 2**70
    assert json.loads(kept) == CHECK.to_data(_Written(row))
