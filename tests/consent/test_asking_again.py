"""A new consent form version (issue 8, item 15; CON-6): the publish page says how many people it affects; an
admin asks them all again (one email each, in their language, audited, never twice); session rosters flag
consent that is out of date."""

from __future__ import annotations

from sqlalchemy import select

from app.booking import bookings
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.factories import ConsentFormFactory, ParticipantFactory, ResearchSessionFactory


def _requests() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "consent_request")))


def test_the_publish_page_says_how_many_people_a_new_version_affects(app, client, as_role):
    with app.app_context():
        for _ in range(3):
            ParticipantFactory(consented=True)
        draft = ConsentFormFactory(draft=True)
        db.session.commit()
        draft_id = draft.id
    as_role("admin", preferred_language="en")
    page = client.get(f"/consent/forms/{draft_id}/publish").get_data(as_text=True)
    assert "Publishing it affects 3 participants" in page


def test_an_admin_asks_everyone_out_of_date_once_each_in_their_language(app, client, as_role, audit_events):
    with app.app_context():
        welsh = ParticipantFactory(consented=True, preferred_language="cy")
        english = ParticipantFactory(consented=True, preferred_language="en")
        ParticipantFactory(consented=True, status="opted_out")
        ConsentFormFactory()  # a new version: their consent is now out of date
        db.session.commit()
        ids = {welsh.id: "cy", english.id: "en"}
    as_role("admin", preferred_language="en")
    page = client.get("/consent/forms").get_data(as_text=True)
    assert "Ask them all to consent again" in page
    assert client.post("/consent/ask-again").status_code == 302
    assert client.post("/consent/ask-again").status_code == 302  # a second click asks nobody twice
    with app.app_context():
        sent = _requests()
        assert {m.participant_id: m.language for m in sent} == ids and len(sent) == 2
    assert [e.details["asked"] for e in audit_events("consent.reconsent_requested")] == [2, 0]


def test_a_session_roster_flags_consent_that_is_out_of_date(app, client, as_role):
    with app.app_context():
        session = ResearchSessionFactory(days_ahead=5, capacity=2)
        bookings.book_session(ParticipantFactory(consented=True), session)
        ConsentFormFactory()
        db.session.commit()
        path = f"/studies/{session.study_id}/sessions/{session.id}"
    as_role("researcher", preferred_language="en")
    assert "Consent out of date" in client.get(path).get_data(as_text=True)
