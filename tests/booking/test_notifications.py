"""Booking's emails (app/booking/notifications.py and booking/templates/booking/emails/): in the participant's
language (bilingual, Welsh first, when it is not known), with the .ics attached as a calendar invitation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.booking import bookings
from app.booking.notifications import attachment_for
from app.extensions import db
from app.mail.composition import compose_now
from app.mail.models import OutboxMessage
from tests.factories import ParticipantFactory, ResearchSessionFactory, StudyFactory

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def study():
    return StudyFactory(required_purposes=["take_part", "video"])


def _confirmation() -> OutboxMessage:
    """The confirmation as the sender sends it (it composes booking emails: app/mail/composition.py)."""
    return compose_now(
        db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmation"))
    )


def test_confirmation_email_is_queued_in_the_participants_language_with_an_ics(study):
    session = ResearchSessionFactory(study=study, days_ahead=7)
    booking = bookings.book_session(ParticipantFactory(consented=True, preferred_language="en"), session)
    message = _confirmation()
    assert message.language == "en" and message.to_address == booking.participant.email
    assert "Your research session is booked" in message.subject
    attachment = attachment_for(message)
    assert "METHOD:REQUEST" in attachment.content and booking.uid in attachment.content
    assert attachment.content_type.startswith("text/calendar; method=REQUEST")


def test_the_sent_email_carries_the_ics_as_a_calendar_attachment(study):
    from app.mail.delivery import as_email

    booking = bookings.book_session(
        ParticipantFactory(consented=True, preferred_language="cy"),
        ResearchSessionFactory(study=study, days_ahead=7),
    )
    email = as_email(_confirmation())
    [part] = list(email.iter_attachments())
    assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
    assert part.get_filename() == "invite.ics" and booking.uid in part.get_content()


def test_confirmation_is_bilingual_welsh_first_when_the_language_is_not_known(study):
    bookings.book_session(
        ParticipantFactory(consented=True, preferred_language="unknown"),
        ResearchSessionFactory(study=study, days_ahead=7),
    )
    message = _confirmation()
    assert message.language == "cy+en"
    assert message.body_text.index(study.title_cy) < message.body_text.index(study.title_en)


def test_invitation_subject_is_a_line_of_its_own():
    from app.booking import invitation_email
    from app.mail.services import render_email

    study = StudyFactory(title_cy="Astudiaeth", title_en="Study")
    facts = invitation_email.study_facts(study)
    for reminder in (False, True):
        subject, body = render_email(
            invitation_email.TEMPLATE,
            "cy+en",
            name="Siân",
            booking_url="http://profi.test/b",
            withdraw_url="http://profi.test/w",
            **invitation_email.template_context(facts, reminder=reminder),
        )
        assert "Helo" not in subject and "Hello" not in subject
        assert body.startswith("Annwyl Siân,")


def test_an_email_shows_a_time_that_happens_twice_with_its_offset_as_the_pages_do(app_ctx):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from app.booking import bookings
    from app.extensions import db
    from app.mail.models import OutboxMessage
    from tests.factories import ParticipantFactory, ResearchSessionFactory

    start = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 01:30 BST, the first of the night's two 01:30s
    session = ResearchSessionFactory(starts_at=start, ends_at=start + timedelta(hours=1), capacity=2)
    person = ParticipantFactory(consented=True, preferred_language="en")
    bookings.book_session(person, session, now=datetime(2026, 10, 1, tzinfo=UTC))
    [message] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.participant_id == person.id))
    compose_now(message)
    assert (
        "When: Sunday 25 October 2026, 01:30 BST (UTC+1) to 01:30 GMT (UTC+0) (UK time)" in message.body_text
    )
