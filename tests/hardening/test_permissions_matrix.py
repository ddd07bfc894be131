"""Every route × every role × own / another park's records, against ONE declared table.

A route that is not in ROUTE_ACCESS fails the test: whoever adds a route declares who may use
it. GET routes are requested as each role; where a route takes a record id, once with a record
of the user's own park / enterprise and once with one of another park / enterprise. Allowed
means 2xx or a redirect that is not to a login page; denied means 401, 403, 404 or a redirect
to a login page. Routes without GET are requested anonymously and must deny (except the
public ones).
"""

import uuid

import flask_migrate
import pytest

from app.extensions import db
from app.models import ConflictCopy, InspectionPlan
from app.sync.versioning import stamp
from tests.hardening.util import check_mutation, jpeg, sha, world

ANON, INSP, HR, SUP, ADMIN = "anonymous", "inspector", "enterprise_hr", "supervisor", "admin"
EVERYONE = frozenset({ANON, INSP, HR, SUP, ADMIN})
USERS = EVERYONE - {ANON}
CONSOLE = frozenset({SUP, ADMIN})
ADMINS = frozenset({ADMIN})
NOBODY = frozenset()

# endpoint -> roles allowed; a pair (own, other) for routes that take a record id:
# own = a record of the user's own park / enterprise, other = one of another park / enterprise.
ROUTE_ACCESS: dict[str, frozenset | tuple[frozenset, frozenset]] = {
    # Public: the field app's files, the probes, the API description, the login pages.
    "pwa.root": EVERYONE,
    "pwa.app_shell": EVERYONE,
    "pwa.asset": EVERYONE,
    "static": EVERYONE,
    "festival.static": USERS,  # behind the festival blueprint's login
    "ops.healthz": EVERYONE,
    "ops.readyz": EVERYONE,
    "api-docs.openapi_json": EVERYONE,
    "api_auth.login": EVERYONE,
    "console.login": EVERYONE,
    "console.language": EVERYONE,
    # The sync API: any signed-in user; the data is filtered by scope (tests/api).
    "api_auth.me": USERS,
    "api_auth.logout": USERS,
    "api_auth.set_language": USERS,
    "api_sync.pull": USERS,
    "api_sync.push": USERS,
    "api_imports.import_export": USERS,
    "api_attachments.put": USERS,
    "api_attachments.head": USERS,
    # A photo: its uploader and the console roles. KNOWN GAP (reported): a supervisor scoped
    # to park A can fetch a park-B photo when they know its SHA-256 (hashes are unguessable
    # and only shown on pages of their scope, but the check is by role, not by scope).
    "api_attachments.get": (frozenset({INSP, SUP, ADMIN}), frozenset({SUP, ADMIN})),
    # The console: supervisors of the record's park, and admins.
    "console.logout": CONSOLE,
    "console.index": CONSOLE,
    "console.dashboard": CONSOLE,
    "console.review_queue": CONSOLE,
    "console.conflicts": CONSOLE,
    "console.findings": CONSOLE,
    "console.plans": CONSOLE,
    "console.receipts": CONSOLE,
    "console.exports": CONSOLE,
    "console.export_file": CONSOLE,
    "console.annual_report": CONSOLE,
    "console.check": (CONSOLE, ADMINS),
    "console.minutes": (CONSOLE, ADMINS),
    "console.review_check": (CONSOLE, ADMINS),
    "console.event": (CONSOLE, ADMINS),
    "console.review_event": (CONSOLE, ADMINS),
    "console.conflict": (CONSOLE, ADMINS),
    "console.resolve": (CONSOLE, ADMINS),
    "console.plan": (CONSOLE, ADMINS),
    "console.add_visit": (CONSOLE, ADMINS),
    "console.close_finding": (CONSOLE, ADMINS),
    "console.reinspect": (CONSOLE, ADMINS),
    # Administration: admins only.
    "console.admin": ADMINS,
    "console.admin_users": ADMINS,
    "console.admin_user": ADMINS,
    "console.admin_user_new": ADMINS,
    "console.admin_user_password": ADMINS,
    "console.admin_parks": ADMINS,
    "console.admin_park": ADMINS,
    "console.admin_park_new": ADMINS,
    "console.admin_enterprises": ADMINS,
    "console.admin_enterprise": ADMINS,
    "console.admin_enterprise_new": ADMINS,
    "console.admin_import": ADMINS,
    "console.admin_templates": ADMINS,
    "console.admin_version": ADMINS,
    "console.admin_new_version": ADMINS,
    "console.admin_publish": ADMINS,
    # Festival day (web pages): HR of the enterprise, inspectors and supervisors of its park
    # (inspectors pull events too), admins; roster import: the HR user and admins.
    "festival.events": USERS,
    "festival.event": (USERS, ADMINS),
    "festival.review": (CONSOLE, ADMINS),
    "festival.rosters": frozenset({HR, SUP, ADMIN}),
    "festival.roster": (frozenset({HR, SUP, ADMIN}), ADMINS),
    "festival.badges": (frozenset({HR, SUP, ADMIN}), ADMINS),
    "festival.roster_import": (frozenset({HR, ADMIN}), ADMINS),
}

# POST-only routes an anonymous visitor may call.
PUBLIC_WRITES = {"api_auth.login", "console.login", "console.language"}
USERNAMES = {INSP: "insp", HR: "hr", SUP: "sup", ADMIN: "admin"}


