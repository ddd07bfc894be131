"""Load benchmark: many field devices push a day's work to gunicorn while supervisors browse.

    .venv/bin/python bench/load_bench.py                      # 200 devices on PostgreSQL
    .venv/bin/python bench/load_bench.py --devices 20 --db sqlite
    .venv/bin/python bench/load_bench.py --append-results     # add the table to RESULTS.md

Loopback only. Each simulated device logs in as an inspector, uploads 10 small JPEGs, pushes
10 checks naming them, then as the HR user of its enterprise pushes 200 attendance rows (in
batches of 50, like the field app's outbox) and pulls everything it may see. Failed requests
(connection errors, 5xx) are retried with the same body, as the outbox does. Meanwhile 3
supervisors page through the console. Afterwards the database must hold exactly what was sent:
no loss, no duplicate. Passwords use the tests' fast Argon2 settings (this measures sync, not
password hashing).
"""

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import AppliedMutation, Attachment, Attendance, Check  # noqa: E402
from tests.conftest import make_config  # noqa: E402
from tests.factories import Factory  # noqa: E402
from tests.hardening.server import Server  # noqa: E402
from tests.hardening.util import jpeg, sha  # noqa: E402

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
RETRIES = 8


class Recorder:
    """Latencies per request kind, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.retries = 0
        self.errors: list[str] = []

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)

    def table(self, wall: float) -> list[str]:
        """A markdown table: requests, throughput and latency percentiles per kind."""
        lines = [
            "| request | count | req/s | p50 ms | p95 ms | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        every = []
        for kind in sorted(self.times):
            values = sorted(self.times[kind])
            every.extend(values)
            lines.append(_row(kind, values, wall))
        lines.append(_row("**all**", sorted(every), wall))
        return lines


def _pct(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _row(kind: str, values: list[float], wall: float) -> str:
    return (
        f"| {kind} | {len(values)} | {len(values) / wall:.1f} | "
        f"{_pct(values, 50) * 1000:.0f} | {_pct(values, 95) * 1000:.0f} | "
        f"{_pct(values, 99) * 1000:.0f} | {values[-1] * 1000:.0f} |"
    )


class Client:
    """One device or supervisor session against the server, timing every request."""

    def __init__(self, base: str, rec: Recorder) -> None:
        self.base, self.rec = base, rec
        self.http = requests.Session()
        self.csrf = ""

    def call(self, kind: str, method: str, path: str, ok=(200, 201, 204), **kw):
        """Send, retrying connection errors and 5xx like the outbox; time each attempt."""
        for attempt in range(RETRIES):
            if self.csrf and method != "GET":
                kw.setdefault("headers", {})["X-CSRF-Token"] = self.csrf
            start = time.perf_counter()
            try:
                response = self.http.request(method, self.base + path, timeout=120, **kw)
                reason = f"{kind} {response.status_code} {response.text[:120]}"
            except requests.RequestException as err:
                response, reason = None, f"{kind} {type(err).__name__}"
            self.rec.add(kind, time.perf_counter() - start)
            if response is not None and response.status_code < 500:
                if response.status_code not in ok:
                    raise RuntimeError(f"{kind}: {response.status_code} {response.text[:300]}")
                return response
            with self.rec.lock:
                self.rec.retries += 1
                self.rec.errors.append(reason)
            time.sleep(min(2.0, 0.05 * 2**attempt))
        raise RuntimeError(f"{kind}: gave up after {RETRIES} attempts")

    def login(self, username: str) -> None:
        response = self.call(
            "login", "POST", "/api/auth/login", json={"username": username, "password": "pw"}
        )
        self.csrf = response.json()["csrf_token"]

    def pull_all(self) -> int:
        cursor, total = None, 0
        while True:
            params = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
            body = self.call("pull", "GET", "/api/sync/pull", params=params).json()
            total += len(body["changes"])
            cursor = body["cursor"]
            if not body["has_more"]:
                return total


def build_world(n_devices: int) -> dict:
    """Parks, one enterprise + event + inspector + HR user per device, supervisors."""
    make = Factory()
    parks = [make.park() for _ in range(max(1, n_devices // 50))]
    tv = make.template()
    devices = []
    for i in range(n_devices):
        park = parks[i % len(parks)]
        ent = make.enterprise(park)
        event = make.event(ent)
        make.user(f"insp{i}", role="inspector", parks=[park])
        make.user(f"hr{i}", role="enterprise_hr", enterprise=ent)
        devices.append({"i": i, "tv": tv.id, "ent": ent.id, "event": event.id})
    for n in range(3):
        make.user(f"sup{n}", role="supervisor", parks=parks)
    make.commit()
    return {"devices": devices}


def device_day(base: str, rec: Recorder, d: dict, checks: int, attendance: int) -> dict:
    """One device's day: photos, checks, attendance in outbox-sized batches, pulls."""
    inspector = Client(base, rec)
    inspector.login(f"insp{d['i']}")
    client_id = str(uuid.uuid4())
    check_ids = []
    mutations = []
    for n in range(checks):
        photo = jpeg(4000)
        digest = sha(photo)
        inspector.call(
            "photo_put",
            "PUT",
            f"/api/attachments/{digest}",
            ok=(200, 201),
            data=photo,
            headers={"Content-Type": "image/jpeg"},
        )
        started = datetime(2026, 11, 20, 8, tzinfo=UTC) + timedelta(minutes=40 * n)
        check_id = str(uuid.uuid4())
        check_ids.append(check_id)
        mutations.append(
            {
                "mutation_id": str(uuid.uuid4()),
                "entity": "check",
                "op": "upsert",
                "id": check_id,
                "base_version": 0,
                "data": {
                    "template_version_id": d["tv"],
                    "enterprise_id": d["ent"],
                    "status": "submitted",
                    "started_at": started.isoformat(),
                    "ended_at": (started + timedelta(minutes=30)).isoformat(),
                    "answers": {"A.1": {"value": "yes", "photos": [digest]}, "A.2": {"value": n}},
                    "team": [{"name": "Trần Thị Bình", "unit": "police"}],
                    "representative_name": "Lê Văn Cường",
                    "findings": [],
                },
            }
        )
    _push(inspector, "push_checks", client_id, mutations)
    inspector.pull_all()

    hr = Client(base, rec)
    hr.login(f"hr{d['i']}")
    rows = [
        {
            "mutation_id": str(uuid.uuid4()),
            "entity": "attendance",
            "op": "upsert",
            "id": str(uuid.uuid4()),
            "base_version": 0,
            "data": {
                "event_id": d["event"],
                "name": f"Nguyễn Văn {n}",
                "employee_number": f"NV{d['i']:04d}{n:05d}",
                "role": "worker",
                "method": "qr",
                "recorded_at": (
                    datetime(2026, 8, 19, 7, tzinfo=UTC) + timedelta(seconds=n)
                ).isoformat(),
            },
        }
        for n in range(attendance)
    ]
    for start in range(0, len(rows), 50):
        _push(hr, "push_attendance", client_id, rows[start : start + 50])
    hr.pull_all()
    inspector.http.close()
    hr.http.close()
    return {"checks": check_ids, "mutations": len(mutations) + len(rows)}


