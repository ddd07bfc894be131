"""Flask's signed-cookie sessions, with the signing serializer made once per key set.

Flask builds a new URLSafeTimedSerializer (and its signers) to open and again to save the
session cookie of every request; on a "nothing new" poll that was a tenth of the server's
time. The cookie, its signature and its expiry are exactly Flask's.
"""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


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
