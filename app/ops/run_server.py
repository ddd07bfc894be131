"""make run's launcher: refuse a taken port plainly, start gunicorn, print the banner when
the server answers.

gthread workers with many threads: a request whose body trickles in holds one thread, so a
handful of slow clients leave most threads free (tests/hardening/test_slow_clients.py). A
production server still belongs behind a buffering proxy (docs/deploy.md, section 2).
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

WORKER_OPTIONS = [
    "--worker-class",
    "gthread",
    "--workers",
    "2",
    "--threads",
    "32",
    "--timeout",
    "30",
    "--graceful-timeout",
    "10",
    "--keep-alive",
    "5",
]
DEMO_LOGINS = """  Demo logins (demo data only), password demo1234:
    inspector   - cán bộ kiểm tra (field app)
    hr          - cán bộ nhân sự doanh nghiệp (field app)
    supervisor  - lãnh đạo / cán bộ tổng hợp (console)
    admin       - quản trị (console)"""


def gunicorn_args(host: str, port: int) -> list[str]:
    """Return the gunicorn command line of make run (the app logs its own requests)."""
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    config = "python:app.ops.gunicorn_conf"  # marks exited workers' metrics dead
    return [gunicorn, "--bind", f"{host}:{port}", "--config", config, *WORKER_OPTIONS, "wsgi:app"]


def metrics_folder() -> str:
    """Make an empty folder for the workers' metrics files (prometheus_client multiprocess)."""
    return tempfile.mkdtemp(prefix="antt-metrics-")


def port_is_free(host: str, port: int) -> bool:
    """Tell whether a server could listen on host:port now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def wait_until_answers(
    host: str, port: int, timeout: float = 60, process: subprocess.Popen | None = None
) -> bool:
    """Wait until GET /healthz answers (any HTTP status); False on timeout or a dead server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.1)
    return False


def banner(host: str, port: int) -> str:
    """The lines make run prints once the server answers."""
    base = f"http://{host}:{port}"
    return (
        f"\n  ANTT is running at {base}/\n    field app (PWA): {base}/app/\n"
        f"    console:         {base}/console/\n{DEMO_LOGINS}\n  Stop with Ctrl+C.\n"
    )


def main(argv: list[str] | None = None) -> None:
    """Check the port, start gunicorn, print the banner once it answers, wait for it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    options = parser.parse_args(argv)
    host, port = options.host, options.port
    if not port_is_free(host, port):
        print(
            f"ANTT cannot start: port {port} on {host} is already in use (another make run, "
            f"or another program). Stop it, or choose another port: make run PORT={port + 1}",
            file=sys.stderr,
        )
        sys.exit(1)
    env = dict(os.environ)
    env.setdefault("PROMETHEUS_MULTIPROC_DIR", metrics_folder())
    server = subprocess.Popen(gunicorn_args(host, port), env=env)
    signal.signal(signal.SIGTERM, lambda *_: server.terminate())
    try:
        if wait_until_answers(host, port, process=server):
            print(banner(host, port), flush=True)
        elif server.poll() is None:
            print(
                f"ANTT did not answer on http://{host}:{port}/ within 60 s; still trying "
                "(see the messages above).",
                file=sys.stderr,
            )
        sys.exit(server.wait())
    except KeyboardInterrupt:
        server.send_signal(signal.SIGINT)
        sys.exit(server.wait())


if __name__ == "__main__":
    main()
