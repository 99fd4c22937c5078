"""`flask --app app demo load`: the demo data, only in demo mode (no default credentials otherwise)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.accounts.models import StaffUser
from app.demo.data import load_demo_data
from app.extensions import db
from app.mail.delivery import deliver_pending

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Only when no staff account exists yet (a first start).")
def load(if_empty: bool) -> None:
    """Load the demo data (idempotent). Needs PROFI_DEMO=1."""
    if not current_app.config["PROFI_DEMO"]:
        raise click.ClickException(
            "Demo data includes accounts with a known password, so it loads only in demo mode: "
            "set PROFI_DEMO=1."
        )
    if if_empty and db.session.scalar(select(func.count()).select_from(StaffUser)):
        click.echo("Demo data: not loaded, because this database already has staff accounts.")
        return
    created = load_demo_data(current_app.config["PROFI_DEMO_PASSWORD"])
    db.session.commit()
    deliver_pending()
    click.echo(
        f"Demo data: {created['accounts']} account(s), {created['projects']} project(s), "
        f"{created['participants']} participant(s) and {created['emails']} email(s) created; "
        f"{created['studies']} study(ies) with their sessions and bookings; "
        f"{created['findings']} finding(s) with their session logs and evidence."
    )
