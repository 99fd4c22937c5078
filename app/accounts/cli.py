"""`flask --app app users …`: make and list staff accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.accounts import services
from app.accounts.models import Role
from app.extensions import db

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="Their email address; they sign in with it.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="", help="Their full name (defaults to the part of the address before @).")
@click.option("--language", type=click.Choice(["cy", "en"]), default="cy", show_default=True)
@click.password_option(help="Asked for if not given (at least 12 characters).")
def create_user(email: str, role: str, name: str, language: str, password: str) -> None:
    """Create a staff account."""
    if len(password) < services.MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"The password must have at least {services.MIN_PASSWORD_LENGTH} characters."
        )
    if "@" not in email or len(email) > 320:
        raise click.ClickException("Give a valid email address.")
    try:
        user = services.create_staff_user(
            email=email,
            name=name or email.split("@")[0],
            role=role,
            password=password,
            preferred_language=language,
        )
    except services.EmailTaken:
        raise click.ClickException(f"An account for {email} already exists.") from None
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.email}.")


@users_cli.command("list")
def list_users() -> None:
    """List staff accounts."""
    for user in services.list_staff():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.role}\t{state}")
