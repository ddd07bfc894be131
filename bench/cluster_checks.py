"""What the cluster rehearsal checks besides the load: sessions across the kill, the shared
lock-out, /metrics before and after, and the login screen's LCP through nginx and direct."""

import re
import statistics

import requests

from bench import first_load as fl

LOCKOUT_ATTEMPTS = 10  # config.py's LOGIN_LOCKOUT_ATTEMPTS default, kept by the rehearsal
WATCHED = (  # (label, metric, label filter) read from /metrics before and after
    ("pushes", "antt_sync_pushes_total", ""),
    ("pulls", "antt_sync_pulls_total", ""),
    ("mutations applied", "antt_sync_mutations_total", 'status="applied"'),
    ("mutations duplicate", "antt_sync_mutations_total", 'status="duplicate"'),
    ("mutations server_error", "antt_sync_mutations_total", 'status="server_error"'),
    ("photos stored", "antt_photos_stored_total", ""),
    ("login failures", "antt_login_failures_total", ""),
    ("login lock-outs", "antt_login_lockouts_total", ""),
    ("requests timed", "antt_request_seconds_count", ""),
)


def metric(text: str, name: str, labels: str = "") -> float:
    """The sum of a metric's samples whose labels contain `labels` (0 when absent)."""
    total = 0.0
    for found in re.finditer(rf"^{re.escape(name)}(\{{[^}}]*\}})? (\S+)$", text, re.M):
        if labels in (found[1] or ""):
            total += float(found[2])
    return total


def scrape_all(servers) -> list[str]:
    """Every app server's /metrics text (direct, with the token)."""
    return [server.metrics() for server in servers]


def metrics_rows(before: list[str], after: list[str]) -> list[str]:
    """Markdown rows: each watched figure per server, before and after, and the growth."""
    lines = [
        "| metric | a before | a after | b before | b after | growth, both |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, name, labels in WATCHED:
        b = [metric(text, name, labels) for text in before]
        a = [metric(text, name, labels) for text in after]
        growth = sum(a) - sum(b)
        lines.append(
            f"| {label} | {b[0]:.0f} | {a[0]:.0f} | {b[1]:.0f} | {a[1]:.0f} | {growth:.0f} |"
        )
    return lines


def status(url: str, cert) -> int:
    """The status of a plain GET through nginx (the rehearsal's certificate trusted)."""
    return requests.get(url, timeout=30, verify=str(cert)).status_code


def session_answers(base: str, cookies: dict, verify=True) -> int:
    """The status of GET /api/auth/me with a session cookie issued earlier."""
    response = requests.get(f"{base}/api/auth/me", cookies=cookies, timeout=30, verify=verify)
    return response.status_code


def sessions_survive(cookies: dict, servers, proxy_url: str, cert) -> dict[str, int]:
    """A cookie issued before the kill, tried on each server directly and through nginx."""
    out = {name: session_answers(s.url, cookies) for name, s in zip("ab", servers, strict=True)}
    out["nginx"] = session_answers(proxy_url, cookies, verify=str(cert))
    return out


def _login(base: str, username: str, password: str) -> requests.Response:
    return requests.post(
        f"{base}/api/auth/login", json={"username": username, "password": password}, timeout=30
    )


def lockout_shared(servers, username: str, password: str) -> dict:
    """Wrong passwords spread over both servers lock the account on both (Redis counts)."""
    statuses = [
        _login(servers[n % 2].url, username, "wrong-password").status_code
        for n in range(LOCKOUT_ATTEMPTS)
    ]
    locked = [_login(s.url, username, password) for s in servers]
    codes = [
        r.json().get("error", {}).get("code") if r.status_code == 429 else r.status_code
        for r in locked
    ]
    return {
        "failures": statuses,
        "after": codes,
        "shared": all(s == 401 for s in statuses) and codes == ["account_locked"] * 2,
    }


def lcp_medians(urls: dict[str, str], runs: int = 3) -> dict[str, dict]:
    """Median LCP (slow 4G, CPU 4x) of the login screen at each URL, loads interleaved."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE

    phone = PHONE | {"ignore_https_errors": True}  # the certificate is self-signed
    loads: dict[str, list[dict]] = {name: [] for name in urls}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(runs):
                for name, url in urls.items():
                    loads[name].append(fl.load_once(browser, url, phone, identity=False))
        finally:
            browser.close()
    return {
        name: {key: statistics.median(x[key] for x in got) for key in ("lcp", "bytes", "requests")}
        for name, got in loads.items()
    }
