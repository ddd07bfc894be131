"""Two app servers behind nginx (TLS, HTTP/2), one SIGKILLed under load (issue 26, part 4).

    make cluster                                   # the province, ×4 of the festival peak
    .venv/bin/python bench/cluster.py --seconds 30 --enterprises 300 --no-lcp

On this machine: a self-signed certificate; nginx with the server block of docs/deploy.md
(bench/cluster_nginx.py); a fresh PostgreSQL database, migrated (flask db upgrade) and seeded
with the province of bench/province_load.py; Redis for the login throttle; two gunicorn app
servers started as the doc's systemd unit starts them. Then the load of
bench/province_load.py (the step search's mix: festival peak + the day's checks, × --factor)
runs first against ONE app server directly (the reference), then through nginx while app
server a is SIGKILLed at a random moment and restarted. Afterwards: the database holds exactly
what was acknowledged; a session cookie issued before the kill works on both servers; wrong
passwords spread over both servers lock the account on both (Redis); /metrics before and
after; the login screen's LCP (slow 4G, CPU 4x) through nginx beside gunicorn direct.
"""

import argparse
import itertools
import os
import random
import re
import shutil
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from bench import cluster_checks as checks  # noqa: E402
from bench import cluster_setup as setup  # noqa: E402
from bench import province_model as model  # noqa: E402
from bench.cluster_nginx import Nginx  # noqa: E402
from bench.load_bench import console_pages  # noqa: E402
from bench.province_load import build_province, say, verify  # noqa: E402
from bench.province_run import Actor, Run, loadavg, log_in  # noqa: E402
from tests.conftest import make_config  # noqa: E402
from tests.factories import Factory  # noqa: E402

THROTTLE_USER, THROTTLE_PASSWORD = "throttle-witness", "witness-password-2026"


class TimedRun(Run):
    """A Run that also keeps when each request was due, to cut out the loss window."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.timeline: list[tuple[float, float]] = []
        self.actors: dict[str, list[Actor]] = {}

    def record(self, kind: str, since: float) -> float:
        """Record as Run does, and (due time, latency) for the loss window."""
        now = super().record(kind, since)
        with self.lock:
            self.timeline.append((since, now - since))
        return now


def seed(db_url: str, size: dict, uploads: Path) -> dict:
    """The province (fast password hashes, as the benches use), a lock-out witness, ANALYZE."""
    app = create_app(make_config(SQLALCHEMY_DATABASE_URI=db_url, UPLOAD_FOLDER=str(uploads)))
    with app.app_context():
        world = build_province(size)
        make = Factory()
        make.user(THROTTLE_USER, role="inspector", password=THROTTLE_PASSWORD)
        make.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        world["pages"] = console_pages(app)
        db.session.remove()
        db.engine.dispose()
    return world | {"app": app}


def log_everyone_in(run: Run, world: dict) -> dict:
    """Log every actor in through run.base (16 at a time); the actors by role."""
    actors = {
        role: [Actor(role, n, dict(ids)) for n, ids in enumerate(group)]
        for role, group in world["ids"].items()
    }
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda a: log_in(run, a), itertools.chain(*actors.values())))
    return actors


def killer(server, at: float, down: float, marks: dict) -> threading.Thread:
    """A thread that SIGKILLs the server `at` s from now, restarts it `down` s later."""

    def work() -> None:
        time.sleep(at)
        marks["kill"] = time.perf_counter()
        server.kill()
        time.sleep(down)
        server.start()  # returns once /healthz answers again
        marks["back"] = time.perf_counter()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def phase(run: TimedRun, mix, args, seed_: int) -> dict:
    """One open-loop phase of the mix at --factor for --seconds."""
    arrivals = model.schedule(mix, args.seconds, args.factor, random.Random(seed_))
    run.timeline = []
    retries = run.retries
    result = run.phase(arrivals, run.actors, args.threads, args.seconds * 3)
    return result | {"retries": run.retries - retries, "timeline": list(run.timeline)}


def latency_row(name: str, result: dict, window: tuple | None, counts: tuple = ("", "")) -> str:
    """| phase | requests | req/s | p50 | p95 | p95 in the loss window | retried | lost | dup |"""
    every = sorted(lat for _, lat in result["timeline"])
    lost = "–"
    if window:
        inside = sorted(lat for due, lat in result["timeline"] if window[0] <= due <= window[1])
        lost = f"{model.pct(inside, 95) * 1000:.0f} ({len(inside)} req.)" if inside else "none"
    return (
        f"| {name} | {len(every)} | {len(every) / result['window']:.1f} | "
        f"{model.pct(every, 50) * 1000:.0f} | {model.pct(every, 95) * 1000:.0f} | {lost} | "
        f"{result['retries']} | {counts[0]} | {counts[1]} | {result['load']} |"
    )


def loss_counts(check: dict) -> tuple[int, int]:
    """(lost, duplicated) rows over every table: acknowledged but absent, present twice."""
    lost = sum(max(0, n - check["found"][k]) for k, n in check["expected"].items())
    doubled = sum(max(0, check["found"][k] - n) for k, n in check["expected"].items())
    return lost, doubled


def parse(argv=None) -> argparse.Namespace:
    """The rehearsal's options (sizes and times; everything else is docs/deploy.md)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=model.ENTERPRISES)
    parser.add_argument("--inspectors", type=int, default=model.INSPECTORS)
    parser.add_argument("--supervisors", type=int, default=model.SUPERVISORS)
    parser.add_argument("--seconds", type=float, default=60, help="length of each phase")
    parser.add_argument("--factor", type=float, default=4, help="× the festival peak's rates")
    parser.add_argument("--down", type=float, default=5, help="seconds server a stays dead")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--threads", type=int, default=96, help="client worker threads")
    parser.add_argument("--seed", type=int, default=None, help="random seed (kill moment)")
    parser.add_argument("--no-reference", action="store_true", help="skip the direct phase")
    parser.add_argument("--no-lcp", action="store_true", help="skip the browser loads")
    return parser.parse_args(argv)


