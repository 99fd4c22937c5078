"""Booking reacts to events declared below it, by signals (app/booking/receivers.py): a participant leaving
(withdrawn, opted out, on the register or from their link) and a session cancelled."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import create_app
from app.audit.models import AuditEvent
from app.booking import bookings, receivers
from app.booking.models import BookingStatus
from app.consent.services import withdraw_consent
from app.extensions import db
from app.mail.models import OutboxMessage
from app.participants.signals import participant_left
from app.participants.status import set_status
from app.portal.services import opt_out
from app.studies.services import cancel_session
from app.studies.signals import session_cancelled
from tests.conftest import config_for
from tests.factories import ParticipantFactory, ResearchSessionFactory, StaffUserFactory


def _booked(capacity: int = 2):
    session = ResearchSessionFactory(capacity=capacity, days_ahead=3)
    person = ParticipantFactory(consented=True)
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


@pytest.mark.parametrize("leave", ["withdraw", "opt_out", "staff_sets_opted_out"])
def test_leaving_cancels_future_bookings_at_once_without_an_email_and_audited(app_ctx, leave):
    booking, participant, session = _booked(capacity=1)
    mail = select(OutboxMessage).where(OutboxMessage.participant_id == participant.id)
    sent_before = len(list(db.session.scalars(mail)))
    if leave == "withdraw":
        withdraw_consent(participant, method="online", language="cy")
    elif leave == "opt_out":
        opt_out(participant)
    else:
        set_status(participant, "opted_out", reason="asked by phone", actor=StaffUserFactory())
    db.session.refresh(booking)
    assert booking.status == "cancelled"
    db.session.refresh(session, ["booked_count"])
    assert session.booked_count == 0
    assert len(list(db.session.scalars(mail))) == sent_before  # never contacted again
    [event] = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "booking.cancelled", AuditEvent.target_id == str(booking.id)
        )
    )
    assert event.details["notified"] is False and event.details["reason"]
