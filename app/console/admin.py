"""Console pages for admins: users with roles and scopes, and parks."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext
from flask_login import current_user
from sqlalchemy import select

from app.access.permissions import can_administer
from app.console.admin_ops import reset_user_password, save_park, save_user
from app.console.forms import USER_UNITS
from app.core.errors import ApiError
from app.extensions import db
from app.models import ROLES, Enterprise, Park, User
from app.reports.labels import label


def labels() -> dict:
    """What the admin templates need to show coded values in the user's language."""
    return {"label": label, "lang": str(get_locale() or "vi")}


def require_admin() -> None:
    """Refuse (403) anyone but an admin (the blueprint checks the CSRF token of writes)."""
    if not can_administer(current_user):
        raise ApiError(403)


def form_dict() -> dict:
    """The posted form as a dict, with the multi-valued park list."""
    form = request.form.to_dict()
    form["parks"] = request.form.getlist("parks")
    return form


def admin_index():
    """Administration home: links to users, parks, enterprises and templates."""
    require_admin()
    return render_template("console/admin/index.html")


def user_list():
    """Every user with role, scope and state."""
    require_admin()
    users = db.session.scalars(select(User).order_by(User.role, User.username)).all()
    return render_template("console/admin/users.html", users=users, **labels())


def _user_form(user: User | None, errors: dict, status: int = 200, form: dict | None = None):
    parks = db.session.scalars(
        select(Park).where(Park.deleted.is_(False)).order_by(Park.code)
    ).all()
    enterprises = db.session.execute(
        select(Enterprise.id, Enterprise.name, Enterprise.tax_code)
        .where(Enterprise.deleted.is_(False))
        .order_by(Enterprise.name)
    ).all()
    return render_template(
        "console/admin/user_form.html",
        user=user,
        errors=errors,
        parks=parks,
        enterprises=enterprises,
        roles=ROLES,
        units=USER_UNITS,
        form=form or {},
        **labels(),
    ), status


def user_new():
    """Create a user."""
    require_admin()
    if request.method == "POST":
        user, errors = save_user(current_user, None, request.form)
        if not errors:
            flash(gettext("User %(name)s created.", name=user.username), "success")
            return redirect(url_for("console.admin_users"))
        return _user_form(None, errors, 400, form_dict())
    return _user_form(None, {})


def user_edit(user_id: str):
    """Edit a user's name, role, scope and state; reset the password."""
    require_admin()
    user = db.session.get(User, user_id) or _not_found()
    if request.method == "POST":
        generation = user.session_generation
        saved, errors = save_user(current_user, user, request.form)
        if not errors:
            signed_out = user.session_generation != generation  # role, scope or state changed
            flash(
                gettext("Saved. The user must sign in again on every device.")
                if signed_out
                else gettext("Saved."),
                "success",
            )
            return redirect(url_for("console.admin_users"))
        return _user_form(user, errors, 400, form_dict())
    return _user_form(user, {})


def user_password(user_id: str):
    """Set a new password for a user; every session of theirs ends."""
    require_admin()
    user = db.session.get(User, user_id) or _not_found()
    problems = reset_user_password(current_user, user, request.form.get("password", ""))
    if problems:
        return _user_form(user, {"password": " ".join(problems)}, 400)
    flash(gettext("Password changed; the user must sign in again."), "success")
    return redirect(url_for("console.admin_user", user_id=user.id))


def _not_found():
    raise ApiError(404)


def park_list():
    """Every park."""
    require_admin()
    parks = db.session.scalars(select(Park).order_by(Park.code)).all()
    return render_template("console/admin/parks.html", parks=parks)


def park_form(park_id: str | None = None):
    """Create or edit a park."""
    require_admin()
    park = (db.session.get(Park, park_id) or _not_found()) if park_id else None
    errors: dict = {}
    if request.method == "POST":
        saved, errors = save_park(current_user, park, request.form.to_dict())
        if not errors:
            flash(gettext("Saved: %(name)s.", name=saved.name), "success")
            return redirect(url_for("console.admin_parks"))
    return render_template(
        "console/admin/park_form.html", park=park, errors=errors, form=request.form
    ), 400 if errors else 200
