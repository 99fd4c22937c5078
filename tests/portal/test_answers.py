"""Answers a participant understands (issue 8, item 13): moving into a session that filled meanwhile says so
(not "Not a valid choice."), and the losing click of a double cancel shows the same confirmation as the winner."""

from __future__ import annotations

from app.booking import bookings
from app.booking.models import Booking, BookingStatus
from app.extensions import db
from app.participants import links
from app.studies.models import ResearchSession
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory


def _booked_with_another_session(app):
    with app.app_context():
        study = StudyFactory()
        mine = ResearchSessionFactory(study=study, days_ahead=5, capacity=2)
        other = ResearchSessionFactory(study=study, days_ahead=6, capacity=1)
        person = ParticipantFactory(consented=True, preferred_language="en")
        InvitationFactory(study=study, participant=person)
        booking = bookings.book_session(person, mine)
        db.session.commit()
        return study.id, other.id, booking.id, links.current_token(person, links.BOOKING)


def test_moving_into_a_session_that_filled_meanwhile_says_so_and_keeps_the_booking(app, client):
    study, other, booking, token = _booked_with_another_session(app)
    path = f"/p/{token}/studies/{study}/bookings/{booking}/reschedule"
    assert client.get(path).status_code == 200  # the page offers the other session...
    with app.app_context():
        bookings.book_session(ParticipantFactory(consented=True), db.session.get(ResearchSession, other))
        db.session.commit()
    response = client.post(path, data={"session": str(other)})  # ...which fills before they choose it
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "That session has filled up since you opened this page" in page and "Not a valid choice" not in page
    )
    with app.app_context():
        assert db.session.get(Booking, booking).research_session_id != other


def test_a_second_click_on_cancel_shows_the_same_confirmation(app, client):
    study, _other, booking, token = _booked_with_another_session(app)
    path = f"/p/{token}/studies/{study}/bookings/{booking}/cancel"
    first, second = client.post(path), client.post(path)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    with app.app_context():
        assert db.session.get(Booking, booking).status == BookingStatus.CANCELLED
