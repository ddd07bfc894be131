"""Sync benchmark: push, validation, raw insert, pull and delta pull (see bench/RESULTS.md).

Run from the repository root: `.venv/bin/python bench/sync_bench.py` (PostgreSQL is used when
BENCH_PG_URL or TEST_DATABASE_URL is set; `--records N` changes the workload size).
"""

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REQUEST_LOG", "0")

from app import create_app  # noqa: E402
from app.access.auth import hash_password  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import ChecklistTemplate, Enterprise, Park, TemplateVersion, User  # noqa: E402
from app.models.base import utcnow  # noqa: E402
from app.ops.run_server import wait_until_answers  # noqa: E402
from app.sync.versioning import stamp  # noqa: E402
from config import Config  # noqa: E402

BATCH = 500
ITEMS = 30
WORDS = (
    "Đạt yêu cầu",
    "Chưa có biên bản diễn tập PCCC",
    "Bảo vệ trực đủ ca",
    "Có sổ theo dõi người nước ngoài",
    "Cần bổ sung camera cổng phụ",
    "",
)


class BenchConfig(Config):
    SECRET_KEY = "bench-secret"
    REQUEST_LOG = False
    LOGIN_RATE_LIMIT = "1000 per minute"
    PASSWORD_HASH_FAST = True


def config_for(url: str) -> type[BenchConfig]:
    return type("Cfg", (BenchConfig,), {"SQLALCHEMY_DATABASE_URI": url})


def sections() -> list[dict]:
    """A template of 3 sections x 10 items (30 answers per check)."""
    kinds = ("yes_no_na", "yes_no_na", "number", "text", "yes_no_na")
    return [
        {
            "code": s,
            "title_vi": f"Mục {s}",
            "title_en": f"Section {s}",
            "items": [
                {
                    "code": f"{s}.{i}",
                    "text_vi": f"Nội dung {s}.{i}",
                    "text_en": f"Item {s}.{i}",
                    "type": kinds[i % 5],
                    "critical": i == 1,
                    "photo_required": False,
                }
                for i in range(1, 11)
            ],
        }
        for s in ("A", "B", "C")
    ]


def seed(url: str) -> dict:
    """Create the schema and one inspector of 2 parks with 50 enterprises and a template."""
    app = create_app(config_for(url))
    with app.app_context():
        db.create_all()
        parks = [stamp(Park(code=f"BP{n}", name=f"KCN Quế Võ {n}")) for n in range(2)]
        db.session.add_all(parks)
        db.session.flush()
        ents = [
            stamp(
                Enterprise(
                    park_id=parks[n % 2].id,
                    name=f"Công ty TNHH Điện tử {n}",
                    tax_code=f"23{n:08d}",
                    ownership="fdi",
                )
            )
            for n in range(50)
        ]
        template = ChecklistTemplate(
            code="antt", kind="check", title_vi="Kiểm tra ANTT", title_en="ANTT check"
        )
        tv = stamp(
            TemplateVersion(
                template=template,
                number=1,
                status="published",
                sections=sections(),
                published_at=utcnow(),
            )
        )
        user = User(
            username="inspector",
            role="inspector",
            parks=parks,
            password_hash=hash_password("pw"),
            full_name="Nguyễn Văn An",
        )
        db.session.add_all([*ents, tv, user])
        db.session.commit()
        seeded = {
            "tv": tv.id,
            "ents": [e.id for e in ents],
            "user": user.id,
            "parks": {e.id: e.park_id for e in ents},
        }
        db.session.remove()
        db.engine.dispose()
    return seeded


