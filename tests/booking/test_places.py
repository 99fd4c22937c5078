"""Consistency between consent, studies and bookings: withdrawing or opting out, cancelling a session, lowering
capacity, and a retry after withdrawing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.booking import bookings, errors, places, waitlist
from app.booking.models import WaitlistEntry
from app.booking.notifications import attachment_for
from app.consent.models import Purpose
from app.consent.services import record_consent, withdraw_consent
from app.extensions import db
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants.services import set_status
from app.portal.services import opt_out
from app.studies import services as studies
from app.studies.models import ResearchSession
from app.studies.timezones import to_local
from tests.consent_helpers import publish_test_form
from tests.factories import ParticipantFactory, ResearchSessionFactory, StaffUserFactory, StudyFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture(autouse=True)
def form(app_ctx):
    return publish_test_form()


def _participant(**kwargs):
    participant = ParticipantFactory(**kwargs)
    record_consent(participant, answers={p.value: True for p in Purpose}, method="online", language="cy")
    return participant


def _session(study=None, *, capacity=1, days=7, **kwargs):
    start = (utcnow() + timedelta(days=days)).replace(microsecond=0)
    return ResearchSessionFactory(study=study or StudyFactory(), starts_at=start, capacity=capacity, **kwargs)


def _mail(participant, kind=None) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.participant_id == participant.id)
    if kind:
        stmt = stmt.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(stmt))


def _count(session) -> int:
    db.session.refresh(session, ["booked_count"])
    return session.booked_count


def _cancel_events(booking) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "booking.cancelled", AuditEvent.target_id == str(booking.id)
            )
        )
    )


# (a) Withdrawing and opting out ----------------------------------------------------------------------------


@pytest.mark.parametrize("leave", ["withdraw", "opt_out", "staff_sets_opted_out"])
def test_leaving_cancels_future_bookings_at_once_without_an_email_and_audited(leave):
    participant = _participant()
    session = _session(capacity=1)
    booking = bookings.book_session(participant, session)
    sent_before = len(_mail(participant))
    if leave == "withdraw":
        withdraw_consent(participant, method="online", language="cy")
    elif leave == "opt_out":
        opt_out(participant)
    else:
        set_status(participant, "opted_out", reason="asked by phone", actor=StaffUserFactory())
    db.session.refresh(booking)
    assert booking.status == "cancelled"
    assert _count(session) == 0
    assert len(_mail(participant)) == sent_before  # never contacted again
    [event] = _cancel_events(booking)
    assert event.details["notified"] is False and event.details["reason"]


def test_a_place_freed_by_a_withdrawal_is_offered_to_the_first_person_waiting():
    session = _session(capacity=1)
    leaver, waiting = _participant(), _participant()
    bookings.book_session(leaver, session)
    waitlist.join_waitlist(waiting, session.study)
    withdraw_consent(leaver, method="online", language="cy")
    entry = db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.participant_id == waiting.id))
    assert entry.status == "offered" and entry.offered_session_id == session.id
    assert len(_mail(waiting, "booking_waitlist_offer")) == 1


def test_withdrawing_leaves_past_bookings_alone():
    participant = _participant()
    session = _session(capacity=1)
    booking = bookings.book_session(participant, session)
    later = utcnow() + timedelta(days=8)
    assert bookings.cancel_bookings_of_leaver(participant, reason="test", now=later) == 0
    db.session.refresh(booking)
    assert booking.status == "booked"


# (d) A retry after withdrawing ------------------------------------------------------------------------------


def test_retry_after_withdrawing_is_refused_not_given_the_old_booking():
    participant = _participant()
    session = _session(capacity=2)
    bookings.book_session(participant, session)
    withdraw_consent(participant, method="online", language="cy")
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)
    assert _count(session) == 0


def test_a_live_booking_is_not_returned_to_someone_who_has_withdrawn():
    participant = _participant()
    session = _session(capacity=2)
    bookings.book_session(participant, session)
    participant.status = "withdrawn"  # as if set behind the services' back: the retry still refuses
    db.session.flush()
    with pytest.raises(errors.NotAllowed):
        bookings.book_session(participant, session)


def test_a_double_click_still_returns_the_same_booking():
    participant = _participant()
    session = _session(capacity=2)
    first = bookings.book_session(participant, session)
    assert bookings.book_session(participant, session).id == first.id
    assert _count(session) == 1


# (b) Cancelling a session -----------------------------------------------------------------------------------


def test_cancelling_a_session_cancels_its_bookings_and_sends_each_a_cancel_ics():
    session = _session(capacity=3)
    people = [_participant(preferred_language=lang) for lang in ("cy", "en")]
    made = [bookings.book_session(p, session) for p in people]
    assert studies.cancel_session(session) is True
    assert _count(session) == 0
    for participant, booking in zip(people, made, strict=True):
        db.session.refresh(booking)
        assert booking.status == "cancelled"
        [message] = _mail(participant, "booking_cancellation")
        assert message.language == participant.preferred_language
        assert "METHOD:CANCEL" in attachment_for(message).content
        [event] = _cancel_events(booking)
        assert event.details["reason"] == "session_cancelled"
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "research_session.cancelled"))
    assert event.details["bookings_cancelled"] == 2
    assert studies.cancel_session(session) is False  # twice changes nothing


def test_a_cancelled_sessions_place_is_not_offered_to_the_waitlist():
    session = _session(capacity=1)
    bookings.book_session(_participant(), session)
    waiting = _participant()
    waitlist.join_waitlist(waiting, session.study)
    studies.cancel_session(session)
    assert _mail(waiting, "booking_waitlist_offer") == []


# (c) Capacity cannot drop below the places taken ------------------------------------------------------------


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
    session = _session(capacity=3)
    bookings.book_session(_participant(), session)
    bookings.book_session(_participant(), session)
    with pytest.raises(studies.CapacityBelowBookings) as refused:
        studies.update_session(session, _details(session, 1))
    assert refused.value.taken == 2
    db.session.refresh(session)
    assert session.capacity == 3
    studies.update_session(session, _details(session, 2))
    db.session.refresh(session)
    assert session.capacity == 2 and places.places_left(session) == 0


def test_the_database_refuses_more_places_taken_than_there_are():
    session = _session(capacity=2)
    table = ResearchSession.__table__
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(update(table).where(table.c.id == session.id).values(booked_count=3))
    bookings.book_session(_participant(), session)
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(
            update(table).where(table.c.id == session.id).values(capacity=0 + 1, booked_count=2)
        )
    bookings.book_session(_participant(), session)  # the conditional updates fill it exactly
    with pytest.raises(errors.SessionFull):
        bookings.book_session(_participant(), session)
    assert _count(session) == 2


def test_the_edit_form_explains_why_fewer_places_are_refused(app, client, as_role):
    as_role("researcher")
    session = _session(capacity=3)
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