def _push(client: Client, kind: str, client_id: str, mutations: list[dict]) -> None:
    response = client.call(
        kind, "POST", "/api/sync/push", json={"client_id": client_id, "mutations": mutations}
    )
    statuses = {r["status"] for r in response.json()["results"]}
    if not statuses <= {"applied", "duplicate"}:
        raise RuntimeError(f"{kind}: unexpected results {statuses}")


def console_pages(app) -> list[str]:
    """Every console GET page that takes no argument (the supervisors' tour)."""
    pages = []
    for rule in app.url_map.iter_rules():
        if (
            rule.rule.startswith("/console")
            and "GET" in rule.methods
            and not rule.arguments
            and "login" not in rule.endpoint
            and "export" not in rule.rule
        ):
            pages.append(rule.rule)
    return sorted(pages) or ["/console/"]


def supervisor(base: str, rec: Recorder, n: int, pages: list[str], stop: threading.Event):
    """Log in to the console and page through it until the devices are done."""
    client = Client(base, rec)
    client.login(f"sup{n}")  # the API login also opens the console session
    visits = 0
    while not stop.is_set():
        for page in pages:
            for number in (1, 2):
                client.call(
                    "console_page",
                    "GET",
                    page,
                    ok=(200, 302, 400, 403, 404),
                    params={"page": number},
                )
                visits += 1
            if stop.is_set():
                break
    client.http.close()
    return visits


