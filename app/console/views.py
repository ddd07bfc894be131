"""Console pages."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, select

from app.auth import check_csrf, check_password, is_locked, record_failed_login
from app.auth import record_successful_login
from app.console import bp
from app.extensions import db, limiter
from app.models import User
from app.transaction import allow_commit_on_error


def _console_username_key() -> str:
    return "console-user:" + request.form.get("username", "").strip().lower()[:80]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"],
               key_func=_console_username_key)
def login():
    """Sign in to the console."""
    if request.method == "POST":
        check_csrf()
        name = request.form.get("username", "").strip().lower()
        user = db.session.execute(
            select(User).where(func.lower(User.username) == name)).scalar_one_or_none()
        password = request.form.get("password", "")
        if user and not is_locked(user) and user.active and check_password(user, password):
            record_successful_login(user)
            session.permanent = True
            login_user(user)
            return redirect(url_for("console.index"))
        if user:
            record_failed_login(user)
            allow_commit_on_error()
        flash(gettext("Wrong username or password."), "error")
        return render_template("console/login.html"), 401
    return render_template("console/login.html")


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out."""
    check_csrf()
    logout_user()
    return redirect(url_for("console.login"))


@bp.route("/")
@login_required
def index():
    """The console's home page."""
    return render_template("console/index.html")