def rehearse(args, tmp: Path, db_url: str, redis_url: str) -> None:
    """Start everything, run the phases and checks, print."""
    size = {"hr": args.enterprises, "insp": args.inspectors, "sup": args.supervisors}
    env = setup.production_env(db_url, redis_url, tmp / "uploads")
    setup.flask(env, "db", "upgrade")
    setup.flask(env, "precompress")
    world = seed(db_url, size, tmp / "uploads")
    servers = setup.two_app_servers(tmp, env, args.workers)
    upstreams = [f"127.0.0.1:{s.port}" for s in servers]
    nginx = Nginx(upstreams, setup.free_port(), setup.free_port())
    os.environ["REQUESTS_CA_BUNDLE"] = str(nginx.cert)  # the clients trust the self-signed cert
    try:
        nginx.start()
        measure(args, size, world, servers, nginx)
    finally:
        nginx.stop()
        for server in servers:
            server.stop()


def measure(args, size: dict, world: dict, servers: list, nginx: Nginx) -> None:
    """Log in, the reference phase, the phase with the kill, the checks; print as it goes."""
    a, b = servers
    run = TimedRun(nginx.url, world["pages"], world["tv"])
    started = time.perf_counter()
    run.actors = log_everyone_in(run, world)
    mix = model.busiest(size, args.seconds)
    offered = model.offered(mix, args.factor)
    say(
        [
            f"nginx answers over HTTP/{nginx.protocol()}; {args.workers} gunicorn workers × 4 "
            f"threads a server; {sum(map(len, run.actors.values()))} logins through nginx in "
            f"{time.perf_counter() - started:.0f} s (fast test password hashes; login rate "
            f"limit raised: every client is 127.0.0.1), load {loadavg()}",
            f"offered {offered['requests']:.1f} requests/s, {offered['mutations']:.0f} "
            f"mutations/s (×{args.factor} of the festival peak + the day's checks), "
            f"{args.seconds:.0f} s a phase",
            "",
            "| phase | requests | achieved req/s | p50 ms | p95 ms | p95 ms in the loss window "
            "| errors retried | lost (whole run) | duplicated (whole run) | load |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
    )
    witness = dict(run.actors["insp"][0].cookies)  # a session issued before the kill
    verdicts = []
    if not args.no_reference:
        run.base = b.url
        reference = phase(run, mix, args, 1)
        say([latency_row("one app server, direct (reference)", reference, None)])
        verdicts.append(("reference", model.verdicts(reference["times"])))
    before = checks.scrape_all(servers)
    kill_at = random.Random(args.seed).uniform(0.2, 0.6) * args.seconds
    marks: dict[str, float] = {}
    run.base = nginx.url
    thread = killer(a, kill_at, args.down, marks)
    result = phase(run, mix, args, 2)
    thread.join(120)
    window = (marks["kill"], marks.get("back", marks["kill"] + args.down))
    check = verify_counts(run, world["app"])
    counts = tuple(f"**{n}**" for n in loss_counts(check))
    say([latency_row("two app servers via nginx, a killed", result, window, counts), ""])
    verdicts.append(("via nginx, a killed", model.verdicts(result["times"])))
    say([f"targets, {name}: " + "; ".join(v[2:] for v in lines) for name, lines in verdicts])
    say(
        [
            f"server a SIGKILLed {kill_at:.1f} s into the nginx phase, answering again "
            f"{window[1] - window[0]:.1f} s later (the loss window)",
            *afterwards(run, check, servers, nginx, witness),
            "",
            *checks.metrics_rows(before, checks.scrape_all(servers)),
        ]
    )
    if not args.no_lcp:
        say(lcp_lines({"nginx, HTTP/2 + TLS": nginx.url, "gunicorn direct, HTTP/1.1": b.url}))
    say([f"\nload average at the end {loadavg()} (2 cores shared with other work)"])


def afterwards(run: Run, check: dict, servers: list, nginx: Nginx, witness: dict) -> list[str]:
    """The exact count, the old session, the shared lock-out, /metrics through nginx."""
    lost, doubled = loss_counts(check)
    sessions = checks.sessions_survive(witness, servers, nginx.url, nginx.cert)
    lockout = checks.lockout_shared(servers, THROTTLE_USER, THROTTLE_PASSWORD)
    retried = Counter(
        re.sub(r"/[0-9a-f]{64}", "/<sha256>", " ".join(r.split()[:3])) for r in run.retry_reasons
    )
    return [
        f"database afterwards {check['found']}, acknowledged {check['expected']}: "
        f"**lost {lost}, duplicated {doubled}**; failed jobs {len(run.failures)} "
        f"{run.failures[:3]}",
        f"retried by the clients: {run.retries} {dict(retried)}; lines of nginx's error.log "
        f"about an upstream: {nginx.upstream_errors()}",
        f"a session issued before the kill, GET /api/auth/me: {sessions}",
        f"lock-out: {checks.LOCKOUT_ATTEMPTS} wrong passwords alternating a, b: "
        f"{lockout['failures']}; then the right one on a, b: {lockout['after']}; "
        f"counted across both servers: {lockout['shared']}",
        f"/metrics through nginx: {checks.status(f'{nginx.url}/metrics', nginx.cert)}; "
        "scraped from each server directly with the token, before and after the nginx phase:",
    ]


def lcp_lines(urls: dict[str, str]) -> list[str]:
    """The login screen's LCP table, through nginx and direct, medians of 3 interleaved."""
    lcp = checks.lcp_medians(urls)
    return [
        "",
        "| login screen, slow 4G + CPU 4x, median of 3 | LCP ms | KB on the wire | requests |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {name} | {v['lcp']:.0f} | {v['bytes'] / 1024:.1f} | {v['requests']:.0f} |"
            for name, v in lcp.items()
        ),
    ]


def verify_counts(run: Run, app) -> dict:
    """province_load's exact count check, in the seeding app's context."""
    with app.app_context():
        check = verify(run)
        db.session.remove()
        db.engine.dispose()
    return check


def main(argv=None) -> None:
    """Run the rehearsal on a fresh database and Redis prefix; clean everything up."""
    args = parse(argv)
    print(
        f"{datetime.now(UTC):%d/%m/%Y %H:%M} UTC, load average {loadavg()}, {os.cpu_count()} cores",
        flush=True,
    )
    if not setup.redis_answers(setup.REDIS_DEFAULT):
        sys.exit(f"no Redis at {setup.REDIS_DEFAULT} (start one, or set CLUSTER_REDIS_URL)")
    tmp = setup.temp_folder()
    name, db_url = setup.create_database()
    try:
        rehearse(args, tmp, db_url, setup.REDIS_DEFAULT)
    finally:
        setup.drop_database(name)
        setup.clear_redis(setup.REDIS_DEFAULT, f"antt-cluster-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
