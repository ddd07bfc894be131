"""The kept figures' recounts are planned through indexes on PostgreSQL, whatever the
statistics say, and the planner settings they change do not outlive them.

A push recounts the figures of its own few hundred checks. On tables that grew fast since
their last ANALYZE the planner believed them small and scanned them whole, so each push cost
more as the database grew (bench/push_growth.py --pg: 7x slower at 100,000 checks).
"""

import uuid

import pytest
from sqlalchemy import text

from app.extensions import db
from app.reports.kept import PLANNER_SETTINGS, planned_by_index
from app.reports.kept_checks import findings_insert


def plan_of(statement) -> str:
    """PostgreSQL's plan of a statement (EXPLAIN, not run)."""
    sql = statement.compile(dialect=db.engine.dialect, compile_kwargs={"literal_binds": True})
    rows = db.session.execute(text(f"EXPLAIN {sql}"))
    return "\n".join(row[0] for row in rows)


def settings() -> tuple:
    read = ", ".join(f"current_setting('{name}')" for name in PLANNER_SETTINGS)
    return tuple(db.session.execute(text(f"SELECT {read}")).one())


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_push_recount_reads_its_checks_by_index_and_restores_the_planner(app):
    db.session.execute(text("ANALYZE inspection_check"))  # statistics of empty tables
    db.session.execute(text("ANALYZE finding"))
    batch = [str(uuid.uuid4()) for _ in range(500)]
    before = settings()

    with planned_by_index(db.session):
        plan = plan_of(findings_insert(batch))
        assert "Seq Scan" not in plan, plan
        assert "Index" in plan, plan
        assert settings() == ("off", "off", "off")

    assert settings() == before  # later queries of the transaction plan as usual
    db.session.rollback()