def check_data(seeded: dict, n: int) -> dict:
    """One realistic check: 30 answers, a team of two, GPS, sometimes a finding."""
    started = datetime(2026, 3, 1, 7, 30, tzinfo=UTC) + timedelta(minutes=17 * n)
    answers = {}
    for s in ("A", "B", "C"):
        for i in range(1, 11):
            kind = i % 5
            value = (
                (n + i) % 7
                if kind == 2
                else WORDS[(n + i) % 6]
                if kind == 3
                else ("yes", "no", "na")[(n + i) % 3]
            )
            answers[f"{s}.{i}"] = {"value": value}
            if i in (4, 8):
                answers[f"{s}.{i}"]["note"] = WORDS[(n * i) % 6]
    data = {
        "template_version_id": seeded["tv"],
        "enterprise_id": seeded["ents"][n % 50],
        "status": "submitted",
        "started_at": started.isoformat(),
        "ended_at": (started + timedelta(hours=2)).isoformat(),
        "gps": {
            "lat": 21.1 + n % 100 / 1000,
            "lng": 106.1,
            "accuracy": 12.5,
            "at": started.isoformat(),
        },
        "team": [
            {"name": "Trần Thị Bình", "unit": "police", "title": "Thiếu tá"},
            {"name": "Lê Văn Cường", "unit": "bql", "title": "Chuyên viên"},
        ],
        "answers": answers,
        "findings": [],
        "representative_name": "Phạm Thị Dung",
        "representative_title": "Trưởng phòng nhân sự",
        "notes": "",
    }
    if n % 4 == 0:
        data["findings"] = [
            {
                "id": str(uuid.uuid4()),
                "item_code": "A.3",
                "severity": "medium",
                "description": "Thiếu biên bản diễn tập",
                "due_date": "2026-06-30",
                "corrective_action": "Tổ chức diễn tập trong quý",
            }
        ]
    return data


def workload(seeded: dict, count: int) -> list[dict]:
    return [
        {
            "mutation_id": str(uuid.uuid4()),
            "entity": "check",
            "op": "upsert",
            "id": str(uuid.uuid4()),
            "base_version": 0,
            "data": check_data(seeded, n),
        }
        for n in range(count)
    ]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parts = stat[stat.rindex(")") + 2 :].split()
        if int(entry.name) == pid or int(parts[1]) == pid:  # parts[1] is the parent pid
            total += int(parts[11]) + int(parts[12])
    return total / tick


class Server:
    """A gunicorn serving wsgi:app; `cpu()` reads its CPU seconds so far."""

    def __init__(self, base: str, pid: int) -> None:
        self.base, self.pid = base, pid

    def cpu(self) -> float:
        return cpu_seconds(self.pid)


