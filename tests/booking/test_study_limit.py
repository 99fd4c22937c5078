"""One live booking per person per study, unless the study allows more (BK-7, issue 8 item 9): booked and
attended bookings count; cancelled and no-show ones do not; a retry in the same session is still the same
booking (BK-2)."""

from __future__ import annotations

import pytest

from app.booking import bookings, errors
from app.extensions import db
from app.participants import links
from tests.factories import (
    BookingFactory,
    InvitationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StaffUserFactory,
    StudyFactory,
)


def _study(allowed: int = 1):
    study = StudyFactory(sessions_per_participant=allowed)
    return study, [ResearchSessionFactory(study=study, days_ahead=3 + i, capacity=3) for i in range(3)]


def test_a_second_booking_in_the_same_study_is_refused_but_a_retry_of_the_first_is_not(app_ctx):
    _study_, (first, second, _third) = _study()
    person = ParticipantFactory(consented=True)
    booked = bookings.book_session(person, first)
    assert bookings.book_session(person, first).id == booked.id  # a double click
    with pytest.raises(errors.StudyLimitReached):
        bookings.book_session(person, second)
    with pytest.raises(errors.StudyLimitReached):  # staff cannot go round it either
        bookings.book_session(person, second, assisted_by=StaffUserFactory(), assisted_via="phone")


def test_a_study_that_allows_two_sessions_takes_two_and_refuses_a_third(app_ctx):
    _study_, (first, second, third) = _study(allowed=2)
    person = ParticipantFactory(consented=True)
    bookings.book_session(person, first)
    bookings.book_session(person, second)
    with pytest.raises(errors.StudyLimitReached):
        bookings.book_session(person, third)


@pytest.mark.parametrize(("status", "counts"), [("attended", True), ("cancelled", False), ("no_show", False)])
def test_attended_bookings_count_and_cancelled_or_missed_ones_do_not(app_ctx, status, counts):
    _study_, (first, second, _third) = _study()
    person = ParticipantFactory(consented=True)
    BookingFactory(participant=person, research_session=first, status=status)
    if counts:
        with pytest.raises(errors.StudyLimitReached):
            bookings.book_session(person, second)
    else:
        assert bookings.book_session(person, second).is_live


def test_the_participants_page_says_they_already_have_a_booking(app, client):
    with app.app_context():
        study, (first, second, _third) = _study()
        person = ParticipantFactory(consented=True, preferred_language="en", consent__language="en")
        InvitationFactory(study=study, participant=person)
        bookings.book_session(person, first)
        db.session.commit()
        token, study_id, second_id = links.current_token(person, links.BOOKING), study.id, second.id
    response = client.post(
        f"/p/{token}/studies/{study_id}/sessions/{second_id}", data={"adjustments": "", "wants_welsh": "no"}
    )
    assert response.status_code == 200
    assert "You already have a booking in this study" in response.get_data(as_text=True)
