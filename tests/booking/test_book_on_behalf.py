"""Booking on someone's behalf (issue 8, item 16): find them by name, email address or code; when their consent
is missing, a link records it on their behalf and comes back to the booking."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.booking.models import Booking
from app.consent.models import Purpose
from app.extensions import db
from tests.factories import ConsentFormFactory, ParticipantFactory, ResearchSessionFactory


def _study_and_people(app):
    with app.app_context():
        session = ResearchSessionFactory(days_ahead=5, capacity=3)
        llyr = ParticipantFactory(consented=True, full_name="Llŷr Gruffydd", email="llyr@example.org")
        ParticipantFactory(consented=True, full_name="Elin Jones")
        ParticipantFactory(consented=True, full_name="Elin Roberts")
        db.session.commit()
        return session.study_id, session.id, llyr


def _form(session_id: int, who: str) -> dict[str, str]:
    return {"code": who, "session": str(session_id), "via": "phone", "wants_welsh": "yes"}


@pytest.mark.parametrize("who", ["llyr gruffydd", "LLYR@example.org", "Llŷr", "code"])
def test_they_are_found_by_name_email_or_code(app, client, as_role, who):
    study, session, llyr = _study_and_people(app)
    as_role("researcher", preferred_language="en")
    typed = llyr.code.lower() if who == "code" else who
    response = client.post(f"/studies/{study}/book-for", data=_form(session, typed))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Booking.participant_id)) == llyr.id


def test_a_name_that_matches_several_people_asks_for_a_code(app, client, as_role):
    study, session, _llyr = _study_and_people(app)
    as_role("researcher", preferred_language="en")
    page = client.post(f"/studies/{study}/book-for", data=_form(session, "Elin")).get_data(as_text=True)
    assert "More than one person matches. Use one of their codes" in page
    page = client.post(f"/studies/{study}/book-for", data=_form(session, "Nobody Atall")).get_data(
        as_text=True
    )
    assert "Nobody on the testing team has this code, email address or name." in page


def test_missing_consent_links_to_recording_it_and_back_to_the_booking(app, client, as_role):
    with app.app_context():
        session = ResearchSessionFactory(days_ahead=5, capacity=3)
        ConsentFormFactory()
        person = ParticipantFactory(full_name="Heb Gydsyniad")
        db.session.commit()
        study_id, session_id, person_id, code = session.study_id, session.id, person.id, person.code
    as_role("researcher", preferred_language="en")
    page = client.post(f"/studies/{study_id}/book-for", data=_form(session_id, code)).get_data(as_text=True)
    link = unescape(re.search(r'href="([^"]+/consent/record\?next=[^"]+)"', page).group(1))
    answers = {f"answer_{p.value}": "yes" for p in Purpose}
    recorded = client.post(link, data={**answers, "method": "phone", "language": "en", "note": ""})
    assert recorded.status_code == 302, recorded.get_data(as_text=True)[:2000]
    assert recorded.headers["Location"].endswith(f"/studies/{study_id}/book-for")
    assert client.post(f"/studies/{study_id}/book-for", data=_form(session_id, code)).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Booking.participant_id)) == person_id
