"""Administration operations: users and their scopes, parks, enterprises (audited, stamped)."""

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.access.accounts import existing_usernames, user_snapshot, username_problem
from app.access.auth import (
    end_sessions,
    hash_password,
    normalise_username,
    set_password,
    validate_password,
)
from app.access.permissions import scope_fields, user_scope_problems
from app.console.form_fields import read_form
from app.console.forms import EnterpriseForm, NewUserForm, ParkForm, UserForm
from app.core.i18n import fold
from app.core.legal_forms import LEGAL_FORMS, legal_form_of, sector_of
from app.extensions import db
from app.models import OWNERSHIPS, Enterprise, Park, User
from app.models.audit import Action, audit
from app.sync.versioning import stamp

# What the console says of a role and scope refused by permissions.user_scope_problems (a
# form posts every field: parks and enterprise a role does not hold are dropped, not refused).
SCOPE_MESSAGES = {
    "unknown_role": _l("Choose a role."),
    "enterprise_required": _l("An HR user needs an enterprise."),
    "park_required": _l("An inspector needs at least one park."),
}


def apply_scope(
    user: User, role: str, park_ids: list[str], enterprise_id: str | None, errors: dict
) -> None:
    """Set a user's role and scope: parks for inspectors/supervisors, an enterprise for HR."""
    parks = list(db.session.scalars(select(Park).where(Park.id.in_(park_ids)))) if park_ids else []
    enterprise = db.session.get(Enterprise, enterprise_id) if enterprise_id else None
    parks, enterprise = scope_fields(role, parks, enterprise)
    problems = user_scope_problems(role, parks, enterprise)
    errors.update({field: str(SCOPE_MESSAGES[code]) for field, code in problems.items()})
    if "role" in problems:
        return
    user.role, user.parks, user.enterprise = role, parks, enterprise


def save_user(actor: User, user: User | None, form) -> tuple[User | None, dict]:
    """Create or edit a user from a posted form; return (user, errors). Nothing kept on
    errors."""
    creating = user is None
    values, errors = read_form(NewUserForm() if creating else UserForm(), form)
    if creating:
        username = normalise_username(values.get("username", ""))
        password = values["password"]
        problem = username and username_problem(username, existing_usernames())
        if problem:
            errors["username"] = problem
        problems = validate_password(password, username)
        if problems:
            errors["password"] = " ".join(problems)
        user = User(username=username, password_hash=hash_password(password or "x"))
    before = user_snapshot(user) if not creating else {}
    user.full_name, user.unit = values["full_name"], values["unit"]
    user.language = values["language"]
    user.active = values["active"] if not creating else True
    apply_scope(user, values["role"], values["parks"], values["enterprise_id"] or None, errors)
    if errors:
        if not creating:
            db.session.expire(user)
        return None, errors
    if creating:
        db.session.add(user)
    db.session.flush()
    after = user_snapshot(user)
    if not creating and _access_changed(before, after):
        end_sessions(user)  # disabled, or new role/scope: sign in again (re-enabling revives none)
    audit(
        actor,
        Action.USER_CREATE if creating else Action.USER_UPDATE,
        "user",
        user.id,
        {"before": before, "after": after},
    )
    return user, {}


ACCESS_FIELDS = ("role", "active", "parks", "enterprise_id")


def _access_changed(before: dict, after: dict) -> bool:
    def access(snapshot: dict) -> tuple:
        return tuple(
            sorted(v) if isinstance(v, list) else v
            for v in (snapshot[key] for key in ACCESS_FIELDS)
        )

    return access(before) != access(after)


def reset_user_password(actor: User, user: User, password: str) -> list[str]:
    """Set a new password (every session of the user ends); return the problems, if any."""
    problems = validate_password(password, user.username)
    if not problems:
        set_password(user, password)
        audit(actor, Action.USER_PASSWORD_RESET, "user", user.id)
    return problems


