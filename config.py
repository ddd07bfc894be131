"""Configuration classes, read from the environment (see README for every variable)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


PUBLIC_DEV_KEY = "dev-only-secret-change-me"  # the old default: public, refused everywhere
MIN_KEY_LENGTH = 32


def instance_key(folder: str | Path, name: str) -> str:
    """Return the random key kept in folder/name, making it (owner-only) on first use."""
    path = Path(folder) / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
        try:
            os.link(draft, path)  # two processes starting at once keep the first one's key
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    key = path.read_text().strip()
    if len(key) < MIN_KEY_LENGTH:
        raise RuntimeError(f"{path} holds a key shorter than {MIN_KEY_LENGTH} characters")
    return key


def env_int(name: str, default: int) -> int:
    """Read an integer from the environment, failing loudly on garbage."""
    raw = os.environ.get(name)
    return default if raw in (None, "") else int(raw)


class Config:
    """Development defaults: embedded SQLite, local photo folder."""

    # SECRET_KEY signs session cookies and pull cursors; RECEIPT_KEY signs receipts only, so
    # one leaked key does not forge the other's. Unset (make run), each is a random key made
    # once and kept in KEY_FOLDER (instance/secret_key, instance/receipt_key): create_app.
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    RECEIPT_KEY = os.environ.get("RECEIPT_KEY") or None
    KEY_FOLDER = str(INSTANCE_DIR)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'antt.sqlite'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(INSTANCE_DIR / "uploads"))
    MAX_ATTACHMENT_BYTES = env_int("MAX_ATTACHMENT_BYTES", 8 * 1024 * 1024)
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024)
    # The sync limits (500 mutations a push, 1000 changes a pull) are not settings: they are
    # the API contract, stated in the OpenAPI document (app/schemas/sync.py) and relied on by
    # the field app's batch sizes.

    # Sessions: long-lived for field phones, renewed on use; "basic" protection so a
    # phone moving from Wi-Fi to mobile data is not logged out.
    PERMANENT_SESSION_LIFETIME = timedelta(days=30)
    SESSION_REFRESH_EACH_REQUEST = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    SESSION_PROTECTION = "basic"
    REMEMBER_COOKIE_DURATION = timedelta(days=30)

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "app" / "translations")  # `make i18n`
    LANGUAGES = ("vi", "en")

    # Login throttle counters. memory:// counts per process: with more than one gunicorn
    # worker or server set redis://host:6379/0 (docs/deploy.md) so they all count together.
    # If Redis stops answering, each process counts on its own until it is back.
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "antt")
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "20 per minute")
    LOGIN_LOCKOUT_ATTEMPTS = env_int("LOGIN_LOCKOUT_ATTEMPTS", 10)
    LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)

    API_TITLE = "ANTT field sync API"
    API_VERSION = "1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"

    # /metrics answers the proxy's network (nginx on this machine by default; comma-separated
    # CIDRs) or a caller sending "Authorization: Bearer $METRICS_TOKEN"; anyone else gets 404.
    METRICS_NETWORKS = tuple(
        n.strip() for n in os.environ.get("METRICS_NETWORKS", "127.0.0.0/8,::1/128").split(",")
    )
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

    SEED_DEMO = os.environ.get("SEED_DEMO", "0") == "1"
    # Dashboard/report figures computed at an older sync version stay valid this many seconds.
    REPORT_MAX_AGE = int(os.environ.get("REPORT_MAX_AGE", "60"))
    # The console map draws without tiles; a deployment with a tile server sets its URL
    # template (https://tiles.example.vn/{z}/{x}/{y}.png) and the attribution it requires.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
    # Dynamic responses (JSON, HTML, CSV, SVG) go out compressed by the app (app/web/compression);
    # behind a proxy that compresses instead, set COMPRESS_RESPONSES=0 (docs/deploy.md: one layer).
    COMPRESS_RESPONSES = os.environ.get("COMPRESS_RESPONSES", "1") == "1"
    # The field app's page loads its bundle (pwa/dist/, `make pwa`); PWA_MODULES=1 (development)
    # serves the ES modules under pwa/js instead, with their own precache list.
    PWA_MODULES = os.environ.get("PWA_MODULES", "0") == "1"
    TESTING = False


class TestConfig(Config):
    """Tests: a throwaway database (TEST_DATABASE_URL or in-memory SQLite), fast hashing."""

    TESTING = True
    REPORT_MAX_AGE = 0  # figures follow every write exactly (tests set it to try staleness)
    SECRET_KEY = "test-secret"
    RECEIPT_KEY = "test-receipt-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    RATELIMIT_ENABLED = True
    LOGIN_RATE_LIMIT = "1000 per minute"
    PASSWORD_HASH_FAST = True


class ProductionConfig(Config):
    """Production: every secret must come from the environment."""

    ENV_NAME = "production"  # app/web/security.py warns when the login throttle is per process

    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"

    def __init__(self) -> None:
        self.SECRET_KEY = required_key("SECRET_KEY")
        self.RECEIPT_KEY = required_key("RECEIPT_KEY")
        if self.RECEIPT_KEY == self.SECRET_KEY:
            raise RuntimeError("RECEIPT_KEY must differ from SECRET_KEY")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("DATABASE_URL must be set in production")
        self.SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]


def required_key(name: str) -> str:
    """Read a production key from the environment: set, not the public one, long enough."""
    key = os.environ.get(name, "")
    if not key or key == PUBLIC_DEV_KEY or len(key) < MIN_KEY_LENGTH:
        raise RuntimeError(
            f"{name} must be set in production to a random value of at least "
            f"{MIN_KEY_LENGTH} characters (docs/deploy.md, section 1)"
        )
    return key


# What APP_ENV may name. TestConfig (public keys) is not here: only the tests pass it, so a
# server started with APP_ENV=test refuses to start instead of signing with a public key.
CONFIGS = {"development": Config, "production": ProductionConfig}
