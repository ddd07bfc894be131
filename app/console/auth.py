"""Console sign-in, sign-out and the language switch."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user

from app.access.auth import DISABLED_MESSAGE, authenticate, end_sessions, locked_message
from app.access.permissions import can_open_console
from app.console.form_fields import read_form
from app.console.forms import ContrastForm, LanguageForm
from app.console.helpers import safe_next
from app.extensions import limiter
from app.models import User


def _console_username_key() -> str:
    name = request.form.get("username", "").strip().lower()[:80]
    return f"console-user:{name}|{request.remote_addr or '-'}"  # a stranger elsewhere: not counted


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_console_username_key)
def login():
    """Sign in to the console."""
    if request.method == "POST":
        name = request.form.get("username", "")
        user, refusal = authenticate(name, request.form.get("password", ""))
        if refusal == "account_locked":  # the API's message, and not counted as a failure
            flash(locked_message(name), "error")
            return render_template("console/login.html"), 429
        if refusal == "account_disabled":
            flash(str(DISABLED_MESSAGE), "error")
            return render_template("console/login.html"), 403
        if user is not None:
            landing = _landing(user)
            session.clear()  # nothing of the anonymous session survives (session fixation)
            session.permanent = True
            login_user(user)
            return redirect(landing)
        flash(gettext("Wrong username or password."), "error")
        return render_template("console/login.html"), 401
    return render_template("console/login.html")


def _landing(user: User) -> str:
    """Where a signed-in user goes: the asked page, else the console; HR and inspectors,
    who have no console, land on the festival pages."""
    console = url_for("console.index")
    if can_open_console(user):
        return safe_next(request.args.get("next"), console)
    target = safe_next(request.args.get("next"), url_for("festival.events"))
    return url_for("festival.events") if target.startswith(console) else target


def logout():
    """Sign out."""
    if current_user.is_authenticated:
        end_sessions(current_user)  # a copied cookie of this user dies too
    logout_user()
    return redirect(url_for("console.login"))


def language():
    """Switch the language: saved on the user when signed in, and in a cookie."""
    form, _ = read_form(LanguageForm(), request.form)
    chosen = form["language"]
    back = safe_next(form["next"], url_for("console.index"))
    if chosen not in current_app.config["LANGUAGES"]:
        return redirect(back)
    if current_user.is_authenticated:
        current_user.language = chosen
    response = redirect(back)
    response.set_cookie(
        "lang",
        chosen,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
    )
    return response


def contrast():
    """Switch high contrast on or off in this browser (a cookie the console, the festival
    pages and the field app all read)."""
    form, _ = read_form(ContrastForm(), request.form)
    response = redirect(safe_next(form["next"], url_for("console.index")))
    if form["contrast"] == "more":
        response.set_cookie(
            "contrast",
            "more",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
    else:
        response.delete_cookie("contrast")
    return response
