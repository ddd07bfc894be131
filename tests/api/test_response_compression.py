"""Dynamic responses (a pull, a console page, a CSV export) go out compressed as the client
accepts, with Vary: Accept-Encoding and an ETag per encoding; precompressed static files are
passed through once, never encoded twice; small and partial answers stay plain."""

import gzip
import json

import brotli
import pytest
from backports import zstd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from app.extensions import db
from tests.conftest import make_config
from tests.console.conftest import console_login
from tests.console.report_data import build

DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, "zstd": zstd.decompress}


def _seed_inspector(make, enterprises=30):
    park = make.park()
    for _ in range(enterprises):
        make.enterprise(park=park)
    make.user("insp", parks=[park])
    make.commit()


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip"])
def test_a_pull_comes_back_compressed(app, make, api, encoding):
    _seed_inspector(make)
    client = api("insp")
    plain = client.get("/api/sync/pull", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    packed = client.get("/api/sync/pull", headers={"Accept-Encoding": encoding})
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert packed.mimetype == "application/json"
    assert int(packed.headers["Content-Length"]) == len(packed.data)
    body = json.loads(DECODE[encoding](packed.data))
    assert len(body["changes"]) == len(plain.json["changes"]) >= 30
    assert len(packed.data) < len(plain.data) / 3


def test_the_browser_preference_picks_brotli(app, make, api):
    _seed_inspector(make)
    packed = api("insp").get(
        "/api/sync/pull", headers={"Accept-Encoding": "gzip, deflate, br, zstd"}
    )
    assert packed.headers["Content-Encoding"] == "br"
    refused = api("insp").get("/api/sync/pull", headers={"Accept-Encoding": "br;q=0, gzip"})
    assert refused.headers["Content-Encoding"] == "gzip"


def test_a_console_page_and_a_csv_come_back_compressed(app, make):
    build(make)
    make.user("boss", role="admin")
    make.commit()
    client = console_login(app.test_client(), "boss")
    page = client.get("/console/dashboard", headers={"Accept-Encoding": "br"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    assert page.mimetype == "text/html" and "Accept-Encoding" in page.headers["Vary"]
    assert b"</html>" in brotli.decompress(page.data)
    url = "/console/exports/attendance.csv?from=2026-01-01"
    csv = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert csv.status_code == 200 and csv.headers["Content-Encoding"] == "gzip"
    assert csv.mimetype == "text/csv" and "Accept-Encoding" in csv.headers["Vary"]
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert gzip.decompress(csv.data) == plain.data and "Content-Encoding" not in plain.headers


def test_small_answers_stay_plain(app, api):
    response = api().get("/api/auth/session", headers={"Accept-Encoding": "br"})
    assert len(response.data) < 512
    assert "Content-Encoding" not in response.headers


@pytest.fixture(scope="module")
def static_app(tmp_path_factory):
    """An app (no database needed) whose precompressed copies are made."""
    out = tmp_path_factory.mktemp("precompressed")
    app = create_app(make_config(PRECOMPRESSED_DIR=str(out), SQLALCHEMY_DATABASE_URI="sqlite://"))
    assert app.test_cli_runner().invoke(args=["precompress"]).exit_code == 0
    return app


def _fetch(client, path, **headers):
    response = client.get(path, headers=headers)
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize("path", ["/app/js/main.js", "/static/console/console.css"])
def test_a_precompressed_static_file_is_not_encoded_twice(static_app, path):
    client = static_app.test_client()
    plain = _fetch(client, path, **{"Accept-Encoding": "identity"})
    for accept in ("br", "gzip", "zstd, br, gzip"):
        packed = _fetch(client, path, **{"Accept-Encoding": accept})
        encoding = packed.headers["Content-Encoding"]
        assert "," not in encoding  # one encoding, never "br, br" or "gzip, br"
        assert DECODE[encoding](packed.data) == plain.data
        assert packed.headers.get_all("Vary").count("Accept-Encoding") <= 1


def test_a_range_request_is_never_compressed(static_app):
    client = static_app.test_client()
    part = _fetch(
        client,
        "/app/vendor/dexie.min.mjs",
        **{"Accept-Encoding": "identity", "Range": "bytes=0-99"},
    )
    assert part.status_code == 206 and len(part.data) == 100
    packed = _fetch(
        client, "/app/icons/icon-192.png", **{"Accept-Encoding": "br", "Range": "bytes=0-99"}
    )
    assert packed.status_code == 206 and "Content-Encoding" not in packed.headers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    accept=st.lists(
        st.sampled_from(["br", "gzip", "zstd", "deflate", "identity", "*", "compress"]),
        max_size=4,
    ).map(", ".join)
)
def test_any_accept_encoding_decodes_to_the_same_page(static_app, accept):
    """Rule: whatever the client accepts, the body decodes (by the named encoding) to the page."""
    client = static_app.test_client()
    plain = _fetch(client, "/app/", **{"Accept-Encoding": "identity"}).data
    packed = _fetch(client, "/app/", **{"Accept-Encoding": accept})
    encoding = packed.headers.get("Content-Encoding")
    assert encoding in (None, "br", "gzip", "zstd")
    offered = {part.strip() for part in accept.split(",")}
    assert encoding is None or encoding in offered or "*" in offered
    assert (DECODE[encoding](packed.data) if encoding else packed.data) == plain


def test_off_when_a_proxy_compresses(tmp_path):
    app = create_app(make_config(COMPRESS_RESPONSES=False, SQLALCHEMY_DATABASE_URI="sqlite://"))
    with app.app_context():
        db.create_all()
        response = app.test_client().get("/console/login", headers={"Accept-Encoding": "br"})
        assert response.status_code == 200 and "Content-Encoding" not in response.headers
