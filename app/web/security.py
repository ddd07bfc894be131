"""Security headers on every response, and trusting a TLS proxy's X-Forwarded-* headers."""

import os
import re
from urllib.parse import urlsplit

from flask import Flask, current_app, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

HSTS = "max-age=31536000; includeSubDomains"


def tile_origin(url_template: str) -> str | None:
    """The origin a MAP_TILE_URL loads its images from ({s}.host -> *.host), or None."""
    parts = urlsplit(url_template.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = re.sub(r"^\{[a-z]\}\.", "*.", parts.netloc)
    return None if "{" in host else f"{parts.scheme}://{host}"


def content_security_policy(url_template: str = "") -> str:
    """The policy, with img-src widened to the tile server's origin when one is set."""
    origin = tile_origin(url_template) if url_template else None
    if origin is None:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "img-src 'self' data: blob:", f"img-src 'self' data: blob: {origin}"
    )


def add_security_headers(response):
    """Set the security headers (HSTS only on a request that came over TLS)."""
    response.headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(current_app.config.get("MAP_TILE_URL", "")),
    )
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def read_body_first() -> None:
    """Read the whole request body before the first database statement (the first hook).

    A phone on a bad line that trickles its body in must hold no transaction while it does:
    on SQLite the first statement of a write request takes the write lock (BEGIN IMMEDIATE),
    and every login and push waited for the slowest upload. Forms are parsed (their files
    spooled), any other body kept as bytes; MAX_CONTENT_LENGTH bounds both (413).
    """
    if request.method in BODY_METHODS:
        request.get_data(parse_form_data=request.mimetype in FORM_TYPES)


def refuse_nul_characters() -> None:
    """400 for a NUL in the path, the query or a form: PostgreSQL cannot even compare it.

    (JSON bodies are checked field by field by the schemas, so that one bad mutation of a push
    is rejected alone.)
    """
    from flask_babel import lazy_gettext

    from app.core.errors import ApiError

    sources = [request.args] + ([request.form] if request.mimetype in FORM_TYPES else [])
    if "\x00" in request.path or any(
        (isinstance(key, str) and "\x00" in key)  # a multipart part may have no name
        or any(isinstance(v, str) and "\x00" in v for v in values)
        for source in sources
        for key, values in source.lists()
    ):
        raise ApiError(
            400, "nul_character", message=lazy_gettext("Text must not contain NUL characters.")
        )


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def too_deeply_nested(exc: RecursionError):
    """Answer 400 JSON to a body nested so deep that parsing it exhausts the stack."""
    from flask_babel import lazy_gettext

    from app.core.errors import ApiError, error_response
    from app.extensions import db

    db.session.rollback()
    return error_response(
        ApiError(
            400, "too_deeply_nested", message=lazy_gettext("The request is nested too deeply.")
        )
    )


def refuse_unshared_throttle(app: Flask) -> None:
    """Refuse to start production with login attempts counted per process (memory://)."""
    uri = str(app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    if app.config.get("ENV_NAME") == "production" and uri.startswith("memory://"):
        raise RuntimeError(
            "RATELIMIT_STORAGE_URI is memory://: each gunicorn worker would count login "
            "attempts on its own, so N workers allow N times LOGIN_RATE_LIMIT. Set "
            "redis://host:6379/0 (docs/deploy.md, section 3)."
        )


def init_app(app: Flask) -> None:
    """Install the header hook; trust one proxy's X-Forwarded-* when TRUST_PROXY=1."""
    hops = int(app.config.get("TRUST_PROXY", os.environ.get("TRUST_PROXY", 0)) or 0)
    if hops:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
    refuse_unshared_throttle(app)
    app.after_request(add_security_headers)
    app.before_request(read_body_first)  # before any hook that may touch the database
    app.before_request(refuse_nul_characters)
    app.register_error_handler(RecursionError, too_deeply_nested)
