"""Pull benchmark, Kinto-comparable: "nothing new" poll, delta of 100 changes, full pull.

Method (the one the issue's Kinto figures used): one client, keep-alive, pages of 1,000,
a fresh database per repetition, medians of 3. The database is bulk-loaded with checks (a
quarter with a finding, half of those closed) and ANALYZEd, then served by gunicorn (one
gthread worker, as `make run` serves: keep-alive). The server's own time is measured in
process, calling the WSGI app as gunicorn does (no test client), after gc.freeze() as wsgi.py.

Run from the repository root: `.venv/bin/python bench/pull_bench.py` (PostgreSQL too when
BENCH_PG_URL or TEST_DATABASE_URL is set). `--kinto /tmp/kinto-venv` measures Kinto on
PostgreSQL in the same run with the same records and method (set-up: bench/kinto_bench.py).
`--after-push` fills each database through the push API instead (batches of 500, no ANALYZE
after), so the pull runs straight after the bulk write, on whatever statistics it left.
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import orjson
import requests
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from kinto_bench import kinto_records, measure_kinto  # noqa: E402
from push_growth import push_checks  # noqa: E402
from sync_bench import check_data, config_for, gunicorn, login, pg_schema, seed  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from app import create_app  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Check, Finding, SyncState  # noqa: E402
from app.seed import analyze  # noqa: E402

AFTER_PUSH = False  # --after-push
KINTO = {"full": 9_758, "delta": (13.1, 16.4), "poll": (5.7, 6.4)}  # issue 13, same machine
CHUNK = 2_000


def load() -> str:
    """The load average, to print beside every figure."""
    return f"load {os.getloadavg()[0]:.1f}"


def _rows(seeded: dict, first: int, count: int, now: datetime) -> tuple[list, list]:
    checks, findings = [], []
    for n in range(first, first + count):
        data = check_data(seeded, n % 5_000)
        check_id = str(uuid.uuid4())
        ent = data["enterprise_id"]
        for f in data["findings"]:
            f["id"] = str(uuid.uuid4())
            closed = n % 8 == 0
            findings.append(
                {
                    "id": f["id"],
                    "check_id": check_id,
                    "enterprise_id": ent,
                    "park_id": seeded["parks"][ent],
                    "item_code": f["item_code"],
                    "severity": f["severity"],
                    "description": f["description"],
                    "corrective_action": f["corrective_action"],
                    "closed_at": now if closed else None,
                    "closed_note": "Đã khắc phục" if closed else None,
                }
            )
        checks.append(
            {
                "id": check_id,
                "version": 100 + n,
                "deleted": False,
                "created_at": now,
                "updated_at": now,
                "template_version_id": data["template_version_id"],
                "enterprise_id": ent,
                "park_id": seeded["parks"][ent],
                "author_id": seeded["user"],
                "status": "submitted",
                "started_at": datetime.fromisoformat(data["started_at"]),
                "submitted_at": now,
                "data": data,
                "finding_count": len(data["findings"]),
                "photos": [],
                "receipt": "RECEIPT-0000",
                "client_id": None,
            }
        )
    return checks, findings


def build(url: str, size: int) -> dict:
    """A database of `size` checks (versions 100..), ANALYZEd; return the seed ids."""
    seeded = seed(url)
    app = create_app(config_for(url))
    now = datetime.now(UTC)
    with app.app_context():
        for first in range(0, size, CHUNK):
            checks, findings = _rows(seeded, first, min(CHUNK, size - first), now)
            db.session.execute(sa.insert(Check.__table__), checks)
            if findings:
                db.session.execute(sa.insert(Finding.__table__), findings)
            db.session.commit()
        db.session.execute(sa.update(SyncState).values(version=100 + size - 1))
        db.session.commit()
        analyze()
        db.session.remove()
        db.engine.dispose()
    return seeded


@contextmanager
def database(kind: str, tmp: Path, pg_url: str | None, name: str):
    """Yield the URL of a fresh empty database (SQLite file or PostgreSQL schema)."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / f'{name}.sqlite'}"
        return
    engine, schema, url = pg_schema(pg_url)
    try:
        yield url
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def full_pull(session: requests.Session, base: str, keep: list | None = None):
    """Pull everything from an empty cursor in pages of 1,000: (changes, seconds, page times);
    the checks pulled are appended to `keep` when one is given."""
    cursor, total, pages = None, 0, []
    started = time.perf_counter()
    while True:
        params = {"limit": 1000} | ({"cursor": cursor} if cursor else {})
        page_started = time.perf_counter()
        response = session.get(f"{base}/api/sync/pull", params=params)
        response.raise_for_status()
        body = response.json()
        pages.append(time.perf_counter() - page_started)
        total += len(body["changes"])
        if keep is not None:
            keep.extend(c for c in body["changes"] if c["entity"] == "check")
        cursor = body["cursor"]
        if not body["has_more"]:
            return total, time.perf_counter() - started, pages


