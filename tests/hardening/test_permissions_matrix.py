"""Every method of every route × every role × own / same-park / other-park records, against
ONE declared table.

A route or a method that is not in ROUTE_ACCESS fails the test: whoever adds a route declares
who may use it. Each (route, method) is requested as each role; where the route takes a record
(in its URL or in its form), once per side:

- own: a record of the user's own park, and for HR of their own enterprise;
- same_park: a record of ANOTHER enterprise in the SAME park (HR must not see it, inspectors and
  supervisors of the park must);
- other: a record of another park.

Allowed means 2xx or a redirect that is not to a login page (for the admin forms sent empty on
purpose, also 400: the form was read, so the role got past the permission check); denied means
401, 403, 404 or a redirect to a login page. A denied write must also write nothing: every
table is compared before and after.
"""

import io
import uuid
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import flask_migrate
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Check, Commendation, ConflictCopy, InspectionPlan, User, Visit
from app.sync.versioning import stamp
from tests.factories import Factory
from tests.hardening.util import check_mutation, jpeg, sha, world

ANON, INSP, HR, SUP, ADMIN = "anonymous", "inspector", "enterprise_hr", "supervisor", "admin"
EVERYONE = frozenset({ANON, INSP, HR, SUP, ADMIN})
USERS = EVERYONE - {ANON}
CONSOLE = frozenset({SUP, ADMIN})
ADMINS = frozenset({ADMIN})
SIDES = ("own", "same_park", "other")


@dataclass(frozen=True)
class Scoped:
    """Who may use the route with a record of each side."""

    own: frozenset
    same_park: frozenset
    other: frozenset


def park_scoped(roles: frozenset) -> Scoped:
    """Roles that see their whole park (no HR among them): the same-park record is theirs too;
    another park's record is an admin's only."""
    assert HR not in roles
    return Scoped(roles, roles, roles & ADMINS)


CONSOLE_SCOPED = park_scoped(CONSOLE)
PUSH = Scoped(frozenset({INSP, HR}), frozenset({INSP}), frozenset())
ADMIN_ANY = Scoped(ADMINS, ADMINS, ADMINS)  # admin pages that take a record id
CLAIM_VI = "Chỉ được dùng ảnh do bạn tải lên hoặc ảnh bạn đã được xem."  # a push's field error
PHOTO = Scoped(frozenset({INSP, HR, SUP, ADMIN}), frozenset({INSP, SUP, ADMIN}), ADMINS)

