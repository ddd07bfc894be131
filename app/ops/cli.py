"""flask sub-commands: create-user, seed-demo, recount-months, keep-pulled-text (and backup,
restore, purge-workers)."""

import click
from flask import Flask
from sqlalchemy import select

from app.access.accounts import create_user, resolve_scope
from app.access.auth import validate_password
from app.extensions import db
from app.fieldapp.codes import init_pwa_cli
from app.models import ROLES, Park
from app.ops.backup import init_ops_cli
from app.ops.purge import init_purge_cli
from app.reports.kept_months import recount_all
from app.seed import analyze, seed_demo
from app.sync.pulled_kept import keep_all


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
        if if_empty and db.session.execute(select(Park.id).limit(1)).first():
            click.echo("database already has data; not seeding")
            return
        summary = seed_demo()
        db.session.commit()
        analyze()
        click.echo(summary)

    @app.cli.command("recount-months")
    def recount_months_command():
        """Rebuild the monthly sums per park from the kept per-check figures (a repair)."""
        rows = recount_all(db.session)
        db.session.commit()
        click.echo(f"recounted the monthly sums: {rows} rows")

    @app.cli.command("keep-pulled-text")
    def keep_pulled_text_command():
        """Write the kept pull text of every check written before it was kept (after an
        upgrade; a pull assembles the text of those until then)."""
        rows = keep_all(db.session)
        click.echo(f"kept the pulled text of {rows} rows")

    init_ops_cli(app)
    init_purge_cli(app)
    init_pwa_cli(app)
