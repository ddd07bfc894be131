"""flask backup / flask restore: every record and every photo comes back."""

import tarfile

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from tests.conftest import make_config
from tests.factories import Factory
from tests.hardening.util import attendance_mutation, check_mutation, jpeg, sha, world


def _dump() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    out = {}
    for table in db.metadata.sorted_tables:
        rows = db.session.execute(sa.select(table)).all()
        out[table.name] = sorted(tuple(str(v) for v in row) for row in rows)
    return out


@pytest.fixture
def file_app(tmp_path):
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


def _fill(app) -> list[bytes]:
    from tests.conftest import ApiClient

    make = Factory()
    w = world(make)
    client = ApiClient(app.test_client())
    assert client.login("insp").status_code == 200
    photos = [jpeg() for _ in range(3)]
    for photo in photos:
        assert client.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
    mutations = [check_mutation(make, w, sha(p)) for p in photos]
    assert all(r["status"] == "applied" for r in client.push(mutations).json["results"])
    hr = ApiClient(app.test_client())
    assert hr.login("hr").status_code == 200
    rows = [attendance_mutation(make, w["event_a"], n) for n in range(50)]
    assert all(r["status"] == "applied" for r in hr.push(rows).json["results"])
    return photos


def test_backup_restore_round_trip(file_app, tmp_path):
    photos = _fill(file_app)
    before = _dump()
    assert len(before["attendance"]) == 50 and len(before["inspection_check"]) == 3
    runner = file_app.test_cli_runner()
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "bk")])
    assert result.exit_code == 0, result.output
    archive = result.output.strip()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "database.sqlite" in names
    assert sum(n.startswith("uploads/") for n in names) == 3

    # Lose everything: the rows and the photos.
    db.session.remove()
    db.drop_all()
    db.create_all()
    for path in (tmp_path / "uploads").rglob("*"):
        if path.is_file():
            path.unlink()
    assert _dump()["attendance"] == []

    result = runner.invoke(args=["restore", archive, "--yes"])
    assert result.exit_code == 0, result.output
    db.session.remove()
    assert _dump() == before
    client = file_app.test_client()
    client.post("/api/auth/login", json={"username": "sup", "password": "pw"})
    for photo in photos:
        response = client.get(f"/api/attachments/{sha(photo)}")
        assert response.status_code == 200 and response.data == photo


def test_backup_while_writing(file_app, tmp_path):
    """A backup taken with a write transaction open holds only committed data."""
    _fill(file_app)
    committed = db.session.execute(sa.text("SELECT COUNT(*) FROM attendance")).scalar_one()
    db.session.execute(sa.text("DELETE FROM attendance"))  # not committed
    runner = file_app.test_cli_runner()
    result = runner.invoke(args=["backup", "--out", str(tmp_path / "bk")])
    db.session.rollback()
    assert result.exit_code == 0, result.output
    import json

    with tarfile.open(result.output.strip()) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["tables"]["attendance"] == committed == 50


def test_damaged_archive_refused(file_app, tmp_path):
    _fill(file_app)
    runner = file_app.test_cli_runner()
    archive = runner.invoke(args=["backup", "--out", str(tmp_path / "bk")]).output.strip()
    bad = tmp_path / "bad.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(bad, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("uploads/"):
                data = data[:-1] + b"!"
            member.size = len(data)
            import io

            dst.addfile(member, io.BytesIO(data))
    result = runner.invoke(args=["restore", str(bad), "--yes"])
    assert result.exit_code != 0 and "damaged" in result.output


def test_postgresql_refused_with_recipe(app, backend, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["backup", "--out", str(tmp_path)])
    if backend == "postgresql":
        assert result.exit_code != 0 and "pg_dump" in result.output
        result = runner.invoke(args=["restore", __file__, "--yes"])
        assert result.exit_code != 0 and "pg_restore" in result.output
        result = runner.invoke(args=["backup", "--uploads-only", "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
    else:  # the fixture's SQLite is in memory
        assert result.exit_code != 0 and "in-memory" in result.output
