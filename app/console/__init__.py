"""The supervisor console: server-rendered pages for supervisors and admins."""

from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/console")

from app.console import views  # noqa: E402, F401
