"""Serves the field app (pwa/) from the site root, so its service worker covers the app."""

import hashlib
from pathlib import Path

from flask import Blueprint, Flask, current_app, redirect, send_from_directory, url_for
from flask_login import current_user

from app.access.permissions import can_open_console
from app.fieldapp import shell
from app.fieldapp.modules import module_page
from app.fieldapp.shell import PWA_DIR
from app.web.precompress import send_static

bp = Blueprint("pwa", __name__)


def init_app(app: Flask) -> None:
    """Serve the field app, and name its folder for precompression (config PWA_DIR)."""
    app.config.setdefault("PWA_DIR", str(PWA_DIR))
    app.config.setdefault("PWA_MODULES", False)
    app.register_blueprint(bp)


@bp.route("/")
def root():
    """Send supervisors and admins to the console, everyone else to the field app."""
    if can_open_console(current_user):
        return redirect(url_for("console.index"))
    return redirect(url_for("pwa.app_shell"))


@bp.route("/favicon.ico")
def favicon():
    """The app's icon for every page (browsers ask for /favicon.ico; a PNG is fine)."""
    return send_from_directory(
        pwa_dir() / "icons", "icon-192.png", mimetype="image/png", max_age=24 * 3600
    )


@bp.route("/app/")
def app_shell():
    """The field app's single page: loading the bundle, or the modules (PWA_MODULES)."""
    if modules_served():
        response = current_app.response_class(module_page(pwa_dir()), mimetype="text/html")
    else:
        response = send_static("pwa", pwa_dir(), "index.html", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/app/sw.js")
def service_worker():
    """The service worker, stamped with the hash of the shell list: Chromium does not update
    a module service worker whose own bytes are unchanged, however its imports changed."""
    folder = pwa_dir()
    listed = hashlib.sha256(shell_list()).hexdigest()[:12]
    body = (folder / "sw.js").read_bytes() + f"\n// shell {listed}\n".encode()
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/app/"
    return response


@bp.route("/app/<path:filename>")
def asset(filename: str):
    """A file of the field app; the service worker caches them by version."""
    if filename == shell.TARGET and modules_served():
        response = current_app.response_class(shell_list(), mimetype="text/javascript")
    else:
        response = send_static("pwa", pwa_dir(), filename, max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    return response


def pwa_dir() -> Path:
    """Return the folder of the field app (overridable in tests)."""
    return Path(current_app.config["PWA_DIR"])


def modules_served() -> bool:
    """Whether the page loads the ES modules rather than the bundle (development)."""
    return bool(current_app.config["PWA_MODULES"])


def shell_list() -> bytes:
    """The precache list as served: the committed one, or the modules' list (PWA_MODULES)."""
    if modules_served():
        return shell.render(pwa_dir(), modules=True).encode()
    return (pwa_dir() / shell.TARGET).read_bytes()
