"""Console benchmark: review queue, record page, dashboard, enterprise page, festival, XLSX.

Seeds the demo province (app.seed.seed_demo) plus one more synthetic year (2025) of 50,000
checks and 500,000 attendance rows (Core bulk inserts, versions from take_versions), then
times each page in-process with the Flask test client (server time, median of several runs)
on SQLite and on PostgreSQL (a database of its own, dropped at the end). The enterprise page
is timed for the enterprise with the most synthetic checks, given 10 years of them
(decade_of_checks). Appends the table to
bench/RESULTS.md under "Console".

Run from the repository root: `.venv/bin/python bench/console_bench.py` (PostgreSQL from
BENCH_PG_URL or TEST_DATABASE_URL; `--checks`, `--attendance` change the synthetic year).
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REQUEST_LOG", "0")

from app import create_app  # noqa: E402
from app.access.auth import hash_password  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import (  # noqa: E402
    Attendance,
    Check,
    ChecklistTemplate,
    Enterprise,
    Event,
    Finding,
    Gift,
    TemplateVersion,
    User,
)
from app.seed import seed_demo  # noqa: E402
from app.sync.versioning import take_versions  # noqa: E402
from config import Config  # noqa: E402

YEAR = 2025
CHUNK = 10_000
SEVERITIES = ("low", "medium", "medium", "high", "critical")


class BenchConfig(Config):
    SECRET_KEY = "bench-secret"
    REQUEST_LOG = False
    LOGIN_RATE_LIMIT = "1000 per minute"
    PASSWORD_HASH_FAST = True
    RATELIMIT_ENABLED = False


def _insert(model, rows: list[dict], versioned: bool = True) -> None:
    if versioned and rows:
        first = take_versions(len(rows))
        for offset, row in enumerate(rows):
            row["version"] = first + offset
    db.session.execute(sa.insert(model), rows)


def _moment(rng: random.Random) -> datetime:
    day = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364))
    return datetime(day.year, day.month, day.day, rng.randint(1, 9), rng.randint(0, 59), tzinfo=UTC)


def synthetic_year(n_checks: int, n_attendance: int) -> dict:
    """Add a year of checks (with findings) and events (with attendance and gifts)."""
    rng = random.Random(2025)
    ents = db.session.execute(sa.select(Enterprise.id, Enterprise.park_id)).all()
    tv = db.session.scalar(
        sa.select(TemplateVersion)
        .join(ChecklistTemplate)
        .where(ChecklistTemplate.code == "antt_check", TemplateVersion.status == "published")
    )
    author = db.session.scalar(sa.select(User.id).where(User.role == "inspector"))
    items = [it for sec in tv.sections for it in sec["items"]]
    began = time.perf_counter()
    findings = 0
    for start in range(0, n_checks, CHUNK):
        checks, found = [], []
        for _ in range(min(CHUNK, n_checks - start)):
            ent_id, park_id = rng.choice(ents)
            when = _moment(rng)
            answers = {
                it["code"]: {
                    "value": rng.randint(0, 3)
                    if it["type"] == "number"
                    else rng.choice(("yes", "yes", "yes", "no", "na"))
                    if it["type"] == "yes_no_na"
                    else "Đạt yêu cầu"
                }
                for it in items
            }
            check_id = str(uuid.uuid4())
            picked = rng.sample(items, rng.choice((0, 0, 0, 1, 1, 2)))
            for it in picked:
                found.append(
                    {
                        "id": str(uuid.uuid4()),
                        "check_id": check_id,
                        "enterprise_id": ent_id,
                        "park_id": park_id,
                        "item_code": it["code"],
                        "category": it["code"].split(".")[0],
                        "severity": rng.choice(SEVERITIES),
                        "description": "Chưa đạt: " + it["text_vi"],
                        "corrective_action": "Khắc phục trong 30 ngày",
                        "due_date": (when + timedelta(days=30)).date(),
                        "closed_at": when + timedelta(days=20) if rng.random() < 0.6 else None,
                    }
                )
            checks.append(
                {
                    "id": check_id,
                    "template_version_id": tv.id,
                    "enterprise_id": ent_id,
                    "park_id": park_id,
                    "author_id": author,
                    "status": rng.choice(("approved",) * 8 + ("submitted", "returned")),
                    "started_at": when,
                    "ended_at": when + timedelta(hours=2),
                    "submitted_at": when + timedelta(hours=3),
                    "data": {
                        "template_version_id": tv.id,
                        "answers": answers,
                        "findings": [],
                        "team": [{"name": "Cán bộ", "unit": "bql"}],
                        "representative_name": "Nguyễn Văn Đại diện",
                    },
                    "finding_count": len(picked),
                    "photos": [],
                    "receipt": f"BENCH-{start}-{len(checks)}",
                }
            )
        _insert(Check, checks)
        _insert(Finding, found, versioned=False)
        findings += len(found)
        db.session.commit()
    per_event = 400
    n_events = max(1, n_attendance // per_event)
    events = []
    for _ in range(n_events):
        ent_id, park_id = rng.choice(ents)
        events.append(
            {
                "id": str(uuid.uuid4()),
                "enterprise_id": ent_id,
                "park_id": park_id,
                "title": "Ngày hội toàn dân bảo vệ ANTQ năm 2025",
                "date": _moment(rng).date(),
                "place": "Hội trường",
                "status": "held",
                "activities": [{"kind": "propaganda", "headcount": per_event}],
                "planned_participants": per_event,
            }
        )
    _insert(Event, events)
    db.session.commit()
    rows = 0
    for event in events:
        batch = [
            {
                "id": str(uuid.uuid4()),
                "event_id": event["id"],
                "enterprise_id": event["enterprise_id"],
                "park_id": event["park_id"],
                "person_key": f"p{n}",
                "name": f"Nguyễn Văn Công Nhân {n}",
                "employee_number": f"CN{n:05d}",
                "role": "worker",
                "method": "roster",
                "recorded_at": datetime(YEAR, 8, 19, 8, tzinfo=UTC),
            }
            for n in range(per_event)
        ]
        gifts = [
            {
                "id": str(uuid.uuid4()),
                "event_id": event["id"],
                "enterprise_id": event["enterprise_id"],
                "park_id": event["park_id"],
                "recipient_name": f"Nguyễn Văn Công Nhân {n}",
                "value_vnd": 500_000,
            }
            for n in range(5)
        ]
        _insert(Attendance, batch)
        _insert(Gift, gifts)
        rows += len(batch)
        if rows % 50_000 == 0:
            db.session.commit()
    db.session.commit()
    return {
        "checks": n_checks,
        "findings": findings,
        "events": n_events,
        "attendance": rows,
        "seconds": time.perf_counter() - began,
    }


def decade_of_checks(per_year: int = 4) -> str:
    """Give the enterprise with the most synthetic checks 10 years of them (2016 to 2025):
    copies of its own checks, with their findings, moved back a year at a time."""
    ent_id = db.session.execute(
        sa.select(Check.enterprise_id)
        .where(Check.receipt.like("BENCH-%"))
        .group_by(Check.enterprise_id)
        .order_by(sa.func.count().desc())
        .limit(1)
    ).scalar()
    own = list(
        db.session.execute(
            sa.select(Check)
            .where(Check.enterprise_id == ent_id, Check.receipt.like("BENCH-%"))
            .limit(per_year)
        ).scalars()
    )
    checks, found = [], []
    for back in range(1, 10):
        for source in own:
            when = source.started_at.replace(year=YEAR - back, day=min(source.started_at.day, 28))
            check_id = str(uuid.uuid4())
            checks.append(
                {
                    "id": check_id,
                    "template_version_id": source.template_version_id,
                    "enterprise_id": ent_id,
                    "park_id": source.park_id,
                    "author_id": source.author_id,
                    "status": "approved",
                    "started_at": when,
                    "ended_at": when + timedelta(hours=2),
                    "submitted_at": when + timedelta(hours=3),
                    "data": source.data,
                    "finding_count": 1,
                    "photos": [],
                    "receipt": f"DECADE-{back}-{len(checks)}",
                }
            )
            found.append(
                {
                    "id": str(uuid.uuid4()),
                    "check_id": check_id,
                    "enterprise_id": ent_id,
                    "park_id": source.park_id,
                    "item_code": "C.1",
                    "category": "C",
                    "severity": "high",
                    "description": "Chưa đạt: phòng cháy",
                    "corrective_action": "Bổ sung",
                    "due_date": (when + timedelta(days=30)).date(),
                    "closed_at": when + timedelta(days=20),
                }
            )
    _insert(Check, checks)
    _insert(Finding, found, versioned=False)
    db.session.commit()
    return ent_id


def queue_filters() -> dict[str, str]:
    """The review queue under each of its filters and sorts (issue 24), by name."""
    park = db.session.scalar(sa.select(Check.park_id).where(Check.status == "submitted").limit(1))
    author = db.session.scalar(sa.select(Check.author_id).limit(1))
    template = db.session.scalar(
        sa.select(ChecklistTemplate.id).where(ChecklistTemplate.code == "antt_check")
    )
    q = "/console/review?"
    return {
        "queue: worst open finding first": q + "sort=severity",
        "queue: serious findings (high+)": q + "severity=high",
        "queue: no open finding": q + "severity=none",
        "queue: 2+ findings, most first": q + "findings=2&sort=findings",
        "queue: waiting > 7 days, longest first": q + "waiting=7&sort=waiting",
        "queue: one park, by park": q + f"park={park}&sort=park",
        "queue: one inspector, by inspector": q + f"inspector={author}&sort=inspector",
        "queue: one template, by template": q + f"template={template}&sort=template",
        "queue: every state, worst first": q + "status=all&sort=severity",
        "queue: approved, most findings first": q + "status=approved&sort=findings",
    }


def login(app):
    """A test client signed in to the console as a province-wide supervisor."""
    client = app.test_client()
    page = client.get("/console/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/console/login", data={"username": "bench_sup", "password": "pw", "csrf_token": token}
    )
    assert response.status_code == 302, response.status_code
    return client


def timed(client, url: str, runs: int) -> tuple[float, int, float]:
    """Median server time (ms) of GET url over runs, the body size, and the first request."""
    began = time.perf_counter()
    response = client.get(url)
    first = (time.perf_counter() - began) * 1000
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return statistics.median(times), len(response.data), first


def run(url: str, args) -> dict:
    """Seed one database and time the four console requests."""
    app = create_app(type("Cfg", (BenchConfig,), {"SQLALCHEMY_DATABASE_URI": url}))
    out: dict = {}
    with app.app_context():
        db.create_all()
        began = time.perf_counter()
        out["seed"] = seed_demo()
        db.session.add(
            User(
                username="bench_sup",
                role="supervisor",
                full_name="Bench",
                password_hash=hash_password("pw"),
            )
        )
        db.session.commit()
        out["seed_s"] = time.perf_counter() - began
        out["synthetic"] = synthetic_year(args.checks, args.attendance)
        decade_id = decade_of_checks()
        out["decade_checks"] = db.session.scalar(
            sa.select(sa.func.count()).where(Check.enterprise_id == decade_id)
        )
        db.session.commit()  # end the read (SQLite: BEGIN IMMEDIATE holds the write lock)
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                    sa.text("VACUUM ANALYZE")
                )
        else:
            with db.engine.begin() as conn:
                conn.execute(sa.text("ANALYZE"))
        check_id = db.session.scalar(
            sa.select(Check.id)
            .where(Check.finding_count > 0, Check.receipt.like("BENCH-%"))
            .limit(1)
        )
        queue = queue_filters()
        db.session.remove()
        client = login(app)
        pages = {
            "review queue": "/console/review",
            **queue,
            "record page": f"/console/checks/{check_id}",
            f"province dashboard, year {YEAR}": f"/console/dashboard?period={YEAR}",
            f"annual report {YEAR}": f"/console/report?year={YEAR}",
            "enterprise page, 10 years of checks": f"/console/enterprises/{decade_id}",
            f"map data, province, year {YEAR}": f"/console/map/data.json?period={YEAR}",
            f"festival overview, year {YEAR}": f"/console/festival?period={YEAR}",
        }
        out["pages"] = {name: timed(client, path, args.runs) for name, path in pages.items()}
        app.config["REPORT_CACHE"] = False  # every request computes its figures again
        cached_pages = ("province dashboard", "annual report", "map data", "festival")  # cached
        uncached = {name: path for name, path in pages.items() if name.startswith(cached_pages)}
        out["uncached"] = {name: timed(client, path, args.runs) for name, path in uncached.items()}
        app.config["REPORT_CACHE"] = True
        export = f"/console/exports/checks.xlsx?from={YEAR}-01-01&to={YEAR}-12-31"
        out["export"] = timed(client, export, max(1, args.runs // 3))
        out["load"] = os.getloadavg()[0]
        db.session.remove()
        db.engine.dispose()
    return out


def pg_database(base: str, name: str):
    """Create a fresh database next to the one in `base`; return (url, drop function)."""
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)

    def drop():
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


def target_of(name: str) -> str:
    """A page's server-time target: the queue's and the festival overview's from issue 24."""
    if name.startswith("festival"):
        return "< 300 ms"
    if name.startswith("queue") or name == "review queue":
        return "< 150 ms"
    return "< 200 ms"


