"""flask sub-commands: create-user, seed-demo."""

import click
from flask import Flask
from sqlalchemy import func, select

from app.audit import Action, audit
from app.auth import hash_password
from app.console.admin_ops import user_snapshot
from app.extensions import db
from app.models import ROLES, Enterprise, Park, User
from app.permissions import scope_fields, user_scope_problems

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


def _refuse_scope(problems: dict[str, str]) -> None:
    for code in SCOPE_REFUSALS:  # the first problem in this order
        if code in problems.values():
            message, hint = SCOPE_REFUSALS[code]
            raise click.BadParameter(message, param_hint=hint)


def resolve_scope(username: str, role: str, park_codes=(), tax_code=None):
    """Check a new user's name, role and scope; return (parks, enterprise) or refuse clearly."""
    if role not in ROLES:
        _refuse_scope({"role": "unknown_role"})
    exists = db.session.execute(
        select(User.id).where(func.lower(User.username) == username.lower())
    ).first()
    if exists:
        raise click.BadParameter(f"user {username} already exists", param_hint="USERNAME")
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


def init_cli(app: Flask) -> None:
    """Register the commands."""

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--role", required=True, type=click.Choice(ROLES))
    @click.option("--park", "parks", multiple=True, help="Park code (repeatable)")
    @click.option("--enterprise", "tax_code", help="Tax code of an HR user's enterprise")
    @click.option("--password", help="Asked for when not given")
    @click.option("--full-name", default="")
    def create_user_command(username, role, parks, tax_code, password, full_name):
        """Create a user for a real deployment."""
        resolve_scope(username, role, parks, tax_code)  # refuse before asking for a password
        if not password:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        from app.auth import validate_password

        problems = validate_password(password, username)
        if problems:
            raise click.BadParameter(" ".join(problems), param_hint="--password")
        create_user(username, role, password, parks, tax_code, full_name)
        db.session.commit()
        click.echo(f"created {role} {username}")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Do nothing when the database has parks")
    def seed_demo_command(if_empty):
        """Fill the database with the demo province (deterministic)."""
        from app.seed import analyze, seed_demo

        if if_empty and db.session.execute(select(Park.id).limit(1)).first():
            click.echo("database already has data; not seeding")
            return
        summary = seed_demo()
        db.session.commit()
        analyze()
        click.echo(summary)

    from app.ops_cli import init_ops_cli
    from app.pwa_codes import init_pwa_cli

    init_ops_cli(app)
    init_pwa_cli(app)
