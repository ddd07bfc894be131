"""The pieces of the cluster rehearsal: a fresh PostgreSQL database, Redis, production-like
gunicorn app servers started as docs/deploy.md's systemd unit starts them, migrated and seeded.

Used by bench/cluster.py (`make cluster`) and tests/hardening/test_cluster.py.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

from tests.hardening.server import ROOT, Server

PG_ADMIN = os.environ.get("CLUSTER_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_DEFAULT = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/0")
FLASK = Path(sys.executable).parent / "flask"
# docs/deploy.md section 2, the systemd unit's ExecStart (workers are an option here).
UNIT_OPTIONS = [
    "--config",
    "python:app.ops.gunicorn_conf",
    "--threads",
    "4",
    "--timeout",
    "120",
    "--graceful-timeout",
    "30",
    "--keep-alive",
    "5",
    "--max-requests",
    "2000",
    "--max-requests-jitter",
    "200",
    "--forwarded-allow-ips",
    "127.0.0.1",
    "--error-logfile",
    "-",
]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(admin_url: str = PG_ADMIN) -> tuple[str, str]:
    """Create an empty database antt_cluster_<pid>; return (name, SQLAlchemy URL)."""
    name = f"antt_cluster_{os.getpid()}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = sa.make_url(admin_url).set(database=name)
    return name, url.render_as_string(hide_password=False)


def drop_database(name: str, admin_url: str = PG_ADMIN) -> None:
    """Drop the rehearsal's database (its connections are closed first)."""
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def redis_answers(url: str) -> bool:
    """Tell whether Redis answers PING at url."""
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def clear_redis(url: str, prefix: str) -> None:
    """Delete the rehearsal's throttle counters (keys holding its prefix)."""
    store = redis.Redis.from_url(url)
    for key in store.scan_iter(f"*{prefix}*"):
        store.delete(key)


def production_env(db_url: str, redis_url: str, uploads: Path) -> dict[str, str]:
    """docs/deploy.md section 1's environment file, with fresh keys, for every app server."""
    tag = f"antt-cluster-{os.getpid()}"
    return {
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "RECEIPT_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": db_url,
        "UPLOAD_FOLDER": str(uploads),  # one folder for both servers (section 5)
        "TRUST_PROXY": "1",
        "SESSION_COOKIE_SECURE": "1",
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": tag,  # this run's counters only
        # Every client of the rehearsal comes from 127.0.0.1: the per-address limit (20 a
        # minute) would refuse the province's 1,245 logins. The lock-out stays at its default.
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "METRICS_TOKEN": secrets.token_urlsafe(32),
        "METRICS_NETWORKS": "192.0.2.0/24",  # nobody here: scraping needs the token
    }


def flask(env: dict[str, str], *args: str) -> str:
    """Run a flask command (flask --app wsgi …) with the production environment."""
    done = subprocess.run(
        [str(FLASK), "--app", "wsgi", *args],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


class AppServer(Server):
    """gunicorn wsgi:app as docs/deploy.md's unit starts it, with its own metrics folder."""

    def __init__(self, tmp: Path, env: dict[str, str], workers: int = 2) -> None:
        super().__init__(tmp, env["DATABASE_URL"], env=env)
        self.metrics_dir = tmp / "metrics"
        self.metrics_dir.mkdir(exist_ok=True)
        self.env["PROMETHEUS_MULTIPROC_DIR"] = str(self.metrics_dir)
        bind = ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        self.args = [self.args[0], "wsgi:app", *bind, *UNIT_OPTIONS, "--chdir", str(ROOT)]

    def metrics(self) -> str:
        """This server's /metrics, scraped directly with the token (docs/deploy.md section 11)."""
        token = self.env["METRICS_TOKEN"]
        response = requests.get(
            f"{self.url}/metrics", headers={"Authorization": f"Bearer {token}"}, timeout=30
        )
        response.raise_for_status()
        return response.text


def two_app_servers(tmp: Path, env: dict[str, str], workers: int) -> list[AppServer]:
    """Start app servers a and b on one database, one upload folder, one Redis."""
    servers = []
    for name in ("a", "b"):
        folder = tmp / name
        folder.mkdir(exist_ok=True)
        servers.append(AppServer(folder, env, workers).start())
    return servers


def temp_folder() -> Path:
    """The rehearsal's folder (nginx prefix, certificate, logs, uploads)."""
    return Path(tempfile.mkdtemp(prefix="antt-cluster-"))
