"""The outbox's jobs: delivery soon after an action commits, and every minute for what is due again."""

from __future__ import annotations

from flask import current_app

from app.jobs import job
from app.mail.delivery import BACKENDS, deliver_due, deliver_pending


@job("mail.deliver_soon")
def deliver_soon() -> int:
    """Queued after each transaction that wrote mail: a few messages with a short timeout (deliver_pending), so
    a slow mail server holds a worker briefly, never a request. Returns how many were sent."""
    return deliver_pending()


@job("mail.deliver")
def deliver_all_due() -> int:
    """Every minute (jobs.SCHEDULE): everything due, retries included, with PROFI_SMTP_TIMEOUT. Returns how
    many were sent; 0 when PROFI_MAIL_BACKEND sends nothing."""
    if current_app.config["MAIL_BACKEND"] not in BACKENDS:
        return 0
    return deliver_due().sent
