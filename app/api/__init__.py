"""The JSON API: auth, sync and attachments, described at /api/openapi.json."""

from flask import Flask, request
from flask_login import current_user
from flask_smorest import Api

from app.access.auth import check_csrf
from app.core.errors import ApiError
from app.schemas.common import UUIDString

PUBLIC_ENDPOINTS = {"api_auth.login", "api-docs.openapi_json"}


def guard_api() -> None:
    """401 without a session (before any CSRF check), then 403 on a wrong CSRF token."""
    if not request.path.startswith("/api/") or request.endpoint in PUBLIC_ENDPOINTS:
        return
    if not current_user.is_authenticated:
        raise ApiError(401)
    check_csrf()


def document_records(api: Api) -> None:
    """Add the record schemas (a push's `data`, a pulled change's `data`) to the components."""
    from app.sync.handlers import HANDLERS, PUSHABLE

    for handler in PUSHABLE.values():
        api.spec.components.schema(handler.data_component, schema=type(handler.schema))
    for handler in HANDLERS.values():
        api.spec.components.schema(handler.pulled_component, schema=handler.pulled_schema)


def register_api(app: Flask) -> None:
    """Register the API blueprints and their guard."""
    from app.api.attachments import blp as attachments_blp
    from app.api.auth import blp as auth_blp
    from app.api.imports import blp as imports_blp
    from app.api.sync import blp as sync_blp

    api = Api(app)  # one per app: the OpenAPI document is built from these blueprints
    api.register_field(UUIDString, "string", "uuid")  # before any schema is documented
    document_records(api)
    for blp in (auth_blp, sync_blp, attachments_blp, imports_blp):
        api.register_blueprint(blp)
    app.before_request(guard_api)