def report(results: dict, args) -> str:
    """The Markdown section appended to bench/RESULTS.md."""
    any_result = next(iter(results.values()))
    syn = any_result["synthetic"]
    lines = [
        "",
        "## Console",
        "",
        f"`.venv/bin/python bench/console_bench.py` on the 2-core workplace machine "
        f"({date.today():%d/%m/%Y}): demo province seeded, plus a synthetic {YEAR} of "
        f"{syn['checks']:,} checks ({syn['findings']:,} findings), {syn['events']:,} events "
        f"and {syn['attendance']:,} attendance rows. Server time in-process (Flask test "
        f"client), median of {args.runs} runs after the first (export: "
        f"{max(1, args.runs // 3)}), first request in brackets; a province-wide "
        "supervisor. Dashboard and report figures are cached per (scope, filters, sync "
        "version), so the first request is the one that computes them; the rows marked "
        "uncached are the median of the same requests with the cache off. Load average at "
        "the end: " + ", ".join(f"{k} {r['load']:.1f}" for k, r in results.items()) + ".",
        "",
        "| request | " + " | ".join(results) + " | target |",
        "| --- |" + " --- |" * len(results) + " --- |",
    ]
    for name in any_result["pages"]:
        cells = [
            f"{r['pages'][name][0]:.0f} ms ({r['pages'][name][2]:.0f} ms)" for r in results.values()
        ]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {target_of(name)} |")
    for name in any_result["uncached"]:
        cells = [f"{r['uncached'][name][0]:.0f} ms" for r in results.values()]
        lines.append(f"| {name}, uncached | " + " | ".join(cells) + f" | {target_of(name)} |")
    cells = [
        f"{r['export'][0] / 1000:.1f} s ({r['export'][1] / 1e6:.1f} MB)" for r in results.values()
    ]
    lines.append(f"| XLSX export, checks of {YEAR} | " + " | ".join(cells) + " | < 10 s |")
    cells = [f"{r['seed_s']:.0f} s + {r['synthetic']['seconds']:.0f} s" for r in results.values()]
    lines.append("| (seed demo + synthetic year) | " + " | ".join(cells) + " | |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checks", type=int, default=50_000)
    parser.add_argument("--attendance", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=("sqlite", "postgresql"))
    parser.add_argument("--no-write", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument(
        "--pg-name",
        default=f"bench_console_{os.getpid()}",
        help="scratch PostgreSQL database (dropped at the end; one per process)",
    )
    args = parser.parse_args()
    results = {}
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as tmp:
            results["SQLite"] = run(f"sqlite:///{tmp}/bench.db", args)
            print("SQLite", results["SQLite"], flush=True)
    pg = os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL")
    if pg and args.only != "sqlite":
        url, drop = pg_database(pg, args.pg_name)
        try:
            results["PostgreSQL"] = run(url, args)
            print("PostgreSQL", results["PostgreSQL"], flush=True)
        finally:
            drop()
    text = report(results, args)
    print(text)
    if not args.no_write:
        with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as fh:
            fh.write(text)


if __name__ == "__main__":
    main()
