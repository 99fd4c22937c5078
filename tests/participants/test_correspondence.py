"""Email to a participant (app/participants/correspondence.py), sent from the register's "send a link": in their
language or bilingual with Welsh first, with the Welsh-language welcome and a way to withdraw (WL-2, CON-5)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.mail.models import OutboxMessage
from tests.factories import ParticipantFactory


def _emails(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_emails_are_in_the_participants_language_or_bilingual_welsh_first(app, client, as_role, create):
    as_role("researcher")
    people = {}
    for language in ("cy", "en", "unknown"):
        people[language] = create(ParticipantFactory, preferred_language=language)
        client.post(f"/participants/{people[language].id}/send-link", data={"kind": "consent_request"})
    by_participant = {email.participant_id: email for email in _emails(app)}
    welsh = by_participant[people["cy"].id]
    english = by_participant[people["en"].id]
    both = by_participant[people["unknown"].id]
    assert welsh.language == "cy" and "croesawu gohebiaeth yn Gymraeg" in welsh.body_text
    assert english.language == "en" and "We welcome correspondence in Welsh" in english.body_text
    assert both.language == "cy+en"
    assert both.body_text.index("croesawu gohebiaeth") < both.body_text.index("We welcome")
    for email in (welsh, english, both):
        assert "/withdraw" in email.body_text  # CON-5: a way to withdraw in every email
        assert email.status == "sent" and email.eml_path.endswith(".eml")
        with open(email.eml_path, "rb") as handle:
            assert email.message_id.encode() in handle.read()
