"""The demo inspector's first login on a slow phone: bytes of the first sync on the wire, time
to the first screen after login (the enterprise list) and to the whole sync, and Total Blocking
Time from the login tap to the list; with dynamic compression off ("before": plain JSON, the
house branch's wire format) and on ("after"), in the same run, cold, medians.

    .venv/bin/python bench/first_sync.py [--runs 3] [--small]

Slow 4G as Lighthouse (562.5 ms RTT, 1.6 Mbps down) and CPU 4x, through CDP. The demo province
(`flask seed-demo`) is seeded into a temporary SQLite file and served in this process.
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

from bench.first_load import SLOW_4G  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE  # noqa: E402

# Long tasks from the start of the page; TBT = the sum of each task's time over 50 ms.
LONG_TASKS = """window.__long = [];
new PerformanceObserver((list) => { for (const e of list.getEntries())
  window.__long.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true });"""
TBT_JS = """([from, to]) => window.__long
  .filter(([s, d]) => s + d > from && s < to)
  .reduce((sum, [s, d]) => sum + Math.max(0, d - 50), 0)"""


class DemoServer:
    """The demo province served on a free port from a temp SQLite file."""

    def __init__(self, workdir: Path, small: bool):
        from werkzeug.serving import make_server

        from app import create_app
        from app.extensions import db
        from app.seed import seed_demo
        from app.web.precompress import build_all
        from tests.browser.live import QuietHandler
        from tests.conftest import make_config

        self.app = create_app(
            make_config(
                SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'demo.sqlite'}",
                UPLOAD_FOLDER=str(workdir / "uploads"),
                PRECOMPRESSED_DIR=str(workdir / "precompressed"),
                RATELIMIT_ENABLED=False,
                REQUEST_LOG=False,
            )
        )
        with self.app.app_context():
            db.create_all()
            print(seed_demo(small=small), file=sys.stderr)
            db.session.commit()
        build_all(self.app)
        self.server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=QuietHandler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()


def first_login(browser, url: str) -> dict:
    """One cold first login of the demo inspector: pull bytes, first list, whole sync, TBT."""
    context = browser.new_context(**PHONE, bypass_csp=True)  # wait_for_function polls by eval
    context.set_default_timeout(180000)
    page = context.new_page()
    page.add_init_script(LONG_TASKS)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    pulls: dict[str, str] = {}
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.requestWillBeSent",
        lambda e: (
            "/api/sync/pull" in e["request"]["url"]
            and pulls.__setitem__(e["requestId"], e["request"]["url"])
        ),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(f"{url}/app/")
    page.get_by_test_id("login-username").fill("inspector")
    page.get_by_test_id("login-password").fill("demo1234")
    tapped = page.evaluate("performance.now()")
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("enterprise-item").first.wait_for()
    listed = page.evaluate("performance.now()")
    page.wait_for_function(
        "() => document.body.dataset.sending === '0'"
        " && !document.getElementById('sync-pill').textContent.startsWith('Đang')"
    )
    page.wait_for_function(
        "() => import(document.scripts[0].src)"
        ".then((m) => m.db.getMeta('last_synced')).then(Boolean)"
    )
    synced = page.evaluate("performance.now()")
    tbt = page.evaluate(TBT_JS, [tapped, listed])
    context.close()
    return {
        "bytes": sum(sizes.get(request_id, 0) for request_id in pulls),
        "pages": len(pulls),
        "list_ms": listed - tapped,
        "sync_ms": synced - tapped,
        "tbt": tbt,
    }


def measure(browser, server: DemoServer, runs: int) -> dict:
    """Medians of cold first logins, compression off (before) then on (after)."""
    out = {}
    for name, on in (("before", False), ("after", True)):
        server.app.config["COMPRESS_RESPONSES"] = on
        logins = [first_login(browser, server.url) for _ in range(runs)]
        out[name] = {key: statistics.median(run[key] for run in logins) for key in logins[0]}
    server.app.config["COMPRESS_RESPONSES"] = True
    return out


def rows(figures: dict) -> list[tuple[str, str, str, str]]:
    """Table rows: measure, before, after, budget."""
    before, after = figures["before"], figures["after"]
    return [
        (
            "First sync on the wire (pull pages)",
            f"{before['bytes'] / 1024:.0f} KB in {before['pages']:.0f}",
            f"{after['bytes'] / 1024:.0f} KB in {after['pages']:.0f}",
            "< 200 KB",
        ),
        (
            "Login tap → first screen (enterprise list)",
            f"{before['list_ms']:.0f} ms",
            f"{after['list_ms']:.0f} ms",
            "< 4000 ms",
        ),
        (
            "Login tap → whole first sync stored",
            f"{before['sync_ms']:.0f} ms",
            f"{after['sync_ms']:.0f} ms",
            "",
        ),
        (
            "Total Blocking Time, login tap → list (CPU 4x)",
            f"{before['tbt']:.0f} ms",
            f"{after['tbt']:.0f} ms",
            "< 300 ms",
        ),
    ]


def main() -> None:
    """Seed, serve, measure, print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--small", action="store_true", help="the small demo seed (a tenth)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        server = DemoServer(Path(tmp), args.small)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                figures = measure(browser, server, args.runs)
                browser.close()
        finally:
            server.stop()
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, ", end="")
    print(time.strftime("%d/%m/%Y %H:%M UTC", time.gmtime()))
    print("| measure (slow 4G, CPU 4x, cold, median) | before | after | budget |")
    print("| --- | --- | --- | --- |")
    for name, before, after, budget in rows(figures):
        print(f"| {name} | {before} | {after} | {budget} |")


if __name__ == "__main__":
    main()
