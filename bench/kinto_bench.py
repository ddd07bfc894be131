"""Kinto on PostgreSQL beside pull_bench.py: the same records, the same three figures.

Nothing of Kinto is part of this repository. Set it up once, outside the repository:

    python3.11 -m venv /tmp/kinto-venv
    /tmp/kinto-venv/bin/pip install "kinto[postgresql]==26.5.*" gunicorn

then run `.venv/bin/python bench/pull_bench.py --kinto /tmp/kinto-venv` with BENCH_PG_URL or
TEST_DATABASE_URL naming a PostgreSQL server: Kinto gets its own database there
(`kinto_bench`, dropped and made again), its storage, permission and cache backends on it,
basic auth, and is served by gunicorn with the same worker settings as the app. It is loaded
with the same 10,000 check records (the ids and `data` this app's pull returned for its
checks), then measured with the same method: one client, keep-alive, pages of
1,000 (`_limit`, `Next-Page`/`_token`, `_since`), medians.
"""

import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import orjson
import requests
import sqlalchemy as sa
from sync_bench import _free_port

DATABASE = "kinto_bench"
RECORDS = "/v1/buckets/bench/collections/checks/records"
AUTH = ("bench", "bench-password")

INI = """[app:main]
use = egg:kinto
kinto.storage_backend = kinto.core.storage.postgresql
kinto.storage_url = {url}
kinto.cache_backend = kinto.core.cache.postgresql
kinto.cache_url = {url}
kinto.permission_backend = kinto.core.permission.postgresql
kinto.permission_url = {url}
kinto.userid_hmac_secret = bench-secret-bench-secret-bench-secret
multiauth.policies = basicauth
kinto.bucket_create_principals = system.Authenticated
kinto.batch_max_requests = 1000

[loggers]
keys = root, kinto

[handlers]
keys = console

[formatters]
keys = plain

[logger_root]
level = WARNING
handlers = console

[logger_kinto]
level = INFO
handlers = console
qualname = kinto
propagate = 0

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = plain

[formatter_plain]
format = %(message)s
"""


def kinto_url(pg_url: str) -> str:
    """The psycopg2 URL of Kinto's own database on the benchmark's PostgreSQL server."""
    url = sa.engine.make_url(pg_url)
    return url.set(drivername="postgresql", database=DATABASE).render_as_string(hide_password=False)


def fresh_database(pg_url: str) -> None:
    """Drop and create Kinto's database."""
    engine = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {DATABASE}"))
    engine.dispose()


@contextmanager
def kinto_server(venv: Path, pg_url: str, workers: int, threads: int):
    """Serve Kinto from `venv` with gunicorn against a fresh database; yield its base URL."""
    fresh_database(pg_url)
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryFile() as log:
        ini = Path(tmp) / "kinto.ini"
        ini.write_text(INI.format(url=kinto_url(pg_url)))
        subprocess.run([str(venv / "bin" / "kinto"), "migrate", "--ini", str(ini)], check=True)
        port = _free_port()
        command = [str(venv / "bin" / "gunicorn"), "--paste", str(ini), "--bind"]
        command += [f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads)]
        proc = subprocess.Popen(command, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{base}/v1/", timeout=2).ok:
                        break
                except requests.RequestException:
                    pass
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"Kinto did not start:\n{log.read().decode()[-3000:]}")
                time.sleep(0.2)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def load(session: requests.Session, base: str, pg_url: str, records: list[dict]) -> None:
    """Create the bucket and collection through the API, then insert the records into Kinto's
    objects table (its trigger stamps each record's last_modified as an API write does; the
    batch endpoint took minutes for 10,000 on a loaded machine), and ANALYZE."""
    session.put(f"{base}/v1/buckets/bench").raise_for_status()
    session.put(f"{base}/v1/buckets/bench/collections/checks").raise_for_status()
    engine = sa.create_engine(sa.engine.make_url(pg_url).set(database=DATABASE))
    insert = sa.text(
        "INSERT INTO objects (id, parent_id, resource_name, last_modified, data, deleted) "
        "VALUES (:id, :parent, 'record', NULL, CAST(:data AS JSONB), false)"
    )
    parent = "/buckets/bench/collections/checks"
    with engine.begin() as conn:
        for start in range(0, len(records), 1000):
            rows = [
                {"id": r["id"], "parent": parent, "data": orjson.dumps(r["data"]).decode()}
                for r in records[start : start + 1000]
            ]
            conn.execute(insert, rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("ANALYZE"))
    engine.dispose()


def full_pull(session: requests.Session, base: str) -> tuple[int, float]:
    """Every record in pages of 1,000, following Next-Page: (records, seconds)."""
    url, total = f"{base}{RECORDS}?_sort=last_modified&_limit=1000", 0
    started = time.perf_counter()
    while url:
        response = session.get(url)
        response.raise_for_status()
        total += len(response.json()["data"])
        url = response.headers.get("Next-Page")
    return total, time.perf_counter() - started


def timed(session: requests.Session, url: str, repeats: int, expect: int) -> float:
    """Median wall milliseconds of GET url (each answer must hold `expect` records)."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = session.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200 and len(response.json()["data"]) == expect
    return statistics.median(times) * 1000


def measure_kinto(venv: Path, pg_url: str, records: list[dict]) -> dict:
    """Poll, delta of 100 and full pull (median of 3) against Kinto loaded with `records`."""
    with kinto_server(venv, pg_url, workers=1, threads=2) as base:
        session = requests.Session()
        session.auth = AUTH
        load(session, base, pg_url, records)
        newest = session.get(f"{base}{RECORDS}?_sort=-last_modified&_limit=101").json()["data"]
        since_delta, high = newest[-1]["last_modified"], newest[0]["last_modified"]
        common = "_sort=last_modified&_limit=1000"
        fig = {
            "poll": timed(session, f"{base}{RECORDS}?_since={high}&{common}", 200, 0),
            "delta": timed(session, f"{base}{RECORDS}?_since={since_delta}&{common}", 30, 100),
        }
        pulls = [full_pull(session, base) for _ in range(3)]
        assert all(total == len(records) for total, _ in pulls), pulls
        fig["full"] = statistics.median(total / seconds for total, seconds in pulls)
    return fig


def kinto_records(pulled: list[dict]) -> list[dict]:
    """Kinto records of the checks a pull returned: the same ids and `data`."""
    return [{"id": c["id"], "data": c["data"]} for c in pulled]
