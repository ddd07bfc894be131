"""Push as the database grows: the time of each batch of 500 records from empty to N.

Pushes N checks (default 100,000) in batches of 500 through the app in-process (one client,
no HTTP) and compares the last tenth of the batches with the first (target: within 10 %).
`--attendance N` pushes N attendance rows instead (a year of a province: 500,000), as an HR
phone sends them: ids made from (event, person) as phones make them (app.core.ids.attendance_id),
`--per-event` people to an event.
Record and mutation ids are UUIDv7 as the phones make them; `--ids v4` pushes random v4 ids
(last year's phones) to compare in the same run. Checks are dated in the order a province
makes them (`--dates advance`, the default); `--dates cycle` crowds them into two months as
this bench did until 07/12/2026 (see check_mutation). `--pragma "cache_size=-16000"` sets a
SQLite pragma on every connection; `--pg` pushes into PostgreSQL instead. Besides each
batch's wall and CPU time, the wall time of the kept check figures' rewrite inside the push
(per-check rows and monthly sums, app.reports.kept_checks) is printed: on PostgreSQL that work
runs in the server's process, which the CPU figure does not see.

Run from the repository root: `.venv/bin/python bench/push_growth.py --checks 100000`, or
`.venv/bin/python bench/push_growth.py --attendance 500000`.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sync_bench import BATCH, check_data, config_for, pg_schema, seed  # noqa: E402

from app import create_app  # noqa: E402
from app.access.auth import hash_password  # noqa: E402
from app.core.ids import ATTENDANCE_NAMESPACE, attendance_id, new_id  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Event, User  # noqa: E402
from app.sync.versioning import stamp  # noqa: E402

KEPT = {"seconds": 0.0}  # wall time spent rewriting the kept check figures, so far
NEW_IDS = {"v7": new_id, "v4": lambda: str(uuid.uuid4())}


def seed_events(url: str, seeded: dict, events: int) -> list[str]:
    """Add an HR user of the first enterprise and `events` festival days of it."""
    app = create_app(config_for(url))
    with app.app_context():
        ent = seeded["ents"][0]
        rows = [
            stamp(
                Event(
                    enterprise_id=ent,
                    park_id=seeded["parks"][ent],
                    title=f"Ngày hội toàn dân bảo vệ ANTQ {n}",
                    date=date(2026, 8, 19),
                )
            )
            for n in range(events)
        ]
        hr = User(
            username="hr",
            role="enterprise_hr",
            enterprise_id=ent,
            password_hash=hash_password("pw"),
            full_name="Phạm Thị Dung",
        )
        db.session.add_all([*rows, hr])
        db.session.commit()
        ids = [e.id for e in rows]
        db.session.remove()
        db.engine.dispose()
    return ids


def attendance_mutation(events: list[str], per_event: int, n: int, ids: str) -> dict:
    """The n-th person scanned, as an HR phone sends it (its id made from event and person,
    app.core.ids.attendance_id; `--ids v4` sends last year's UUIDv5 instead)."""
    event_id, number = events[n // per_event], f"NV{n % per_event:06d}"
    if ids == "v4":
        record_id = uuid.uuid5(ATTENDANCE_NAMESPACE, f"{event_id}|no:{number}")
    else:
        record_id = attendance_id(event_id, f"no:{number}")
    return {
        "mutation_id": NEW_IDS[ids](),
        "entity": "attendance",
        "op": "upsert",
        "id": str(record_id),
        "base_version": 0,
        "data": {
            "event_id": event_id,
            "name": f"Nguyễn Thị Hoa {n}",
            "employee_number": number,
            "role": "worker",
            "method": "qr",
            "recorded_at": "2026-08-19T08:00:00+07:00",
        },
    }


def check_mutation(seeded: dict, n: int, ids: str, dates: str = "advance") -> dict:
    """The n-th check, with ids of the given kind (its findings' too, as a phone makes them).

    Dates `advance` as a province's checks do: each started 17 minutes after the one before,
    pushed up to three days late (so 100,000 checks span three years). `cycle` is this
    bench's earlier shape: the n-th check dated as the (n mod 5,000)-th, so 100,000 checks
    crowd twenty to each 17-minute slot of the same two months.
    """
    data = check_data(seeded, n % 5_000)
    if dates == "advance":
        late = timedelta(hours=(n * 7_919) % 72)  # a spread of lateness, the same every run
        started = datetime(2026, 3, 1, 7, 30, tzinfo=UTC) + timedelta(minutes=17 * n) - late
        data["started_at"] = data["gps"]["at"] = started.isoformat()
        data["ended_at"] = (started + timedelta(hours=2)).isoformat()
    for finding in data["findings"]:
        finding["id"] = NEW_IDS[ids]()
    return {
        "mutation_id": NEW_IDS[ids](),
        "entity": "check",
        "op": "upsert",
        "id": NEW_IDS[ids](),
        "base_version": 0,
        "data": data,
    }


def push_checks(url: str, count: int) -> int:
    """Push `count` checks through the app (batches of 500, v7 ids) into a new database, as
    phones do on a festival morning, with no ANALYZE after; return the sync version reached."""
    seeded = seed(url)
    app = create_app(config_for(url))
    with app.app_context():
        client = app.test_client()
        answer = client.post("/api/auth/login", json={"username": "inspector", "password": "pw"})
        headers = {"X-CSRF-Token": answer.json["csrf_token"], "Content-Type": "application/json"}
        for start in range(0, count, BATCH):
            batch = [check_mutation(seeded, n, "v7") for n in range(start, start + BATCH)]
            body = json.dumps({"client_id": str(uuid.uuid4()), "mutations": batch})
            assert client.post("/api/sync/push", data=body, headers=headers).status_code == 200
        high = db.session.execute(text("SELECT max(version) FROM sync_state")).scalar()
        db.session.remove()
        db.engine.dispose()
    return high


def time_kept_figures() -> None:
    """Add the wall time of every rewrite of the kept check figures to KEPT."""
    from app.reports import kept

    rewrite = kept.rewrite_checks

    def timed(session, checks) -> None:
        started = time.perf_counter()
        try:
            rewrite(session, checks)
        finally:
            KEPT["seconds"] += time.perf_counter() - started

    kept.rewrite_checks = timed


def push_all(url: str, args: argparse.Namespace) -> tuple[list[float], ...]:
    """Push the records in batches; return each batch's wall and CPU seconds (CPU: the
    push runs in this process, SQLite included; other work on the machine does not count)
    and the wall seconds of its kept check figures."""
    seeded = seed(url)
    total, pragma = args.attendance or args.checks, args.pragma
    if args.attendance:
        events = seed_events(url, seeded, -(-args.attendance // args.per_event))
        username = "hr"

        def mutation(n):
            return attendance_mutation(events, args.per_event, n, args.ids)
    else:
        username = "inspector"

        def mutation(n):
            return check_mutation(seeded, n, args.ids, args.dates)

    app = create_app(config_for(url))
    times, cpu, kept = [], [], []
    time_kept_figures()
    with app.app_context():
        if pragma:

            @event.listens_for(db.engine, "connect")
            def set_pragma(dbapi_connection, _record):
                dbapi_connection.execute(f"PRAGMA {pragma}")

            db.engine.dispose()
        client = app.test_client()
        answer = client.post("/api/auth/login", json={"username": username, "password": "pw"})
        headers = {"X-CSRF-Token": answer.json["csrf_token"], "Content-Type": "application/json"}
        client_id = str(uuid.uuid4())
        deadline = time.monotonic() + 3_600
        for start in range(0, total, BATCH):
            batch = [mutation(n) for n in range(start, start + BATCH)]
            body = json.dumps({"client_id": client_id, "mutations": batch})
            started, cpu_started = time.perf_counter(), time.process_time()
            kept_started = KEPT["seconds"]
            response = client.post("/api/sync/push", data=body, headers=headers)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            kept.append(KEPT["seconds"] - kept_started)
            assert response.status_code == 200
            assert {r["status"] for r in response.json["results"]} == {"applied"}
            if time.monotonic() > deadline:
                raise SystemExit("push_growth: over an hour, stopped")
        db.session.remove()
        db.engine.dispose()
    return times, cpu, kept


def report(label: str, measured: tuple[list[float], ...], what: str) -> None:
    """Print first and last tenth (rows/s, wall and CPU) and their ratio, with the load."""
    *whole, kept = measured
    for kind, times in zip(("wall", "CPU"), whole, strict=True):
        tenth = max(1, len(times) // 10)
        first, last = statistics.mean(times[:tenth]), statistics.mean(times[-tenth:])
        print(
            f"{label}, {kind}: {len(times) * BATCH:,} {what}, first tenth {BATCH / first:,.0f}"
            f"/s, last tenth {BATCH / last:,.0f}/s, last / first time = "
            f"{last / first:.2f} (target <= 1.10: {'met' if last <= 1.1 * first else 'MISSED'})"
            f", load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    tenth = max(1, len(kept) // 10)
    first, last = statistics.mean(kept[:tenth]), statistics.mean(kept[-tenth:])
    print(
        f"{label}, kept check figures (wall, in the push): first tenth {first * 1000:.1f} ms"
        f" a batch, last tenth {last * 1000:.1f} ms, last / first = "
        f"{last / first if first else 0:.2f}, load {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--pragma", default="")
    parser.add_argument("--attendance", type=int, default=0)
    parser.add_argument("--per-event", type=int, default=2_000)
    parser.add_argument("--ids", choices=sorted(NEW_IDS), default="v7")
    parser.add_argument("--dates", choices=("advance", "cycle"), default="advance")
    parser.add_argument("--pg", action="store_true")
    args = parser.parse_args()
    what = "attendance rows" if args.attendance else "checks"
    print(
        f"push growth, {time.strftime('%Y-%m-%d %H:%M')} UTC: "
        f"{args.attendance or args.checks:,} {what} in batches of {BATCH}, {args.ids} ids, "
        f"{'' if args.attendance else f'dates {args.dates}, '}"
        f"load {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    if args.pg:
        engine, schema, url = pg_schema(
            os.environ.get("BENCH_PG_URL") or os.environ["TEST_DATABASE_URL"]
        )
        try:
            args.pragma = ""
            report("PostgreSQL", push_all(url, args), what)
        finally:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()
        return
    with tempfile.TemporaryDirectory() as tmp:
        label = f"SQLite, PRAGMA {args.pragma}" if args.pragma else "SQLite, app settings"
        report(label, push_all(f"sqlite:///{tmp}/push.sqlite", args), what)


if __name__ == "__main__":
    main()
