"""Booking, cancelling and rescheduling (app/booking/bookings.py): a place taken and given back, double bookings,
bookings on someone's behalf, and the audit trail."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.booking import bookings, errors, places
from app.booking.models import Booking
from app.booking.notifications import attachment_for
from app.extensions import db
from app.mail.composition import compose_now
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from tests.factories import ParticipantFactory, ResearchSessionFactory, StaffUserFactory, StudyFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def study():
    return StudyFactory(required_purposes=["take_part", "video"])


def _session(study, *, capacity=1, days=7, **kwargs):
    return ResearchSessionFactory(study=study, days_ahead=days, capacity=capacity, **kwargs)


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _count(session) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


def _live(session) -> int:
    return len([b for b in bookings.bookings_for_session(session) if b.status == "booked"])


# Booking and double booking --------------------------------------------------------------------------------


def test_booking_takes_a_place_and_is_audited(study):
    session = _session(study, capacity=2)
    booking = bookings.book_session(
        ParticipantFactory(consented=True), session, adjustments="  Step-free access ", wants_welsh=True
    )
    assert booking.status == "booked" and booking.sequence == 0 and booking.uid.startswith("booking-")
    assert booking.adjustments_requested == "Step-free access" and booking.wants_welsh
    assert _count(session) == 1 and places.places_left(session) == 1
    [event] = _actions("booking.created")
    assert event.target_id == str(booking.id)
    assert "Step-free" not in str(event.details)  # special category data stays out of the audit trail


def test_double_booking_returns_the_same_booking(study):
    session = _session(study, capacity=3)
    participant = ParticipantFactory(consented=True)
    first = bookings.book_session(participant, session)
    second = bookings.book_session(participant, session)
    assert first.id == second.id
    assert _count(session) == 1 and _live(session) == 1
    assert len(_actions("booking.created")) == 1


def test_a_double_click_still_returns_the_same_booking():
    participant = ParticipantFactory(consented=True)
    session = ResearchSessionFactory(days_ahead=7, capacity=2)
    first = bookings.book_session(participant, session)
    assert bookings.book_session(participant, session).id == first.id
    assert _count(session) == 1


def test_racing_retry_hits_the_unique_index_and_gives_the_place_back(study, monkeypatch):
    """The retry whose standing was read before the first booking committed: it saw no live booking."""
    session = _session(study, capacity=3)
    participant = ParticipantFactory(consented=True)
    first = bookings.book_session(participant, session)
    real = bookings.standing_of
    seen = []

    def read_too_early(*args):
        seen.append(real(*args))
        return dataclasses.replace(seen[-1], live_booking_id=None)

    monkeypatch.setattr(bookings, "standing_of", read_too_early)
    second = bookings.book_session(participant, session)
    assert seen[0].live_booking_id == first.id  # it was there; the retry was told it was not
    assert second.id == first.id  # the unique index caught it, and the booking that exists is the answer
    assert _count(session) == 1 and _live(session) == 1


def test_the_database_refuses_a_second_live_booking(study):
    session = _session(study, capacity=3)
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    nested = db.session.begin_nested()
    db.session.add(
        Booking(
            participant_id=booking.participant_id,
            research_session_id=session.id,
            status="booked",
            uid="another@x",
            sequence=0,
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    nested.rollback()


def test_assisted_booking_names_who_and_how(study):
    session = _session(study)
    with pytest.raises(errors.InvalidAssistance):
        bookings.book_session(ParticipantFactory(consented=True), session, assisted_by=StaffUserFactory())
    with pytest.raises(ValueError):
        bookings.book_session(
            ParticipantFactory(consented=True), session, assisted_by=StaffUserFactory(), assisted_via="pigeon"
        )


# Cancel and reschedule -------------------------------------------------------------------------------------


def test_cancel_gives_the_place_back_and_sends_a_cancellation(study):
    session = _session(study, capacity=1)
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    bookings.cancel_booking(booking)
    assert booking.status == "cancelled" and booking.sequence == 1 and booking.cancelled_at is not None
    assert _count(session) == 0
    message = compose_now(
        db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_cancellation"))
    )
    assert "METHOD:CANCEL" in attachment_for(message).content
    assert len(_actions("booking.cancelled")) == 1
    bookings.cancel_booking(booking)  # a double click changes nothing
    assert _count(session) == 0 and booking.sequence == 1
    assert bookings.book_session(ParticipantFactory(consented=True), session).status == "booked"


def test_withdrawing_leaves_past_bookings_alone():
    participant = ParticipantFactory(consented=True)
    booking = bookings.book_session(participant, ResearchSessionFactory(days_ahead=7, capacity=1))
    later = utcnow() + timedelta(days=8)
    assert bookings.cancel_bookings_of_leaver(participant, reason="test", now=later) == 0
    db.session.refresh(booking)
    assert booking.status == "booked"


def test_reschedule_moves_the_booking_and_keeps_its_uid(study):
    old, new = _session(study, capacity=1), _session(study, capacity=1, days=8)
    booking = bookings.book_session(ParticipantFactory(consented=True), old)
    uid = booking.uid
    bookings.reschedule_booking(booking, new)
    assert booking.research_session_id == new.id and booking.uid == uid and booking.sequence == 1
    assert _count(old) == 0 and _count(new) == 1
    assert len(_actions("booking.rescheduled")) == 1
    message = compose_now(
        db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_change"))
    )
    assert "SEQUENCE:1" in attachment_for(message).content


def test_reschedule_into_a_full_session_keeps_the_old_booking(study):
    old, full = _session(study, capacity=1), _session(study, capacity=1, days=8)
    booking = bookings.book_session(ParticipantFactory(consented=True), old)
    bookings.book_session(ParticipantFactory(consented=True), full)
    with pytest.raises(errors.SessionFull):
        bookings.reschedule_booking(booking, full)
    db.session.refresh(booking)
    assert booking.status == "booked" and booking.research_session_id == old.id and booking.sequence == 0
    assert _count(old) == 1 and _count(full) == 1
    assert _actions("booking.rescheduled") == []


def test_reschedule_into_the_past_or_another_study_is_refused(study):
    booking = bookings.book_session(ParticipantFactory(consented=True), _session(study))
    with pytest.raises(errors.SessionInPast):
        bookings.reschedule_booking(booking, _session(study, days=-2))
    with pytest.raises(errors.DifferentStudy):
        bookings.reschedule_booking(booking, _session(StudyFactory()))
    assert booking.status == "booked"
