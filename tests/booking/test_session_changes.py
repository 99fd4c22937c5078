"""A research session that changes or is cancelled reaches the people booked on it and waiting for it (BK-4,
BK-6): a change notice in their language with the updated .ics, a re-armed reminder, an apology for an offer."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.audit.models import AuditEvent
from app.booking import bookings, reminders, waitlist
from app.booking.models import WaitlistStatus
from app.booking.notifications import attachment_for
from app.consent.services import withdraw_consent
from app.extensions import db
from app.mail.composition import compose_now
from app.mail.models import OutboxMessage
from app.mail.services import attachments_for
from app.studies import services as studies
from tests.factories import BookingFactory, ParticipantFactory, ResearchSessionFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


def _person(language: str = "en"):
    return ParticipantFactory(preferred_language=language, consented=True, consent__language=language)


def _session(capacity: int = 3, hours_ahead: int = 12):
    return ResearchSessionFactory(days_ahead=hours_ahead / 24, capacity=capacity)


def _details(session) -> studies.SessionDetails:
    return studies.SessionDetails(
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        capacity=session.capacity,
        mode=session.mode,
        language=session.language,
        joining_link=session.joining_link,
    )


def _mail(person, kind: str) -> list[OutboxMessage]:
    """The person's messages of this kind, as the sender sends them (composed: app/mail/composition.py)."""
    found = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.participant_id == person.id, OutboxMessage.kind == kind)
        .order_by(OutboxMessage.id)
    )
    return [compose_now(message) for message in found]


def _event(message: OutboxMessage):
    [attachment] = attachments_for(message)
    [event] = Calendar.from_ical(attachment.content).walk("VEVENT")
    return event


def test_moving_a_booked_session_tells_each_person_in_their_language_with_the_same_uid_and_a_higher_sequence():
    session = _session()
    welsh, english = _person("cy"), _person("en")
    made = [bookings.book_session(welsh, session), bookings.book_session(english, session)]
    [confirmation] = _mail(english, "booking_confirmation")  # sent straight after the booking
    later = session.starts_at + timedelta(days=1)
    told = studies.update_session(
        session, replace(_details(session), starts_at=later, ends_at=later + timedelta(hours=1))
    )
    assert told == 2
    [cy_notice] = _mail(welsh, "booking_session_changed")
    [en_notice] = _mail(english, "booking_session_changed")
    assert cy_notice.language == "cy" and "Mae manylion eich sesiwn ymchwil wedi newid" in cy_notice.subject
    assert (
        en_notice.language == "en"
        and en_notice.subject == "The details of your research session have changed"
    )
    before, after = _event(confirmation), _event(en_notice)
    assert after["uid"] == before["uid"] == made[1].uid
    assert int(after["sequence"]) == int(before["sequence"]) + 1
    assert after.decoded("dtstart").astimezone(later.tzinfo) == later


def test_a_confirmation_still_unsent_when_the_session_moves_describes_where_it_now_is():
    """The sender composes booking emails when it sends them (app/mail/composition.py), so one that waited
    (the mail server was down) never sends the old time: its .ics has the booking's current SEQUENCE."""
    session = _session()
    person = _person("en")
    booking = bookings.book_session(person, session)
    later = session.starts_at + timedelta(days=1)
    studies.update_session(
        session, replace(_details(session), starts_at=later, ends_at=later + timedelta(hours=1))
    )
    [confirmation] = _mail(person, "booking_confirmation")
    [notice] = _mail(person, "booking_session_changed")
    assert _event(confirmation)["sequence"] == _event(notice)["sequence"] == booking.sequence == 1
    assert _event(confirmation).decoded("dtstart").astimezone(later.tzinfo) == later


def test_a_new_start_time_re_arms_the_reminder_for_the_new_time():
    session = _session(hours_ahead=6)
    person = _person()
    bookings.book_session(person, session)
    assert reminders.send_reminders().queued == 1
    later = session.starts_at + timedelta(hours=2)
    studies.update_session(
        session, replace(_details(session), starts_at=later, ends_at=later + timedelta(hours=1))
    )
    assert reminders.send_reminders().queued == 1  # reminded again, for the new time


def test_a_change_people_need_not_hear_about_sends_nothing():
    session = _session()
    person = _person()
    bookings.book_session(person, session)
    assert studies.update_session(session, replace(_details(session), capacity=5)) == 0
    assert _mail(person, "booking_session_changed") == []


def test_someone_who_withdrew_is_not_told():
    session = _session()
    person = _person()
    bookings.book_session(person, session)
    withdraw_consent(person, method="online", language="en")
    studies.update_session(session, replace(_details(session), joining_link="https://meet.example.org/new"))
    assert _mail(person, "booking_session_changed") == []


def test_cancelling_a_session_withdraws_its_offers_with_an_apology_and_keeps_them_waiting():
    session = _session(capacity=1)
    booked, waiting = _person(), _person()
    booking = bookings.book_session(booked, session)
    entry = waitlist.join_waitlist(waiting, session.study)
    bookings.cancel_booking(booking)  # the place is offered to the person waiting
    db.session.refresh(entry)
    assert entry.status == WaitlistStatus.OFFERED
    assert studies.cancel_session(session) is True
    db.session.refresh(entry)
    assert entry.status == WaitlistStatus.WAITING
    [apology] = _mail(waiting, "booking_offer_withdrawn")
    assert "We are sorry" in apology.body_text
    assert session.joining_link not in apology.body_text
    db.session.refresh(session)
    assert session.booked_count == 0


def test_a_cancellation_email_carries_no_joining_link():
    session = _session()
    person = _person()
    bookings.book_session(person, session)
    studies.cancel_session(session)
    [cancellation] = _mail(person, "booking_cancellation")
    assert session.joining_link not in cancellation.body_text


@pytest.mark.parametrize(
    ("language", "warning"),
    [("en", "2 people are booked on this session"), ("cy", "Mae 2 berson wedi archebu lle ar y sesiwn hon")],
)
def test_the_edit_page_warns_how_many_people_will_be_told(app, client, as_role, language, warning):
    with app.app_context():
        session = _session()
        BookingFactory.create_batch(2, research_session=session)
        db.session.commit()
        path = f"/studies/{session.study_id}/sessions/{session.id}/edit"
    as_role("researcher", preferred_language=language)
    assert warning in client.get(path).get_data(as_text=True)


# Cancelling a session ----------------------------------------------------------------------------------------


def _cancel_events(booking) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "booking.cancelled", AuditEvent.target_id == str(booking.id)
            )
        )
    )


def test_cancelling_a_session_cancels_its_bookings_and_sends_each_a_cancel_ics():
    session = _session(capacity=3)
    people = [_person(language) for language in ("cy", "en")]
    made = [bookings.book_session(p, session) for p in people]
    assert studies.cancel_session(session) is True
    db.session.refresh(session, ["booked_count"])
    assert session.booked_count == 0
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
    bookings.book_session(_person(), session)
    waiting = _person()
    waitlist.join_waitlist(waiting, session.study)
    studies.cancel_session(session)
    assert _mail(waiting, "booking_waitlist_offer") == []
