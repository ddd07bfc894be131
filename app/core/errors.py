"""Every error as JSON for the API (docs/sync-contract.md), an HTML page for the console."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext, lazy_gettext
from werkzeug.exceptions import HTTPException

from app.core.i18n import translate_errors
from app.extensions import db

log = logging.getLogger(__name__)

# The message each HTTP status gets when the code raising it gave none.
STATUS_MESSAGES = {
    400: ("bad_request", lazy_gettext("The request could not be understood.")),
    401: ("unauthorized", lazy_gettext("Please log in.")),
    403: ("forbidden", lazy_gettext("You are not allowed to do this.")),
    404: ("not_found", lazy_gettext("Not found.")),
    405: ("method_not_allowed", lazy_gettext("This method is not allowed here.")),
    409: ("conflict", lazy_gettext("The record changed on the server.")),
    413: ("too_large", lazy_gettext("The request is too large.")),
    415: ("unsupported_media_type", lazy_gettext("This type of content is not accepted.")),
    422: ("invalid", lazy_gettext("Some fields are not valid.")),
    429: ("too_many_requests", lazy_gettext("Too many attempts. Please wait and try again.")),
    500: ("server_error", lazy_gettext("Something went wrong on the server. Nothing was saved.")),
    503: ("unavailable", lazy_gettext("The service is not available right now.")),
}
# A 503 (database or storage unavailable) tells clients when to try again.
RETRY_AFTER_SECONDS = 30


class ApiError(Exception):
    """An error with a status, a machine code, a translated message and field messages."""

    def __init__(self, status: int, code: str | None = None, message=None, fields=None):
        super().__init__(code)
        default_code, default_message = STATUS_MESSAGES.get(status, STATUS_MESSAGES[500])
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.fields = fields


def wants_json() -> bool:
    """Tell whether this request should get a JSON error (the API, or a JSON client)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(err: ApiError):
    """Render an ApiError as JSON or as the console's error page."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if err.status == 503 else {}
    if wants_json():
        body = {"error": {"code": err.code, "message": str(err.message)}}
        if err.fields:
            body["error"]["fields"] = translate_errors(err.fields)
        return jsonify(body), err.status, headers
    page = render_template("console/error.html", error=err)
    return page, err.status, headers


def from_http_exception(exc: HTTPException) -> ApiError:
    """Turn a werkzeug or webargs exception into an ApiError."""
    status = exc.code or 500
    fields = None
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") if isinstance(data, dict) else None
    if messages:
        # webargs nests by location ("json", "query"); the device wants the field names.
        fields = {}
        for located in messages.values():
            fields.update(located if isinstance(located, dict) else {"_schema": located})
    code = None
    if status == 413:
        code = "too_large"
    return ApiError(status, code=code, fields=fields)


def init_errors(app: Flask) -> None:
    """Register the handlers; roll back on every 5xx."""

    @app.errorhandler(ApiError)
    def handle_api_error(err: ApiError):
        if err.status >= 500:
            db.session.rollback()
        return error_response(err)

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException):
        return error_response(from_http_exception(exc))

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(ApiError(500, message=gettext(str(STATUS_MESSAGES[500][1]))))
