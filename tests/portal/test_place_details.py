"""Where a session happens and how to get in, in the participant's language, before they book (issue 9, item 10;
WL-1): on the study's page beside each session, on the page where they confirm, and in their emails. Text only
written in the other language is shown rather than hidden, marked with its language (WCAG 3.1.2)."""

from __future__ import annotations

from datetime import timedelta

from app.booking import bookings
from app.booking.models import Booking
from app.extensions import db
from app.mail.composition import compose_now
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants import links
from app.participants.models import Participant
from app.studies.models import ResearchSession
from tests.factories import InvitationFactory, ParticipantFactory, ResearchSessionFactory, StudyFactory

PLACE = {
    "address_cy": "Neuadd y Dref, Llangefni",
    "address_en": "Town Hall, Llangefni",
    "access_information_cy": "Mae dolen sain yn yr ystafell.",
    "access_information_en": "There is a hearing loop in the room.",
}


def _setup(app, language: str, **place):
    with app.app_context():
        study = StudyFactory()
        start = (utcnow() + timedelta(days=7)).replace(microsecond=0)
        session = ResearchSessionFactory(study=study, starts_at=start, in_person=True, **(place or PLACE))
        person = ParticipantFactory(consented=True, consent__language=language, preferred_language=language)
        InvitationFactory(study=study, participant=person)
        db.session.commit()
        return study.id, session.id, person.id, links.current_token(person, links.BOOKING)


def _pages(client, token, study, session) -> tuple[str, str]:
    listing = client.get(f"/p/{token}/studies/{study}").get_data(as_text=True)
    confirm = client.get(f"/p/{token}/studies/{study}/sessions/{session}").get_data(as_text=True)
    return listing, confirm


def test_a_welsh_participant_reads_where_and_access_in_welsh_before_booking(app, client):
    study, session, person, token = _setup(app, "cy")
    for html in _pages(client, token, study, session):
        assert "Neuadd y Dref, Llangefni" in html and "Mae dolen sain yn yr ystafell." in html
        assert "Town Hall" not in html and "hearing loop" not in html
    with app.app_context():
        assert db.session.query(Booking).count() == 0  # reading the pages books nothing


def test_an_english_participant_reads_them_in_english(app, client):
    study, session, person, token = _setup(app, "en")
    for html in _pages(client, token, study, session):
        assert "Town Hall, Llangefni" in html and "There is a hearing loop in the room." in html
        assert "Neuadd y Dref" not in html


def test_text_written_only_in_the_other_language_is_shown_marked_with_its_language(app, client):
    study, session, person, token = _setup(
        app, "cy", address_cy="", address_en="Town Hall, Llangefni", access_information_en="Lift to floor 2."
    )
    listing, confirm = _pages(client, token, study, session)
    for html in (listing, confirm):
        assert '<p class="govuk-body" lang="en">Town Hall, Llangefni</p>' in html
        assert '<p class="govuk-body" lang="en">Lift to floor 2.</p>' in html


def test_the_booking_email_gives_where_and_access_in_the_participants_language(app):
    study, session, person, token = _setup(app, "cy")
    with app.app_context():
        bookings.book_session(db.session.get(Participant, person), db.session.get(ResearchSession, session))
        db.session.commit()
        [queued] = db.session.query(OutboxMessage).filter_by(kind="booking_confirmation").all()
        message = compose_now(queued)
        assert "Neuadd y Dref, Llangefni" in message.body_text
        assert "Mae dolen sain yn yr ystafell." in message.body_text
        assert "hearing loop" not in message.body_text
