"""Static files go out as their brotli or gzip copies (made once by `flask precompress`), with
Content-Encoding, Vary: Accept-Encoding and one ETag per encoding; stale copies never."""

import gzip
import json
import os
import re
from pathlib import Path

import brotli
import pytest

from app import create_app
from app.fieldapp.views import PWA_DIR
from tests.conftest import make_config

SHELL = [
    "/app/",
    "/app/dist/main.js",
    "/app/js/main.js",
    "/app/vendor/dexie.min.mjs",
    "/app/css/app.css",
    "/app/i18n/vi.json",
    "/app/manifest.webmanifest",
    "/static/console/console.css",
    "/static/console/console.js",
]


def fetch(client, path, **headers):
    """GET path with these headers; the response is read and closed (no open file left)."""
    response = client.get(path, headers={k.replace("_", "-"): v for k, v in headers.items()})
    response.get_data()
    response.close()
    return response


@pytest.fixture
def static_app(tmp_path):
    """An app (no database needed) whose compressed copies live in a temp folder."""
    app = create_app(
        make_config(PRECOMPRESSED_DIR=str(tmp_path / "out"), SQLALCHEMY_DATABASE_URI="sqlite://")
    )
    result = app.test_cli_runner().invoke(args=["precompress"])
    assert result.exit_code == 0, result.output
    return app


@pytest.mark.parametrize("path", SHELL)
def test_shell_and_console_files_come_compressed(static_app, path):
    client = static_app.test_client()
    plain = fetch(client, path, Accept_Encoding="identity")
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    assert "Accept-Encoding" in plain.headers["Vary"]
    br = fetch(client, path, Accept_Encoding="gzip, deflate, br")
    assert br.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in br.headers["Vary"]
    assert br.headers["Content-Type"] == plain.headers["Content-Type"]
    assert brotli.decompress(br.data) == plain.data
    assert len(br.data) < len(plain.data) / 2
    gz = fetch(client, path, Accept_Encoding="gzip")
    assert gz.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.data) == plain.data
    assert len({plain.headers["ETag"], br.headers["ETag"], gz.headers["ETag"]}) == 3
    again = fetch(client, path, Accept_Encoding="br", If_None_Match=br.headers["ETag"])
    assert again.status_code == 304


def test_a_stale_copy_is_never_served(static_app):
    out = Path(static_app.config["PRECOMPRESSED_DIR"]) / "pwa" / "css" / "app.css.br"
    source = PWA_DIR / "css" / "app.css"
    old = source.stat().st_mtime - 60
    os.utime(out, (old, old))
    response = fetch(static_app.test_client(), "/app/css/app.css", Accept_Encoding="br")
    # The stale copy is not sent: the current file is, compressed on the fly (app/web/compression).
    assert brotli.decompress(response.data) == source.read_bytes()
    plain = fetch(static_app.test_client(), "/app/css/app.css", Accept_Encoding="identity")
    assert "Content-Encoding" not in plain.headers and plain.data == source.read_bytes()


def test_first_screen_weighs_what_the_readme_says(static_app):
    """The login screen's files (index.html's links, preloads and its script, the bundle)
    compressed: well under the budget."""
    client = static_app.test_client()
    html = fetch(client, "/app/", Accept_Encoding="identity").data.decode()
    paths = ["/app/"] + re.findall(r'(?:href|src)="([^"]+)"', html)
    assert "/app/dist/main.js" in paths
    total = sum(len(fetch(client, p, Accept_Encoding="br").data) for p in paths)
    assert total < 80 * 1024, total


def test_manifest_has_an_id_and_screenshots_kept_out_of_the_shell(static_app):
    manifest = json.loads((PWA_DIR / "manifest.webmanifest").read_text())
    assert manifest["id"] == "/app/"
    shots = manifest["screenshots"]
    assert shots and all((PWA_DIR / s["src"]).is_file() for s in shots)
    shell = (PWA_DIR / "js" / "shell-files.js").read_text()
    assert not [s for s in shots if s["src"] in shell]
