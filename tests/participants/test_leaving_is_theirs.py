"""An opt-out or withdrawal a participant made can be undone only by them, or by staff recording their own
request with a reason, audited (issue 9, item 4): a researcher cannot set them back to active and invite them."""

from __future__ import annotations

import pytest

from app.booking.models import Invitation
from app.extensions import db
from app.participants import links
from app.participants.models import Participant
from tests.booking import invitation_steps as steps
from tests.factories import ParticipantFactory, StudyFactory
from tests.participants.test_views import VALID


def _left_by_themselves(app, client, how: str) -> tuple[int, str]:
    """A consenting participant who opted out or withdrew from their own page."""
    with app.app_context():
        person = ParticipantFactory(consented=True, preferred_language="en", email="gwenllian@example.org")
        db.session.commit()
        person_id, token = person.id, links.current_token(person)
    assert client.post(f"/p/{token}/{how}").status_code == 200
    with app.app_context():
        found = db.session.get(Participant, person_id)
        assert found.status == ("opted_out" if how == "opt-out" else "withdrawn")
        return person_id, found.status


def _edit(client, person_id: int, language: str = "en", **fields):
    return client.post(
        f"/participants/{person_id}/edit",
        data={**VALID, "notes": "Changed", **fields},
        headers={"Accept-Language": language},
    )


def _status(app, person_id: int) -> tuple[str, str, str]:
    with app.app_context():
        found = db.session.get(Participant, person_id)
        return found.status, found.status_set_by, found.notes


@pytest.mark.parametrize("how", ["opt-out", "withdraw"])
def test_a_researcher_cannot_bring_back_someone_who_left_themselves(app, client, as_role, how):
    person_id, left = _left_by_themselves(app, client, how)
    as_role("researcher", preferred_language="en")
    refused = _edit(client, person_id, status="active")
    assert refused.status_code == 200 and "only they can rejoin" in refused.get_data(as_text=True)
    assert _status(app, person_id)[0] == left and _status(app, person_id)[2] != "Changed"  # nothing saved
    assert _edit(client, person_id, status="active", own_request="y").status_code == 200  # no reason: refused
    assert _status(app, person_id)[0] == left


def test_the_refusal_is_in_welsh_for_a_welsh_reader(app, client, as_role):
    person_id, _ = _left_by_themselves(app, client, "opt-out")
    as_role("researcher", preferred_language="cy")
    refused = _edit(client, person_id, language="cy", status="active")
    assert "felly dim ond nhw sy’n gallu ailymuno" in refused.get_data(as_text=True)


def test_staff_record_the_participants_own_request_with_a_reason_and_it_is_audited(
    app, client, as_role, audit_events
):
    person_id, _ = _left_by_themselves(app, client, "opt-out")
    as_role("researcher")
    saved = _edit(
        client, person_id, status="active", own_request="y", status_reason="Phoned on 3 December to rejoin."
    )
    assert saved.status_code == 302
    assert _status(app, person_id)[:2] == ("active", "participant")
    [event] = [e for e in audit_events("participant.updated") if "status" in e.details["fields"]]
    assert (
        event.details["own_request"] is True and event.details["reason"] == "Phoned on 3 December to rejoin."
    )


def test_a_status_staff_set_themselves_can_be_changed_back_without_a_request(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        person = ParticipantFactory(email="gwenllian@example.org")
        db.session.commit()
        person_id = person.id
    assert _edit(client, person_id, status="opted_out").status_code == 302
    assert _status(app, person_id)[:2] == ("opted_out", "staff")
    assert _edit(client, person_id, status="active").status_code == 302
    assert _status(app, person_id)[0] == "active"


def test_someone_who_left_themselves_cannot_be_invited(app, client, as_role):
    person_id, _ = _left_by_themselves(app, client, "opt-out")
    as_role("researcher")
    _edit(client, person_id, status="active")  # refused
    with app.app_context():
        study = StudyFactory()
        willing = ParticipantFactory(consented=True)
        db.session.commit()
        codes = f"{db.session.get(Participant, person_id).code} {willing.code}"
        willing_id = willing.id
    steps.invite(client, study.id, [codes])  # check, then send what was checked
    with app.app_context():
        invited = {i.participant_id for i in db.session.query(Invitation).filter_by(study_id=study.id)}
    assert invited == {willing_id}
