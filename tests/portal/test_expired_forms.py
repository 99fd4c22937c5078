"""An expired form sends a participant back to the same page with what they typed kept (issue 8, item 13): not a
page whose only link is the staff sign-in, and nothing is saved until they send it again."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.participants import links
from app.participants.models import Participant
from tests.conftest import migrated_app
from tests.factories import ParticipantFactory


@pytest.fixture
def csrf_app():
    application = migrated_app("expired_forms", WTF_CSRF_ENABLED=True)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


def test_an_expired_details_form_comes_back_with_what_they_typed_and_saves_nothing(csrf_app):
    with csrf_app.app_context():
        person = ParticipantFactory(consented=True, preferred_language="en", full_name="Elin Jones")
        db.session.commit()
        token, person_id = links.current_token(person), person.id
    client = csrf_app.test_client()
    data = {"full_name": "Elin Wyn Jones", "email": "elin@example.org", "csrf_token": "an-expired-token"}
    response = client.post(f"/p/{token}/details", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This page was open for a long time, so nothing was saved." in page
    assert 'value="Elin Wyn Jones"' in page  # what they typed is kept
    assert "/sign-in" not in page.split("<main", 1)[1]  # not sent to the staff sign-in
    with csrf_app.app_context():
        assert db.session.get(Participant, person_id).full_name == "Elin Jones"
