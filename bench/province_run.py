"""The sending side of bench/province_load.py: logged-in actors and open-loop phases."""

import itertools
import os
import threading
import time
import uuid
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import requests

from bench import province_model as model
from tests.hardening.util import jpeg, sha

RETRIES = 6
_local = threading.local()
_numbers = itertools.count()


def loadavg() -> str:
    """The 1-minute load average (2-core machine)."""
    return f"{os.getloadavg()[0]:.1f}"


def http() -> requests.Session:
    """One keep-alive HTTP session per worker thread; the device's cookie is sent per call."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


class Actor:
    """A logged-in phone or console user: its cookie, CSRF token and pull cursor."""

    def __init__(self, role: str, n: int, ids: dict) -> None:
        self.role, self.n, self.ids = role, n, ids
        self.cookies: dict = {}
        self.csrf = ""
        self.cursor: str | None = None
        self.page = 0


class Run:
    """Send jobs to the server, record latencies from scheduled times, count what landed."""

    def __init__(self, base: str, pages: list[str], tv: int) -> None:
        self.base, self.pages, self.tv = base, pages, tv
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.lags: list[float] = []
        self.sent = {"checks": 0, "photos": 0, "attendance": 0, "mutations": 0}
        self.retries = 0
        self.retry_reasons: list[str] = []
        self.failures: list[str] = []
        self.deadline = float("inf")

    def call(self, actor: Actor, method: str, path: str, ok=(200, 201), **kw):
        """Send, retrying connection errors and 5xx with the same body like the outbox."""
        if method != "GET":
            kw.setdefault("headers", {})["X-CSRF-Token"] = actor.csrf
        session = http()
        for attempt in range(RETRIES):
            session.cookies.clear()
            try:
                response = session.request(
                    method, self.base + path, cookies=actor.cookies, timeout=60, **kw
                )
                if response.status_code < 500:
                    if response.status_code not in ok:
                        raise RuntimeError(f"{path} {response.status_code} {response.text[:200]}")
                    return response
                reason = f"{method} {path} {response.status_code} {response.text[:120]}"
            except requests.RequestException as err:
                reason = f"{method} {path} {type(err).__name__}"
            with self.lock:
                self.retries += 1
                self.retry_reasons.append(reason)
            time.sleep(min(2.0, 0.05 * 2**attempt))
        raise RuntimeError(f"{path}: gave up after {RETRIES} attempts")

    def record(self, kind: str, since: float) -> float:
        """Record a latency measured from `since`; return now (for a chained request)."""
        now = time.perf_counter()
        with self.lock:
            self.times[kind].append(now - since)
        return now

    def pull(self, actor: Actor) -> None:
        """Pull from the actor's cursor until nothing more (the field app's pullAll)."""
        while True:
            params = {"limit": 500} | ({"cursor": actor.cursor} if actor.cursor else {})
            body = self.call(actor, "GET", "/api/sync/pull", params=params).json()
            actor.cursor = body["cursor"]
            if not body["has_more"]:
                return

    def push(self, actor: Actor, mutations: list[dict]) -> None:
        """Push mutations; each must come back applied (or duplicate, after a retry)."""
        body = {"client_id": actor.ids["client"], "mutations": mutations}
        results = self.call(actor, "POST", "/api/sync/push", json=body).json()["results"]
        if not {r["status"] for r in results} <= {"applied", "duplicate"}:
            raise RuntimeError(f"push: {results[:2]}")

    def job(self, due: float, job: str, actor: Actor) -> None:
        """Run one scheduled job; skip it if the run's hard deadline has passed."""
        start = time.perf_counter()
        if start > self.deadline:
            return
        with self.lock:
            self.lags.append(start - due)
        try:
            getattr(self, "job_" + job)(due, actor)
        except Exception as err:  # noqa: BLE001 - reported, and the count check shows it
            with self.lock:
                self.failures.append(f"{job}: {err}"[:300])

    def job_poll(self, due: float, actor: Actor) -> None:
        """A phone opened: pull from its cursor."""
        self.pull(actor)
        self.record("poll", due)

    def job_console(self, due: float, actor: Actor) -> None:
        """A supervisor opens the next console page."""
        actor.page += 1
        page = self.pages[actor.page % len(self.pages)]
        self.call(actor, "GET", page, ok=(200, 302, 400, 403, 404))
        self.record("console_page", due)

    def job_attendance(self, due: float, actor: Actor) -> None:
        """HR pushes a batch of attendance rows, then pulls."""
        base = datetime(2026, 8, 19, 7, tzinfo=UTC)
        rows = []
        for _ in range(model.BATCH):
            n = next(_numbers)
            rows.append(
                {
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "attendance",
                    "op": "upsert",
                    "id": str(uuid.uuid4()),
                    "base_version": 0,
                    "data": {
                        "event_id": actor.ids["event"],
                        "name": f"Nguyễn Văn {n}",
                        "employee_number": f"NV{n:08d}",
                        "role": "worker",
                        "method": "qr",
                        "recorded_at": (base + timedelta(seconds=n % 7200)).isoformat(),
                    },
                }
            )
        self.push(actor, rows)
        with self.lock:
            self.sent["attendance"] += len(rows)
            self.sent["mutations"] += len(rows)
        done = self.record("push_attendance", due)
        self.pull(actor)
        self.record("pull_after_push", done)

    def job_check(self, due: float, actor: Actor) -> None:
        """An inspector uploads the check's photo, pushes the check, then pulls."""
        photo = jpeg(model.PHOTO_BYTES)
        digest = sha(photo)
        self.call(
            actor,
            "PUT",
            f"/api/attachments/{digest}",
            data=photo,
            headers={"Content-Type": "image/jpeg"},
        )
        with self.lock:
            self.sent["photos"] += 1
        done = self.record("photo_put", due)
        started = datetime(2026, 11, 20, 8, tzinfo=UTC)
        data = {
            "template_version_id": self.tv,
            "enterprise_id": actor.ids["ent"],
            "status": "submitted",
            "started_at": started.isoformat(),
            "ended_at": (started + timedelta(minutes=30)).isoformat(),
            "answers": {"A.1": {"value": "yes", "photos": [digest]}, "A.2": {"value": 1}},
            "team": [{"name": "Trần Thị Bình", "unit": "police"}],
            "representative_name": "Lê Văn Cường",
            "findings": [],
        }
        self.push(
            actor,
            [
                {
                    "mutation_id": str(uuid.uuid4()),
                    "entity": "check",
                    "op": "upsert",
                    "id": str(uuid.uuid4()),
                    "base_version": 0,
                    "data": data,
                }
            ],
        )
        with self.lock:
            self.sent["checks"] += 1
            self.sent["mutations"] += 1
        done = self.record("push_check", done)
        self.pull(actor)
        self.record("pull_after_push", done)

    def phase(self, arrivals: list, actors: dict, threads: int, cap: float) -> dict:
        """Send a schedule open-loop; return latencies, window and client lag of the phase."""
        self.times, self.lags = defaultdict(list), []
        before = dict(self.sent)
        start = time.perf_counter()
        self.deadline = start + cap
        with ThreadPoolExecutor(threads) as pool:
            for offset, job, role, n in arrivals:
                due = start + offset
                if due > self.deadline:
                    break
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                pool.submit(self.job, due, job, actors[role][n])
        window = time.perf_counter() - start
        mutations = self.sent["mutations"] - before["mutations"]
        return {
            "times": dict(self.times),
            "window": window,
            "lags": sorted(self.lags),
            "mutations": mutations,
            "load": loadavg(),
        }


def log_in(run: Run, actor: Actor) -> None:
    """Log in and, for a phone, take its first full pull (the cursor it polls from)."""
    session = requests.Session()
    response = session.post(
        run.base + "/api/auth/login",
        timeout=120,
        json={"username": actor.ids["user"], "password": "pw"},
    )
    response.raise_for_status()
    actor.csrf = response.json()["csrf_token"]
    actor.cookies = session.cookies.get_dict()
    actor.ids["client"] = str(uuid.uuid4())
    session.close()
    if actor.role != "sup":
        run.pull(actor)