# endpoint -> {method: roles}; roles is a frozenset, or Scoped for routes that take a record.
ROUTE_ACCESS: dict[str, dict[str, frozenset | Scoped]] = {
    # Public: the field app's files, the probes, the API description, the login pages.
    "pwa.root": {"GET": EVERYONE},
    "pwa.favicon": {"GET": EVERYONE},
    "pwa.app_shell": {"GET": EVERYONE},
    "pwa.asset": {"GET": EVERYONE},
    "pwa.service_worker": {"GET": EVERYONE},
    "static": {"GET": EVERYONE},
    "festival.static": {"GET": USERS},  # behind the festival blueprint's login
    "ops.healthz": {"GET": EVERYONE},
    "ops.readyz": {"GET": EVERYONE},
    "metrics.metrics": {"GET": EVERYONE},  # from the proxy's network (the test client's)
    "api-docs.openapi_json": {"GET": EVERYONE},
    "api_auth.login": {"POST": EVERYONE},  # see NOT_REQUESTED
    "console.login": {"GET": EVERYONE, "POST": EVERYONE},
    "console.language": {"POST": EVERYONE},
    "console.contrast": {"POST": EVERYONE},
    # The sync API: any signed-in user; what a pull returns is scoped per record
    # (tests/api/test_pull.py).
    "api_auth.me": {"GET": USERS},
    "api_auth.logout": {"POST": USERS},
    "api_auth.set_language": {"POST": USERS},
    "api_sync.pull": {"GET": USERS},
    # A push (or an imported export) of one mutation for the side's enterprise: a check from
    # an inspector, an event from HR; supervisors and admins push nothing. Allowed = applied,
    # denied = 401 or rejected (and nothing written but the mark that it was processed).
    "api_sync.push": {"POST": PUSH},
    "api_imports.import_export": {"POST": PUSH},
    "api_attachments.put": {"PUT": USERS},
    # Which of a list of hashes this user still has to upload: HEAD's answer for many at once.
    "api_attachments.missing": {"POST": USERS},
    # A photo: its uploader, and whoever sees a check or an event that names it. Each side's
    # photo is named by that side's check and event, and uploaded by a third inspector.
    # HEAD answers like GET: a photo one may not see is as absent as one never uploaded.
    "api_attachments.get": {"GET": PHOTO},
    "api_attachments.head": {"HEAD": PHOTO},
    # The console: supervisors of the record's park, and admins.
    "console.logout": {"POST": EVERYONE},  # anyone may end their own session
    "console.index": {"GET": CONSOLE},
    "console.dashboard": {"GET": CONSOLE},
    "console.enterprise": {"GET": CONSOLE_SCOPED},
    "console.map": {"GET": CONSOLE},
    "console.map_data": {"GET": CONSOLE},  # scoped per park inside (tests/console/test_map.py)
    "console.commend": {"POST": CONSOLE_SCOPED},
    "console.commendation_photo": {"GET": CONSOLE_SCOPED},
    "console.review_queue": {"GET": CONSOLE},
    "console.conflicts": {"GET": CONSOLE},
    "console.findings": {"GET": CONSOLE},
    "console.audit": {"GET": CONSOLE},  # an admin every row, a supervisor their own actions
    "console.audit_file": {"GET": CONSOLE},  # (tests/console/test_audit_page.py)
    "console.plans": {"GET": CONSOLE, "POST": CONSOLE_SCOPED},  # POST: a plan of a park
    "console.receipts": {"GET": CONSOLE, "POST": CONSOLE_SCOPED},  # POST: a check's receipt
    "console.festival_overview": {"GET": CONSOLE},  # scoped per park (test_festival_overview)
    "console.exports": {"GET": CONSOLE},
    "console.export_file": {"GET": CONSOLE},
    # a template version is shared by every park; its rows are scoped (test_export_xlsx)
    "console.export_wide": {"GET": Scoped(CONSOLE, CONSOLE, CONSOLE)},
    "console.survey_export": {"GET": CONSOLE},
    "console.annual_report": {"GET": CONSOLE},
    "console.check": {"GET": CONSOLE_SCOPED},
    "console.minutes": {"GET": CONSOLE_SCOPED},
    "console.review_check": {"POST": CONSOLE_SCOPED},
    "console.bulk_approve": {"POST": CONSOLE_SCOPED},  # the ticked check ids: all in scope
    "console.event": {"GET": CONSOLE_SCOPED},
    # A record's thread: supervisors of its park and admins write in it from the console
    # (devices answer through a push; who pulls a comment: tests/console/test_thread_scope.py).
    "console.check_comment": {"POST": CONSOLE_SCOPED},
    "console.event_comment": {"POST": CONSOLE_SCOPED},
    "console.conflict": {"GET": CONSOLE_SCOPED},
    "console.resolve": {"POST": CONSOLE_SCOPED},
    "console.plan": {"GET": CONSOLE_SCOPED},
    "console.add_visit": {"POST": CONSOLE_SCOPED},
    "console.move_visit": {"POST": CONSOLE_SCOPED},
    "console.cancel_visit": {"POST": CONSOLE_SCOPED},
    "console.close_finding": {"POST": CONSOLE_SCOPED},
    "console.finding_owner": {"POST": CONSOLE_SCOPED},
    "console.reinspect": {"POST": CONSOLE_SCOPED},
    # Administration: admins only.
    "console.admin": {"GET": ADMINS},
    "console.admin_users": {"GET": ADMINS},
    "console.admin_user": {"GET": ADMIN_ANY, "POST": ADMIN_ANY},
    "console.admin_user_new": {"GET": ADMINS, "POST": ADMINS},
    "console.admin_user_password": {"POST": ADMIN_ANY},
    "console.admin_parks": {"GET": ADMINS},
    "console.admin_park": {"GET": ADMIN_ANY, "POST": ADMIN_ANY},
    "console.admin_park_new": {"GET": ADMINS, "POST": ADMINS},
    "console.admin_enterprises": {"GET": ADMINS},
    "console.admin_enterprise": {"GET": ADMIN_ANY, "POST": ADMIN_ANY},
    "console.admin_enterprise_new": {"GET": ADMINS, "POST": ADMINS},
    "console.admin_import": {"GET": ADMINS, "POST": ADMINS},
    "console.admin_templates": {"GET": ADMINS},
    "console.admin_version": {"GET": ADMIN_ANY, "POST": ADMIN_ANY},
    "console.admin_new_version": {"POST": ADMIN_ANY},
    "console.admin_publish": {"POST": ADMIN_ANY},
    # Festival day (web pages): HR of the enterprise, inspectors and supervisors of its park
    # (inspectors pull events too), admins; rosters hold personal data: no inspectors; roster
    # import: the HR user of the enterprise and admins.
    "festival.events": {"GET": USERS},
    "festival.event": {"GET": Scoped(USERS, USERS - {HR}, ADMINS)},
    "festival.review": {"POST": CONSOLE_SCOPED},
    "festival.rosters": {"GET": frozenset({HR, SUP, ADMIN})},
    "festival.roster": {"GET": Scoped(frozenset({HR, SUP, ADMIN}), CONSOLE, ADMINS)},
    "festival.badges": {"GET": Scoped(frozenset({HR, SUP, ADMIN}), CONSOLE, ADMINS)},
    "festival.roster_export": {"GET": Scoped(frozenset({HR, SUP, ADMIN}), CONSOLE, ADMINS)},
    "festival.roster_import": {
        "GET": Scoped(frozenset({HR, ADMIN}), ADMINS, ADMINS),
        "POST": Scoped(frozenset({HR, ADMIN}), ADMINS, ADMINS),
    },
}

