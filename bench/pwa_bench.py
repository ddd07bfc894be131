"""Field app benchmark: shell size, offline start with a slow CPU, time to save an answer, and
the demo inspector's first login before/after (bench/first_sync.py: dynamic compression off and
on, slow 4G, CPU 4x, cold, medians). The login's load and the offline start are measured both
with the bundle the page loads and with the ES modules it is built from (PWA_MODULES), in turns.

    .venv/bin/python bench/pwa_bench.py [--runs 7] [--saves 200] [--enterprises 1200]
        [--sync-runs 3] [--small-demo] [--no-first-sync]

Needs /usr/bin/chromium. Prints a table (Markdown) with the numbers and their budgets.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

import brotli  # noqa: E402

from app.fieldapp.shell import shell_files  # noqa: E402
from app.web.precompress import COMPRESSIBLE, MIN_BYTES, build_all  # noqa: E402
from bench import first_load as fl  # noqa: E402
from bench import first_sync as fs  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, go_offline, login  # noqa: E402
from tests.browser.live import LiveServer  # noqa: E402

PWA = ROOT / "pwa"


def gz(path: Path) -> int:
    """Size of a file as the server sends it: its brotli copy (flask precompress), images as is."""
    if path.suffix not in COMPRESSIBLE or path.stat().st_size < MIN_BYTES:
        return path.stat().st_size
    return len(brotli.compress(path.read_bytes(), quality=11))


def first_screen_files(browser, url: str) -> list[Path]:
    """The files a fresh phone downloads to show the first screen (service workers blocked)."""
    context = browser.new_context(**PHONE, service_workers="block")
    page = context.new_page()
    seen = []
    page.on("requestfinished", lambda request: seen.append(request.url))
    page.goto(f"{url}/app/")
    page.get_by_test_id("login-form").wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    files = []
    for address in dict.fromkeys(seen):
        path = address.split("?")[0].split("#")[0].removeprefix(url)
        if path.startswith("/app/"):
            rel = path.removeprefix("/app/") or "index.html"
            if (PWA / rel).is_file():
                files.append(PWA / rel)
    return files


def shell_sizes(first: list[Path]) -> dict:
    """Compressed sizes: what the first screen needs, and the whole precached shell."""
    files = [PWA / (f or "index.html") for f in shell_files()] + [PWA / "sw.js"]
    return {
        "first": sum(gz(p) for p in first),
        "first_n": len(first),
        "whole": sum(gz(p) for p in files),
        "whole_n": len(files),
        "raw": sum(p.stat().st_size for p in files),
        "bundle": gz(PWA / "dist" / "main.js"),
        "vendor": gz(PWA / "vendor" / "dexie.min.mjs"),
    }


def offline_page(browser, server, modules: bool):
    """A phone logged in with the modules or the bundle, then offline with the CPU 4x slower."""
    server.app.config["PWA_MODULES"] = modules
    try:
        context = browser.new_context(**PHONE)
        context.set_default_timeout(60000)
        page = context.new_page()
        login(page, server)  # the service worker precaches what this mode's page loads
        page.wait_for_function(SYNCED)
    finally:
        server.app.config["PWA_MODULES"] = False
    go_offline(context)
    context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    page.add_init_script(fs.LONG_TASKS)  # the blocking time of each re-opening below
    return page


def offline_start_once(page, url: str) -> tuple[float, float]:
    """Reload offline; ms from navigation to the listed enterprises, and the Total Blocking
    Time until then."""
    page.goto("about:blank")
    page.goto(f"{url}/app/#/enterprises")
    page.get_by_test_id("enterprise-item").first.wait_for()
    if os.environ.get("PWA_BENCH_MARKS"):
        print(
            page.evaluate(
                "JSON.stringify(performance.getEntriesByType('mark').map("
                "(m) => [m.name, Math.round(m.startTime)]))"
            )
        )
    listed = page.evaluate("performance.getEntriesByName('screen:enterprises')[0].startTime")
    return listed, page.evaluate(fs.TBT_JS, [0, listed])


def offline_starts(browser, server, runs: int) -> tuple[dict, dict]:
    """Offline starts with the modules and with the bundle, taken in turns: times and TBTs."""
    pages = {mode: offline_page(browser, server, modules) for mode, modules in fl.MODES}
    times: dict[str, list[float]] = {mode: [] for mode in pages}
    blocked: dict[str, list[float]] = {mode: [] for mode in pages}
    for _ in range(runs):
        for mode, page in pages.items():
            listed, tbt = offline_start_once(page, server.url)
            times[mode].append(listed)
            blocked[mode].append(tbt)
    for page in pages.values():
        page.context.close()
    return times, blocked


# The whole first pull stored (the templates the save loop needs come after the enterprises).
SYNCED = "() => import(document.scripts[0].src).then((m) => m.db.getMeta('last_synced'))"
SAVE_LOOP = """async ([n]) => {
  const checks = (await import(document.scripts[0].src)).checks;
  const db = (await import(document.scripts[0].src)).db;
  // The first sync goes on in the background after the list shows: wait for what the check needs.
  let templates = [];
  let ent = null;
  for (let tries = 0; tries < 600 && !(templates.length && ent); tries += 1) {
    templates = await checks.currentTemplates();
    [ent] = await db.listRecords('enterprise');
    if (!(templates.length && ent)) await new Promise((done) => setTimeout(done, 100));
  }
  const id = await checks.createCheck(ent.id, templates[0].id);
  const rec = await db.getRecord('check', id);
  const times = [];
  for (let i = 0; i < n; i += 1) {
    rec.data.answers['A.2'] = { value: i, note: '', photos: [] };
    const t0 = performance.now();
    await checks.saveCheck(rec);
    times.push(performance.now() - t0);
  }
  return times;
}"""


def save_times(page, context, saves: int, rate: int) -> list[float]:
    """Time saveCheck (record + outbox, one IndexedDB transaction) n times."""
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    times = page.evaluate(SAVE_LOOP, [saves])
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
    return times


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--enterprises", type=int, default=1200)
    parser.add_argument("--sync-runs", type=int, default=3)
    parser.add_argument("--small-demo", action="store_true")
    parser.add_argument("--no-first-sync", action="store_true")
    args = parser.parse_args()
    synced = None if args.no_first_sync else first_sync_figures(args)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = LiveServer(Path(tmp), extra_enterprises=args.enterprises).start()
        server.app.config["PRECOMPRESSED_DIR"] = str(Path(tmp) / "precompressed")
        build_all(server.app)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                sizes = shell_sizes(first_screen_files(browser, server.url))
                loads = fl.first_load(browser, server.url, PHONE)
                by_mode = fl.bundle_vs_modules(browser, server, PHONE)
                lh = fl.lighthouse(server.url)
                server.app.config["PWA_MODULES"] = True
                lh_modules = fl.lighthouse(server.url) if lh else None
                server.app.config["PWA_MODULES"] = False
                context = browser.new_context(**PHONE)
                context.set_default_timeout(60000)
                page = context.new_page()
                started = time.perf_counter()
                login(page, server)
                page.wait_for_function(SYNCED)  # the list shows from the first pull page
                first_login = (time.perf_counter() - started) * 1000
                saves = save_times(page, context, args.saves, 1)
                saves_slow = save_times(page, context, args.saves, 4)
                context.close()
                starts, starts_tbt = offline_starts(browser, server, args.runs)
                browser.close()
        finally:
            server.stop()
    ents = args.enterprises + 5
    rows = [
        (
            f"First screen: the {sizes['first_n']} files it downloads, brotli (the bundle)",
            f"{sizes['first'] / 1024:.1f} KB",
            "150 KB",
        ),
        *fl.rows(loads, lh, lh_modules),
        *fl.mode_rows(by_mode),
        (
            f"Whole precached shell ({sizes['whole_n']} files, lazy jsQR too), brotli",
            f"{sizes['whole'] / 1024:.1f} KB",
            "300 KB",
        ),
        ("  of which the bundle, brotli", f"{sizes['bundle'] / 1024:.1f} KB", ""),
        ("  of which vendor/dexie.min.mjs, brotli", f"{sizes['vendor'] / 1024:.1f} KB", ""),
        ("Whole shell, uncompressed", f"{sizes['raw'] / 1024:.1f} KB", ""),
        (f"First login + full pull ({ents} enterprises)", f"{first_login:.0f} ms", ""),
        (
            f"Offline start to enterprise list, CPU 4x, median of {args.runs}: bundle (served)",
            f"{statistics.median(starts['bundle']):.0f} ms",
            f"1000 ms (modules: {statistics.median(starts['modules']):.0f} ms)",
        ),
        (
            "Offline start, CPU 4x, worst: bundle",
            f"{max(starts['bundle']):.0f} ms",
            f"modules: {max(starts['modules']):.0f} ms",
        ),
        (
            "Total Blocking Time as the list re-opens offline, CPU 4x, median: bundle",
            f"{statistics.median(starts_tbt['bundle']):.0f} ms",
            f"< 200 ms (modules: {statistics.median(starts_tbt['modules']):.0f} ms)",
        ),
        (f"Save one answer to IndexedDB, p95 of {args.saves}", f"{p95(saves):.1f} ms", "20 ms"),
        ("Save one answer, p95, CPU 4x", f"{p95(saves_slow):.1f} ms", ""),
    ]
    print(
        f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} "
        f"{os.getloadavg()[2]:.1f}, {time.strftime('%d/%m/%Y %H:%M UTC', time.gmtime())}"
    )
    print("| measure | result | budget |")
    print("| --- | --- | --- |")
    for name, value, budget in rows:
        print(f"| {name} | {value} | {budget} |")
    if synced:
        print()
        head = "first login of the demo inspector (slow 4G, CPU 4x, cold, median)"
        print(f"| {head} | before | after | budget |")
        print("| --- | --- | --- | --- |")
        for name, before, after, budget in fs.rows(synced):
            print(f"| {name} | {before} | {after} | {budget} |")


def first_sync_figures(args) -> dict:
    """The demo inspector's first login, compression off then on (bench/first_sync.py)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = fs.DemoServer(Path(tmp), args.small_demo)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                figures = fs.measure(browser, server, args.sync_runs)
                browser.close()
        finally:
            server.stop()
    return figures


if __name__ == "__main__":
    main()
