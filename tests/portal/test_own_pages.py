"""A participant's own pages from an emailed link (app/portal/views/own.py; SEC-4, BK-5, CON-5, WL-2): their page,
details, consent, withdraw, opt-out, and asking for their link. What a link is and how long it lasts:
tests/participants/test_links.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.consent import services as consent
from app.consent.models import Purpose
from app.extensions import db
from app.mail.models import OutboxMessage
from app.participants import links
from app.participants.models import Participant
from tests.conftest import sign_in
from tests.factories import ConsentFormFactory, ParticipantFactory, StaffUserFactory

YES_TO_ALL = {purpose.value: "yes" for purpose in Purpose}


def _participant(app, **kwargs) -> tuple[Participant, str]:
    with app.app_context():
        participant = ParticipantFactory(**kwargs)
        token = links.current_token(participant)
        db.session.commit()
        return participant, token


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _emails(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_opening_a_link_changes_nothing(app, client):
    participant, token = _participant(app, preferred_language="en")
    with app.app_context():
        before = (_count(AuditEvent), db.session.get(Participant, participant.id).updated_at)
    for path in ("", "/details", "/consent", "/withdraw", "/opt-out"):
        assert client.get(f"/p/{token}{path}").status_code == 200, path
    with app.app_context():
        after = (_count(AuditEvent), db.session.get(Participant, participant.id).updated_at)
        assert db.session.get(Participant, participant.id).status == "active"
    assert before == after


def test_a_link_shows_only_its_own_participant(app, client):
    mine, token = _participant(app, full_name="Llŷr Evans", email="llyr@example.org")
    theirs, _ = _participant(app, full_name="Siân Roberts", email="sian@example.org")
    html = client.get(f"/p/{token}").get_data(as_text=True)
    assert "Llŷr Evans" in html and "llyr@example.org" in html
    assert "Siân Roberts" not in html and "sian@example.org" not in html


def test_the_page_speaks_the_participants_language_first(app, client):
    _, token = _participant(app, preferred_language="cy")
    html = client.get(f"/p/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="cy"' in html
    switched = client.get(f"/language/en?next=/p/{token}", follow_redirects=True).get_data(as_text=True)
    assert '<html lang="en"' in switched and "What we hold about you" in switched


def test_a_tampered_link_gets_a_friendly_page_with_a_way_to_ask_again(app, client):
    _, token = _participant(app)
    response = client.get(f"/p/{token[:-2]}xx", headers={"Accept-Language": "en"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "This link does not work" in html and "/my-link" in html


def test_correcting_details_saves_them_and_is_audited_by_field_name_only(app, client):
    participant, token = _participant(app, full_name="Elin Jones", preferred_language="en")
    form = client.get(f"/p/{token}/details")
    assert form.status_code == 200
    data = {
        "full_name": "Elin Wyn Jones",
        "email": participant.email,
        "organisation": "Cyngor Gwynedd",
        "organisation_type": "local_authority",
        "region": "north",
        "seniority": "manager",
        "preferred_language": "cy",
        "welsh_willingness": "yes",
        "adjustments": "Captions, please",
    }
    assert client.post(f"/p/{token}/details", data=data).status_code == 302
    with app.app_context():
        saved = db.session.get(Participant, participant.id)
        assert (saved.full_name, saved.preferred_language, saved.adjustments) == (
            "Elin Wyn Jones",
            "cy",
            "Captions, please",
        )
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "participant.updated"))
        assert "Elin Wyn Jones" not in str(event.details) and "full_name" in event.details["fields"]


def test_changing_email_sends_a_new_link_there_and_ends_the_old_one(app, client):
    participant, token = _participant(app, preferred_language="en")
    data = {
        "full_name": participant.full_name,
        "email": "new.address@example.org",
        "organisation": "Adra",
        "organisation_type": "housing",
        "region": "north",
        "seniority": "practitioner",
        "preferred_language": "en",
        "welsh_willingness": "no",
    }
    response = client.post(f"/p/{token}/details", data=data)
    assert response.status_code == 200 and "new.address@example.org" in response.get_data(as_text=True)
    assert client.get(f"/p/{token}").status_code == 400
    [email] = _emails(app)
    assert email.to_address == "new.address@example.org"
    new_link = re.search(r"http://profi\.test(/p/[^\s]+)", email.body_text).group(1)
    assert client.get(new_link).status_code == 200


def test_giving_consent_needs_every_answer_and_records_it_online(app, client):
    participant, token = _participant(app, preferred_language="cy")
    with app.app_context():
        ConsentFormFactory()
        db.session.commit()
    page = client.get(f"/p/{token}/consent").get_data(as_text=True)
    assert "checked" not in page
    partial = client.post(f"/p/{token}/consent", data={"take_part": "yes"})
    assert partial.status_code == 200 and "Mae problem wedi codi" in partial.get_data(as_text=True)
    with app.app_context():
        assert consent.consent_state(db.session.get(Participant, participant.id)).status == "none"
    assert client.post(f"/p/{token}/consent", data={**YES_TO_ALL, "audio": "no"}).status_code == 302
    with app.app_context():
        state = consent.consent_state(db.session.get(Participant, participant.id))
        assert state.status == "given" and state.record.method == "online" and state.record.language == "cy"
        assert state.agreed_to("video") and not state.agreed_to("audio")


def test_withdrawing_takes_effect_at_once(app, client):
    participant, token = _participant(app)
    with app.app_context():
        ConsentFormFactory()
        db.session.commit()
    client.post(f"/p/{token}/consent", data=YES_TO_ALL)
    assert client.post(f"/p/{token}/withdraw").status_code == 200
    with app.app_context():
        saved = db.session.get(Participant, participant.id)
        assert saved.status == "withdrawn"
        assert consent.consent_state(saved).status == "withdrawn"


def test_opting_out_stops_contact(app, client, create):
    participant, token = _participant(app)
    assert client.post(f"/p/{token}/opt-out").status_code == 200
    with app.app_context():
        assert db.session.get(Participant, participant.id).status == "opted_out"
    staff = app.test_client()
    sign_in(staff, create(StaffUserFactory, role="researcher"))
    staff.post(f"/participants/{participant.id}/send-link", data={"kind": "consent_request"})
    assert _emails(app) == []


@pytest.mark.parametrize("known", [True, False])
def test_asking_for_a_link_answers_the_same_whether_or_not_the_address_is_known(app, client, known):
    if known:
        _participant(app, email="known@example.org")
    response = client.post(
        "/my-link",
        data={"email": "known@example.org" if known else "nobody@example.org"},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    assert len(_emails(app)) == (1 if known else 0)


def test_asking_for_links_is_rate_limited(app, client):
    _participant(app, email="often@example.org")
    limit = app.config["LINK_REQUESTS_PER_HOUR"]
    for _ in range(limit + 3):
        assert client.post("/my-link", data={"email": "often@example.org"}).status_code == 200
    assert len(_emails(app)) == limit
    with app.app_context():
        logged = db.session.scalars(
            select(AuditEvent.subject).where(AuditEvent.action == "portal.link_requested")
        )
        assert all("@" not in subject for subject in logged)


def test_the_participants_forms_survive_any_input(app, client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    participant, token = _participant(app)
    with app.app_context():
        ConsentFormFactory()
        db.session.commit()
    text = st.one_of(st.text(max_size=40), st.sampled_from(["", "x" * 3000, "yes", "no", "cy", "=1", "Llŷr"]))
    fields = [
        "full_name",
        "email",
        "phone",
        "organisation",
        "organisation_type",
        "region",
        "job_role",
        "seniority",
        "years_in_procurement",
        "preferred_language",
        "welsh_willingness",
        "adjustments",
        *[purpose.value for purpose in Purpose],
    ]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.fixed_dictionaries(
            {}, optional={name: st.one_of(text, st.lists(text, max_size=3)) for name in fields}
        )
    )
    def run(data):
        for path in (f"/p/{token}/details", f"/p/{token}/consent", "/my-link"):
            response = client.post(path, data=data)
            assert response.status_code < 500, path

    run()


def test_the_own_details_service_refuses_to_change_what_researchers_keep(app_ctx):
    from app.portal import services as portal

    person = ParticipantFactory(consented=True)
    for field in ("status", "notes", "recruited_via"):
        with pytest.raises(ValueError):
            portal.update_own_details(person, {field: "x"})
