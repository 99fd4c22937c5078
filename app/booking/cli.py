"""`flask --app app reminders …` and `… waitlist …`: reminders before sessions, and lapsing waiting-list offers."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.booking.reminders import CONFIG_KEY, send_reminders, window_hours
from app.booking.waitlist import expire_offers
from app.extensions import db

reminders_cli = AppGroup("reminders", help="Queue reminder emails before research sessions.")


@reminders_cli.command("send")
def send() -> None:
    """Queue a reminder for every live booking whose session starts within the next BOOKING_REMINDER_HOURS
    hours (default 24), in the participant's language, and print how many were queued. Each booking is
    reminded once for its session, however often this runs (run it hourly from cron); `flask --app app mail
    send` then delivers them. Cancelled sessions and people who have withdrawn or opted out are skipped."""
    hours = window_hours()
    run = send_reminders(hours=hours)
    db.session.commit()
    click.echo(f"Reminders queued: {run.queued} (sessions starting within {hours:g} hours, {CONFIG_KEY}).")


waitlist_cli = AppGroup("waitlist", help="Waiting lists for full research sessions.")


@waitlist_cli.command("expire")
def expire() -> None:
    """Lapse waiting-list offers whose time is up (PROFI_BOOKING_OFFER_HOURS) and offer each place to the next
    person waiting. Run it from cron with `reminders send`, e.g. every 15 minutes."""
    lapsed = expire_offers()
    db.session.commit()
    click.echo(f"Offers lapsed and passed on: {lapsed}.")