# Tested in test_auth_hardening.py (a login here would replace the roles' sessions).
NOT_REQUESTED = {("api_auth.login", "POST"), ("console.login", "POST")}
# Admin forms sent empty on purpose (nothing changes): a 400 says the form was read.
EMPTY_FORMS = {
    "console.admin_user",
    "console.admin_user_new",
    "console.admin_user_password",
    "console.admin_park",
    "console.admin_park_new",
    "console.admin_enterprise",
    "console.admin_enterprise_new",
    "console.admin_import",
    "console.admin_version",
}
LOGOUTS = {"console.logout", "api_auth.logout"}
PUSHES = {"api_sync.push", "api_imports.import_export"}
# What a rejected mutation writes by design: the mark that it was processed
# (docs/sync-contract.md), and the device's last push time.
PROCESSED_MARKS = {"applied_mutation", "device"}
USERNAMES = {INSP: "insp", HR: "hr", SUP: "sup", ADMIN: "admin"}
NOT_RECORDS = {"filename", "kind", "fmt"}
NEW_RECORDS = {"api_attachments.put"}  # its URL names the bytes being uploaded


def _photo_named_by(phone, make, w, ent, event) -> tuple[str, str, str]:
    """Upload a photo; push a submitted check of `ent` naming it; name it on `event` too.

    Return (photo hash, check id, finding id).
    """
    photo = jpeg()
    assert phone.put(f"/api/attachments/{sha(photo)}", data=photo).status_code == 201
    mutation = check_mutation(
        make,
        w,
        sha(photo),
        enterprise_id=ent.id,
        status="submitted",
        findings=[
            {"id": str(uuid.uuid4()), "severity": "high", "description": "Thiếu bình chữa cháy"}
        ],
    )
    result = phone.push([mutation]).json["results"][0]
    assert result["status"] == "applied", result
    event.photos = [sha(photo)]
    stamp(event)
    db.session.commit()
    return sha(photo), mutation["id"], mutation["data"]["findings"][0]["id"]


