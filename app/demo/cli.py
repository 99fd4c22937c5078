"""`flask --app app demo load`: the demo data, only in demo mode (no default credentials otherwise)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.demo.data import load_demo_data
from app.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("load")
def load() -> None:
    """Load the demo data (idempotent). Needs PROFI_DEMO=1."""
    if not current_app.config["PROFI_DEMO"]:
        raise click.ClickException(
            "Demo data includes accounts with a known password, so it loads only in demo mode: "
            "set PROFI_DEMO=1."
        )
    created = load_demo_data(current_app.config["PROFI_DEMO_PASSWORD"])
    db.session.commit()
    click.echo(f"Demo data: {created['accounts']} account(s) and {created['projects']} project(s) created.")
