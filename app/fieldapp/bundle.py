"""Build pwa/dist/main.js: the field app's modules as one minified ES module (Dexie apart).

The page loads the bundle (fewer requests on a slow phone network: bench/pwa_bench.py measures
both ways); the modules under pwa/js stay the source, served as they are with PWA_MODULES set.
esbuild is pinned in tooling/package.json and driven by tooling/bundle.mjs. The bundle is
committed, so serving needs no node; its first line names a digest of everything it is built
from, and a test fails while that digest is stale (tests/test_pwa_bundle.py).
"""

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

from app.fieldapp.shell import PWA_DIR

ROOT = PWA_DIR.parent
TOOLING = ROOT / "tooling"
SCRIPT = TOOLING / "bundle.mjs"
ESBUILD = TOOLING / "node_modules" / ".bin" / "esbuild"
OUT_DIR = "dist"
ENTRY = "main.js"
BANNER = "/* Built by `make pwa` (app/fieldapp/bundle.py) from sources {digest}: do not edit. */"
# The build's own inputs beside the modules: a new esbuild or new options change the output.
TOOL_FILES = (SCRIPT, TOOLING / "package-lock.json")


def source_files(pwa: Path = PWA_DIR) -> list[Path]:
    """The files the bundle is made of: every module (shell-files.js and Dexie stay apart)."""
    return sorted(p for p in (pwa / "js").rglob("*.js") if p.name != "shell-files.js")


def sources_digest(pwa: Path = PWA_DIR) -> str:
    """Hash the names and contents of the sources and of the build's own settings."""
    digest = hashlib.sha256()
    for path in source_files(pwa):
        digest.update(path.relative_to(pwa).as_posix().encode() + b"\0" + path.read_bytes())
    for path in TOOL_FILES:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def banner(pwa: Path = PWA_DIR) -> str:
    """The bundle's first line, naming the digest of its sources."""
    return BANNER.format(digest=sources_digest(pwa))


def build(out: Path, pwa: Path = PWA_DIR, flags: tuple[str, ...] = ()) -> Path:
    """Run esbuild into the folder out; return the bundle's path (flags: tooling/bundle.mjs)."""
    if not ESBUILD.exists():
        raise RuntimeError(f"{ESBUILD} is missing: npm ci --prefix tooling")
    command = ["node", str(SCRIPT), str(pwa), str(out), banner(pwa), *flags]
    subprocess.run(command, check=True, timeout=120)
    return out / ENTRY


def write(pwa: Path = PWA_DIR) -> Path:
    """Rebuild pwa/dist/ in place (a fresh folder, so no old file lingers); return the bundle."""
    with tempfile.TemporaryDirectory() as tmp:
        built = build(Path(tmp) / OUT_DIR, pwa)
        target = pwa / OUT_DIR
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(built.parent, target)
    return target / ENTRY
