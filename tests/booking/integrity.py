"""Checks that a booking request left no half write behind, shared by the staff and participant booking pages'
tests (and their fuzzing)."""

from __future__ import annotations

from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.booking.models import Booking, WaitlistEntry
from app.extensions import db
from app.mail.models import OutboxMessage
from app.studies.models import ResearchSession


def counts(app) -> tuple:
    """How many bookings, audit events, emails and waiting-list entries there are, and each session's places."""
    with app.app_context():
        models = (Booking, AuditEvent, OutboxMessage, WaitlistEntry)
        counted = tuple(db.session.scalar(select(func.count()).select_from(m)) for m in models)
        places = tuple(db.session.scalars(select(ResearchSession.booked_count).order_by(ResearchSession.id)))
        return counted + places


def places_match_bookings(app) -> None:
    """Never a half write: every counted place is a live booking or a place held for an offer."""
    with app.app_context():
        for session in db.session.scalars(select(ResearchSession)):
            live = db.session.scalar(
                select(func.count())
                .select_from(Booking)
                .where(Booking.research_session_id == session.id, Booking.status == "booked")
            )
            held = db.session.scalar(
                select(func.count())
                .select_from(WaitlistEntry)
                .where(WaitlistEntry.offered_session_id == session.id, WaitlistEntry.status == "offered")
            )
            assert session.booked_count == live + held
