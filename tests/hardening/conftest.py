"""Fixtures of the hardening tests."""

import pytest

from app import create_app
from app.extensions import db
from tests.conftest import make_config


@pytest.fixture
def shared_app(backend, request, tmp_path):
    """An app whose database another process can open: PostgreSQL, or a SQLite file."""
    if backend == "postgresql":
        yield request.getfixturevalue("app")
        return
    app = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'db.sqlite'}",
            UPLOAD_FOLDER=str(tmp_path / "uploads"),
        )
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()
