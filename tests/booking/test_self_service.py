"""No cancelling or moving after a session has started, and a participant changes their booking online only
until the cut-off before it (issue 8, item 10): today's record that they were booked stays."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.booking import bookings, errors, self_service
from app.booking.models import BookingStatus
from app.extensions import db
from app.models_base import utcnow
from app.participants import links
from tests.factories import BookingFactory, InvitationFactory, ParticipantFactory, ResearchSessionFactory


def _booking(hours_ahead: float):
    start = (utcnow() + timedelta(hours=hours_ahead)).replace(microsecond=0)
    session = ResearchSessionFactory(starts_at=start, ends_at=start + timedelta(hours=1), capacity=2)
    return BookingFactory(participant=ParticipantFactory(consented=True), research_session=session)


@pytest.mark.parametrize("hours_ahead", [-3, -0.5])  # ended, and started but not ended
def test_nobody_cancels_or_moves_a_booking_once_its_session_has_started(app_ctx, hours_ahead):
    booking = _booking(hours_ahead)
    later = ResearchSessionFactory(study=booking.research_session.study, days_ahead=5)
    with pytest.raises(errors.TooLateToChange):
        bookings.cancel_booking(booking)
    with pytest.raises(errors.TooLateToChange):
        bookings.reschedule_booking(booking, later)
    db.session.refresh(booking)
    assert booking.status == BookingStatus.BOOKED and booking.research_session_id != later.id


def test_within_the_cut_off_the_participant_cannot_change_it_online_but_staff_still_can(app_ctx):
    booking = _booking(1)  # the default cut-off is two hours
    assert not self_service.changeable_by_participant(booking)
    with pytest.raises(errors.TooLateToChange):
        self_service.cancel_own_booking(booking)
    assert bookings.cancel_booking(booking).status == BookingStatus.CANCELLED


def test_before_the_cut_off_the_participant_can_change_it(app_ctx):
    booking = _booking(30)
    assert self_service.changeable_by_participant(booking)
    assert self_service.cancel_own_booking(booking).status == BookingStatus.CANCELLED


def test_the_page_says_to_contact_the_team_and_keeps_the_booking(app, client):
    with app.app_context():
        booking = _booking(1)
        booking.participant.preferred_language = "en"
        InvitationFactory(study=booking.research_session.study, participant=booking.participant)
        db.session.commit()
        token = links.current_token(booking.participant, links.BOOKING)
        base = f"/p/{token}/studies/{booking.research_session.study_id}"
        booking_id = booking.id
    page = client.get(base).get_data(as_text=True)
    assert "It is too late to change this booking here" in page and "Cancel this booking" not in page
    for path in (f"{base}/bookings/{booking_id}/cancel", f"{base}/bookings/{booking_id}/reschedule"):
        response = client.post(path, data={"session": "1"})
        assert response.status_code == 200
        assert "It is too late to change this booking online" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(type(booking), booking_id).status == BookingStatus.BOOKED
