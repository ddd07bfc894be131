"""How to bundle the field app: login LCP of the bundle as served (Dexie a file apart) against
Dexie inside the bundle, a code-split bundle (esbuild --splitting, every static chunk
modulepreloaded), and the ES modules themselves; cold loads taken in turns, slow 4G + CPU 4x
(bench/first_load.py), medians. Needs esbuild (npm ci --prefix tooling) and /usr/bin/chromium.

    .venv/bin/python bench/bundle_variants.py [--runs 5]
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.fieldapp import bundle  # noqa: E402
from app.web.precompress import build_all  # noqa: E402
from bench import first_load as fl  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402
from tests.browser.live import LiveServer  # noqa: E402

SCRIPT_TAG = '<script type="module" src="/app/dist/main.js">'
# name: tooling/bundle.mjs flags (None: the modules, PWA_MODULES)
VARIANTS = {
    "bundle as served (Dexie apart)": (),
    "Dexie inside the bundle": ("--dexie-inside",),
    "code-split bundle": ("--split",),
    "ES modules (PWA_MODULES)": None,
}


def static_chunks(dist: Path, name: str = "main.js", seen: list | None = None) -> list[str]:
    """The chunks a bundle file imports statically, all levels down."""
    seen = [] if seen is None else seen
    for dep in re.findall(r'(?:from|import)\s*"\./([^"]+)"', (dist / name).read_text()):
        if dep not in seen:
            seen.append(dep)
            static_chunks(dist, dep, seen)
    return seen


def variant_dir(base: Path, work: Path, name: str, flags: tuple[str, ...] | None) -> Path:
    """A copy of the served pwa/ folder with this variant's bundle and preloads."""
    pwa = work / re.sub(r"\W+", "-", name)
    shutil.copytree(base, pwa)
    if flags:
        shutil.rmtree(pwa / "dist")
        bundle.build(pwa / "dist", ROOT / "pwa", flags)
        html = (pwa / "index.html").read_text()
        chunks = static_chunks(pwa / "dist")
        preloads = "".join(f'<link rel="modulepreload" href="/app/dist/{c}">\n  ' for c in chunks)
        if "--dexie-inside" in flags:
            html = html.replace('<link rel="modulepreload" href="/app/vendor/dexie.min.mjs">\n', "")
        (pwa / "index.html").write_text(html.replace(SCRIPT_TAG, preloads + SCRIPT_TAG))
    return pwa


def measure(runs: int) -> dict[str, list[dict]]:
    """Cold loads of every variant, in turns."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = LiveServer(work).start()
        setups = {}
        for name, flags in VARIANTS.items():
            pwa = variant_dir(server.pwa_dir, work, name, flags)
            config = {"PWA_DIR": str(pwa), "PRECOMPRESSED_DIR": str(pwa) + "-br"}
            server.app.config.update(config)
            build_all(server.app)
            setups[name] = {**config, "PWA_MODULES": flags is None}
        loads: dict[str, list[dict]] = {name: [] for name in setups}
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for _ in range(runs):
                    for name, config in setups.items():
                        server.app.config.update(config)
                        loads[name].append(fl.load_once(browser, server.url, PHONE, False))
                browser.close()
        finally:
            server.stop()
    return loads


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    loads = measure(args.runs)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load}, {time.strftime('%d/%m/%Y %H:%M UTC', time.gmtime())}")
    print(f"| login, slow 4G + CPU 4x, median of {args.runs} cold | LCP | before LCP | whole |")
    print("| --- | --- | --- | --- |")
    for name, runs in loads.items():
        med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
        print(
            f"| {name} | {med['lcp']:.0f} ms | {med['critical_requests']:.0f} requests, "
            f"{med['critical_bytes'] / 1024:.1f} KB | {med['requests']:.0f} requests, "
            f"{med['bytes'] / 1024:.1f} KB |"
        )


if __name__ == "__main__":
    main()
