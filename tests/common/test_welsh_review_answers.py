"""Rows 7, 8, 11, 24 and 25 of the fluent speaker's review of the Welsh interface (shared/reviews/welsh.md):
answers that echo the question's verb, one message per unanswered question, the week's heading, no repeated
"Published", and no brackets inside brackets."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from flask_babel import force_locale

from app.consent.models import Purpose
from app.extensions import db
from app.models_base import utcnow
from app.participants import links
from app.studies.formatting import session_label
from tests.factories import (
    ConsentFormFactory,
    InvitationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StudyFactory,
)

CY = {"Accept-Language": "cy"}


def _labels(html: str, name: str) -> list[str]:
    """The visible labels of the radios called `name`, in order."""
    ids = re.findall(rf'<input class="govuk-radios__input" id="([^"]+)" name="{name}"', html)
    return [
        unescape(re.search(rf'<label[^>]*for="{i}">\s*(.*?)\s*</label>', html, re.S).group(1)) for i in ids
    ]


def _error_summary(html: str) -> list[str]:
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', html, re.S).group(1)
    return [unescape(text.strip()) for text in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)]


def test_consent_answers_echo_the_verb_and_each_unanswered_question_has_its_own_message(app, client):
    with app.app_context():
        ConsentFormFactory()
        person = ParticipantFactory(preferred_language="cy")
        token = links.current_token(person)
        db.session.commit()
    page = client.get(f"/p/{token}/consent").get_data(as_text=True)
    assert _labels(page, "take_part") == ["Ydw", "Nac ydw"]
    errors = _error_summary(client.post(f"/p/{token}/consent", data={}).get_data(as_text=True))
    assert len(errors) == len(Purpose) == len(set(errors))
    assert "Dewiswch a ydych yn cytuno i ni wneud recordiad sain" in errors
    assert "Atebwch ie neu na" not in errors


def test_welsh_in_booking_is_asked_as_would_you_like_and_as_do_they_want(app, client, as_role):
    with app.app_context():
        study = StudyFactory()
        session = ResearchSessionFactory(
            study=study, starts_at=(utcnow() + timedelta(days=7)).replace(microsecond=0)
        )
        person = ParticipantFactory(consented=True, consent__language="cy", preferred_language="cy")
        InvitationFactory(study=study, participant=person)
        token = links.current_token(person, links.BOOKING)
        ids = study.id, session.id
        db.session.commit()
    confirm = client.get(f"/p/{token}/studies/{ids[0]}/sessions/{ids[1]}").get_data(as_text=True)
    assert _labels(confirm, "wants_welsh") == ["Hoffwn", "Na hoffwn"]
    refused = client.post(f"/p/{token}/studies/{ids[0]}/sessions/{ids[1]}", data={})
    assert "Dewiswch a hoffech gymryd rhan yn Gymraeg" in _error_summary(refused.get_data(as_text=True))
    as_role("researcher", preferred_language="cy")  # the same client, now signed in as staff
    book_for = client.get(f"/studies/{ids[0]}/book-for", headers=CY).get_data(as_text=True)
    assert _labels(book_for, "wants_welsh") == ["Ydyn", "Nac ydyn"]


def test_the_week_heading_reads_as_welsh(client, as_role):
    as_role("researcher", preferred_language="cy")
    html = client.get("/calendar/week?week=2026-11-30", headers=CY).get_data(as_text=True)
    assert "Yr wythnos yn dechrau ddydd Llun 30 Tachwedd 2026" in html
    assert "Wythnos Dydd" not in html


def test_a_published_versions_preview_says_published_once(app, client, as_role):
    as_role("admin", preferred_language="cy")
    with app.app_context():
        form_id = ConsentFormFactory().id
        db.session.commit()
    html = client.get(f"/consent/forms/{form_id}", headers=CY).get_data(as_text=True)
    assert "Cyhoeddwyd ar" in html and "Wedi’i chyhoeddi" not in html


def test_a_session_label_has_no_brackets_inside_brackets(app_ctx):
    session = ResearchSessionFactory(language="bilingual")
    for code in ("cy", "en"):
        with force_locale(code):
            label = session_label(session)
        assert "((" not in label and "))" not in label and " – " in label, label
