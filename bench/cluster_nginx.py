"""nginx for the cluster rehearsal: the server block of docs/deploy.md, run unprivileged.

The configuration is EXTRACTED from docs/deploy.md (section 3), so the rehearsal runs the
file the operator is told to install. Only what must differ on a test machine is replaced,
each replacement listed in SUBSTITUTIONS and marked in the written file: the listening ports
(high ports on 127.0.0.1), the certificate paths (a self-signed certificate made on the
spot) and the upstream's server lines (the app servers started by the rehearsal).
"""

import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
SECTION = "## 3. Reverse proxy with TLS (nginx)"
DOC_UPSTREAM = "    server 127.0.0.1:8000;\n"
DOC_CERT = "/etc/letsencrypt/live/antt.example.gov.vn/fullchain.pem"
DOC_KEY = "/etc/letsencrypt/live/antt.example.gov.vn/privkey.pem"
# The outer frame the doc's block goes into (the doc shows only what goes in http { }).
FRAME = """# Written by bench/cluster_nginx.py: docs/deploy.md section 3 inside a minimal frame.
worker_processes 1;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    # ---- from docs/deploy.md, section 3 (replacements marked "rehearsal:") ----
{block}
    # ---- end of docs/deploy.md ----
}}
"""


def nginx_binary() -> str | None:
    """The nginx executable (Debian: /usr/sbin/nginx), or None when it is not installed."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


def doc_block(doc: Path = DEPLOY_DOC) -> str:
    """The ```nginx block of docs/deploy.md's section 3, as the operator reads it."""
    text = doc.read_text(encoding="utf-8")
    section = text[text.index(SECTION) :]
    found = re.search(r"```nginx\n(.*?)```", section, re.S)
    if not found:
        raise RuntimeError(f"no ```nginx block after {SECTION!r} in {doc}")
    return found[1]


def substitutions(upstreams: list[str], http_port: int, https_port: int, cert: Path, key: Path):
    """(text in the doc, replacement) pairs: ports, certificate paths, upstream servers."""
    servers = "".join(
        f"    server {address};  # rehearsal: was 127.0.0.1:8000\n" for address in upstreams
    )
    return [
        (DOC_UPSTREAM, servers),
        ("listen 80;", f"listen 127.0.0.1:{http_port};  # rehearsal: was 80"),
        (
            "listen 443 ssl http2;",
            f"listen 127.0.0.1:{https_port} ssl http2;  # rehearsal: was 443",
        ),
        (DOC_CERT, f"{cert};  # rehearsal: self-signed, was {DOC_CERT}"),
        (DOC_KEY, f"{key};  # rehearsal: was {DOC_KEY}"),
    ]


def rehearsal_config(folder: Path, upstreams: list[str], http_port: int, https_port: int) -> str:
    """The nginx.conf of the rehearsal: the doc's block, each replacement checked to apply."""
    block = doc_block()
    cert, key = folder / "cert.pem", folder / "key.pem"
    for old, new in substitutions(upstreams, http_port, https_port, cert, key):
        if block.count(old) != 1:
            raise RuntimeError(f"docs/deploy.md's nginx block no longer holds {old!r} once")
        block = block.replace(old, new)
    indented = "".join(f"    {line}" if line.strip() else line for line in block.splitlines(True))
    return FRAME.format(folder=folder, block=indented.rstrip())


def make_certificate(folder: Path) -> Path:
    """A self-signed certificate for localhost and 127.0.0.1 (cert.pem, key.pem); its path."""
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout",
            str(folder / "key.pem"),
            "-out",
            str(folder / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )
    return folder / "cert.pem"


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class Nginx:
    """nginx in the foreground under a temp prefix, on high ports, proxying to upstreams."""

    def __init__(self, upstreams: list[str], http_port: int, https_port: int):
        # Its own folder in /tmp, open to nginx's workers (user nobody when started as root),
        # which write request bodies there (proxy_request_buffering on).
        self.folder = folder = Path(tempfile.mkdtemp(prefix="antt-nginx-"))
        folder.chmod(0o755)
        self.https_port = https_port
        self.url = f"https://127.0.0.1:{https_port}"
        self.cert = make_certificate(folder)
        self.conf = folder / "nginx.conf"
        self.conf.write_text(rehearsal_config(folder, upstreams, http_port, https_port))
        self.proc: subprocess.Popen | None = None

    def start(self, wait: float = 20) -> "Nginx":
        """Check the configuration (nginx -t), start nginx, wait for its TLS port."""
        binary = nginx_binary()
        if not binary:
            raise RuntimeError("nginx is not installed (apt-get install nginx-light)")
        args = [binary, "-p", str(self.folder), "-c", str(self.conf)]
        pid = f"pid {self.folder / 'nginx.pid'};"
        test = subprocess.run([*args, "-t", "-g", pid], capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx -t refused {self.conf}:\n{test.stderr}")
        self.proc = subprocess.Popen([*args, "-g", f"daemon off; {pid}"])
        deadline = time.monotonic() + wait
        while not _answers(self.https_port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((self.folder / "error.log").read_text()[-2000:])
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        """Stop nginx (TERM: a fast shutdown)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        shutil.rmtree(self.folder, ignore_errors=True)

    def upstream_errors(self) -> int:
        """How many times nginx could not reach an app server and logged it (error.log)."""
        log = self.folder / "error.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return sum("upstream" in line for line in text.splitlines())

    def protocol(self) -> str:
        """The HTTP version nginx answers /healthz with over TLS (curl, ALPN): "2" for HTTP/2."""
        out = subprocess.run(
            ["curl", "--http2", "--cacert", str(self.cert), "-s", "-o", "/dev/null"]
            + ["-w", "%{http_version}", f"{self.url}/healthz"],
            capture_output=True,
            text=True,
            timeout=20,
        )
        return out.stdout.strip() or f"curl failed: {out.stderr.strip()}"
