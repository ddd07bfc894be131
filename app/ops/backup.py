"""flask backup / flask restore: a consistent copy of the SQLite database and the photos."""

import hashlib
import io
import json
import sqlite3
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import click
from flask import Flask, current_app

from app.extensions import db

MANIFEST = "manifest.json"
DB_NAME = "database.sqlite"
PG_MESSAGE = (
    "The database is PostgreSQL: back it up with pg_dump and put it back with "
    "pg_restore (see docs/deploy.md, section Backups). Use --uploads-only to archive "
    "the photos alone."
)


def sqlite_path() -> Path | None:
    """Return the file of the SQLite database, or None for PostgreSQL / in-memory SQLite."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve()


def sha256_file(path: Path) -> str:
    """Hash a file in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database with the backup API, page by page.

    Consistent while the source is written (backup), and it overwrites a live target's
    content with its WAL handled by SQLite (restore).
    """
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def table_counts(path: Path) -> dict[str, int]:
    """Count the rows of every table of a SQLite file."""
    conn = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
            for name in sorted(names)
        }
    finally:
        conn.close()


def make_backup(out_dir: Path, uploads_only: bool = False) -> Path:
    """Write backup-<UTC time>.tar.gz with the database, the uploads and a manifest."""
    source = sqlite_path()
    if source is None and not uploads_only:
        raise click.ClickException(
            PG_MESSAGE
            if db.engine.url.get_backend_name() != "sqlite"
            else "An in-memory database cannot be backed up."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    files: dict[str, dict] = {}
    manifest = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(),
        "files": files,
        "database": None if uploads_only else "sqlite",
        "tables": {},
    }
    target = out_dir / f"backup-{stamp}.tar.gz"
    partial = target.with_suffix(".partial")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(partial, "w:gz") as tar:
        if not uploads_only:
            copy = Path(tmp) / DB_NAME
            copy_sqlite(source, copy)
            manifest["tables"] = table_counts(copy)
            _add(tar, files, copy, DB_NAME)
        if uploads.is_dir():
            for path in sorted(p for p in uploads.rglob("*") if p.is_file()):
                if not path.name.startswith(".upload-"):  # an upload still being written
                    _add(tar, files, path, f"uploads/{path.relative_to(uploads).as_posix()}")
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    partial.replace(target)
    return target


def _add(tar: tarfile.TarFile, files: dict, path: Path, name: str) -> None:
    files[name] = {"sha256": sha256_file(path), "size": path.stat().st_size}
    tar.add(path, arcname=name, recursive=False)


def _safe_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return bool(parts) and not PurePosixPath(name).is_absolute() and ".." not in parts


def restore_backup(archive: Path) -> dict:
    """Put a backup back: check every hash first, then the database, then the photos."""
    target = sqlite_path()
    if target is None:
        raise click.ClickException(PG_MESSAGE.split(" Use --uploads-only")[0])
    uploads = Path(current_app.config["UPLOAD_FOLDER"])
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        for name in manifest["files"]:
            if not _safe_member(name):
                raise click.ClickException(f"unsafe path in the archive: {name}")
        tar.extractall(tmp, members=[tar.getmember(n) for n in manifest["files"]], filter="data")
        for name, meta in manifest["files"].items():
            if sha256_file(Path(tmp) / name) != meta["sha256"]:
                raise click.ClickException(f"damaged archive: {name} does not match its hash")
        if manifest.get("database") == "sqlite":
            db.session.remove()
            db.engine.dispose()
            copy_sqlite(Path(tmp) / DB_NAME, target)
        for name in manifest["files"]:
            if name.startswith("uploads/"):
                dest = uploads / name.removeprefix("uploads/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                (Path(tmp) / name).replace(dest)
    return manifest


def init_ops_cli(app: Flask) -> None:
    """Register flask backup and flask restore."""

    @app.cli.command("backup")
    @click.option(
        "--out", "out_dir", default=None, help="Folder for the archive (default: instance/backups)"
    )
    @click.option("--uploads-only", is_flag=True, help="Only the photos (PostgreSQL servers)")
    def backup_command(out_dir, uploads_only):
        """Archive the SQLite database and the photos, safely while the server runs."""
        folder = Path(out_dir) if out_dir else Path(current_app.instance_path) / "backups"
        archive = make_backup(folder, uploads_only)
        click.echo(str(archive))

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation")
    def restore_command(archive, yes):
        """Replace the SQLite database (and add the photos) from a backup archive."""
        if sqlite_path() is None:
            raise click.ClickException(PG_MESSAGE.split(" Use --uploads-only")[0])
        if not yes:
            click.confirm(f"Replace the database {sqlite_path()} with {archive.name}?", abort=True)
        manifest = restore_backup(archive)
        rows = sum(manifest.get("tables", {}).values())
        click.echo(
            f"restored {archive.name}: {rows} rows, "
            f"{sum(1 for n in manifest['files'] if n.startswith('uploads/'))} files"
        )
