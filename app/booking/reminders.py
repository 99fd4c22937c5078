"""Reminders before a research session, queued by `flask --app app reminders send` (cron, e.g. hourly).

Exactly once per booking and session, however often and however many at once the command runs: a reminder is
claimed by inserting a booking_reminder row, which a unique (booking, session) pair allows only once; a run that
loses the race rolls its SAVEPOINT back and moves on. On SQLite the command runs in a
write_transaction() (app.common.transactions), so a second run waits for the first to commit and then finds
every reminder already claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_event
from app.booking import notifications
from app.booking.models import Booking, BookingReminder, BookingStatus
from app.common.transactions import write_transaction
from app.extensions import db
from app.models_base import utcnow
from app.participants.models import Participant, ParticipantStatus
from app.studies.models import ResearchSession, SessionStatus

CONFIG_KEY = "BOOKING_REMINDER_HOURS"
DEFAULT_HOURS = 24
# Never written to again (CON-5); their bookings are cancelled anyway, this is the belt to those braces.
NOT_CONTACTED = (ParticipantStatus.WITHDRAWN.value, ParticipantStatus.OPTED_OUT.value)


@dataclass(frozen=True)
class ReminderRun:
    queued: int
    already_sent: int  # claimed by another run while this one was working


def window_hours() -> float:
    return float(current_app.config.get(CONFIG_KEY, DEFAULT_HOURS))


def due_bookings(now: datetime, hours: float) -> list[Booking]:
    """Live bookings in scheduled sessions starting after now and no later than now + hours, not yet reminded
    for that session, of people who may still be written to."""
    reminded = (
        select(BookingReminder.id)
        .where(
            BookingReminder.booking_id == Booking.id,
            BookingReminder.research_session_id == Booking.research_session_id,
        )
        .exists()
    )
    return list(
        db.session.scalars(
            select(Booking)
            .join(Booking.research_session)
            .join(Booking.participant)
            .where(
                Booking.status == BookingStatus.BOOKED,
                ResearchSession.status == SessionStatus.SCHEDULED,
                ResearchSession.starts_at > now,
                ResearchSession.starts_at <= now + timedelta(hours=hours),
                Participant.status.not_in(NOT_CONTACTED),
                ~reminded,
            )
            .order_by(ResearchSession.starts_at, Booking.id)
        )
    )


def _claim(booking: Booking) -> BookingReminder | None:
    savepoint = db.session.begin_nested()
    try:
        reminder = BookingReminder(booking_id=booking.id, research_session_id=booking.research_session_id)
        db.session.add(reminder)
        db.session.flush()
        savepoint.commit()
    except IntegrityError:
        savepoint.rollback()
        return None
    return reminder


def send_reminders(*, now: datetime | None = None, hours: float | None = None) -> ReminderRun:
    """Queue a reminder for every booking whose session starts within `hours` hours of `now` (UTC) and has had
    none for that session. Flushes; the caller commits. Takes SQLite's write lock when it opens the transaction
    (write_transaction), so concurrent runs queue rather than fail."""
    now = now or utcnow()
    hours = window_hours() if hours is None else hours
    queued = lost = 0
    with write_transaction():
        due = due_bookings(now, hours)
    for booking in due:
        reminder = _claim(booking)
        if reminder is None:
            lost += 1
            continue
        message = notifications.queue_reminder(booking)
        reminder.outbox_message_id = message.id
        db.session.flush()
        record_event(
            "booking.reminded",
            target_type="booking",
            target_id=booking.id,
            details={
                "participant": booking.participant.code,
                "session": booking.research_session_id,
                "message": message.id,
            },
        )
        queued += 1
    return ReminderRun(queued=queued, already_sent=lost)