def save_park(actor: User, park: Park | None, form) -> tuple[Park | None, dict]:
    """Create or edit a park from a posted form; stamp it so devices pull the change."""
    values, errors = read_form(ParkForm(), form)
    code, name = values.get("code", ""), values.get("name", "")
    clash = db.session.scalar(select(Park.id).where(Park.code == code))
    if clash and (park is None or clash != park.id):
        errors["code"] = gettext("This code is taken.")
    half_placed = (values.get("lat") is None) != (values.get("lng") is None)
    if half_placed and "lat" not in errors and "lng" not in errors:
        errors["lat"] = gettext("Enter both the latitude and the longitude, or neither.")
    if errors:
        return None, errors
    creating = park is None
    park = park or Park()
    park.code, park.name, park.search_key = code, name, fold(name)
    park.province, park.operating = values["province"], values["operating"]
    park.lat, park.lng, park.outline = values["lat"], values["lng"], values["outline"]
    stamp(park)
    db.session.add(park)
    db.session.flush()
    audit(
        actor,
        Action.PARK_CREATE if creating else Action.PARK_UPDATE,
        "park",
        park.id,
        {"code": code, "name": name, "operating": park.operating, "lat": park.lat, "lng": park.lng},
    )
    return park, {}


def enterprise_errors(values: dict, current_id: str | None) -> dict:
    """Check an enterprise's fields; return field -> message."""
    errors: dict = {}
    if not values.get("name"):
        errors["name"] = gettext("Enter a name.")
    tax = values.get("tax_code") or ""
    if not (tax.replace("-", "").isdigit() and 10 <= len(tax) <= 14):
        errors["tax_code"] = gettext("A tax code has 10 digits (13 with a branch suffix).")
    else:
        clash = db.session.scalar(select(Enterprise.id).where(Enterprise.tax_code == tax))
        if clash and clash != current_id:
            errors["tax_code"] = gettext("Another enterprise has this tax code.")
    if values.get("legal_form", "") not in ("", *LEGAL_FORMS):
        errors["legal_form"] = gettext("Choose a legal form.")
    if values.get("ownership") not in OWNERSHIPS:
        errors["ownership"] = gettext(
            "Choose the economic sector: state, non-state or foreign-invested (FDI)."
        )
    if not values.get("park_id") or db.session.get(Park, values["park_id"]) is None:
        errors["park_id"] = gettext("Choose a park.")
    return errors


def read_enterprise_form(form) -> tuple[dict, dict]:
    """Read an enterprise's fields from a form; return (values, errors of the numbers)."""
    return read_form(EnterpriseForm(), form)


def write_enterprise(actor: User, enterprise: Enterprise | None, values: dict) -> Enterprise:
    """Write checked values to a new or existing enterprise; stamp and audit it."""
    creating = enterprise is None
    enterprise = enterprise or Enterprise()
    for key, value in values.items():
        setattr(enterprise, key, value)
    enterprise.search_key = fold(values["name"])
    stamp(enterprise)
    db.session.add(enterprise)
    db.session.flush()
    audit(
        actor,
        Action.ENTERPRISE_CREATE if creating else Action.ENTERPRISE_UPDATE,
        "enterprise",
        enterprise.id,
        {"tax_code": enterprise.tax_code, "name": enterprise.name},
    )
    return enterprise


def fill_legal_form(values: dict) -> None:
    """Read the legal form from the name when none is chosen; derive a sector left blank."""
    if not values.get("legal_form"):
        values["legal_form"] = legal_form_of(values.get("name"))
    if not values.get("ownership"):
        values["ownership"] = sector_of(values["legal_form"])


def save_enterprise(actor: User, enterprise: Enterprise | None, form: dict):
    """Create or edit an enterprise from a form; return (enterprise, errors)."""
    values, errors = read_enterprise_form(form)
    fill_legal_form(values)
    errors |= enterprise_errors(values, enterprise.id if enterprise else None)
    if errors:
        return None, errors
    return write_enterprise(actor, enterprise, values), {}
