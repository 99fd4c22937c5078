"""Reminders before a research session, queued by `flask --app app reminders send` (cron, e.g. hourly).

Exactly once per booking and session, however often and however many at once the command runs: a reminder is
claimed by inserting a booking_reminder row, which a unique (booking, session) pair allows only once; a run that
loses the race rolls its SAVEPOINT back and moves on. On SQLite the run takes the write lock first (as booking
does), so a second run waits for the first to commit and then finds every reminder already claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_event
from app.booking.models import Booking, BookingReminder, BookingStatus
from app.booking.services import begin_booking
from app.common.urls import absolute_url
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.services import correspondence_language, queue_message
from app.models_base import utcnow
from app.participants.models import Participant, ParticipantStatus
from app.portal import links
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


def queue_reminder(booking: Booking) -> OutboxMessage:
    participant, session = booking.participant, booking.research_session
    token = links.current_token(participant)
    return queue_message(
        to=participant.email,
        template="mail/reminder.txt",
        language=correspondence_language(participant.preferred_language),
        kind="booking_reminder",
        participant=participant,
        name=participant.full_name,
        session=session,
        study=session.study,
        page_url=absolute_url(
            "booking.study_page",
            token=links.current_token(participant, purpose="booking"),
            study_id=session.study_id,
        ),
        withdraw_url=absolute_url("portal.withdraw", token=token),
    )


def send_reminders(*, now: datetime | None = None, hours: float | None = None) -> ReminderRun:
    """Queue a reminder for every booking due one. Flushes; the caller commits."""
    now = now or utcnow()
    hours = window_hours() if hours is None else hours
    begin_booking()
    queued = lost = 0
    for booking in due_bookings(now, hours):
        reminder = _claim(booking)
        if reminder is None:
            lost += 1
            continue
        message = queue_reminder(booking)
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