@contextmanager
def gunicorn(url: str, workers: int = 4, threads: int = 2):
    """Serve wsgi:app on a free port against `url`; yield a Server."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "APP_ENV": "development",
        "SECRET_KEY": "bench-secret",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "REQUEST_LOG": "0",
    }
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "wsgi:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=log,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            if not wait_until_answers("127.0.0.1", port, process=proc):
                log.seek(0)
                raise RuntimeError(f"gunicorn did not start: {log.read()[-2000:]!r}")
            yield Server(base, proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def login(base: str) -> requests.Session:
    session = requests.Session()
    response = session.post(
        f"{base}/api/auth/login", json={"username": "inspector", "password": "pw"}
    )
    response.raise_for_status()
    session.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return session


def bench_push(server: Server, mutations: list[dict]) -> tuple[float, float]:
    """Push every mutation in batches of 500, one after another: (wall, server CPU) seconds."""
    session = login(server.base)
    client_id = str(uuid.uuid4())
    bodies = [
        json.dumps({"client_id": client_id, "mutations": mutations[i : i + BATCH]})
        for i in range(0, len(mutations), BATCH)
    ]
    cpu, started = server.cpu(), time.perf_counter()
    for body in bodies:
        response = session.post(
            f"{server.base}/api/sync/push", data=body, headers={"Content-Type": "application/json"}
        )
        response.raise_for_status()
        statuses = {r["status"] for r in response.json()["results"]}
        assert statuses == {"applied"}, statuses
    return time.perf_counter() - started, server.cpu() - cpu


def bench_pull(server: Server) -> tuple[int, float, float]:
    """Pull everything from an empty cursor, 1000 at a time: (changes, wall, server CPU)."""
    session = login(server.base)
    cursor, total = None, 0
    cpu, started = server.cpu(), time.perf_counter()
    while True:
        params = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
        response = session.get(f"{server.base}/api/sync/pull", params=params)
        response.raise_for_status()
        body = response.json()
        total += len(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            return total, time.perf_counter() - started, server.cpu() - cpu


def bench_validation(mutations: list[dict], compiled: bool) -> float:
    """CPU seconds to load every mutation with the push's schemas alone.

    compiled=False: marshmallow's own Schema.load; True: the compiled loaders the push uses.
    """
    from app.schemas.records import check_data_schema
    from app.sync.fastload import fast_load
    from app.sync.schemas import PushRequestSchema, mutation_schema

    load = fast_load if compiled else (lambda schema, raw: schema.load(raw))
    app = create_app(config_for("sqlite://"))
    request_schema = PushRequestSchema()
    with app.test_request_context():
        started = time.process_time()
        for i in range(0, len(mutations), BATCH):
            body = request_schema.load(
                {"client_id": str(uuid.uuid4()), "mutations": mutations[i : i + BATCH]}
            )
            for raw in body["mutations"]:
                envelope = load(mutation_schema, raw)
                load(check_data_schema, envelope["data"])
        return time.process_time() - started


CHECK_COLUMNS = (
    "id",
    "version",
    "deleted",
    "created_at",
    "updated_at",
    "template_version_id",
    "enterprise_id",
    "park_id",
    "visit_id",
    "author_id",
    "status",
    "started_at",
    "ended_at",
    "submitted_at",
    "data",
    "finding_count",
    "photos",
    "review_comment",
    "reviewed_by_id",
    "reviewed_at",
    "receipt",
    "client_id",
)


def check_rows(seeded: dict, mutations: list[dict], first_version: int) -> list[tuple]:
    """The inspection_check rows a push writes for these mutations."""
    now = utcnow().isoformat(" ")
    rows = []
    for n, m in enumerate(mutations):
        d = m["data"]
        rows.append(
            (
                m["id"],
                first_version + n,
                0,
                now,
                now,
                d["template_version_id"],
                d["enterprise_id"],
                seeded["parks"][d["enterprise_id"]],
                None,
                seeded["user"],
                d["status"],
                d["started_at"],
                d["ended_at"],
                now,
                json.dumps(d, ensure_ascii=False),
                len(d["findings"]),
                "[]",
                None,
                None,
                None,
                "RECEIPT-0000",
                str(uuid.uuid4()),
            )
        )
    return rows


def raw_insert(path: str, rows: list[tuple]) -> float:
    """executemany the rows into SQLite in one transaction; return seconds."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    marks = ", ".join("?" for _ in CHECK_COLUMNS)
    sql = f"INSERT INTO inspection_check ({', '.join(CHECK_COLUMNS)}) VALUES ({marks})"
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(sql, rows)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def delta_pull(tmp: Path, size: int, repeats: int = 15) -> float:
    """Median CPU seconds of a pull of 100 changes when the database holds `size` checks."""
    from app.access.permissions import scope_key
    from app.sync.pull import encode_cursor

    path = tmp / f"delta_{size}.sqlite"
    url = f"sqlite:///{path}"
    seeded = seed(url)
    base_version = 60
    conn = sqlite3.connect(path, isolation_level=None)
    mutations = workload(seeded, min(size, 2000))
    for start in range(0, size, len(mutations)):
        chunk = [{**m, "id": str(uuid.uuid4())} for m in mutations[: size - start]]
        rows = check_rows(seeded, chunk, base_version + start)
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO inspection_check ({', '.join(CHECK_COLUMNS)}) VALUES "
            f"({', '.join('?' for _ in CHECK_COLUMNS)})",
            rows,
        )
        conn.execute("COMMIT")
    high = base_version + size - 1
    conn.execute("UPDATE sync_state SET version = ?", (high,))
    conn.close()
    app = create_app(config_for(url))
    with app.app_context():
        user = db.session.get(User, seeded["user"])
        with app.test_request_context():
            cursor = encode_cursor(high - 100, scope_key(user))
        client = app.test_client()
        client.post("/api/auth/login", json={"username": "inspector", "password": "pw"})
        times = []
        for _ in range(repeats):  # CPU time: the whole pull runs in this process
            started = time.process_time()
            response = client.get("/api/sync/pull", query_string={"cursor": cursor, "limit": 500})
            times.append(time.process_time() - started)
            assert response.status_code == 200 and len(response.json["changes"]) == 100
        db.session.remove()
        db.engine.dispose()
    return statistics.median(times)


