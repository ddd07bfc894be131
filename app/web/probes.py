"""Operations: liveness and readiness probes, and one JSON log line per request."""

import json
import logging
import re
import sys
import time
import uuid

from flask import Blueprint, Flask, current_app, g, jsonify, request
from sqlalchemy import text

from app.extensions import db

bp = Blueprint("ops", __name__)
log = logging.getLogger("app.request")

REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


@bp.route("/healthz")
def healthz():
    """The process is up (touches no database)."""
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    """The database answers and its schema is at the migrations' head revision."""
    try:
        db.session.execute(text("SELECT 1"))
        current, heads = migration_revisions()
    except Exception as err:  # noqa: BLE001 - any failure means "not ready"
        db.session.rollback()
        current_app.logger.warning("readyz: database unreachable: %s", type(err).__name__)
        return _not_ready("database_unreachable", database="unreachable")
    if set(current) != set(heads):
        return _not_ready(
            "migrations_pending", database="ok", current=sorted(current), head=sorted(heads)
        )
    return jsonify(status="ready", database="ok", revision=sorted(current))


def _not_ready(code: str, **details):
    from flask_babel import gettext

    body = {
        "error": {"code": code, "message": gettext("The service is not available right now.")},
        "status": "not_ready",
    } | details
    return jsonify(body), 503


def migration_revisions() -> tuple[list[str], list[str]]:
    """Return (the database's current alembic revisions, the migration scripts' heads)."""
    from alembic.config import Config as AlembicConfig
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = AlembicConfig()
    config.set_main_option("script_location", current_app.extensions["migrate"].directory)
    heads = list(ScriptDirectory.from_config(config).get_heads())
    connection = db.session.connection()
    current = list(MigrationContext.configure(connection).get_current_heads())
    return current, heads


def _request_id() -> str:
    sent = request.headers.get("X-Request-ID", "")
    return sent if REQUEST_ID_RE.match(sent) else uuid.uuid4().hex


def start_request() -> None:
    """Note when the request started and its id."""
    g.request_started = time.perf_counter()
    g.request_id = _request_id()


def log_request(response):
    """Write one JSON line for the request; echo its id in X-Request-ID."""
    request_id = g.get("request_id") or _request_id()
    response.headers["X-Request-ID"] = request_id
    started = g.get("request_started")
    user_id = _user_id(g.get("_login_user"))  # never loads or refreshes the user
    record = {
        "request_id": request_id,
        "method": request.method,
        "path": request.path,  # the query string is left out: cursors, tokens, search terms
        "query_keys": sorted(request.args.keys())[:20],
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "user_id": user_id,
        "remote_addr": request.remote_addr,
        "bytes_in": request.content_length,
    }
    log.info(json.dumps(record, ensure_ascii=False))
    return response


def _user_id(user) -> str | None:
    """The id of the signed-in user without a query (it may be expired after the commit)."""
    from sqlalchemy import inspect
    from sqlalchemy.exc import NoInspectionAvailable

    from app.access.scope_user import ScopeUser

    if isinstance(user, ScopeUser):
        return user.id
    try:
        identity = inspect(user).identity
    except NoInspectionAvailable:
        return None
    return identity[0] if identity else None


def configure_logging(app: Flask) -> None:
    """Send request logs (one JSON object a line) to stderr unless logging is set up already."""
    log.setLevel(logging.INFO)
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)


def database_unavailable(exc: Exception):
    """Answer 503 JSON when the database connection fails: nothing was saved, retry later."""
    from flask_babel import force_locale, get_locale, gettext

    from app.core.errors import ApiError, error_response

    _rollback_quietly()
    current_app.logger.warning(
        "database unavailable on %s %s: %s", request.method, request.path, type(exc).__name__
    )
    try:  # the language of a signed-in user may need the database, which is gone
        locale = str(get_locale())
    except Exception:  # noqa: BLE001
        _rollback_quietly()
        locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "vi")
    with force_locale(locale):
        message = gettext(
            "The database is not available right now. Nothing was saved; please try again."
        )
        return error_response(ApiError(503, "database_unavailable", message=message))


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is already gone
        db.session.remove()


def server_error(exc):
    """A 500 whose cause is a lost database connection (even at commit) is a 503."""
    from sqlalchemy.exc import DisconnectionError, OperationalError

    from app.core.errors import ApiError, error_response

    if isinstance(getattr(exc, "original_exception", None), OperationalError | DisconnectionError):
        return database_unavailable(exc.original_exception)
    return error_response(ApiError(500))


def init_app(app: Flask) -> None:
    """Register the probes and the request log (call early: its hook then runs last)."""
    from sqlalchemy.exc import DisconnectionError, OperationalError

    app.register_blueprint(bp)
    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(DisconnectionError, database_unavailable)
    app.register_error_handler(500, server_error)
    if app.config.get("REQUEST_LOG", True):
        configure_logging(app)
        app.before_request(start_request)
        app.after_request(log_request)
