"""The field app's page loads one bundle built from the modules (pwa/dist/, `make pwa`): kept
fresh, precached in their stead, and the modules still served as they are with PWA_MODULES."""

import shutil
from pathlib import Path

import pytest

from app import create_app
from app.fieldapp import bundle, shell
from app.fieldapp.modules import static_imports
from tests.conftest import make_config

PWA = Path(__file__).resolve().parents[1] / "pwa"
BUNDLE = PWA / bundle.OUT_DIR / bundle.ENTRY


@pytest.fixture
def static_app(tmp_path):
    """An app that serves the field app's files (no database needed)."""
    return create_app(make_config(PRECOMPRESSED_DIR=str(tmp_path / "out")))


def test_bundle_is_built_from_the_current_modules():
    """The committed bundle names the digest of today's sources (no node needed to check)."""
    first_line = BUNDLE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == bundle.banner(), "run: git add pwa && make pwa"


@pytest.mark.skipif(not bundle.ESBUILD.exists(), reason="esbuild not installed (make lint does)")
def test_bundle_is_what_esbuild_makes_of_them(tmp_path):
    """Rebuilt from the sources, the bundle comes out byte for byte as committed."""
    built = bundle.build(tmp_path / "dist")
    assert sorted(p.name for p in built.parent.iterdir()) == sorted(
        p.name for p in BUNDLE.parent.iterdir()
    )
    assert built.read_bytes() == BUNDLE.read_bytes(), "run: git add pwa && make pwa"


def test_a_changed_module_makes_the_bundle_stale(tmp_path):
    pwa = tmp_path / "pwa"
    shutil.copytree(PWA, pwa)
    before = bundle.sources_digest(pwa)
    quarantine = pwa / "js" / "quarantine.js"
    quarantine.write_text(quarantine.read_text() + "\n// changed\n")
    assert bundle.sources_digest(pwa) != before


def test_the_shell_precaches_what_each_page_loads():
    served = shell.shell_files()
    assert "dist/main.js" in served and "js/shell-files.js" in served
    assert [f for f in served if f.startswith("js/") and f.endswith(".js")] == ["js/shell-files.js"]
    assert "vendor/dexie.min.mjs" in served  # imported by the bundle, in parallel
    assert "js/hr/hr.css" in served  # loaded by the HR screens at run time
    unbundled = shell.shell_files(modules=True)
    assert "dist/main.js" not in unbundled
    assert {"js/main.js", "js/codes.js", "vendor/dexie.min.mjs"} <= set(unbundled)
    assert shell.shell_version(modules=True) != shell.shell_version()


def _text(client, path: str) -> str:
    """GET path uncompressed; the response read and closed (no open file left)."""
    response = client.get(path, headers={"Accept-Encoding": "identity"})
    text = response.get_data(as_text=True)
    response.close()
    return text


def test_index_loads_the_bundle_and_development_the_modules(static_app):
    client = static_app.test_client()
    page = _text(client, "/app/")
    assert page.count("<script") == 1
    assert '<script type="module" src="/app/dist/main.js">' in page
    assert "/app/js/main.js" not in page
    assert "dist/main.js" in _text(client, "/app/js/shell-files.js")
    worker_of_bundle = _text(client, "/app/sw.js")

    static_app.config["PWA_MODULES"] = True
    page = _text(client, "/app/")
    listed = _text(client, "/app/js/shell-files.js")
    worker = _text(client, "/app/sw.js")
    assert page.count("<script") == 1 and '<script type="module" src="/app/js/main.js">' in page
    # Every module the entry reaches statically is preloaded (the browser finds them at once).
    for rel in static_imports(PWA):
        assert f'<link rel="modulepreload" href="/app/{rel}">' in page
    assert {"js/codes.js", "js/quarantine.js", "vendor/dexie.min.mjs"} <= set(static_imports(PWA))
    assert '"js/main.js"' in listed and "dist/main.js" not in listed
    assert worker != worker_of_bundle  # another precache list, another worker
