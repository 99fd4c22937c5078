"""`flask --app app users …`: make and list staff accounts from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from app.accounts import passwords, services
from app.accounts.models import Role
from app.extensions import db

users_cli = AppGroup("users", help="Manage staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="Their email address; they sign in with it.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", default="", help="Their full name (defaults to the part of the address before @).")
@click.option("--language", type=click.Choice(["cy", "en"]), default="cy", show_default=True)
@click.password_option(help="Asked for if not given (at least 12 characters, not easy to guess).")
def create_user(email: str, role: str, name: str, language: str, password: str) -> None:
    """Create a staff account (its owner keeps this password: the operator is making their own account)."""
    _check(password, about=[email, name])
    if "@" not in email or len(email) > 320:
        raise click.ClickException("Give a valid email address.")
    try:
        user = services.create_staff_user(
            email=email,
            name=name or email.split("@")[0],
            role=role,
            password=password,
            preferred_language=language,
            must_change_password=False,
        )
    except services.EmailTaken:
        raise click.ClickException(f"An account for {email} already exists.") from None
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.email}.")


@users_cli.command("set-password")
@click.argument("email")
@click.option(
    "--keep",
    is_flag=True,
    help="Let them keep this password. Without it they must choose their own when they next sign in.",
)
@click.password_option(help="Asked for if not given (at least 12 characters, not easy to guess).")
def set_password(email: str, keep: bool, password: str) -> None:
    """Set the password of the staff account EMAIL (when nobody can sign in to reset it). Signs the account out
    everywhere; audited."""
    user = services.get_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No staff account has the address {email}.")
    _check(password, about=[user.email, user.name])
    services.set_password(user, password, must_change=not keep, via="flask users set-password")
    db.session.commit()
    then = "They keep it." if keep else "They will choose their own when they next sign in."
    click.echo(f"Password set for {user.email}; every session of the account has ended. {then}")


def _check(password: str, *, about: list[str]) -> None:
    with force_locale("en"):  # a terminal has no request to take a language from
        problem = passwords.problem(password, about=about)
    if problem:
        raise click.ClickException(problem)


@users_cli.command("list")
def list_users() -> None:
    """List staff accounts."""
    for user in services.list_staff():
        state = "active" if user.active else "deactivated"
        click.echo(f"{user.email}\t{user.role}\t{state}")
