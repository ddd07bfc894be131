"""Flask's signed-cookie sessions, with the signing serializer made once per key set.

Flask builds a new URLSafeTimedSerializer (and its signers) to open and again to save the
session cookie of every request; on a "nothing new" poll that was a tenth of the server's
time. The cookie, its signature and its expiry are exactly Flask's.

A signed-in session slides (PERMANENT_SESSION_LIFETIME from the last use), but its cookie is
written again at most once an hour instead of on every response: a phone polling every few
seconds re-signed and re-sent it each time. Its expiry is thus at most an hour short of 30
days after the last use.
"""

import time

from flask import Flask
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from itsdangerous import URLSafeTimedSerializer

REFRESH_SECONDS = 3600
REFRESHED_KEY = "_refreshed"  # the hour the cookie was last written


def current_hour() -> int:
    """The hour number of now (a function, so tests can move the clock)."""
    return int(time.time() // REFRESH_SECONDS)


class SessionInterface(SecureCookieSessionInterface):
    """SecureCookieSessionInterface with its serializer cached per (fallback keys, key)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return Flask's serializer for the app's current keys, made on first use."""
        keys = (tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()), app.secret_key)
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        """Write the cookie when the session changed, or to slide its expiry once an hour."""
        sliding = session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]
        if not (session.modified or sliding):
            return False
        hour = current_hour()
        if not session.modified and session.get(REFRESHED_KEY) == hour:
            return False
        if sliding:
            session[REFRESHED_KEY] = hour  # saved in the cookie written now
        return True
