"""Places that free up reach the people waiting (issue 8, item 7): raising a session's capacity or adding a
session offers the new places to the study's waiting list, one offer per place, in each person's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select

from app.booking import bookings, waitlist
from app.booking.models import WaitlistStatus
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.studies import services as studies
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory


def _details(session) -> studies.SessionDetails:
    return studies.SessionDetails(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=session.capacity,
        mode=session.mode,
        language=session.language,
        joining_link=session.joining_link,
    )


def _full_session_with_people_waiting(waiting: int = 3):
    session = ResearchSessionFactory(days_ahead=6, capacity=1)
    bookings.book_session(ParticipantFactory(consented=True), session)
    entries = [
        waitlist.join_waitlist(ParticipantFactory(consented=True), session.study) for _ in range(waiting)
    ]
    return session, entries


def test_raising_the_capacity_offers_the_new_places_to_the_first_people_waiting(app_ctx):
    session, entries = _full_session_with_people_waiting()
    studies.update_session(session, replace(_details(session), capacity=3))
    for entry in entries:
        db.session.refresh(entry)
    assert [e.status for e in entries] == [
        WaitlistStatus.OFFERED,
        WaitlistStatus.OFFERED,
        WaitlistStatus.WAITING,
    ]
    assert {e.offered_session_id for e in entries[:2]} == {session.id}
    db.session.refresh(session)
    assert session.booked_count == 3  # one booking and two places held for the offers
    offers = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "booking_waitlist_offer")
    ).all()
    assert len(offers) == 2


def test_a_new_session_offers_its_places_to_the_people_waiting(app_ctx):
    session, entries = _full_session_with_people_waiting(waiting=2)
    start = (utcnow() + timedelta(days=8)).replace(microsecond=0)
    [added] = studies.create_sessions(
        session.study,
        [replace(_details(session), starts_at=start, ends_at=start + timedelta(hours=1), capacity=4)],
    )
    for entry in entries:
        db.session.refresh(entry)
    assert [e.offered_session_id for e in entries] == [added.id, added.id]


def test_a_study_that_is_not_recruiting_offers_nothing(app_ctx):
    session = ResearchSessionFactory(study=StudyFactory(), days_ahead=6, capacity=1)
    bookings.book_session(ParticipantFactory(consented=True), session)
    entry = waitlist.join_waitlist(ParticipantFactory(consented=True), session.study)
    session.study.status = "running"
    db.session.flush()
    studies.update_session(session, replace(_details(session), capacity=2))
    db.session.refresh(entry)
    assert entry.status == WaitlistStatus.WAITING
