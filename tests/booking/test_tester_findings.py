"""Faults a new user found in the booking work, each kept as a test: a cancellation's .ics carries no joining
link; an offer never outlives its session and carries no joining link; withdrawing warns which bookings go; a
booked session cannot be moved into the past."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from icalendar import Calendar

from app.booking import bookings, ics, waitlist
from app.booking.models import WaitlistStatus
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants import links
from app.studies import services as studies
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory


def test_a_cancellation_ics_has_no_location_for_an_online_session(app_ctx):
    session = ResearchSessionFactory(days_ahead=4, joining_link="https://meet.example.org/secret")
    booking = bookings.book_session(ParticipantFactory(consented=True), session)
    [event] = Calendar.from_ical(ics.render_booking_ics(booking, "en", ics.CANCEL)).walk("VEVENT")
    assert "location" not in event
    [confirmed] = Calendar.from_ical(ics.render_booking_ics(booking, "en", ics.REQUEST)).walk("VEVENT")
    assert "meet.example.org/secret" in str(confirmed["location"])


def test_an_offer_lapses_before_its_session_starts_and_its_email_has_no_joining_link(app_ctx):
    start = (utcnow() + timedelta(hours=12)).replace(microsecond=0)  # the offer window is 48 hours
    session = ResearchSessionFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        capacity=1,
        joining_link="https://meet.example.org/x",
    )
    held = bookings.book_session(ParticipantFactory(consented=True), session)
    waiting = ParticipantFactory(consented=True)
    entry = waitlist.join_waitlist(waiting, session.study)
    bookings.cancel_booking(held)
    db.session.refresh(entry)
    assert entry.status == WaitlistStatus.OFFERED
    assert entry.offer_expires_at <= start - timedelta(hours=2)
    [offer] = db.session.query(OutboxMessage).filter_by(
        participant_id=waiting.id, kind="booking_waitlist_offer"
    )
    assert "meet.example.org/x" not in offer.body_text


def test_a_place_freed_inside_the_cut_off_is_not_offered(app_ctx):
    start = (utcnow() + timedelta(hours=1)).replace(microsecond=0)
    session = ResearchSessionFactory(starts_at=start, ends_at=start + timedelta(hours=1), capacity=1)
    held = BookingFactory(participant=ParticipantFactory(consented=True), research_session=session)
    entry = waitlist.join_waitlist(ParticipantFactory(consented=True), session.study)
    bookings.cancel_booking(held)
    db.session.refresh(entry)
    assert entry.status == WaitlistStatus.WAITING


def test_the_withdraw_page_says_their_bookings_will_be_cancelled(app, client):
    with app.app_context():
        person = ParticipantFactory(consented=True, preferred_language="en")
        BookingFactory(participant=person, research_session=ResearchSessionFactory(days_ahead=3))
        db.session.commit()
        token = links.current_token(person)
    page = client.get(f"/p/{token}/withdraw").get_data(as_text=True)
    assert "Your booking for 1 research session will be cancelled" in page


def test_a_booked_session_cannot_be_moved_into_the_past(app_ctx):
    session = ResearchSessionFactory(days_ahead=3)
    BookingFactory(research_session=session)
    details = studies.SessionDetails(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=session.capacity,
        mode=session.mode,
        language=session.language,
        joining_link=session.joining_link,
    )
    past = utcnow() - timedelta(days=400)
    with pytest.raises(studies.BookedSessionInPast):
        studies.update_session(session, replace(details, starts_at=past, ends_at=past + timedelta(hours=1)))
    assert session.starts_at > utcnow()
