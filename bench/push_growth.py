"""Push as the database grows: the time of each batch of 500 checks from empty to N.

Pushes N checks (default 100,000) in batches of 500 through the app in-process (one client,
no HTTP) and compares the last tenth of the batches with the first (target: within 10 %).
`--pragma "cache_size=-16000"` sets a SQLite pragma on every connection, to compare with the
app's settings in the same run; `--pg` pushes into PostgreSQL instead.

Run from the repository root: `.venv/bin/python bench/push_growth.py --checks 100000`.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import event, text

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sync_bench import BATCH, check_data, config_for, pg_schema, seed  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402


def push_all(url: str, checks: int, pragma: str | None) -> tuple[list[float], list[float]]:
    """Push `checks` checks in batches; return each batch's wall and CPU seconds (CPU: the
    push runs in this process, SQLite included; other work on the machine does not count)."""
    seeded = seed(url)
    app = create_app(config_for(url))
    times, cpu = [], []
    with app.app_context():
        if pragma:

            @event.listens_for(db.engine, "connect")
            def set_pragma(dbapi_connection, _record):
                dbapi_connection.execute(f"PRAGMA {pragma}")

            db.engine.dispose()
        client = app.test_client()
        answer = client.post("/api/auth/login", json={"username": "inspector", "password": "pw"})
        headers = {"X-CSRF-Token": answer.json["csrf_token"], "Content-Type": "application/json"}
        client_id = str(uuid.uuid4())
        deadline = time.monotonic() + 3_600
        for start in range(0, checks, BATCH):
            batch = [
                {
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "check",
                    "op": "upsert",
                    "id": str(uuid.uuid4()),
                    "base_version": 0,
                    "data": check_data(seeded, n % 5_000),
                }
                for n in range(start, start + BATCH)
            ]
            body = json.dumps({"client_id": client_id, "mutations": batch})
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.post("/api/sync/push", data=body, headers=headers)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
            assert response.status_code == 200
            assert {r["status"] for r in response.json["results"]} == {"applied"}
            if time.monotonic() > deadline:
                raise SystemExit("push_growth: over an hour, stopped")
        db.session.remove()
        db.engine.dispose()
    return times, cpu


def report(label: str, measured: tuple[list[float], list[float]]) -> None:
    """Print first and last tenth (checks/s, wall and CPU) and their ratio, with the load."""
    for kind, times in zip(("wall", "CPU"), measured, strict=True):
        tenth = max(1, len(times) // 10)
        first, last = statistics.mean(times[:tenth]), statistics.mean(times[-tenth:])
        print(
            f"{label}, {kind}: {len(times) * BATCH:,} checks, first tenth {BATCH / first:,.0f} "
            f"checks/s, last tenth {BATCH / last:,.0f} checks/s, last / first time = "
            f"{last / first:.2f} (target <= 1.10: {'met' if last <= 1.1 * first else 'MISSED'})"
            f", load {os.getloadavg()[0]:.1f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checks", type=int, default=100_000)
    parser.add_argument("--pragma", default="")
    parser.add_argument("--pg", action="store_true")
    args = parser.parse_args()
    print(
        f"push growth: {args.checks:,} checks in batches of {BATCH}, "
        f"load {os.getloadavg()[0]:.1f} at start",
        flush=True,
    )
    if args.pg:
        engine, schema, url = pg_schema(
            os.environ.get("BENCH_PG_URL") or os.environ["TEST_DATABASE_URL"]
        )
        try:
            report("PostgreSQL", push_all(url, args.checks, None))
        finally:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()
        return
    with tempfile.TemporaryDirectory() as tmp:
        label = f"SQLite, PRAGMA {args.pragma}" if args.pragma else "SQLite, app settings"
        report(label, push_all(f"sqlite:///{tmp}/push.sqlite", args.checks, args.pragma))


if __name__ == "__main__":
    main()