def _records(make, api) -> dict[str, dict[str, str]]:
    """Records of each side, by route argument (or form field) name."""
    w = world(make)
    park_a, park_b = w["park_a"], w["park_b"]
    ent_a2 = make.enterprise(park_a)
    event_a2 = make.event(ent_a2)
    insp2 = make.user("insp2", role="inspector", parks=[park_a])
    make.commit()
    sides = {
        "own": (w["ent_a"], w["event_a"], park_a, w["users"]["insp"]),
        "same_park": (ent_a2, event_a2, park_a, insp2),
        "other": (w["ent_b"], w["event_b"], park_b, w["users"]["insp_b"]),
    }
    values: dict[str, dict[str, str]] = {}
    for side, (ent, event, park, inspector) in sides.items():
        # Uploaded by an inspector who is none of the roles under test, so that the photo
        # rule is decided by the records that name it, not by who uploaded it.
        uploader = api("insp_b" if side == "other" else "insp2")
        photo, check_id, finding_id = _photo_named_by(uploader, make, w, ent, event)
        plan = InspectionPlan(park_id=park.id, year=2026, quarter=4, title="Kế hoạch quý IV")
        conflict = stamp(
            ConflictCopy(
                entity="check",
                record_id=check_id,
                park_id=park.id,
                user_id=inspector.id,
                client_id=str(uuid.uuid4()),
                mutation_id=str(uuid.uuid4()),
                reason="stale_base",
                base_version=0,
                server_version=1,
                device_data={},
                server_data={},
            )
        )
        commendation = Commendation(
            enterprise_id=ent.id,
            park_id=park.id,
            commended_by="UBND tỉnh Bắc Ninh",
            commended_on=date(2026, 3, 15),
            decision_number="123/QĐ-UBND",
            photo=photo,
            recorded_by_id=w["users"]["admin"].id,
        )
        db.session.add_all([plan, conflict, commendation])
        db.session.flush()
        visit = stamp(
            Visit(
                plan_id=plan.id,
                enterprise_id=ent.id,
                park_id=park.id,
                planned_date=date(2026, 11, 20),
                team=[inspector.id],
            )
        )
        db.session.add(visit)
        db.session.flush()
        values[side] = {
            "check_id": check_id,
            "finding_id": finding_id,
            "event_id": event.id,
            "enterprise_id": ent.id,
            "park_id": park.id,
            "user_id": inspector.id,
            "plan_id": plan.id,
            "visit_id": visit.id,
            "conflict_id": conflict.id,
            "sha256": photo,
            "template_id": w["tv"].template_id,
            "version_id": w["tv"].id,
            "kind": "checks",
            "fmt": "csv",
            "inspector_id": inspector.id,
            "receipt": db.session.get(Check, check_id).receipt,
            "commendation_id": commendation.id,
        }
    db.session.commit()
    return values


STATIC_FILES = {
    "static": "console/console.css",
    "festival.static": "festival.css",
    "pwa.asset": "index.html",
}


def _url(rule, values: dict[str, str]) -> str:
    url = rule.rule
    for arg in rule.arguments:
        value = STATIC_FILES.get(rule.endpoint) if arg == "filename" else values[arg]
        url = url.replace(f"<{arg}>", value)
        for converter in ("string", "path", "int"):
            url = url.replace(f"<{converter}:{arg}>", value)
    return url


def _mutation(role: str, v: dict[str, str]) -> dict:
    """One upsert for the side's enterprise, of what the role's device makes."""
    if role == HR:
        return Factory.mutation(
            "event",
            {
                "enterprise_id": v["enterprise_id"],
                "title": "Ngày hội toàn dân bảo vệ ANTQ",
                "date": "2026-08-19",
                "activities": [{"kind": "propaganda"}],
                "status": "planned",
            },
        )
    version, enterprise = (
        SimpleNamespace(id=v["version_id"]),
        SimpleNamespace(id=v["enterprise_id"]),
    )
    return Factory.mutation("check", Factory.check_data(version, enterprise))


