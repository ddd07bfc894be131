"""Precompressed static files: gzip and brotli copies made once (`flask precompress`, run by
`make run`) into the instance folder, served with Content-Encoding and Vary: Accept-Encoding.

gunicorn compresses nothing, so without these the field app's first load is ~450 KB. A copy
older than its source is never served (the plain file is, until the next `flask precompress`);
each encoding is its own file, so each gets its own ETag from send_file.
"""

import gzip
import mimetypes
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import brotli
from flask import Flask, Response, current_app, request, send_from_directory
from werkzeug.security import safe_join

COMPRESSIBLE = {".js", ".mjs", ".css", ".html", ".json", ".webmanifest", ".svg", ".txt"}
# Preferred first: brotli is ~15 % smaller than gzip on these files.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
MIN_BYTES = 256


def init_app(app: Flask) -> None:
    """Serve the console's and the festival pages' static files through send_static."""
    app.config.setdefault("PRECOMPRESSED_DIR", str(Path(app.instance_path) / "precompressed"))
    app.view_functions["static"] = _static_view("console", lambda: app.static_folder)
    festival = app.blueprints.get("festival")
    if festival is not None:
        app.view_functions["festival.static"] = _static_view(
            "festival", lambda: festival.static_folder
        )

    @app.cli.command("precompress")
    def precompress_command():
        """Write gzip and brotli copies of the static files (run at every start)."""
        print(f"precompressed {build_all(app)} files into {app.config['PRECOMPRESSED_DIR']}")


def _static_view(root: str, folder: Callable[[], str | None]):
    def view(filename: str) -> Response:
        return send_static(root, Path(folder() or ""), filename)

    return view


def roots(app: Flask) -> dict[str, Path]:
    """The static folders that get compressed copies, by name."""
    found = {"console": Path(app.static_folder)}
    if app.config.get("PWA_DIR"):  # handed down by the field app's blueprint (app/fieldapp)
        found["pwa"] = Path(app.config["PWA_DIR"])
    festival = app.blueprints.get("festival")
    if festival is not None and festival.static_folder:
        found["festival"] = Path(festival.static_folder)
    return found


def build_all(app: Flask) -> int:
    """Write the compressed copies of every static folder; return how many files were (re)made."""
    out = Path(app.config["PRECOMPRESSED_DIR"])
    return sum(build(folder, out / name) for name, folder in roots(app).items())


def build(src: Path, out: Path) -> int:
    """Compress every compressible file under src into out (same relative path + .gz/.br)."""
    made = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        if path.stat().st_size < MIN_BYTES:
            continue
        rel = path.relative_to(src)
        data = None
        for _, ext in ENCODINGS:
            target = out / f"{rel}{ext}"
            if _fresh(target, path):
                continue
            data = path.read_bytes() if data is None else data
            _write_atomic(target, _compress(data, ext))
            made += 1
    return made


def _compress(data: bytes, ext: str) -> bytes:
    if ext == ".br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def _write_atomic(target: Path, body: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(body)
    os.replace(tmp, target)


def _fresh(copy: Path, source: Path) -> bool:
    try:
        return copy.stat().st_mtime >= source.stat().st_mtime
    except FileNotFoundError:
        return False


def send_static(root: str, folder: Path, filename: str, **options) -> Response:
    """Send folder/filename, as its brotli or gzip copy when the browser takes one."""
    source = safe_join(str(folder), filename)
    compressible = Path(filename).suffix in COMPRESSIBLE
    if source and compressible and Path(source).is_file():
        out = Path(current_app.config["PRECOMPRESSED_DIR"]) / root
        for encoding, ext in ENCODINGS:
            if not request.accept_encodings[encoding]:
                continue
            copy = safe_join(str(out), filename + ext)
            if copy and _fresh(Path(copy), Path(source)):
                response = send_from_directory(
                    out, filename + ext, mimetype=_mimetype(filename), **options
                )
                response.headers["Content-Encoding"] = encoding
                response.vary.add("Accept-Encoding")
                return response
    response = send_from_directory(folder, filename, **options)
    if compressible:
        response.vary.add("Accept-Encoding")
    return response


def _mimetype(filename: str) -> str:
    if filename.endswith((".mjs", ".js")):
        return "text/javascript"
    if filename.endswith(".webmanifest"):
        return "application/manifest+json"
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"
