"""Login, logout and who am I; the CSRF token comes back with the session."""

from flask import current_app, request, session
from flask_login import current_user, login_user, logout_user
from flask_smorest import Blueprint

from app.access.auth import (
    DISABLED_MESSAGE,
    authenticate,
    csrf_token,
    end_sessions,
    locked_message,
)
from app.access.permissions import is_province_wide
from app.core.errors import ApiError
from app.extensions import limiter
from app.models import User
from app.schemas.auth import LanguageSchema, LoginSchema, SessionSchema

blp = Blueprint("api_auth", __name__, url_prefix="/api/auth", description="Sessions")


def session_payload(user: User) -> dict:
    """Describe the signed-in user, their scope and the CSRF token."""
    enterprise = user.enterprise
    return {
        "user": {
            "id": user.id,
            "username": user.username,
            "full_name": user.full_name,
            "role": user.role,
            "unit": user.unit,
            "language": user.language,
            "scope": {
                "parks": [{"id": p.id, "code": p.code, "name": p.name} for p in user.parks],
                "enterprise": {
                    "id": enterprise.id,
                    "name": enterprise.name,
                    "park_id": enterprise.park_id,
                }
                if enterprise
                else None,
                "province_wide": is_province_wide(user),
            },
        },
        "csrf_token": csrf_token(),
        "outbox_key": user.outbox_key,
    }


def _username_key() -> str:
    body = request.get_json(silent=True) or {}
    name = body.get("username") if isinstance(body, dict) else None
    # With the address: a stranger's guesses from elsewhere never hold the owner back.
    return f"user:{str(name).strip().lower()[:80]}|{request.remote_addr or '-'}"


@blp.route("/login", methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], key_func=_username_key)
@blp.arguments(LoginSchema)
@blp.response(200, SessionSchema)
def login(credentials):
    """Start a long-lived session for a field phone."""
    user, refusal = authenticate(credentials["username"], credentials["password"])
    if refusal == "account_locked":
        raise ApiError(429, "account_locked", message=locked_message(credentials["username"]))
    if refusal == "account_disabled":
        raise ApiError(403, "account_disabled", message=str(DISABLED_MESSAGE))
    if user is None:
        raise ApiError(401, "bad_credentials", message=_bad_credentials())
    session.clear()
    session.permanent = True
    login_user(user, remember=False)
    return session_payload(user)


def _bad_credentials():
    from flask_babel import gettext

    return gettext("Wrong username or password.")


@blp.route("/me", methods=["GET"])
@blp.response(200, SessionSchema)
def me():
    """Return the signed-in user, scope and a fresh CSRF token."""
    return session_payload(current_user)


@blp.route("/logout", methods=["POST"])
@blp.response(204)
def logout():
    """End the session, and every other session of the user (a copied cookie dies too)."""
    end_sessions(current_user)
    logout_user()
    session.clear()


@blp.route("/language", methods=["POST"])
@blp.arguments(LanguageSchema)
@blp.response(200, SessionSchema)
def set_language(body):
    """Choose the user's language (vi or en)."""
    current_user.language = body["language"]
    return session_payload(current_user)
