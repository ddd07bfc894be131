"""Sessions, passwords (Argon2id), the CSRF token and the account lock-out."""

import hmac
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, redirect, request, session, url_for
from flask_login import current_user

from app.errors import ApiError
from app.extensions import db, login_manager
from app.models import User
from app.models.base import utcnow

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_hashers: dict[bool, PasswordHasher] = {}


def _hasher() -> PasswordHasher:
    fast = bool(current_app.config.get("PASSWORD_HASH_FAST"))
    if fast not in _hashers:
        # Tests use a tiny cost; production keeps argon2-cffi's RFC 9106 defaults.
        _hashers[fast] = PasswordHasher(time_cost=1, memory_cost=1024) if fast else PasswordHasher()
    return _hashers[fast]


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher().hash(password)


def check_password(user: User, password: str) -> bool:
    """Tell whether the password matches the user's hash."""
    try:
        return _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


MIN_PASSWORD_LENGTH = 10
DEMO_MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
COMMON_PASSWORDS = frozenset((
    "password", "password1", "password12", "password123", "password1234", "passw0rd",
    "123456", "1234567", "12345678", "123456789", "1234567890", "12345678910", "0123456789",
    "987654321", "9876543210", "1111111111", "0000000000", "qwerty", "qwerty123",
    "qwertyuiop", "qwerty1234", "1q2w3e4r5t", "1qaz2wsx3edc", "abc123", "abc123456",
    "abcd1234", "abcdefghij", "iloveyou", "iloveyou123", "admin", "admin123", "admin12345",
    "administrator", "welcome", "welcome123", "letmein", "letmein123", "changeme",
    "changeme123", "matkhau", "matkhau123", "matkhau1234", "anhyeuem", "anhyeuem123",
    "vietnam", "vietnam123", "hanoi123", "bacninh123", "12341234", "11223344",
))


def validate_password(password: str, username: str = "", demo: bool | None = None) -> list[str]:
    """Return what is wrong with a new password (translated); an empty list means it is fine.

    At least 10 characters (8 on a demo server), not the username, not a common password.
    """
    if demo is None:
        demo = bool(current_app.config.get("SEED_DEMO"))
    minimum = DEMO_MIN_PASSWORD_LENGTH if demo else MIN_PASSWORD_LENGTH
    problems = []
    if len(password) < minimum:
        problems.append(gettext("The password must have at least %(n)d characters.", n=minimum))
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(gettext("The password is too long."))
    folded = password.strip().lower()
    if username and folded == username.strip().lower():
        problems.append(gettext("The password must not be the username."))
    if folded in COMMON_PASSWORDS:
        problems.append(gettext("This password is too common."))
    return problems


def gettext(message: str, **params) -> str:
    """Translate in a request (the user's language); plain English in the CLI."""
    from flask import has_request_context
    from flask_babel import gettext as babel_gettext

    if has_request_context():
        return babel_gettext(message, **params)
    return message % params if params else message


def end_sessions(user: User) -> None:
    """End every session of the user, on every device (their cookies no longer load them)."""
    user.session_generation = (user.session_generation or 0) + 1


def set_password(user: User, password: str) -> None:
    """Set a new password and end every existing session of the user."""
    user.password_hash = hash_password(password)
    end_sessions(user)


def is_locked(user: User) -> bool:
    """Tell whether too many failed logins have locked the account for now."""
    locked_until = user.locked_until
    if locked_until is None:
        return False
    if locked_until.tzinfo is None:  # SQLite returns naive datetimes
        locked_until = locked_until.replace(tzinfo=utcnow().tzinfo)
    return locked_until > utcnow()


def locked_message(user: User) -> str:
    """Say that the account is locked and for how many more minutes (API and console)."""
    locked_until = user.locked_until
    if locked_until.tzinfo is None:  # SQLite returns naive datetimes
        locked_until = locked_until.replace(tzinfo=utcnow().tzinfo)
    minutes = max(1, -(-int((locked_until - utcnow()).total_seconds()) // 60))
    return gettext("This account is locked after too many failed sign-ins. "
                   "Try again in %(minutes)d minutes.", minutes=minutes)


def record_failed_login(user: User) -> None:
    """Count a failed login; lock the account after too many in a row."""
    user.failed_logins = (user.failed_logins or 0) + 1
    if user.failed_logins >= current_app.config["LOGIN_LOCKOUT_ATTEMPTS"]:
        minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
        user.locked_until = utcnow() + timedelta(minutes=minutes)
        user.failed_logins = 0


def record_successful_login(user: User) -> None:
    """Clear the failed-login count."""
    user.failed_logins = 0
    user.locked_until = None


def csrf_token() -> str:
    """Return this session's CSRF token, making one if needed."""
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def check_csrf() -> None:
    """Refuse a state-changing request whose X-CSRF-Token (or form field) is wrong."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent, expected):
        raise ApiError(403, "csrf_failed")


def load_user(session_id: str) -> User | None:
    """Load the user of a session id, refusing sessions from an older generation."""
    user_id, _, generation = session_id.partition(":")
    user = db.session.get(User, user_id)
    if user is None or not user.active or str(user.session_generation) != generation:
        return None
    return user


def unauthorized():
    """Answer 401 JSON on the API, redirect the console to its login page."""
    if request.path.startswith("/api/"):
        raise ApiError(401)
    return redirect(url_for("console.login", next=request.full_path))


def init_login(app: Flask) -> None:
    """Configure flask-login."""
    login_manager.session_protection = app.config["SESSION_PROTECTION"]
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["current_user"] = current_user
