"""Sessions, passwords (Argon2id), the CSRF token and the account lock-out."""

import hmac
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app, has_request_context, redirect, request, session, url_for
from flask_babel import lazy_gettext
from flask_login import current_user
from limits.storage import MemoryStorage
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.access.scope_user import SCOPE_ONLY_ENDPOINTS, ScopeUser, load_scope_user
from app.core.errors import ApiError
from app.core.metrics import LOGIN_FAILURES, LOGIN_LOCKOUTS
from app.extensions import db, limiter, login_manager
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
    return _verify(user.password_hash, password)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher().verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


MIN_PASSWORD_LENGTH = 10
DEMO_MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
COMMON_PASSWORDS = frozenset(
    (
        "password",
        "password1",
        "password12",
        "password123",
        "password1234",
        "passw0rd",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "12345678910",
        "0123456789",
        "987654321",
        "9876543210",
        "1111111111",
        "0000000000",
        "qwerty",
        "qwerty123",
        "qwertyuiop",
        "qwerty1234",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "abc123",
        "abc123456",
        "abcd1234",
        "abcdefghij",
        "iloveyou",
        "iloveyou123",
        "admin",
        "admin123",
        "admin12345",
        "administrator",
        "welcome",
        "welcome123",
        "letmein",
        "letmein123",
        "changeme",
        "changeme123",
        "matkhau",
        "matkhau123",
        "matkhau1234",
        "anhyeuem",
        "anhyeuem123",
        "vietnam",
        "vietnam123",
        "hanoi123",
        "bacninh123",
        "12341234",
        "11223344",
    )
)


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


# Failed logins count per account AND source address, in the login throttle's store
# (Flask-Limiter's: Redis when RATELIMIT_STORAGE_URI says so, shared by every server). From
# LOGIN_LOCKOUT_ATTEMPTS failures on, that source waits 1, 2, 4... minutes (at most
# LOGIN_LOCKOUT_MINUTES) before each further try; the owner elsewhere is not locked out.
# Unknown usernames count the same way, so the lock-out tells nothing about who exists.
FAILURE_WINDOW = 24 * 3600
_fallback_store = MemoryStorage()


def _store():
    try:
        return limiter.storage
    except AssertionError:  # the limiter is not set up (a bare app in a script)
        return _fallback_store


def normalise_username(name: str) -> str:
    """Return a name as it is stored and looked up: NFKC, no outer blanks, lower case."""
    return unicodedata.normalize("NFKC", name or "").strip().lower()


def _keys(name: str) -> tuple[str, str]:
    who = f"{normalise_username(name)[:80]}|{request.remote_addr or '-'}"
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX", "antt")
    return f"{prefix}/login-failures/{who}", f"{prefix}/login-locked-until/{who}"


def _call(operation, *args):
    """Run a store operation; fall back to this process's memory when Redis is down."""
    try:
        return operation(_store(), *args)
    except Exception:  # noqa: BLE001 - a dead Redis must not stop logins
        return operation(_fallback_store, *args)


def lock_seconds_left(name: str) -> int:
    """Seconds this source must still wait before trying this username again (0: none)."""
    until = _call(lambda store, key: store.get(key), _keys(name)[1])
    return max(0, int(until - utcnow().timestamp())) if until else 0


def locked_message(name: str) -> str:
    """Say that sign-in is paused for this account and for how many minutes (API and console)."""
    minutes = max(1, -(-lock_seconds_left(name) // 60))
    return gettext(
        "This account is locked after too many failed sign-ins. Try again in %(minutes)d minutes.",
        minutes=minutes,
    )


def record_failed_login(name: str) -> None:
    """Count a failed login from this source; past the limit, make it wait longer each time."""
    failures_key, locked_key = _keys(name)
    failures = _call(lambda store, key: store.incr(key, FAILURE_WINDOW), failures_key)
    over = failures - current_app.config["LOGIN_LOCKOUT_ATTEMPTS"]
    if over < 0:
        return
    delay = min(60 * 2 ** min(over, 20), 60 * current_app.config["LOGIN_LOCKOUT_MINUTES"])
    until = int(utcnow().timestamp()) + delay

    def lock(store, key):
        store.clear(key)
        store.incr(key, delay + 60, amount=until)

    _call(lock, locked_key)


DISABLED_MESSAGE = lazy_gettext(
    "This account is disabled. Ask an administrator to enable it again."
)


def record_successful_login(name: str) -> None:
    """Forget this source's failures for the username."""
    for key in _keys(name):
        _call(lambda store, k: store.clear(k), key)


def authenticate(name: str, password: str) -> tuple[User | None, str | None]:
    """Check a sign-in; return (user, None), or (None, "bad_credentials" | "account_locked" |
    "account_disabled").

    Known, unknown and disabled names cost one Argon2 verification each, so the answer's
    time does not tell which usernames exist. A disabled account is named as such only to
    whoever gives its right password; a wrong one still gets "bad_credentials".
    """
    name = normalise_username(name)
    if lock_seconds_left(name):
        LOGIN_LOCKOUTS.inc()
        return None, "account_locked"  # not counted again while waiting
    user = db.session.execute(
        select(User).where(func.lower(User.username) == name)
    ).scalar_one_or_none()
    if user is not None and check_password(user, password):
        if not user.active:
            return None, "account_disabled"  # the password was right: not a failure
        record_successful_login(name)
        return user, None
    if user is None:
        _verify_dummy(password)
    record_failed_login(name)
    LOGIN_FAILURES.inc()
    return None, "bad_credentials"


_dummy_hashes: dict[bool, str] = {}


def _verify_dummy(password: str) -> None:
    fast = bool(current_app.config.get("PASSWORD_HASH_FAST"))
    if fast not in _dummy_hashes:
        _dummy_hashes[fast] = _hasher().hash(secrets.token_urlsafe(16))
    _verify(_dummy_hashes[fast], password)


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


def load_user(session_id: str) -> User | ScopeUser | None:
    """Load the user of a session id, refusing sessions from an older generation."""
    user_id, _, generation = session_id.partition(":")
    if has_request_context() and request.endpoint in SCOPE_ONLY_ENDPOINTS:  # one Core query
        user = load_scope_user(user_id)
    else:
        # The scope (parks, HR's enterprise) comes in the same SELECT.
        user = db.session.get(
            User, user_id, options=[joinedload(User.parks), joinedload(User.enterprise)]
        )
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
