"""The page runs the bundle under the real CSP and starts offline from what the service worker
precached; with PWA_MODULES it runs the modules instead, offline too (app/fieldapp/bundle.py)."""

import pytest

from tests.browser.conftest import go_offline, login

# Collected before any script of the page runs.
WATCH_CSP = """document.addEventListener('securitypolicyviolation',
  (e) => (self.cspViolations ||= []).push(`${e.violatedDirective} ${e.blockedURI}`));"""


def _scripts(urls: list[str]) -> set[str]:
    """The field app's script paths among requested URLs."""
    return {u.split("/app/", 1)[1] for u in urls if "/app/" in u and u.endswith((".js", ".mjs"))}


@pytest.mark.parametrize("modules", [False, True], ids=["bundle", "modules"])
def test_the_page_runs_and_starts_offline(live, new_context, modules):
    live.app.config["PWA_MODULES"] = modules
    context = new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    login(page, live)
    page.get_by_test_id("enterprise-item").first.wait_for()
    scripts = _scripts(requested)
    if modules:
        assert {"js/main.js", "js/db.js", "vendor/dexie.min.mjs"} <= scripts
        assert not [s for s in scripts if s.startswith("dist/")]
    else:  # the bundle, the precache list and Dexie; no module of the source
        assert scripts == {"dist/main.js", "js/shell-files.js", "vendor/dexie.min.mjs"}
    assert page.evaluate("self.cspViolations || []") == [] and errors == []

    go_offline(context)
    page.reload()
    page.get_by_test_id("enterprise-item").first.wait_for()
    assert page.evaluate("self.cspViolations || []") == [] and errors == []
