"""A participant's booking pages from their booking link (app/portal/views/booking.py, BK-1..5): the study
page, choosing a session, the waiting list and an offer, rescheduling and cancelling. Staff booking on someone's
behalf is in tests/booking/test_views.py."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape as html_unescape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.booking import bookings
from app.booking.models import Booking, WaitlistEntry
from app.consent.models import Purpose
from app.consent.services import record_consent
from app.extensions import db
from app.mail.composition import compose_now
from app.mail.models import OutboxMessage
from app.models_base import utcnow
from app.participants import links
from app.participants.models import Participant
from app.studies.models import ResearchSession
from tests.booking.integrity import counts, places_match_bookings
from tests.factories import (
    BookingFactory,
    ConsentFormFactory,
    InvitationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StudyFactory,
)

EN = {"Accept-Language": "en"}
BOOK = {"adjustments": "Captions", "wants_welsh": "yes"}


def _setup(app, *, capacity=1, sessions=1, consent=True, **participant):
    """A study with future sessions and a participant holding a booking link. Returns ids and the token."""
    participant.setdefault("preferred_language", "en")
    with app.app_context():
        study = StudyFactory(title_cy="Astudiaeth caffael", title_en="Procurement study")
        first = (utcnow() + timedelta(days=7)).replace(microsecond=0)
        made = [
            ResearchSessionFactory(study=study, capacity=capacity, starts_at=first + timedelta(hours=2 * i))
            for i in range(sessions)
        ]
        person = _person(consent, **participant)
        InvitationFactory(study=study, participant=person)
        db.session.commit()
        return study.id, [s.id for s in made], person.id, links.current_token(person, links.BOOKING)


def _person(consent=True, **kwargs):
    if consent:
        return ParticipantFactory(consented=True, consent__language="en", **kwargs)
    return ParticipantFactory(**kwargs)


def _other(app, session_id: int):
    """Someone else, booked into the session."""
    with app.app_context():
        made = BookingFactory(research_session=db.session.get(ResearchSession, session_id))
        db.session.commit()
        return made.participant_id, made.id


def _live(app, participant_id: int) -> list[int]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(Booking.research_session_id).where(
                    Booking.participant_id == participant_id, Booking.status == "booked"
                )
            )
        )


def test_opening_every_booking_page_changes_nothing(app, client):
    study, (first, second), person, token = _setup(app, sessions=2)
    assert client.post(f"/p/{token}/studies/{study}/sessions/{first}", data=BOOK).status_code == 200
    [booked] = _live(app, person)
    with app.app_context():
        booking_id = db.session.scalar(select(Booking.id).where(Booking.participant_id == person))
    before = counts(app)
    base = f"/p/{token}/studies/{study}"
    for path in (
        "",
        f"/sessions/{second}",
        f"/bookings/{booking_id}/reschedule",
        f"/bookings/{booking_id}/cancel",
        "/offer",
    ):
        assert client.get(base + path, headers=EN).status_code == 200, path
    assert counts(app) == before and _live(app, person) == [booked]


def test_the_page_shows_the_study_and_open_sessions_in_the_participants_language(app, client):
    study, [session], _, token = _setup(app, preferred_language="cy")
    html = client.get(f"/p/{token}/studies/{study}", headers=EN).get_data(as_text=True)
    assert '<html lang="cy"' in html and "Astudiaeth caffael" in html
    assert f"/sessions/{session}" in html


def test_a_waiting_list_request_for_a_session_id_too_long_for_any_column_is_ignored(app, client):
    study, _sessions, person, token = _setup(app)
    response = client.post(f"/p/{token}/studies/{study}/waitlist", data={"session": "9" * 400})
    assert response.status_code == 302  # was a server error: WTForms compared the id as a float
    with app.app_context():
        assert db.session.scalar(select(WaitlistEntry).where(WaitlistEntry.participant_id == person)) is None


def test_confirming_books_the_session_with_adjustments_and_welsh(app, client):
    study, [session], person, token = _setup(app)
    response = client.post(f"/p/{token}/studies/{study}/sessions/{session}", data=BOOK, headers=EN)
    assert response.status_code == 200 and "Your session is booked" in response.get_data(as_text=True)
    with app.app_context():
        made = db.session.scalar(select(Booking).where(Booking.participant_id == person))
        assert made.status == "booked" and made.wants_welsh and made.adjustments_requested == "Captions"
    # A double click makes one booking.
    client.post(f"/p/{token}/studies/{study}/sessions/{session}", data=BOOK)
    assert _live(app, person) == [session]


def test_a_full_session_offers_the_waiting_list_not_an_error(app, client):
    study, [session], person, token = _setup(app)
    _other(app, session)
    response = client.post(f"/p/{token}/studies/{study}/sessions/{session}", data=BOOK, headers=EN)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "This session is full" in html and "/waitlist" in html
    assert _live(app, person) == []
    assert client.post(f"/p/{token}/studies/{study}/waitlist", data={}).status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(WaitlistEntry.status).where(WaitlistEntry.participant_id == person))
            == "waiting"
        )


def test_a_session_in_the_past_cannot_be_booked(app, client):
    study, [session], person, token = _setup(app)
    with app.app_context():
        past = db.session.get(ResearchSession, session)
        past.starts_at, past.ends_at = utcnow() - timedelta(days=2), utcnow() - timedelta(days=2, hours=-1)
        db.session.commit()
    response = client.post(f"/p/{token}/studies/{study}/sessions/{session}", data=BOOK, headers=EN)
    assert response.status_code == 200 and "This session cannot be booked" in response.get_data(as_text=True)
    assert _live(app, person) == []


def test_missing_consent_sends_them_to_the_consent_form_and_does_not_book(app, client):
    study, [session], person, token = _setup(app, consent=False)
    with app.app_context():
        ConsentFormFactory()  # a published form to answer
        db.session.commit()
    response = client.post(f"/p/{token}/studies/{study}/sessions/{session}", data=BOOK, headers=EN)
    html = response.get_data(as_text=True)
    assert 'id="consent-needed"' in html and _live(app, person) == []
    consent_url = html_unescape(re.search(r'href="(/p/[^"]+/consent\?next=[^"]+)"', html).group(1))
    assert not consent_url.startswith(
        f"/p/{token}/"
    )  # a page link: the booking link does not open the portal
    assert client.get(consent_url, headers=EN).status_code == 200
    # Answering the consent form leads back to the session they chose, which they can now book (item 14).
    answers = {purpose.value: "yes" for purpose in Purpose}
    answered = client.post(consent_url, data=answers)
    assert answered.status_code == 302
    assert answered.headers["Location"].endswith(f"/p/{token}/studies/{study}/sessions/{session}")
    assert 'id="consent-needed"' not in client.get(answered.headers["Location"], headers=EN).get_data(
        as_text=True
    )


def test_an_answer_that_blocks_the_study_is_named_with_how_to_change_it(app, client):
    study, [session], person, token = _setup(app)
    with app.app_context():
        from app.studies.models import Study

        db.session.get(Study, study).required_purposes = ["take_part", "observers"]
        record_consent(
            db.session.get(Participant, person),
            answers={p.value: p.value != "observers" for p in Purpose},
            method="online",
            language="en",
        )
        db.session.commit()
    html = client.get(f"/p/{token}/studies/{study}/sessions/{session}", headers=EN).get_data(as_text=True)
    assert "This study needs your consent to:" in html and "Observers" in html
    assert "Change your answers on the consent form" in html


def test_rescheduling_moves_the_booking_and_keeps_it_when_the_new_session_is_full(app, client):
    study, (first, second, third), person, token = _setup(app, sessions=3)
    client.post(f"/p/{token}/studies/{study}/sessions/{first}", data=BOOK)
    with app.app_context():
        booking_id = db.session.scalar(select(Booking.id).where(Booking.participant_id == person))
    url = f"/p/{token}/studies/{study}/bookings/{booking_id}/reschedule"
    assert client.post(url, data={"session": second}).status_code == 302
    assert _live(app, person) == [second]
    _other(app, third)  # now full; the form no longer offers it, and a forced choice is refused
    response = client.post(url, data={"session": third}, headers=EN)
    assert response.status_code == 200 and _live(app, person) == [second]


def test_cancelling_needs_a_confirming_post(app, client):
    study, [session], person, token = _setup(app)
    client.post(f"/p/{token}/studies/{study}/sessions/{session}", data=BOOK)
    with app.app_context():
        booking_id = db.session.scalar(select(Booking.id).where(Booking.participant_id == person))
    url = f"/p/{token}/studies/{study}/bookings/{booking_id}/cancel"
    assert client.get(url).status_code == 200 and _live(app, person) == [session]
    assert client.post(url, data={}).status_code == 302 and _live(app, person) == []


def test_a_booking_link_never_reaches_another_participants_booking(app, client):
    study, [session], _, token = _setup(app, capacity=2)
    other, other_booking = _other(app, session)
    for action in ("reschedule", "cancel"):
        url = f"/p/{token}/studies/{study}/bookings/{other_booking}/{action}"
        assert client.get(url).status_code == 404
        assert client.post(url, data={"session": session}).status_code == 404
    assert _live(app, other) == [session]
    with app.app_context():
        name = db.session.get(ResearchSession, session).study.title_en
    assert name and f"bookings/{other_booking}" not in client.get(f"/p/{token}/studies/{study}").get_data(
        as_text=True
    )


def test_only_a_booking_link_opens_booking_pages(app, client):
    study, _, person, token = _setup(app)
    with app.app_context():
        page_token = links.current_token(db.session.get(Participant, person))
    assert client.get(f"/p/{page_token}/studies/{study}", headers=EN).status_code == 400
    assert client.get(f"/p/{token}", headers=EN).status_code == 400
    tampered = client.get(f"/p/{token[:-2]}xx/studies/{study}", headers=EN)
    assert tampered.status_code == 400 and "This link does not work" in tampered.get_data(as_text=True)


def test_a_waitlist_offer_can_be_taken_from_the_link(app, client):
    study, [session], person, token = _setup(app)
    _, other_booking = _other(app, session)
    client.post(f"/p/{token}/studies/{study}/waitlist", data={})
    with app.app_context():
        bookings.cancel_booking(db.session.get(Booking, other_booking))  # the place is offered to them
        db.session.commit()
    assert "A place has come up" in client.get(f"/p/{token}/studies/{study}", headers=EN).get_data(
        as_text=True
    )
    response = client.post(f"/p/{token}/studies/{study}/offer", data=BOOK, headers=EN)
    assert response.status_code == 200 and _live(app, person) == [session]


# Fuzz ------------------------------------------------------------------------------------------------------

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
text = st.one_of(
    st.text(max_size=40), st.just("x" * 5000), st.sampled_from(["", "0", "-1", "99999999999", "P-0001"])
)


def _fields(names):
    return st.fixed_dictionaries({}, optional={name: text for name in names})


def test_booking_forms_survive_any_input_without_half_writes(app, client):
    study, [session], person, token = _setup(app, capacity=5)
    with app.app_context():
        booked = bookings.book_session(
            db.session.get(Participant, person), db.session.get(ResearchSession, session)
        )
        db.session.commit()
        booking_id = booked.id

    @FUZZ
    @given(
        _fields(["adjustments", "wants_welsh", "session"]),
        st.sampled_from(["sessions/0", "offer", "reschedule"]),
    )
    def run(data, where):
        before = counts(app)
        path = {
            "sessions/0": f"sessions/{session}",
            "offer": "offer",
            "reschedule": f"bookings/{booking_id}/reschedule",
        }[where]
        response = client.post(f"/p/{token}/studies/{study}/{path}", data=data)
        assert response.status_code < 500
        if response.status_code >= 400:
            assert counts(app) == before
        places_match_bookings(app)

    run()


def test_booking_emails_link_to_the_booking_page_for_the_study(app, client):
    """The change-or-cancel link in a confirmation opens the participant's booking page, not just their profile."""
    with app.app_context():
        person = _person(preferred_language="en")
        session = ResearchSessionFactory(days_ahead=10, capacity=2)
        bookings.book_session(person, session)
        db.session.commit()
        message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "booking_confirmation"))
        body = compose_now(message).body_text
        study_id = session.study_id
    path = re.search(r"To change or cancel your booking: http://profi\.test(\S+)", body).group(1)
    assert path.endswith(f"/studies/{study_id}")
    assert client.get(path).status_code == 200