def verify(sent: list[dict]) -> dict:
    """The database holds exactly what was sent: no loss, no duplicate."""
    db.session.rollback()
    count = lambda model: db.session.execute(  # noqa: E731
        sa.select(sa.func.count()).select_from(model)
    ).scalar_one()
    checks = sum(len(s["checks"]) for s in sent)
    mutations = sum(s["mutations"] for s in sent)
    ids = [i for s in sent for i in s["checks"]]
    found = db.session.execute(
        sa.select(sa.func.count()).select_from(Check).where(Check.id.in_(ids))
    ).scalar_one()
    result = {
        "checks": count(Check),
        "attendance": count(Attendance),
        "attachments": count(Attachment),
        "applied_mutations": count(AppliedMutation),
    }
    assert result["checks"] == checks == found, (result, checks, found)
    assert result["applied_mutations"] == mutations, (result, mutations)
    assert result["attachments"] == checks, result
    assert result["attendance"] == mutations - checks, result
    return result


def run_bench(
    db_url: str,
    devices: int = 200,
    checks: int = 10,
    attendance: int = 200,
    threads: int = 32,
    workers: int = 4,
    max_seconds: float = 900,
    tmp: Path | None = None,
) -> dict:
    """Seed, start gunicorn, run devices and supervisors, verify; return the measures."""
    tmp = tmp or Path(tempfile.mkdtemp(prefix="load-"))
    app = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI=db_url, UPLOAD_FOLDER=str(tmp / "uploads"), REQUEST_LOG=False
        )
    )
    with app.app_context():
        db.create_all()
        world = build_world(devices)
        db.session.remove()
        server = Server(tmp, db_url, workers=workers, threads=4, timeout=120).start()
        rec = Recorder()
        stop = threading.Event()
        try:
            started = time.perf_counter()
            with ThreadPoolExecutor(threads + 3) as pool:
                sups = [
                    pool.submit(supervisor, server.url, rec, n, console_pages(app), stop)
                    for n in range(3)
                ]
                jobs = [
                    pool.submit(device_day, server.url, rec, d, checks, attendance)
                    for d in world["devices"]
                ]
                deadline = started + max_seconds
                sent = [job.result(timeout=max(1, deadline - time.perf_counter())) for job in jobs]
                stop.set()
                visits = sum(s.result() for s in sups)
            wall = time.perf_counter() - started
        finally:
            stop.set()
            server.stop()
            db.session.remove()
        counts = verify(sent)
        db.session.remove()
        db.engine.dispose()
    return {
        "wall": wall,
        "table": rec.table(wall),
        "retries": rec.retries,
        "retry_reasons": rec.errors,
        "counts": counts,
        "devices": devices,
        "checks": checks,
        "attendance": attendance,
        "console_visits": visits,
        "workers": workers,
        "threads": threads,
    }


def pg_schema_url(base: str) -> tuple[str, str]:
    """A fresh schema on the PostgreSQL server, so the benchmark never touches real data."""
    schema = f"bench_{os.getpid()}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", schema


def drop_schema(base: str, schema: str) -> None:
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def report(result: dict, backend: str) -> str:
    """The RESULTS.md section."""
    c = result["counts"]
    head = (
        f"`.venv/bin/python bench/load_bench.py` ({backend}, gunicorn {result['workers']} "
        f"workers × 4 threads on loopback, {result['threads']} client threads, 2-core "
        f"machine shared with other work, {datetime.now(UTC):%d/%m/%Y}): "
        f"{result['devices']} devices × ({result['checks']} checks with a photo each + "
        f"{result['attendance']} attendance rows), 3 supervisors browsing the console "
        f"({result['console_visits']} page views). Wall time {result['wall']:.1f} s, "
        f"{result['retries']} retried requests. Afterwards the database held exactly "
        f"{c['checks']} checks, {c['attendance']} attendance rows, {c['attachments']} "
        f"photos and {c['applied_mutations']} applied mutations: no loss, no duplicate."
    )
    return "\n".join(["", "## Load", "", head, "", *result["table"], ""])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--checks", type=int, default=10)
    parser.add_argument("--attendance", type=int, default=200)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=900)
    parser.add_argument(
        "--db",
        default="postgresql",
        help="postgresql (BENCH_DATABASE_URL or the local test server) or sqlite",
    )
    parser.add_argument("--append-results", action="store_true")
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="load-"))
    schema = None
    if args.db == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite'}"
    else:
        base = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
        url, schema = pg_schema_url(base)
    try:
        result = run_bench(
            url,
            args.devices,
            args.checks,
            args.attendance,
            args.threads,
            args.workers,
            args.max_seconds,
            tmp,
        )
    finally:
        if schema:
            drop_schema(base, schema)
    text = report(result, "PostgreSQL 127.0.0.1" if schema else "SQLite WAL")
    print(text)
    for reason in result["retry_reasons"]:
        print("retried:", reason)
    if args.append_results:
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