def _body(endpoint: str, method: str, v: dict[str, str], role: str) -> dict:
    """What a real client sends with this write (a valid request, so that only the role and
    the record's scope decide)."""
    if endpoint in PUSHES:
        body = {"client_id": str(uuid.uuid4()), "mutations": [_mutation(role, v)]}
        if endpoint == "api_imports.import_export":  # an export names its author
            body["format"] = "antt-unsynced-work"
            author = (
                db.session.scalar(sa.select(User.id).where(User.username == USERNAMES[role]))
                if role in USERNAMES
                else None
            )
            body["user"] = {"id": author}
        return {"json": body}
    form = {
        "console.language": {"language": "vi", "next": "/console/"},
        "console.contrast": {"contrast": "more", "next": "/console/"},
        "console.plans": {
            "park": v["park_id"],
            "year": "2026",
            "quarter": "3",
            "title": "Kế hoạch kiểm tra quý III",
        },
        "console.receipts": {"record_id": v["check_id"], "code": v["receipt"]},
        "console.review_check": {"decision": "approve", "comment": "Đạt"},
        "console.check_comment": {"text": "Đề nghị bổ sung ảnh"},
        "console.event_comment": {"text": "Đề nghị bổ sung danh sách"},
        "console.bulk_approve": {"ids": v["check_id"]},
        "console.resolve": {"choice": "server", "note": "Giữ bản trên máy chủ"},
        "console.add_visit": {
            "enterprise": v["enterprise_id"],
            "date": "2026-12-01",
            "team": v["inspector_id"],
        },
        "console.move_visit": {"date": "2026-12-03"},
        "console.close_finding": {"note": "Đã khắc phục"},
        "console.finding_owner": {"owner": "Nguyễn Văn Bảo"},
        "console.reinspect": {"date": "2026-12-02", "team": v["inspector_id"]},
        "console.commend": {"by": "UBND tỉnh", "on": "2026-03-15", "decision_number": "1/QĐ"},
        "festival.review": {"comment": "Đã xem"},
    }.get(endpoint)
    if form is not None:
        return {"data": form}
    if endpoint == "festival.roster_import":
        roster = "Mã NV,Họ và tên\nNV001,Nguyễn Văn An\n".encode()
        return {
            "data": {"action": "preview", "file": (io.BytesIO(roster), "roster.csv")},
            "content_type": "multipart/form-data",
        }
    if endpoint == "api_attachments.put":
        photo = jpeg()
        return {
            "data": photo,
            "path_values": {"sha256": sha(photo)},
            "content_type": "application/octet-stream",
        }
    return {
        "api_auth.set_language": {"json": {"language": "vi"}},
        "api_attachments.missing": {"json": {"hashes": [v["sha256"]]}},
    }.get(endpoint, {"data": {}})


def _outcome(endpoint: str, response) -> str:
    status = response.status_code
    if endpoint in PUSHES and status == 200:
        result = response.json["results"][0]
        return {"applied": "allow", "rejected": "deny"}.get(result["status"], str(result))
    if 200 <= status < 300 or (endpoint in EMPTY_FORMS and status == 400):
        return "allow"
    if status in (301, 302, 303, 307, 308):
        to_login = "login" in response.headers.get("Location", "")
        return "deny" if to_login and endpoint not in LOGOUTS else "allow"
    if status in (401, 403, 404):
        return "deny"
    return f"status {status}"


def _snapshot() -> dict[str, list]:
    """Every row of every table (the test database is small), but the processed marks."""
    db.session.expire_all()
    tables = {}
    for table in db.metadata.sorted_tables:
        if table.name in PROCESSED_MARKS:
            continue
        query = sa.select(table).order_by(*table.primary_key.columns)
        tables[table.name] = [tuple(row) for row in db.session.execute(query)]
    db.session.rollback()
    return tables


def _declared_pairs(app) -> set[tuple[str, str]]:
    pairs = set()
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"} or {"HEAD"}
        pairs |= {(rule.endpoint, method) for method in methods}
    return pairs


def test_every_route_and_method_is_declared(app):
    routes = _declared_pairs(app)
    table = {(endpoint, method) for endpoint, methods in ROUTE_ACCESS.items() for method in methods}
    assert not sorted(routes - table), f"without an entry in ROUTE_ACCESS: {sorted(routes - table)}"
    assert not sorted(table - routes), (
        f"ROUTE_ACCESS names what does not exist: {sorted(table - routes)}"
    )