def pg_schema(pg_url: str):
    schema = f"bench_{os.getpid()}"
    engine = sa.create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in pg_url else "?"
    return engine, schema, f"{pg_url}{sep}options=-csearch_path%3D{schema}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-delta", action="store_true")
    parser.add_argument("--only-delta", action="store_true")
    args = parser.parse_args()
    pg_url = os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL")
    n = args.records
    rows = []
    if args.only_delta:
        with tempfile.TemporaryDirectory() as tmpdir:
            small = delta_pull(Path(tmpdir), 1_000)
            large = delta_pull(Path(tmpdir), 100_000)
        print(
            f"delta pull of 100 changes (CPU, median of 15): 1,000 checks {small * 1000:.1f} "
            f"ms, 100,000 checks {large * 1000:.1f} ms, ratio {large / small:.2f}"
        )
        return
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        url = f"sqlite:///{tmp / 'push.sqlite'}"
        seeded = seed(url)
        mutations = workload(seeded, n)
        size = statistics.mean(
            len(json.dumps(m["data"], ensure_ascii=False).encode()) for m in mutations[:1000]
        )
        print(
            f"workload: {n} checks, {ITEMS} answers each, "
            f"{size / 1024:.2f} KB of JSON per check on average; {os.cpu_count()} CPUs, "
            f"load average {os.getloadavg()[0]:.1f} at start"
        )

        marsh = bench_validation(mutations, compiled=False)
        fast = bench_validation(mutations, compiled=True)
        rows.append(("marshmallow Schema.load alone (CPU)", n / marsh, ""))
        rows.append(
            (
                "compiled loaders alone, same schemas (CPU)",
                n / fast,
                f"{marsh / fast:.1f}x marshmallow",
            )
        )

        with gunicorn(url) as server:
            push_wall, push_cpu = bench_push(server, mutations)
            pulled, pull_wall, pull_cpu = bench_pull(server)
        rows.append(("push via gunicorn, SQLite (WAL), wall", n / push_wall, ""))
        rows.append(
            (
                "push via gunicorn, SQLite, per server CPU-s",
                n / push_cpu,
                f"push CPU / marshmallow load = {push_cpu / marsh:.2f}; "
                f"/ compiled load = {push_cpu / fast:.2f}",
            )
        )
        rows.append(
            (
                "full pull via gunicorn, SQLite, wall",
                pulled / pull_wall,
                f"{pulled} changes; {pulled / pull_cpu:,.0f}/server CPU-s",
            )
        )

        raw_path = tmp / "raw.sqlite"
        raw_seeded = seed(f"sqlite:///{raw_path}")
        raw = raw_insert(str(raw_path), check_rows(raw_seeded, workload(raw_seeded, n), 100))
        rows.append(
            (
                "raw executemany into SQLite, one transaction",
                n / raw,
                f"push wall / raw = {raw / push_wall:.1%}",
            )
        )

        if pg_url and not args.skip_pg:
            engine, schema, schema_url = pg_schema(pg_url)
            try:
                pg_seeded = seed(schema_url)
                with gunicorn(schema_url) as server:
                    pg_wall, pg_cpu = bench_push(server, workload(pg_seeded, n))
                    pulled_pg, pull_pg, pull_pg_cpu = bench_pull(server)
                rows.append(
                    (
                        "push via gunicorn, PostgreSQL, wall",
                        n / pg_wall,
                        f"{n / pg_cpu:,.0f}/server CPU-s (PostgreSQL's own CPU not counted)",
                    )
                )
                rows.append(
                    (
                        "full pull via gunicorn, PostgreSQL, wall",
                        pulled_pg / pull_pg,
                        f"{pulled_pg} changes; {pulled_pg / pull_pg_cpu:,.0f}/server CPU-s",
                    )
                )
            finally:
                with engine.begin() as conn:
                    conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
                engine.dispose()

        if not args.skip_delta:
            small = delta_pull(tmp, 1_000)
            large = delta_pull(tmp, 100_000)

    print()
    print(f"{'measure':46} {'records/s':>10}  note")
    print("-" * 110)
    for name, rate, note in rows:
        print(f"{name:46} {rate:10,.0f}  {note}")
    if not args.skip_delta:
        print(f"{'delta pull of 100 changes, 1,000 checks (CPU)':46} {small * 1000:7.1f} ms")
        print(
            f"{'delta pull of 100 changes, 100,000 (CPU)':46} {large * 1000:7.1f} ms"
            f"  ratio large / small = {large / small:.2f} (target <= 1.5)"
        )
    push_rate = n / push_wall
    print()
    print(
        f"targets: push >= 2,000 checks/s on SQLite: {push_rate:,.0f} "
        f"{'OK' if push_rate >= 2000 else 'MISSED'}; >= 10% of raw: {raw / push_wall:.1%} "
        f"{'OK' if raw / push_wall >= 0.10 else 'MISSED'}"
    )
    print(
        f"         push CPU <= 2x validation: against marshmallow's own load "
        f"{push_cpu / marsh:.2f}x {'OK' if push_cpu <= 2 * marsh else 'MISSED'}; against "
        f"the compiled loaders the push runs {push_cpu / fast:.2f}x "
        f"{'OK' if push_cpu <= 2 * fast else 'MISSED'} (the rest of the push costs "
        f"{(push_cpu - fast) / fast:.1f}x the validation it runs)"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
