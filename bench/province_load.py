"""Open-loop load of one province on PostgreSQL (or SQLite) through gunicorn (issue 13, item 6).

    .venv/bin/python bench/province_load.py                 # modelled rate, then step search
    .venv/bin/python bench/province_load.py --no-steps      # modelled rate only
    .venv/bin/python bench/province_load.py --enterprises 60 --inspectors 4 --seconds 20
    .venv/bin/python bench/province_load.py --sqlite        # the embedded default instead

Loopback only. The traffic model (who sends what, how often, and how the day is compressed)
is in bench/province_model.py. Arrival times are computed in advance, each device on its own
fixed period with its own phase, and sent by a pool of worker threads; a request's latency is
measured from its SCHEDULED time, so time spent queueing behind a slow server counts (no
coordinated omission). A request chained to another (the pull after a push, the push after
its photo) is timed from the end of the one before. Failed requests (connection errors, 5xx)
are retried with the same body, like the outbox. Afterwards the database must hold exactly
what was acknowledged. The step search then multiplies every rate by 0.25, 0.5, 1, 1.5, 2,
3, 4, 6, 8 (30 s of arrivals each, at most 10 minutes in all) until p95 of all requests
crosses 1 s.
"""

import argparse
import itertools
import os
import random
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import AppliedMutation, Attachment, Attendance, Check  # noqa: E402
from bench import province_model as model  # noqa: E402
from bench.load_bench import PG_DEFAULT, console_pages, drop_schema, pg_schema_url  # noqa: E402
from bench.province_run import Actor, Run, loadavg, log_in  # noqa: E402
from tests.conftest import make_config  # noqa: E402
from tests.factories import Factory  # noqa: E402
from tests.hardening.server import Server  # noqa: E402

FACTORS = (0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8)


def say(lines: list[str]) -> list[str]:
    """Print lines as they come (a long run shows its progress) and return them."""
    print("\n".join(lines), flush=True)
    return lines


