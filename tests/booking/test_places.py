"""Places (app/booking/places.py): capacity and places left, which sessions can be booked, and the capacity
rule the database keeps (never more places taken than there are, and capacity never below them).

Real threads racing for the last places are in test_concurrency.py."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from app.booking import bookings, errors, places
from app.extensions import db
from app.studies import services as studies
from app.studies.models import ResearchSession
from app.studies.timezones import to_local
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


def _count(session) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


def _live(session) -> int:
    return len([b for b in bookings.bookings_for_session(session) if b.status == "booked"])


def test_second_booking_for_full_session_is_refused():
    session = ResearchSessionFactory(days_ahead=7, capacity=1)
    bookings.book_session(ParticipantFactory(consented=True), session)
    with pytest.raises(errors.SessionFull):
        bookings.book_session(ParticipantFactory(consented=True), session)
    assert _count(session) == 1 and _live(session) == 1


def test_session_in_the_past_cannot_be_booked():
    session = ResearchSessionFactory(days_ahead=-1)
    with pytest.raises(errors.SessionInPast):
        bookings.book_session(ParticipantFactory(consented=True), session)
    assert _count(session) == 0


def test_cancelled_session_cannot_be_booked():
    session = ResearchSessionFactory(days_ahead=7, status="cancelled")
    with pytest.raises(errors.SessionCancelled):
        bookings.book_session(ParticipantFactory(consented=True), session)
    assert _count(session) == 0


# Capacity cannot drop below the places taken ------------------------------------------------------------


def _details(session, capacity):
    return studies.SessionDetails(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=capacity,
        mode=session.mode,
        language=session.language,
        joining_link=session.joining_link,
    )


def test_capacity_cannot_be_lowered_below_the_live_bookings():
    session = ResearchSessionFactory(days_ahead=7, capacity=3)
    BookingFactory.create_batch(2, research_session=session)
    with pytest.raises(studies.CapacityBelowBookings) as refused:
        studies.update_session(session, _details(session, 1))
    assert refused.value.taken == 2
    db.session.refresh(session)
    assert session.capacity == 3
    studies.update_session(session, _details(session, 2))
    db.session.refresh(session)
    assert session.capacity == 2 and places.places_left(session) == 0


def test_the_database_refuses_more_places_taken_than_there_are():
    session = ResearchSessionFactory(days_ahead=7, capacity=2)
    table = ResearchSession.__table__
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(update(table).where(table.c.id == session.id).values(booked_count=3))
    bookings.book_session(ParticipantFactory(consented=True), session)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(table).where(table.c.id == session.id).values(capacity=0 + 1, booked_count=2)
        )
    bookings.book_session(
        ParticipantFactory(consented=True), session
    )  # the conditional updates fill it exactly
    with pytest.raises(errors.SessionFull):
        bookings.book_session(ParticipantFactory(consented=True), session)
    assert _count(session) == 2


def test_the_edit_form_explains_why_fewer_places_are_refused(app, client, as_role):
    as_role("researcher")
    session = ResearchSessionFactory(days_ahead=7, capacity=3)
    table = ResearchSession.__table__
    db.session.execute(update(table).where(table.c.id == session.id).values(booked_count=2))
    db.session.commit()
    assert client.get(f"/studies/{session.study_id}/sessions/{session.id}/edit").status_code == 200
    start, end = to_local(session.starts_at), to_local(session.ends_at)
    data = {
        "day": [str(start.day), str(start.month), str(start.year)],
        "start_time": start.strftime("%H:%M"),
        "end_time": end.strftime("%H:%M"),
        "capacity": "1",
        "mode": "online",
        "joining_link": "https://meet.example.org/profi",
        "language": "cy",
    }
    refused = client.post(
        f"/studies/{session.study_id}/sessions/{session.id}/edit",
        data=data,
        headers={"Accept-Language": "en"},
    )
    assert refused.status_code == 200
    assert "2 places are already booked, so enter 2 or more places" in refused.get_data(as_text=True)
    data["capacity"] = "2"
    saved = client.post(f"/studies/{session.study_id}/sessions/{session.id}/edit", data=data)
    assert saved.status_code == 302
    db.session.refresh(session)
    assert session.capacity == 2
