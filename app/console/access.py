"""Who may open the console, the CSRF check of every console write, scoped record lookups."""

from flask import Blueprint, abort, request
from flask_login import current_user
from sqlalchemy import select

from app.access.auth import check_csrf
from app.access.permissions import can_open_console, in_park_scope, scope_clause
from app.core.errors import ApiError
from app.extensions import db, login_manager
from app.models import Park

# Endpoints anyone may open; every other console page needs a supervisor or an admin.
OPEN_ENDPOINTS = {
    "console.login",
    "console.logout",
    "console.language",
    "console.contrast",
    "console.static",
}


def require_console_role():
    """Let only supervisors and admins in (redirect strangers to log in, 403 other roles)."""
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not can_open_console(current_user):
        raise ApiError(403)
    return None


def init_access(bp: Blueprint) -> None:
    """Install the access rule, then one CSRF check for every unsafe method (403 when wrong),
    as the API does in guard_api: no console view checks the token itself."""
    bp.before_request(require_console_role)
    bp.before_request(check_csrf)


def get_in_scope(model, record_id: str):
    """Load a record with a park_id, or answer 404 when it is missing or out of scope."""
    record = db.session.get(model, record_id)
    if record is None or not in_park_scope(current_user, record.park_id):
        abort(404)
    return record


def visible_parks() -> list[Park]:
    """Return the parks the current user sees, by code."""
    query = select(Park).where(scope_clause(current_user, Park), Park.deleted.is_(False))
    return list(db.session.execute(query.order_by(Park.code)).scalars())
