"""What an operator watches: the app's Prometheus metrics (prometheus_client).

The metric objects live here, on the ground floor, so every layer can count what it does.
Under gunicorn each worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set (the
launcher sets it before the app is imported, and gunicorn's child_exit marks a worker dead)
the values are kept in files there and /metrics adds them up over the workers
(app/web/metrics.py).
"""

from prometheus_client import Counter, Histogram

REQUEST_SECONDS = Histogram(
    "antt_request_seconds",
    "Time to answer a request, by route (the URL rule, not the path) and method.",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4),
)
PUSHES = Counter("antt_sync_pushes", "Push requests answered (200).")
PULLS = Counter("antt_sync_pulls", "Pull requests answered (200).")
MUTATIONS = Counter(
    "antt_sync_mutations",
    "Pushed mutations by result: applied, duplicate, conflict, rejected, server_error.",
    ["status"],
)
PHOTOS_STORED = Counter("antt_photos_stored", "Photos stored (new content only).")
LOGIN_FAILURES = Counter("antt_login_failures", "Sign-ins refused for a wrong name or password.")
LOGIN_LOCKOUTS = Counter("antt_login_lockouts", "Sign-ins refused because the account waits.")


def count_mutations(results: list[dict]) -> None:
    """Count a push's results by status."""
    for result in results:
        MUTATIONS.labels(status=result.get("status", "server_error")).inc()
