"""First load of the field app's login screen on a slow phone: bytes on the wire, requests and
LCP through Chromium with CDP throttling (Lighthouse's slow-4G figures, CPU 4x), compressed as
served against the same files sent uncompressed (the reference, measured in the same run);
the bundle as served against the ES modules it is built from (PWA_MODULES, same run, loads
taken in turns); and Lighthouse itself when it is installed.

Lighthouse: `npm install --prefix /tmp/lh lighthouse@12` (kept out of the repository), then
LIGHTHOUSE=/tmp/lh/node_modules/.bin/lighthouse; it drives /usr/bin/chromium (CHROME_PATH).
"""

import json
import os
import statistics
import subprocess
from pathlib import Path

# Lighthouse's "slow 4G" (devtools throttling): 562.5 ms RTT, 1.6 Mbps down x 0.9, 750 kbps up.
SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6e6 * 0.9 / 8,
    "uploadThroughput": 750e3 * 0.9 / 8,
}
LCP_JS = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})"""
# The critical path: the page and every file whose response ended before the LCP.
BEFORE_LCP_JS = """(lcp) => {
  const done = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= lcp);
  const page = performance.getEntriesByType('navigation')[0].transferSize;
  return { requests: done.length + 1, bytes: done.reduce((sum, r) => sum + r.transferSize, page) };
}"""
# The two ways the page loads the field app: its ES modules (the source), or the bundle.
MODES = (("modules", True), ("bundle", False))


def load_once(browser, url: str, phone: dict, identity: bool) -> dict:
    """One cold load of /app/ (no cache, no service worker): bytes, requests, LCP in ms."""
    headers = {"Accept-Encoding": "identity"} if identity else {}
    context = browser.new_context(**phone, service_workers="block", extra_http_headers=headers)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(f"{url}/app/")
    page.get_by_test_id("login-form").wait_for()
    lcp = page.evaluate(LCP_JS)
    critical = page.evaluate(BEFORE_LCP_JS, lcp)
    page.wait_for_load_state("networkidle")
    context.close()
    return {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "lcp": lcp,
        "critical_bytes": critical["bytes"],
        "critical_requests": critical["requests"],
    }


def first_load(browser, url: str, phone: dict, runs: int = 3) -> dict:
    """Median figures of cold loads, as served (brotli) and uncompressed (reference)."""
    out = {}
    for name, identity in (("served", False), ("identity", True)):
        loads = [load_once(browser, url, phone, identity) for _ in range(runs)]
        out[name] = {
            key: statistics.median(load[key] for load in loads)
            for key in ("bytes", "requests", "lcp")
        }
    return out


def bundle_vs_modules(browser, server, phone: dict, runs: int = 3) -> dict:
    """Median cold loads of the login with the modules and with the bundle, taken in turns."""
    loads: dict[str, list[dict]] = {mode: [] for mode, _ in MODES}
    try:
        for _ in range(runs):
            for mode, modules in MODES:
                server.app.config["PWA_MODULES"] = modules
                loads[mode].append(load_once(browser, server.url, phone, identity=False))
    finally:
        server.app.config["PWA_MODULES"] = False
    keys = ("lcp", "critical_requests", "critical_bytes", "requests", "bytes")
    return {
        mode: {key: statistics.median(load[key] for load in runs_of_mode) for key in keys}
        for mode, runs_of_mode in loads.items()
    }


def mode_rows(figures: dict) -> list[tuple[str, str, str]]:
    """Table rows: the bundle as served beside the modules (the reference, same run)."""
    bundle, modules = figures["bundle"], figures["modules"]
    return [
        (
            "Login LCP, slow 4G + CPU 4x, median of 3 cold: bundle (served)",
            f"{bundle['lcp']:.0f} ms",
            f"< 2500 ms (modules: {modules['lcp']:.0f} ms)",
        ),
        (
            "  critical path (page + files done before LCP): bundle",
            f"{bundle['critical_requests']:.0f} requests, {bundle['critical_bytes'] / 1024:.1f} KB",
            f"modules: {modules['critical_requests']:.0f} requests, "
            f"{modules['critical_bytes'] / 1024:.1f} KB",
        ),
        (
            "  whole cold load to network idle: bundle",
            f"{bundle['requests']:.0f} requests, {bundle['bytes'] / 1024:.1f} KB",
            f"modules: {modules['requests']:.0f} requests, {modules['bytes'] / 1024:.1f} KB",
        ),
    ]


def lighthouse(url: str) -> dict | None:
    """Lighthouse's mobile performance run on the login screen, or None when not installed."""
    binary = os.environ.get("LIGHTHOUSE", "/tmp/lh/node_modules/.bin/lighthouse")
    if not Path(binary).exists():
        return None
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    run = subprocess.run(
        [
            binary,
            f"{url}/app/",
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        capture_output=True,
        env=env,
        timeout=300,
        check=False,
    )
    if run.returncode != 0:
        print("lighthouse failed:", run.stderr.decode()[-800:])
        return None
    report = json.loads(run.stdout)
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(audits["network-requests"]["details"]["items"]),
        "tbt": audits["total-blocking-time"]["numericValue"],
        "si": audits["speed-index"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "version": report["lighthouseVersion"],
    }


def rows(
    figures: dict, lh: dict | None, lh_modules: dict | None = None
) -> list[tuple[str, str, str]]:
    """Table rows for pwa_bench's output (lh_modules: Lighthouse on the unbundled page)."""
    served, plain = figures["served"], figures["identity"]
    out = [
        (
            "Login screen, cold load: bytes on the wire (brotli as served)",
            f"{served['bytes'] / 1024:.1f} KB in {served['requests']:.0f} requests",
            f"reference, uncompressed: {plain['bytes'] / 1024:.1f} KB",
        ),
        (
            "Login screen LCP, slow 4G + CPU 4x (CDP), median",
            f"{served['lcp']:.0f} ms",
            f"< 2500 ms (uncompressed: {plain['lcp']:.0f} ms)",
        ),
    ]
    if lh:
        out += [
            (
                f"Lighthouse {lh['version']} mobile Performance, login (bundle)",
                f"{lh['score']}",
                "≥ 95" + (f" (modules: {lh_modules['score']})" if lh_modules else ""),
            ),
            (
                "Lighthouse LCP / FCP (simulated slow 4G, CPU 4x), bundle",
                f"{lh['lcp']:.0f} ms / {lh['fcp']:.0f} ms",
                "LCP < 2500 ms"
                + (
                    f" (modules: {lh_modules['lcp']:.0f} ms / {lh_modules['fcp']:.0f} ms, "
                    f"{lh_modules['requests']} requests)"
                    if lh_modules
                    else ""
                ),
            ),
            (
                "Lighthouse TBT / Speed Index / CLS",
                f"{lh['tbt']:.0f} ms / {lh['si']:.0f} ms / {lh['cls']:.3f}",
                "",
            ),
            (
                "Lighthouse total bytes, requests",
                f"{lh['bytes'] / 1024:.1f} KB, {lh['requests']}",
                "",
            ),
        ]
    else:
        out.append(("Lighthouse", "not installed (see bench/first_load.py)", ""))
    return out
