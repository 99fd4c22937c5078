"""A participant's links (app/participants/links.py): sending another link ends none (SEC-4), staff revoke them
deliberately and audited, each purpose expires on its own clock, and a link opens only the pages of its own
purpose. The pages a link opens are tested in tests/portal/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.participants import links
from app.participants.models import Participant
from tests.factories import ParticipantFactory


def _participant(app) -> tuple[Participant, str]:
    with app.app_context():
        participant = ParticipantFactory()
        token = links.current_token(participant)
        db.session.commit()
        return participant, token


def test_sending_another_link_or_a_consent_request_ends_none_of_the_links_they_hold(app, client, as_role):
    participant, page = _participant(app)
    with app.app_context():
        booking = links.current_token(db.session.get(Participant, participant.id), links.BOOKING)
    as_role("researcher")
    for kind in ("participant_link", "consent_request"):
        response = client.post(f"/participants/{participant.id}/send-link", data={"kind": kind})
        assert response.status_code == 302
    client.post("/sign-out")
    client.post("/my-link", data={"email": participant.email})
    assert client.get(f"/p/{page}").status_code == 200
    assert (
        client.get(f"/p/{booking}/studies/1").status_code != 400
    )  # the link is read (the study may not exist)


def test_staff_revoke_every_link_deliberately_and_the_audit_log_says_why(app, client, as_role, audit_events):
    participant, page = _participant(app)
    with app.app_context():
        booking = links.current_token(db.session.get(Participant, participant.id), links.BOOKING)
    as_role("researcher", preferred_language="en")
    refused = client.post(f"/participants/{participant.id}/revoke-links", data={"reason": ""})
    assert refused.status_code == 400 and "Enter why their links should stop working" in refused.get_data(
        True
    )
    assert client.get(f"/p/{page}").status_code == 200  # a refused form changes nothing
    done = client.post(
        f"/participants/{participant.id}/revoke-links", data={"reason": "Sent to the wrong address"}
    )
    assert done.status_code == 302
    assert client.get(f"/p/{page}", headers={"Accept-Language": "en"}).status_code == 400
    assert client.get(f"/p/{booking}/studies/1", headers={"Accept-Language": "en"}).status_code == 400
    [event] = audit_events("participant.links_revoked")
    assert event.details == {"reason": "Sent to the wrong address"} and event.target_id == participant.code


def test_a_booking_link_outlives_a_page_link_made_at_the_same_moment(app, client, monkeypatch):
    participant, _ = _participant(app)
    from itsdangerous.timed import TimestampSigner

    forty_days_ago = int((datetime.now(UTC) - timedelta(days=40)).timestamp())
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: forty_days_ago)
    with app.app_context():
        person = db.session.get(Participant, participant.id)
        page, booking = links.current_token(person), links.current_token(person, links.BOOKING)
    monkeypatch.undo()
    with app.app_context():
        assert links.participant_for(booking, links.BOOKING).id == participant.id
        with pytest.raises(links.LinkExpired):
            links.participant_for(page, links.PAGE)


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
