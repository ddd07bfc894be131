"""Accounts: create a user with a role and scope, and what the audit log keeps of one.

The CLI (`flask create-user`) and the demo seed both create users here, below both of them.
"""

import re

import click
from sqlalchemy import func, select

from app.access.auth import gettext, hash_password, normalise_username
from app.access.permissions import scope_fields, user_scope_problems
from app.extensions import db
from app.models import ROLES, Enterprise, Park, User
from app.models.audit import Action, audit

# What the CLI says of a role and scope refused by permissions.user_scope_problems (the
# console's user form follows the same rules), and which option is at fault.
SCOPE_REFUSALS = {
    "unknown_role": (f"role must be one of {', '.join(ROLES)}", "--role"),
    "parks_for_hr": (
        "an enterprise_hr user's park is their enterprise's; give --enterprise TAX_CODE instead",
        "--park",
    ),
    "enterprise_for_other_role": ("only an enterprise_hr user has an enterprise", "--enterprise"),
    "park_required": (
        "an inspector needs at least one --park CODE (an inspector without a park sees nothing)",
        "--park",
    ),
    "enterprise_required": ("an enterprise_hr user needs --enterprise TAX_CODE", "--enterprise"),
}


# --- user names ---------------------------------------------------------------------------
# A user name is what people read in audit lines and review pages: after NFKC (full-width
# letters become plain ones) and lower case, only a-z, 0-9 and . _ - (no look-alike letters of
# other scripts, no invisible characters), and never a look-alike of a name that exists:
# "adm1n", "admín", "ad.min" and "adrnin" are all "admin" to a reader.
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,79}")
_SKELETON = str.maketrans({"0": "o", "1": "l", "i": "l", "j": "l", "5": "s", "8": "b"})
_SEPARATORS = re.compile(r"[._-]")


def username_skeleton(name: str) -> str:
    """Return what a reader sees of a name: separators dropped, look-alike letters merged."""
    plain = _SEPARATORS.sub("", normalise_username(name))
    plain = plain.replace("rn", "m").replace("vv", "w").replace("cl", "d")
    return plain.translate(_SKELETON)


def username_problem(name: str, taken: list[str]) -> str | None:
    """Return why a new user may not have this (normalised) name, or None."""
    if not USERNAME.fullmatch(name):
        return gettext(
            "A username holds 2 to 80 of the letters a-z, digits and . _ - (no accents or spaces)."
        )
    lowered = {other.lower(): other for other in taken}
    if name in lowered:
        return gettext("This username is taken.")
    skeleton = username_skeleton(name)
    for other in lowered.values():
        if username_skeleton(other) == skeleton:
            return gettext("This username looks like the existing username %(name)s.", name=other)
    return None


def existing_usernames() -> list[str]:
    """Every user name (a few hundred at most: read whole to compare look-alikes)."""
    return list(db.session.execute(select(User.username)).scalars())


def _refuse_scope(problems: dict[str, str]) -> None:
    for code in SCOPE_REFUSALS:  # the first problem in this order
        if code in problems.values():
            message, hint = SCOPE_REFUSALS[code]
            raise click.BadParameter(message, param_hint=hint)


def resolve_scope(username: str, role: str, park_codes=(), tax_code=None):
    """Check a new user's name, role and scope; return (parks, enterprise) or refuse clearly."""
    username = normalise_username(username)
    if role not in ROLES:
        _refuse_scope({"role": "unknown_role"})
    exists = db.session.execute(
        select(User.id).where(func.lower(User.username) == username.lower())
    ).first()
    if exists:
        raise click.BadParameter(f"user {username} already exists", param_hint="USERNAME")
    problem = username_problem(username, existing_usernames())
    if problem:
        raise click.BadParameter(problem, param_hint="USERNAME")
    _refuse_scope(user_scope_problems(role, list(park_codes), tax_code or None))
    parks = []
    for code in park_codes:
        park = db.session.execute(select(Park).where(Park.code == code)).scalar()
        if park is None:
            raise click.BadParameter(f"no park with code {code}", param_hint="--park")
        parks.append(park)
    enterprise = None
    if tax_code:
        enterprise = db.session.execute(
            select(Enterprise).where(Enterprise.tax_code == tax_code)
        ).scalar()
        if enterprise is None:
            raise click.BadParameter(
                f"no enterprise with tax code {tax_code}", param_hint="--enterprise"
            )
    return scope_fields(role, parks, enterprise)


def create_user(
    username: str, role: str, password: str, park_codes=(), tax_code=None, full_name: str = ""
) -> User:
    """Create a user with a role and scope (parks, or the enterprise of an HR user); audited."""
    username = normalise_username(username)
    parks, enterprise = resolve_scope(username, role, park_codes, tax_code)
    user = User(
        username=username,
        role=role,
        password_hash=hash_password(password),
        full_name=full_name or username,
        parks=parks,
        enterprise=enterprise,
        unit="enterprise" if enterprise is not None else "bql",  # only HR have one
    )
    db.session.add(user)
    db.session.flush()
    after = user_snapshot(user)
    audit(None, Action.USER_CREATE, "user", user.id, {"before": {}, "after": after, "via": "cli"})
    return user


def user_snapshot(user: User) -> dict:
    """What the audit log keeps of a user's access and name, before and after a change."""
    return {
        "role": user.role,
        "active": user.active,
        "parks": [p.id for p in user.parks],
        "enterprise_id": user.enterprise.id if user.enterprise else None,
        "full_name": user.full_name,
        "unit": user.unit,
    }
