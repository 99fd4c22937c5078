"""A booking link opens only the studies its holder was invited to, or is booked or waiting in, and only while
the study recruits (or runs, for a booking made already): SEC-4, BK-5. Changing the study's id in a link finds
nothing; a study in planning or done takes no bookings from anyone."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.booking import bookings, errors
from app.booking.models import Booking
from app.extensions import db
from app.participants import links
from tests.factories import (
    BookingFactory,
    InvitationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StaffUserFactory,
    StudyFactory,
    WaitlistEntryFactory,
)

EN = {"Accept-Language": "en"}
BOOK = {"adjustments": "", "wants_welsh": "no"}


def _paths(study_id: int, session_id: int, booking_id: int) -> list[tuple[str, str]]:
    base = f"/studies/{study_id}"
    return [
        ("GET", base),
        ("GET", f"{base}/sessions/{session_id}"),
        ("POST", f"{base}/sessions/{session_id}"),
        ("POST", f"{base}/waitlist"),
        ("POST", f"{base}/waitlist/leave"),
        ("GET", f"{base}/offer"),
        ("GET", f"{base}/bookings/{booking_id}/reschedule"),
        ("GET", f"{base}/bookings/{booking_id}/cancel"),
        ("POST", f"{base}/bookings/{booking_id}/cancel"),
    ]


def test_changing_the_study_in_a_link_opens_nothing_and_books_nothing(app, client):
    with app.app_context():
        person = ParticipantFactory(consented=True)
        invited = StudyFactory()
        InvitationFactory(study=invited, participant=person)
        other = ResearchSessionFactory(
            study=StudyFactory(), days_ahead=5, joining_link="https://meet.example.org/x"
        )
        mine = BookingFactory(
            participant=person, research_session=ResearchSessionFactory(study=invited, days_ahead=3)
        )
        db.session.commit()
        token, other_study, other_session, booking = (
            links.current_token(person, links.BOOKING),
            other.study_id,
            other.id,
            mine.id,
        )
    assert client.get(f"/p/{token}/studies/{invited.id}", headers=EN).status_code == 200
    for method, path in _paths(other_study, other_session, booking):
        response = client.open(f"/p/{token}{path}", method=method, data=BOOK, headers=EN)
        assert response.status_code == 404, (method, path)
        assert "meet.example.org/x" not in response.get_data(as_text=True)
    with app.app_context():
        count = db.session.scalar(
            select(func.count()).select_from(Booking).where(Booking.research_session_id == other_session)
        )
    assert count == 0


@pytest.mark.parametrize("how", ["booked", "waiting"])
def test_someone_booked_or_waiting_in_a_study_opens_it_without_an_invitation(app, client, how):
    with app.app_context():
        person = ParticipantFactory(consented=True)
        session = ResearchSessionFactory(days_ahead=4)
        if how == "booked":
            BookingFactory(participant=person, research_session=session)
        else:
            WaitlistEntryFactory(participant=person, study=session.study)
        db.session.commit()
        token, study_id = links.current_token(person, links.BOOKING), session.study_id
    assert client.get(f"/p/{token}/studies/{study_id}", headers=EN).status_code == 200


@pytest.mark.parametrize("status", ["planning", "analysing", "done"])
def test_a_study_that_is_not_recruiting_or_running_is_not_found_even_by_those_invited(app, client, status):
    with app.app_context():
        person = ParticipantFactory(consented=True)
        session = ResearchSessionFactory(study=StudyFactory(status=status), days_ahead=4)
        InvitationFactory(study=session.study, participant=person)
        db.session.commit()
        token, study_id, session_id = links.current_token(person, links.BOOKING), session.study_id, session.id
    assert client.get(f"/p/{token}/studies/{study_id}", headers=EN).status_code == 404
    assert client.post(f"/p/{token}/studies/{study_id}/sessions/{session_id}", data=BOOK).status_code == 404


@pytest.mark.parametrize("status", ["planning", "done"])
def test_nobody_books_into_a_study_in_planning_or_done_not_even_staff(app_ctx, status):
    session = ResearchSessionFactory(study=StudyFactory(status=status), days_ahead=4)
    person = ParticipantFactory(consented=True)
    with pytest.raises(errors.StudyNotTakingBookings):
        bookings.book_session(person, session)
    with pytest.raises(errors.StudyNotTakingBookings):
        bookings.book_session(person, session, assisted_by=StaffUserFactory(), assisted_via="phone")


def test_while_a_study_runs_a_booking_made_already_can_be_cancelled_but_no_new_one_made(app, client):
    with app.app_context():
        person = ParticipantFactory(consented=True, preferred_language="en")
        study = StudyFactory(status="running")
        held = BookingFactory(
            participant=person, research_session=ResearchSessionFactory(study=study, days_ahead=2)
        )
        free = ResearchSessionFactory(study=study, days_ahead=3)
        db.session.commit()
        token, held_id, free_id = links.current_token(person, links.BOOKING), held.id, free.id
    page = client.get(f"/p/{token}/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert "not taking new bookings" in page
    refused = client.post(f"/p/{token}/studies/{study.id}/sessions/{free_id}", data=BOOK, headers=EN)
    assert refused.status_code == 200 and "This study is not taking bookings" in refused.get_data(
        as_text=True
    )
    assert (
        client.post(f"/p/{token}/studies/{study.id}/bookings/{held_id}/cancel", headers=EN).status_code == 302
    )
    with app.app_context():
        assert db.session.get(Booking, held_id).status == "cancelled"
        assert (
            db.session.scalar(
                select(func.count()).select_from(Booking).where(Booking.research_session_id == free_id)
            )
            == 0
        )
