"""Every SQLite connection of the app is set up alike: WAL, foreign keys, a page cache that a
year of a province fits in (SQLITE_CACHE_MB)."""

import sqlalchemy as sa

from app import create_app
from app.extensions import db
from tests.conftest import make_config


def pragmas(tmp_path, **config) -> dict:
    app = create_app(
        make_config(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.sqlite'}", **config)
    )
    with app.app_context():
        try:
            with db.engine.connect() as conn:
                return {
                    name: conn.execute(sa.text(f"PRAGMA {name}")).scalar()
                    for name in ("cache_size", "journal_mode", "foreign_keys")
                }
        finally:
            db.engine.dispose()


def test_each_connection_gets_the_cache_wal_and_foreign_keys(tmp_path):
    assert pragmas(tmp_path) == {"cache_size": -64 * 1024, "journal_mode": "wal", "foreign_keys": 1}


def test_the_cache_follows_the_setting(tmp_path):
    assert pragmas(tmp_path, SQLITE_CACHE_MB=8)["cache_size"] == -8 * 1024
