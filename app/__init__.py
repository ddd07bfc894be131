"""The application factory."""

from pathlib import Path

from flask import Flask

from app.web.cookies import SessionInterface
from config import CONFIGS, INSTANCE_DIR, Config


def create_app(config_class: type[Config] | Config | None = None) -> Flask:
    """Build the Flask app: config, extensions, blueprints, errors, CLI."""
    import os

    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    if config_class is None:
        config_class = config_from_env(os.environ.get("APP_ENV", "development"))
    app.config.from_object(config_class() if isinstance(config_class, type) else config_class)
    INSTANCE_DIR.mkdir(exist_ok=True)
    fill_keys(app)
    app.session_interface = SessionInterface()

    register_compression(app)
    register_ops(app)
    register_extensions(app)
    register_sync_entities()
    register_blueprints(app)
    register_errors(app)
    register_cli(app)
    return app


def config_from_env(name: str) -> type[Config]:
    """Return the config APP_ENV names; the test config (public keys) is for pytest only."""
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]


def fill_keys(app: Flask) -> None:
    """Give make run the random keys kept in the instance folder when none is configured."""
    from config import PUBLIC_DEV_KEY, instance_key

    for name in ("SECRET_KEY", "RECEIPT_KEY"):
        if not app.config.get(name) or app.config[name] == PUBLIC_DEV_KEY:
            app.config[name] = instance_key(app.config["KEY_FOLDER"], name.lower())
    if app.config["SECRET_KEY"] == app.config["RECEIPT_KEY"]:
        raise RuntimeError("RECEIPT_KEY must differ from SECRET_KEY (docs/deploy.md, section 1)")


def register_compression(app: Flask) -> None:
    """Compress dynamic responses (registered first, so its hook runs after all others)."""
    from app.web import compression

    compression.init_app(app)


def register_ops(app: Flask) -> None:
    """Security headers, probes and request logs (first, so their hooks run last)."""
    from app.web import metrics, security
    from app.web import probes as ops

    security.init_app(app)
    ops.init_app(app)
    metrics.init_app(app)


def register_extensions(app: Flask) -> None:
    """Bind every extension object to this app."""
    from app.access import auth
    from app.core import i18n, jsoncodec
    from app.extensions import babel, db, limiter, login_manager, migrate
    from app.reports import kept
    from app.sync import pulled_kept, versioning
    from app.web import transaction

    app.json = jsoncodec.FastJSONProvider(app)
    options = jsoncodec.engine_options(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    if str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("sqlite"):
        # A file has no server to lose the connection: pinging it cost every request a query.
        options = {**options, "pool_pre_ping": False}
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    db.init_app(app)
    migrations = Path(app.root_path).parent / "migrations"
    migrate.init_app(app, db, directory=str(migrations), render_as_batch=True)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    auth.init_login(app)
    versioning.init_app(app)
    kept.init_app(app)
    pulled_kept.init_app(app)
    transaction.init_app(app)


def register_sync_entities() -> None:
    """Hand the sync registry's entities (models, roles) down to the permission rules."""
    from app.access import permissions
    from app.sync.handlers import HANDLERS

    permissions.register_entities(HANDLERS)


def register_blueprints(app: Flask) -> None:
    """Register the API, the console and the field app's static files."""
    from app.api import register_api
    from app.console import bp as console_bp
    from app.festival.views import bp as festival_bp
    from app.fieldapp import views as fieldapp
    from app.web import precompress

    register_api(app)
    app.register_blueprint(console_bp)
    app.register_blueprint(festival_bp)
    fieldapp.init_app(app)
    precompress.init_app(app)


def register_errors(app: Flask) -> None:
    """Install the JSON / HTML error handlers."""
    from app.core.errors import init_errors

    init_errors(app)


def register_cli(app: Flask) -> None:
    """Add the flask sub-commands (seed-demo, create-user, ...)."""
    from app.ops.cli import init_cli

    init_cli(app)