def build_province(size: dict) -> dict:
    """Parks, enterprises with an HR user and a festival event, inspectors, supervisors."""
    make = Factory()
    parks = [make.park() for _ in range(model.PARKS)]
    tv = make.template()
    ids: dict[str, list[dict]] = {"hr": [], "insp": [], "sup": []}
    by_park = defaultdict(list)
    for i in range(size["hr"]):
        park = parks[i % len(parks)]
        ent = make.enterprise(park)
        by_park[park.id].append(ent.id)
        event = make.event(ent)
        make.user(f"hr{i}", role="enterprise_hr", enterprise=ent)
        ids["hr"].append({"user": f"hr{i}", "event": event.id})
    for i in range(size["insp"]):
        park = parks[i % len(parks)]
        make.user(f"insp{i}", role="inspector", parks=[park])
        ids["insp"].append({"user": f"insp{i}", "ent": by_park[park.id][i // len(parks)]})
    for i in range(size["sup"]):
        make.user(f"sup{i}", role="supervisor", parks=parks)
        ids["sup"].append({"user": f"sup{i}"})
    make.commit()
    return {"ids": ids, "tv": tv.id}


def verify(run: Run) -> dict:
    """The database holds exactly what was acknowledged: no loss, no duplicate."""
    db.session.rollback()
    count = lambda model_: db.session.execute(  # noqa: E731
        sa.select(sa.func.count()).select_from(model_)
    ).scalar_one()
    found = {
        "checks": count(Check),
        "photos": count(Attachment),
        "attendance": count(Attendance),
        "mutations": count(AppliedMutation),
    }
    return {"expected": dict(run.sent), "found": found, "exact": found == run.sent}


def summary(name: str, result: dict, offer: dict) -> list[str]:
    """The printout of one phase: conditions, table, targets."""
    lag = result["lags"]
    head = (
        f"### {name}: offered {offer['requests']:.1f} requests/s, "
        f"{offer['mutations']:.0f} mutations/s; achieved "
        f"{sum(map(len, result['times'].values())) / result['window']:.1f} requests/s, "
        f"{result['mutations'] / result['window']:.0f} mutations/s over "
        f"{result['window']:.0f} s; load average {result['load']}; client start lag p95 "
        f"{model.pct(lag, 95) * 1000 if lag else 0:.0f} ms"
    )
    return [
        "",
        head,
        "",
        *model.table(result["times"], result["window"]),
        "",
        *model.verdicts(result["times"]),
    ]


def _step_row(mix: list, factor: float, result: dict) -> tuple[str, tuple]:
    """One row of the step table and (factor, req/s, mutations/s, p95 of all, ms)."""
    groups: dict[str, list[float]] = defaultdict(list)
    for kind, values in result["times"].items():
        groups[model.group(kind)].extend(values)
        groups["all"].extend(values)
    p95 = {g: model.pct(sorted(v), 95) * 1000 for g, v in groups.items() if v}
    rate = len(groups["all"]) / result["window"]
    mrate = result["mutations"] / result["window"]
    row = (
        f"| {factor} | {model.offered(mix, factor)['requests']:.1f} | {rate:.1f} | "
        f"{mrate:.0f} | {p95.get('all', 0):.0f} | {p95.get('push', 0):.0f} | "
        f"{p95.get('pull', 0):.0f} | {p95.get('console_page', 0):.0f} | {result['load']} |"
    )
    return row, (factor, rate, mrate, p95.get("all", 0))


def steps(
    run: Run, actors: dict, size: dict, day: float, seconds: float, threads: int, cap: float
) -> list[str]:
    """Raise the busiest mix's rate step by step until p95 of all requests crosses 1 s."""
    mix = model.busiest(size, day)
    lines = [
        "",
        "### Step search (festival peak + the inspection day's checks, × factor)",
        "",
        "| factor | offered req/s | achieved req/s | achieved mutations/s | p95 all ms "
        "| p95 push ms | p95 pull ms | p95 console ms | load avg |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    say(lines)
    ends = time.perf_counter() + cap
    knee, good = None, None
    for n, factor in enumerate(FACTORS):
        left = ends - time.perf_counter()
        if left < seconds:
            lines += say([f"\nstopped: the {cap:.0f} s cap leaves no room for step {n + 1}"])
            break
        arrivals = model.schedule(mix, seconds, factor, random.Random(100 + n))
        result = run.phase(arrivals, actors, threads, left)
        row, point = _step_row(mix, factor, result)
        lines += say([row])
        if point[3] > 1000:
            knee = point
            break
        good = point
    if knee:
        below = (
            f"last step under 1 s: ×{good[0]}, {good[1]:.1f} requests/s, {good[2]:.0f} mutations/s"
            if good
            else "even the modelled rate crossed 1 s"
        )
        lines += say(
            [
                f"\nknee: p95 crossed 1 s at ×{knee[0]} ({knee[1]:.1f} requests/s, "
                f"{knee[2]:.0f} mutations/s achieved); {below}"
            ]
        )
    else:
        lines += say(["\nno crossing of 1 s within the steps and the time cap"])
    return lines


def bench(
    db_url: str,
    size: dict,
    seconds: float,
    threads: int,
    workers: int,
    step_seconds: float,
    step_cap: float,
    do_steps: bool,
    tmp: Path,
) -> dict:
    """Seed, start gunicorn, log everyone in, run the two days and the steps, verify."""
    app = create_app(
        make_config(
            SQLALCHEMY_DATABASE_URI=db_url, UPLOAD_FOLDER=str(tmp / "uploads"), REQUEST_LOG=False
        )
    )
    lines = []
    with app.app_context():
        db.create_all()
        world = build_province(size)
        if db.engine.name == "postgresql":
            db.session.execute(sa.text("ANALYZE"))  # a bulk load leaves no statistics
            db.session.commit()
        db.session.remove()
        server = Server(tmp, db_url, workers=workers, threads=4, timeout=120).start()
        try:
            run = Run(server.url, console_pages(app), world["tv"])
            actors = {
                role: [Actor(role, n, dict(ids)) for n, ids in enumerate(group)]
                for role, group in world["ids"].items()
            }
            started = time.perf_counter()
            with ThreadPoolExecutor(16) as pool:
                list(pool.map(lambda a: log_in(run, a), itertools.chain(*actors.values())))
            lines += say(
                [
                    f"setup: {sum(map(len, actors.values()))} logins and first pulls "
                    f"in {time.perf_counter() - started:.0f} s, load average {loadavg()}"
                ]
            )
            days = [
                ("Festival morning at its peak", model.festival(size)),
                (
                    "Inspection day, the day's checks compressed into the run",
                    model.inspection(size, seconds),
                ),
            ]
            for n, (name, mix) in enumerate(days):
                arrivals = model.schedule(mix, seconds, 1.0, random.Random(n))
                result = run.phase(arrivals, actors, threads, seconds * 3)
                lines += say(summary(name, result, model.offered(mix)))
            if do_steps:
                lines += steps(run, actors, size, seconds, step_seconds, threads, step_cap)
        finally:
            server.stop()
            db.session.remove()
        check = verify(run)
        db.session.remove()
        db.engine.dispose()
    return {"lines": lines, "check": check, "retries": run.retry_reasons, "failures": run.failures}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=model.ENTERPRISES)
    parser.add_argument("--inspectors", type=int, default=model.INSPECTORS)
    parser.add_argument("--supervisors", type=int, default=model.SUPERVISORS)
    parser.add_argument("--seconds", type=float, default=60, help="length of each day's run")
    parser.add_argument("--threads", type=int, default=96, help="client worker threads")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (× 4 threads)")
    parser.add_argument("--step-seconds", type=float, default=30)
    parser.add_argument("--step-cap", type=float, default=600, help="total seconds of steps")
    parser.add_argument("--no-steps", action="store_true")
    parser.add_argument(
        "--sqlite", action="store_true", help="the embedded default (a SQLite file) instead"
    )
    args = parser.parse_args(argv)
    size = {"hr": args.enterprises, "insp": args.inspectors, "sup": args.supervisors}
    tmp = Path(tempfile.mkdtemp(prefix="province-"))
    base = os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
    if args.sqlite:
        url, schema = f"sqlite:///{tmp / 'province.sqlite'}", None
    else:
        url, schema = pg_schema_url(base)
    print(
        f"{datetime.now(UTC):%d/%m/%Y %H:%M} UTC, load average {loadavg()}, "
        f"{os.cpu_count()} cores; {size}",
        flush=True,
    )
    try:
        result = bench(
            url,
            size,
            args.seconds,
            args.threads,
            args.workers,
            args.step_seconds,
            args.step_cap,
            not args.no_steps,
            tmp,
        )
    finally:
        if schema:
            drop_schema(base, schema)
    check = result["check"]
    verdict = "0 lost, 0 duplicated" if check["exact"] else "**MISMATCH**"
    print(
        f"\ndatabase afterwards: {check['found']} (acknowledged {check['expected']}): "
        f"{verdict}; {len(result['retries'])} retried requests, "
        f"{len(result['failures'])} failed jobs; load average {loadavg()}"
    )
    for reason in result["retries"][:10]:
        print("retried:", reason)
    for failure in result["failures"][:10]:
        print("failed:", failure)


if __name__ == "__main__":
    main()
