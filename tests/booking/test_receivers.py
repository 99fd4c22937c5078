"""Booking reacts to events declared below it, by signals: a participant leaving, a session cancelled."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEvent
from app.booking import bookings, receivers
from app.booking.models import BookingStatus
from app.consent.models import Purpose
from app.consent.services import record_consent
from app.extensions import db
from app.models_base import utcnow
from app.participants.services import set_status
from app.participants.signals import participant_left
from app.studies.services import cancel_session
from app.studies.signals import session_cancelled
from tests.conftest import config_for
from tests.consent_helpers import publish_test_form
from tests.factories import ParticipantFactory, ResearchSessionFactory


def _booked(capacity: int = 2):
    publish_test_form()
    session = ResearchSessionFactory(capacity=capacity, starts_at=utcnow() + timedelta(days=3))
    person = ParticipantFactory()
    record_consent(person, answers={p.value: True for p in Purpose}, method="online", language="cy")
    return bookings.book_session(person, session), person, session


def test_receivers_are_connected_once_however_many_apps_are_made():
    create_app(config_for("sqlite://"))
    create_app(config_for("sqlite://"))
    receivers.connect()
    assert list(participant_left.receivers_for(object())).count(receivers._on_participant_left) == 1
    assert list(session_cancelled.receivers_for(object())).count(receivers._on_session_cancelled) == 1


def test_opting_out_on_the_register_cancels_future_bookings_through_the_signal(app_ctx):
    booking, person, _session = _booked()
    set_status(person, "opted_out", reason="asked by phone")
    assert booking.status == BookingStatus.CANCELLED


def test_cancelling_a_session_reports_how_many_bookings_booking_cancelled(app_ctx):
    booking, _person, session = _booked()
    assert cancel_session(session) is True
    assert booking.status == BookingStatus.CANCELLED
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "research_session.cancelled")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.details["bookings_cancelled"] == 1
