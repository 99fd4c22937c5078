"""Facilitators are told (issue 8, item 8): an email, on by default, to a session's facilitator and note-taker
when a participant books, moves or cancels, in their language, with the session's .ics; the participant by code."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import select

from app.booking import bookings
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.services import attachments_for
from app.studies.ics import session_uid
from tests.factories import ParticipantFactory, ResearchSessionFactory, StaffUserFactory


def _notices(staff) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.to_address == staff.email, OutboxMessage.kind == "booking_staff_notice")
            .order_by(OutboxMessage.id)
        )
    )


def test_the_facilitator_and_note_taker_hear_of_a_booking_in_their_own_language_with_the_session_ics(app_ctx):
    facilitator = StaffUserFactory(preferred_language="cy")
    note_taker = StaffUserFactory(preferred_language="en")
    session = ResearchSessionFactory(days_ahead=5, facilitator=facilitator, note_taker=note_taker, capacity=3)
    person = ParticipantFactory(consented=True, full_name="Elin Jones")
    bookings.book_session(person, session)
    [cy] = _notices(facilitator)
    [en] = _notices(note_taker)
    assert cy.language == "cy" and f"Mae {person.code} wedi archebu lle" in cy.subject
    assert en.language == "en" and en.subject == f"{person.code} has booked a place in your research session"
    assert "Elin Jones" not in en.body_text and person.email not in en.body_text  # the code only (DP-2)
    [attachment] = attachments_for(en)
    [event] = Calendar.from_ical(attachment.content).walk("VEVENT")
    assert str(event["uid"]) == session_uid(session)


def test_moving_and_cancelling_are_told_too_and_staff_can_turn_them_off(app_ctx):
    facilitator = StaffUserFactory(preferred_language="en")
    quiet = StaffUserFactory(preferred_language="en", booking_emails=False)
    first = ResearchSessionFactory(days_ahead=5, facilitator=facilitator, note_taker=quiet, capacity=2)
    second = ResearchSessionFactory(study=first.study, days_ahead=6, facilitator=facilitator, capacity=2)
    booking = bookings.book_session(ParticipantFactory(consented=True), first)
    bookings.reschedule_booking(booking, second)
    bookings.cancel_booking(booking)
    subjects = [message.subject for message in _notices(facilitator)]
    assert [s.split(" ", 1)[1] for s in subjects] == [
        "has booked a place in your research session",
        "has cancelled a place in your research session",
        "has moved to another research session",
        "has cancelled a place in your research session",
    ]
    assert _notices(quiet) == []


def test_staff_turn_the_emails_off_on_their_account_page(app, client, as_role):
    user = as_role("researcher", preferred_language="en")
    page = client.get("/account").get_data(as_text=True)
    assert "Email me when someone books, moves or cancels a place" in page
    response = client.post(
        "/account",
        data={
            "details-name": "Aelod Staff",
            "details-preferred_language": "en",
            "details-submit": "Save details",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        from app.accounts.models import StaffUser

        assert db.session.get(StaffUser, user.id).booking_emails is False
