"""How each database is set up for a year of writes (app/sync/versioning.py).

On PostgreSQL, a statement a connection runs again and again is planned for the tables as they
are each time: no generic plan, made while a table was small, is kept (a kept plan turned a
push's lookup of findings by id into a sequential scan that grew with every batch). The
embedded SQLite file keeps 64 MB of pages per connection, in WAL mode.
"""

import uuid

import pytest
from sqlalchemy import select, text

from app import create_app
from app.extensions import db
from app.models import Finding
from app.sync.versioning import SQLITE_CACHE_KIB
from tests.conftest import make_config


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


def test_the_embedded_file_keeps_a_year_of_index_pages_in_wal_mode(tmp_path):
    url = f"sqlite:///{tmp_path / 'antt.sqlite'}"
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            pragma = {
                name: connection.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("cache_size", "journal_mode", "synchronous")
            }
        finally:
            connection.close()
        db.engine.dispose()
    assert pragma == {"cache_size": -SQLITE_CACHE_KIB, "journal_mode": "wal", "synchronous": 1}
    assert SQLITE_CACHE_KIB >= 65_536