def _records(make, api) -> dict[str, dict[str, str]]:
    """Records in park A (own) and park B (other), by route argument name."""
    w = world(make)
    photos = {}
    checks = {}
    for side, user, ent in (("own", "insp", w["ent_a"]), ("other", "insp_b", w["ent_b"])):
        phone = api(user)
        photo = jpeg()
        assert phone.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
        photos[side] = sha(photo)
        mutation = check_mutation(make, w, sha(photo), enterprise_id=ent.id, status="submitted",
                                  findings=[{"id": str(uuid.uuid4()), "severity": "high",
                                             "description": "Thiếu bình chữa cháy"}])
        result = phone.push([mutation]).json["results"][0]
        assert result["status"] == "applied", result
        checks[side] = (mutation["id"], mutation["data"]["findings"][0]["id"])
    plans, conflicts = {}, {}
    for side, park, user in (("own", w["park_a"], w["users"]["insp"]),
                             ("other", w["park_b"], w["users"]["insp_b"])):
        plan = InspectionPlan(park_id=park.id, year=2026, quarter=4, title="Kế hoạch quý IV")
        conflict = stamp(ConflictCopy(
            entity="check", record_id=checks[side][0], park_id=park.id, user_id=user.id,
            client_id=str(uuid.uuid4()), mutation_id=str(uuid.uuid4()), reason="stale_base",
            base_version=0, server_version=1, device_data={}, server_data={}))
        db.session.add_all([plan, conflict])
        db.session.flush()
        plans[side], conflicts[side] = plan.id, conflict.id
    db.session.commit()
    return {
        "check_id": {"own": checks["own"][0], "other": checks["other"][0]},
        "finding_id": {"own": checks["own"][1], "other": checks["other"][1]},
        "event_id": {"own": w["event_a"].id, "other": w["event_b"].id},
        "enterprise_id": {"own": w["ent_a"].id, "other": w["ent_b"].id},
        "park_id": {"own": w["park_a"].id, "other": w["park_b"].id},
        "user_id": {"own": w["users"]["insp"].id, "other": w["users"]["insp_b"].id},
        "plan_id": {"own": plans["own"], "other": plans["other"]},
        "conflict_id": {"own": conflicts["own"], "other": conflicts["other"]},
        "template_id": {"own": w["tv"].template_id, "other": w["tv"].template_id},
        "version_id": {"own": w["tv"].id, "other": w["tv"].id},
        "sha256": {"own": photos["own"], "other": photos["other"]},
        "filename": {"own": "index.html", "other": "index.html"},
        "kind": {"own": "checks", "other": "checks"},
        "fmt": {"own": "csv", "other": "csv"},
    }


STATIC_FILES = {"static": "console/console.css", "festival.static": "festival.css",
                "pwa.asset": "index.html"}


def _url(rule, values: dict[str, str]) -> str:
    url = rule.rule
    for arg in rule.arguments:
        value = STATIC_FILES.get(rule.endpoint) if arg == "filename" else values[arg]
        url = url.replace(f"<{arg}>", value)
        for converter in ("string", "path", "int"):
            url = url.replace(f"<{converter}:{arg}>", value)
    return url


def _outcome(response) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "allow"
    if status in (301, 302, 303, 307, 308):
        return "deny" if "login" in response.headers.get("Location", "") else "allow"
    if status in (401, 403, 404):
        return "deny"
    return f"status {status}"


def test_every_route_is_declared(app):
    missing = sorted({r.endpoint for r in app.url_map.iter_rules()} - set(ROUTE_ACCESS))
    assert not missing, f"routes without an entry in ROUTE_ACCESS: {missing}"
    stale = sorted(set(ROUTE_ACCESS) - {r.endpoint for r in app.url_map.iter_rules()})
    assert not stale, f"ROUTE_ACCESS names routes that no longer exist: {stale}"


@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_permissions_matrix(app, make, api):
    flask_migrate.stamp()  # so that /readyz answers 200
    values = _records(make, api)
    clients = {ANON: app.test_client()} | {role: api(name).client
                                           for role, name in USERNAMES.items()}
    problems = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        declared = ROUTE_ACCESS.get(rule.endpoint)
        if declared is None:
            continue  # reported by test_every_route_is_declared
        own, other = declared if isinstance(declared, tuple) else (declared, declared)
        if "GET" not in rule.methods:
            if rule.endpoint in PUBLIC_WRITES:
                continue
            method = (sorted(rule.methods - {"HEAD", "OPTIONS"}) or ["HEAD"])[0]
            url = _url(rule, {k: v["own"] for k, v in values.items()})
            got = _outcome(clients[ANON].open(url, method=method))
            if got != "deny":
                problems.append(f"{method} {url} as anonymous: {got}")
            continue
        sides = ("own", "other") if set(rule.arguments) - {"filename", "kind", "fmt"} \
            else ("own",)
        for side in sides:
            url = _url(rule, {k: v[side] for k, v in values.items()})
            allowed = own if side == "own" else other
            for role, client in clients.items():
                with client.get(url) as response:
                    got = _outcome(response)
                want = "allow" if role in allowed else "deny"
                if got != want:
                    problems.append(f"GET {url} ({rule.endpoint}, {side}) as {role}: "
                                    f"{got}, declared {want}")
    assert not problems, "\n".join(problems)
