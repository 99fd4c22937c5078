"""A participant's links (app/participants/links.py): a new link ends the old one, links expire, and a link opens
only the pages of its own purpose. The pages a link opens are tested in tests/portal/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.extensions import db
from app.participants import links
from app.participants.models import Participant
from tests.factories import ParticipantFactory


def _participant(app) -> tuple[Participant, str]:
    with app.app_context():
        participant = ParticipantFactory()
        token = links.issue_token(participant)
        db.session.commit()
        return participant, token


def test_an_old_link_stops_working_when_a_new_one_is_sent(app, client):
    participant, old = _participant(app)
    with app.app_context():
        new = links.issue_token(db.session.get(Participant, participant.id))
        db.session.commit()
    assert client.get(f"/p/{old}", headers={"Accept-Language": "en"}).status_code == 400
    assert client.get(f"/p/{new}").status_code == 200


def test_a_link_expires(app, client, monkeypatch):
    participant, _ = _participant(app)
    from itsdangerous.timed import TimestampSigner

    long_ago = int((datetime.now(UTC) - timedelta(days=31)).timestamp())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
    with app.app_context():
        token = links.current_token(db.session.get(Participant, participant.id))
    monkeypatch.undo()
    response = client.get(f"/p/{token}", headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "This link has expired" in response.get_data(as_text=True)


def test_a_link_for_another_purpose_is_refused(app, client):
    participant, _ = _participant(app)
    with app.app_context():
        other_purpose = links.current_token(db.session.get(Participant, participant.id), purpose="booking")
    assert client.get(f"/p/{other_purpose}").status_code == 400
