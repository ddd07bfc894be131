"""GET /metrics: the Prometheus text format, for the proxy's network or a bearer token.

Request latency is observed here for every request, by URL rule. The figures read at scrape
time (database pool use, the oldest check waiting for review) come from a collector that
asks this process's engine and the database. /metrics answers 404 to anyone else: from an
address outside METRICS_NETWORKS (default: this machine, where nginx runs) without
`Authorization: Bearer <METRICS_TOKEN>`.
"""

import hmac
import ipaddress
import os
import time
from datetime import UTC, datetime

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY
from sqlalchemy import func, select

from app.core.metrics import REQUEST_SECONDS
from app.extensions import db
from app.models import Check

bp = Blueprint("metrics", __name__)


class ScrapeTimeCollector:
    """Gauges read when /metrics is asked: pool use and the review queue's oldest check."""

    def collect(self):
        """Yield the pool's connections in use and the oldest unreviewed check's age."""
        pool = db.engine.pool
        in_use = GaugeMetricFamily(
            "antt_db_pool_in_use", "Database connections checked out (this process)."
        )
        in_use.add_metric([], float(getattr(pool, "checkedout", lambda: 0)()))
        yield in_use
        oldest = db.session.scalar(
            select(func.min(Check.updated_at)).where(
                Check.status == "submitted", Check.deleted.is_(False)
            )
        )
        age = GaugeMetricFamily(
            "antt_oldest_unreviewed_check_seconds",
            "Age of the oldest check submitted and not yet reviewed (0: none).",
        )
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)
        age.add_metric([], (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0)
        yield age


def allowed() -> bool:
    """Tell whether the caller is on the proxy's network or sent the metrics token."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    networks = current_app.config.get("METRICS_NETWORKS", ("127.0.0.0/8", "::1/128"))
    return any(address in ipaddress.ip_network(net) for net in networks)


@bp.route("/metrics")
def metrics():
    """The app's metrics in the Prometheus text format."""
    if not allowed():
        abort(404)
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every worker's files, added up
    else:
        registry.register(REGISTRY)  # this process's metrics
    registry.register(ScrapeTimeCollector())
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def observe_request(response):
    """Observe the request's time by URL rule (404s and the like as 'unmatched')."""
    started = g.get("request_started")
    if started is not None:
        route = request.url_rule.rule if request.url_rule else "unmatched"
        REQUEST_SECONDS.labels(route=route, method=request.method).observe(
            time.perf_counter() - started
        )
    return response


def init_app(app: Flask) -> None:
    """Serve /metrics and observe every request."""
    app.register_blueprint(bp)
    app.after_request(observe_request)
