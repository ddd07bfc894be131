"""Models and migrations agree, on SQLite and on PostgreSQL; downgrade works."""

import logging
import os

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.extensions import db
from tests.conftest import PG_URL, REQUIRE_PG, make_config


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request, tmp_path):
    """An empty database: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    if not PG_URL:
        if REQUIRE_PG:
            pytest.fail("REQUIRE_PG=1 but TEST_DATABASE_URL is not set")
        pytest.skip("PostgreSQL not configured (set TEST_DATABASE_URL)")
    schema = f"mig_{os.getpid()}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _diff(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, db.metadata)


# migrations/env.py is Flask-Migrate's template: it tries the old get_engine() first.
@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_upgrade_matches_models_and_downgrade_works(empty_db_url, tmp_path):
    app = create_app(
        make_config(SQLALCHEMY_DATABASE_URI=empty_db_url, UPLOAD_FOLDER=str(tmp_path / "up"))
    )
    with app.app_context():
        upgrade()
        # alembic's logging set-up must not silence the app: a failed push is still logged
        assert not logging.getLogger("app.sync.push").disabled
        assert not logging.getLogger("app.request").disabled
        with db.engine.connect() as conn:
            assert _diff(conn) == []
            assert (
                conn.execute(sa.text("SELECT version FROM sync_state WHERE id = 1")).scalar() == 0
            )
        downgrade(revision="base")
        with db.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
        assert tables == set()
        upgrade()  # and back up again
        with db.engine.connect() as conn:
            assert _diff(conn) == []
        db.session.remove()
        db.engine.dispose()
