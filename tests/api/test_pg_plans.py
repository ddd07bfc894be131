"""On PostgreSQL, a statement a connection runs again and again is planned for the tables as
they are each time: no generic plan, made while a table was small, is kept (app/sync/versioning.py,
_plan_each_time). A kept plan turned a push's lookup of findings by id into a sequential scan
that grew with every batch."""

import uuid

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Finding


def test_a_repeated_statement_is_never_run_on_a_kept_generic_plan(app, backend):
    if backend == "sqlite":
        pytest.skip("SQLite plans every statement as it prepares it")
    table = Finding.__table__
    lookup = select(table.c.id, table.c.check_id).where(table.c.id.in_([str(uuid.uuid4())]))
    connection = db.session.connection()
    for _ in range(12):  # psycopg prepares it after five; PostgreSQL weighs a generic plan
        connection.execute(lookup).all()

    plans = connection.execute(
        text(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement LIKE '%FROM finding%'"
        )
    ).all()

    assert plans, "the lookup was not prepared: psycopg's prepared statements are off"
    assert all(generic == 0 and custom >= 1 for generic, custom in plans), plans
