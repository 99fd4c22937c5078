"""Booking's recurring jobs (times in app.jobs.SCHEDULE); the CLI commands call the same functions."""

from __future__ import annotations

from app.booking.reminders import send_reminders
from app.booking.waitlist import expire_offers
from app.jobs import job


@job("booking.send_reminders")
def send_due_reminders() -> int:
    """Remind everyone whose session starts within BOOKING_REMINDER_HOURS; how many were queued."""
    return send_reminders().queued


@job("booking.expire_offers")
def expire_due_offers() -> int:
    """Lapse waiting-list offers whose time is up and pass each place on; how many lapsed."""
    return expire_offers()