def test_routes_with_a_record_are_declared_per_side(app):
    flat = sorted(
        {
            f"{rule.endpoint} {method}"
            for rule in app.url_map.iter_rules()
            if set(rule.arguments) - NOT_RECORDS and rule.endpoint not in NEW_RECORDS
            for method, roles in ROUTE_ACCESS.get(rule.endpoint, {}).items()
            if not isinstance(roles, Scoped)
        }
    )
    assert not flat, f"routes that take a record need own / same_park / other: {flat}"


def _visitor(api):
    """An anonymous visitor who has opened the login page (and so holds a CSRF token)."""
    visitor = api()
    visitor.get("/console/login")
    with visitor.client.session_transaction() as session:
        visitor.csrf = session["csrf"]
    return visitor


def _request(client, role, rule, method, values):
    body = _body(rule.endpoint, method, values, role)
    url = _url(rule, values | body.pop("path_values", {}))
    headers = {"X-CSRF-Token": client.csrf} if client.csrf else {}
    return client.client.open(url, method=method, headers=headers, **body)


@pytest.mark.filterwarnings("ignore:'get_engine' is deprecated:DeprecationWarning")
def test_permissions_matrix(app, make, api):
    flask_migrate.stamp()  # so that /readyz answers 200
    values = _records(make, api)
    clients = {ANON: _visitor(api)} | {role: api(name) for role, name in USERNAMES.items()}
    problems = []
    before = None  # the database as the last denied write left it
    rules = sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint in LOGOUTS, r.rule))
    for rule in rules:
        for method, declared in sorted(ROUTE_ACCESS.get(rule.endpoint, {}).items()):
            if (rule.endpoint, method) in NOT_REQUESTED:
                continue
            sides = SIDES if isinstance(declared, Scoped) else ("own",)
            for side in sides:
                allowed = getattr(declared, side) if isinstance(declared, Scoped) else declared
                for role, client in clients.items():
                    want = "allow" if role in allowed else "deny"
                    checked = want == "deny" and method != "GET"
                    if checked and before is None:
                        before = _snapshot()
                    with _request(client, role, rule, method, values[side]) as response:
                        got = _outcome(rule.endpoint, response)
                    where = f"{method} {rule.rule} ({rule.endpoint}, {side}) as {role}"
                    if got != want:
                        problems.append(f"{where}: {got}, declared {want}")
                    if checked:
                        after = _snapshot()
                        changed = sorted(name for name in after if after[name] != before[name])
                        if changed:
                            problems.append(f"{where}: denied, but it wrote to {changed}")
                        before = after
                    elif method != "GET":
                        before = None  # an allowed write changes the database
                    if rule.endpoint in LOGOUTS and role != ANON:
                        clients[role] = api(USERNAMES[role])
    assert not problems, "\n".join(problems)


def test_photos_claimed_by_reference(app, make, api):
    """A record naming another side's photo is applied only for whom the photo is visible;
    a refused claim writes nothing and leaves the photo as hidden as before."""
    values = _records(make, api)
    problems = []
    for role in (INSP, HR):
        client = api(USERNAMES[role])
        for side in SIDES:
            photo = values[side]["sha256"]
            mutation = _mutation(role, values["own"])
            if role == HR:
                mutation["data"]["photos"] = [photo]
            else:
                mutation["data"]["answers"]["A.1"]["photos"] = [photo]
            result = client.push([mutation]).json["results"][0]
            want = "applied" if role in getattr(PHOTO, side) else "rejected"
            if result["status"] != want:
                problems.append(f"{role} naming the {side} photo: {result}")
            if want == "rejected":
                if result["errors"]["fields"] != {"photos": [CLAIM_VI]}:
                    problems.append(f"{role} naming the {side} photo: {result['errors']}")
                for method in ("GET", "HEAD"):
                    status = client.client.open(
                        f"/api/attachments/{photo}", method=method
                    ).status_code
                    if status != 404:
                        problems.append(f"{role} {method} of the {side} photo: {status}")
    assert not problems, "\n".join(problems)
