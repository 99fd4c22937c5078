"""`flask --app app mail …`: send the outbox, and put failed messages back in the queue."""

from __future__ import annotations

import signal
import threading
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.mail.delivery import BATCH_SIZE, DeliveryReport, NoSender, deliver_due
from app.mail.models import OutboxMessage
from app.mail.retries import retry_message

mail_cli = AppGroup("mail", help="Send the email outbox and retry messages that failed.")


def summary(report: DeliveryReport) -> str:
    line = f"Sent: {report.sent}. To retry later: {report.retry}. Failed for good (dead): {report.dead}."
    if report.stopped:
        line += f" Stopped early, the mail server could not be used: {report.stopped}"
    return line


def _wait(stop: threading.Event, seconds: int) -> None:
    stop.wait(seconds)


def _run_once(batch_size: int, stop: threading.Event | None = None) -> DeliveryReport:
    try:
        return deliver_due(batch_size=batch_size, should_stop=stop.is_set if stop else lambda: False)
    except NoSender:
        raise click.ClickException(
            f"PROFI_MAIL_BACKEND is {current_app.config['MAIL_BACKEND']!r}, which sends nothing: "
            "set it to smtp (or files for development)."
        ) from None


@mail_cli.command("send")
@click.option(
    "--loop",
    is_flag=True,
    help="Keep going: deliver what is due every --interval seconds until interrupted "
    "(Ctrl+C or SIGTERM finish the message in hand, then stop).",
)
@click.option(
    "--interval",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Seconds between rounds with --loop.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=BATCH_SIZE,
    show_default=True,
    help="Messages read from the outbox at a time.",
)
def send(loop: bool, interval: int, batch_size: int) -> None:
    """Deliver every message that is due, oldest first, and print how many were sent, will be retried later,
    and failed for good (dead).

    Due means pending, with no next attempt time or one that has passed. A failed message is tried again after
    1, 2, 4 … minutes (at most an hour apart); after PROFI_MAIL_MAX_ATTEMPTS attempts, or at once when the
    server refuses the recipient (5xx), it is dead until `flask --app app mail retry ID` or "Try again" on the
    Outbox page. Several senders may run at once: each message is claimed before it is sent, so none goes
    twice. In production run `flask --app app mail send --loop --interval 30` as a service (or this command
    from cron every minute). Without --loop the exit status is 1 when the mail server could not be used.
    """
    if not loop:
        report = _run_once(batch_size)
        click.echo(summary(report))
        if report.stopped:
            raise SystemExit(1)  # so cron or a monitor notices a mail server that cannot be used
        return
    stop = threading.Event()
    restore = _catch_stop_signals(stop)
    click.echo(f"Sending what is due every {interval} seconds; Ctrl+C stops.")
    try:
        while not stop.is_set():
            try:
                report = _run_once(batch_size, stop)
            except click.ClickException:
                raise
            except Exception as error:  # the database or server may be back next round; keep the service up
                db.session.rollback()
                click.echo(f"This round failed and will be tried again: {error}", err=True)
            else:
                if report.tried or report.stopped:
                    click.echo(summary(report))
            finally:
                db.session.remove()  # a fresh session each round, so nothing stale is kept for hours
            if not stop.is_set():
                _wait(stop, interval)
    except KeyboardInterrupt:
        pass
    finally:
        restore()
    click.echo("Stopped.")


def _catch_stop_signals(stop: threading.Event):
    """The first Ctrl+C or SIGTERM asks the loop to stop after the message in hand (stopping mid-send would
    leave it claimed until its lease runs out); a second Ctrl+C interrupts at once. Returns an undo."""
    previous: dict[int, Any] = {}

    def handler(signum, frame):
        stop.set()
        signal.signal(signum, previous[signum])

    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, handler)
        except ValueError:  # not the main thread: leave signals alone
            previous.pop(signum, None)

    def restore():
        for signum, old in previous.items():
            signal.signal(signum, old)

    return restore


@mail_cli.command("retry")
@click.argument("message_id", type=int)
def retry(message_id: int) -> None:
    """Put dead message MESSAGE_ID back in the queue (audited); `mail send` then tries it again."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise click.ClickException(f"There is no message {message_id} in the outbox.")
    if not retry_message(message_id, via="command line"):
        raise click.ClickException(f"Message {message_id} is {message.status}, not dead: nothing to retry.")
    db.session.commit()
    click.echo(f"Message {message_id} is pending again; `flask --app app mail send` will send it.")
