"""The load benchmark, small: 10 devices against a real gunicorn; nothing lost or doubled."""

import pytest

from app.extensions import db
from bench.load_bench import run_bench


@pytest.fixture
def db_url(backend, request, tmp_path):
    """A database URL another process can open; PostgreSQL is emptied by the app fixture."""
    if backend == "postgresql":
        request.getfixturevalue("app")
        url = db.engine.url.render_as_string(hide_password=False)
        db.session.remove()
        return url
    return f"sqlite:///{tmp_path / 'load.sqlite'}"


def test_load_small(db_url, tmp_path):
    result = run_bench(
        db_url,
        devices=10,
        checks=3,
        attendance=60,
        threads=10,
        workers=2,
        max_seconds=240,
        tmp=tmp_path,
    )
    counts = result["counts"]
    assert counts["checks"] == 30 and counts["attachments"] == 30
    assert counts["attendance"] == 600 and counts["applied_mutations"] == 630
    assert result["console_visits"] > 0