def timed_gets(session, url: str, params: dict, repeats: int, expect: int) -> float:
    """Median wall milliseconds of GET url (each answer must hold `expect` changes)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = session.get(url, params=params)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200 and len(response.json()["changes"]) == expect
    return statistics.median(times) * 1000


def cursor_at(url: str, version: int) -> str:
    """A cursor of the bench inspector at `version`."""
    from app.access.permissions import scope_key
    from app.models import User
    from app.sync.pull import encode_cursor

    app = create_app(config_for(url))
    with app.app_context(), app.test_request_context():
        user = db.session.execute(sa.select(User).where(User.username == "inspector")).scalar()
        cursor = encode_cursor(version, scope_key(user))
        db.session.remove()
        db.engine.dispose()
    return cursor


def server_cpu_ms(url: str, cursor: str, expect: int, repeats: int = 100) -> float:
    """Median CPU milliseconds of one pull in-process, the server's part only: the WSGI app
    called as gunicorn calls it (CPU time, not wall, so other work on the machine does not
    count; gc.freeze() first, as wsgi.py does)."""
    app = create_app(config_for(url))
    client = app.test_client()
    client.post("/api/auth/login", json={"username": "inspector", "password": "pw"})
    cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
    query = {"cursor": cursor, "limit": 1000}
    environ = EnvironBuilder("/api/sync/pull", query_string=query, headers={"Cookie": cookie})
    environ = environ.get_environ()
    gc.freeze()
    times = []
    for _ in range(repeats):
        started = time.process_time()
        status, body = _call(app, environ)
        times.append(time.process_time() - started)
        assert status.startswith("200") and len(orjson.loads(body)["changes"]) == expect
    with app.app_context():
        db.engine.dispose()
    return statistics.median(times) * 1000


def _call(app, environ: dict) -> tuple[str, bytes]:
    answer = []
    body = b"".join(app(dict(environ), lambda status, headers, exc=None: answer.append(status)))
    return answer[0], body


def measure(kind: str, url: str, size: int, high: int, keep: list | None = None) -> dict:
    """Poll, delta and full pull against one freshly built database."""
    fig = {
        "server_poll": server_cpu_ms(url, cursor_at(url, high), 0),
        "server_delta": server_cpu_ms(url, cursor_at(url, high - 100), 100, 30),
    }
    with gunicorn(url, workers=1, threads=2) as server:
        session = login(server.base)
        pull = f"{server.base}/api/sync/pull"
        fig["poll"] = timed_gets(session, pull, {"cursor": cursor_at(url, high)}, 200, 0)
        fig["delta"] = timed_gets(
            session, pull, {"cursor": cursor_at(url, high - 100), "limit": 1000}, 30, 100
        )
        total, seconds, pages = full_pull(session, server.base, keep)
        assert total >= size, (total, size)
        # Kinto answers uncompressed; this server compresses what a phone accepts (brotli for
        # requests, as for Chromium). The same pull asking for no compression, for comparison.
        plain = login(server.base)
        plain.headers["Accept-Encoding"] = "identity"
        plain_total, plain_seconds, _ = full_pull(plain, server.base)
        pages = pages[:-1] if len(pages) > 1 else pages  # the last page is partial
        tenth = max(1, len(pages) // 10)
        fig |= {
            "full": total / seconds,
            "full_plain": plain_total / plain_seconds,
            "first": statistics.mean(pages[:tenth]) * 1000,
            "last": statistics.mean(pages[-tenth:]) * 1000,
            "load": os.getloadavg()[0],
        }
    return fig


def run(kind: str, size: int, repeats: int, tmp: Path, pg_url: str | None, keep=None) -> dict:
    """Median figures over `repeats` fresh databases of `size` checks (the first one's pulled
    checks appended to `keep` when given)."""
    figures = []
    for rep in range(repeats):
        with database(kind, tmp, pg_url, f"{kind}_{size}_{rep}") as url:
            if AFTER_PUSH:
                high = push_checks(url, size)
            else:
                build(url, size)
                high = 100 + size - 1
            figures.append(measure(kind, url, size, high, keep if rep == 0 else None))
    return {key: statistics.median(f[key] for f in figures) for key in figures[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--kinto", type=Path, help="a venv with Kinto and gunicorn installed")
    parser.add_argument("--after-push", action="store_true", help="fill through push, no ANALYZE")
    args = parser.parse_args()
    global AFTER_PUSH
    AFTER_PUSH = args.after_push
    pg_url = (
        None
        if args.skip_pg
        else (os.environ.get("BENCH_PG_URL") or os.environ.get("TEST_DATABASE_URL"))
    )
    kinds = ["sqlite"] + (["postgresql"] if pg_url else [])
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.kinto and (not pg_url or 10_000 not in sizes):
        parser.error("--kinto needs PostgreSQL (BENCH_PG_URL) and 10000 among --sizes")
    print(
        f"pull benchmark, {time.strftime('%Y-%m-%d %H:%M')} UTC: sizes {sizes}, medians of "
        f"{args.repeats} fresh databases filled "
        f"{'through push, no ANALYZE' if AFTER_PUSH else 'by bulk insert, ANALYZEd'}, "
        f"{os.cpu_count()} CPUs, {load()} at start"
    )
    results, pulled = {}, []
    with tempfile.TemporaryDirectory() as tmpdir:
        for kind in kinds:
            for size in sizes:
                repeats = args.repeats if size <= 10_000 else 1
                keep = pulled if (kind, size) == ("sqlite", 10_000) else None
                results[kind, size] = fig = run(kind, size, repeats, Path(tmpdir), pg_url, keep)
                print(
                    f"{kind:10} {size:>7,} checks: poll {fig['poll']:.2f} ms wall "
                    f"({fig['server_poll']:.2f} ms CPU in-process), delta of 100 "
                    f"{fig['delta']:.1f} ms wall ({fig['server_delta']:.1f} ms CPU), "
                    f"full pull {fig['full']:,.0f} checks/s compressed, "
                    f"{fig['full_plain']:,.0f} uncompressed, page "
                    f"first tenth {fig['first']:.1f} ms / last tenth {fig['last']:.1f} ms "
                    f"(x{repeats}, load {fig['load']:.1f})",
                    flush=True,
                )
    kinto = None
    if args.kinto:
        kinto = measure_kinto(args.kinto, pg_url, kinto_records(pulled))
        print(
            f"kinto-pg    10,000 records: poll {kinto['poll']:.2f} ms wall, delta of 100 "
            f"{kinto['delta']:.1f} ms wall, full pull {kinto['full']:,.0f} records/s ({load()})",
            flush=True,
        )
    report(results, kinds, sizes, kinto)


def report(results: dict, kinds: list[str], sizes: list[int], kinto: dict | None) -> None:
    """Print the targets, met or MISSED (against Kinto measured in this run when it was)."""

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    source = "measured in this run" if kinto else "the issue's (not measured here)"
    kinto = kinto or {"full": KINTO["full"]}
    print(f"\ntargets ({load()}); Kinto-PG figures are {source}:")
    for kind in kinds:
        figs = [results[kind, s] for s in sizes]
        big = results[kind, sizes[-1]]
        mid = results.get((kind, 10_000), big)
        print(
            f"  {kind}: poll wall {max(f['poll'] for f in figs):.2f} ms < 2 ms "
            f"{verdict(max(f['poll'] for f in figs) < 2)}; CPU in-process "
            f"{max(f['server_poll'] for f in figs):.2f} ms < 1 ms "
            f"{verdict(max(f['server_poll'] for f in figs) < 1)}"
        )
        delta, cpu = max(f["delta"] for f in figs), max(f["server_delta"] for f in figs)
        print(
            f"  {kind}: delta of 100 {min(f['delta'] for f in figs):.1f}-{delta:.1f} ms wall "
            f"< 8 ms {verdict(delta < 8)}; CPU {cpu:.1f} ms {verdict(cpu < 8)}; "
            f"{sizes[-1]:,} / {sizes[0]:,} = {big['server_delta'] / figs[0]['server_delta']:.2f}"
            " (CPU)"
        )
        target, flat = 2 * kinto["full"], big["last"] / big["first"]
        print(
            f"  {kind}: full pull {mid['full']:,.0f} checks/s at 10,000 >= 2 x Kinto = "
            f"{target:,.0f} {verdict(mid['full'] >= target)}; page last tenth / first tenth at "
            f"{sizes[-1]:,}: {flat:.2f} (<= 1.10 {verdict(flat <= 1.1)})"
        )
        print(
            f"  {kind}: full pull uncompressed, as Kinto answers, {mid['full_plain']:,.0f} "
            f"checks/s = {mid['full_plain'] / kinto['full']:.2f} x Kinto "
            f"{verdict(mid['full_plain'] >= target)}"
        )


if __name__ == "__main__":
    main()
