"""A participant's own page from an emailed link (SEC-4, BK-5, CON-5, WL-2)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.consent import services as consent
from app.consent.models import Purpose
from app.extensions import db
from app.mail.models import OutboxMessage
from app.participants import links
from app.participants.models import Participant
from tests.consent_helpers import publish_test_form
from tests.factories import ParticipantFactory

YES_TO_ALL = {purpose.value: "yes" for purpose in Purpose}


def _participant(app, **kwargs) -> tuple[Participant, str]:
    with app.app_context():
        participant = ParticipantFactory(**kwargs)
        token = links.issue_token(participant)
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
        publish_test_form()
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
        publish_test_form()
        db.session.commit()
    client.post(f"/p/{token}/consent", data=YES_TO_ALL)
    assert client.post(f"/p/{token}/withdraw").status_code == 200
    with app.app_context():
        saved = db.session.get(Participant, participant.id)
        assert saved.status == "withdrawn"
        assert consent.consent_state(saved).status == "withdrawn"


def test_opting_out_stops_contact(app, client, as_role):
    participant, token = _participant(app)
    assert client.post(f"/p/{token}/opt-out").status_code == 200
    with app.app_context():
        assert db.session.get(Participant, participant.id).status == "opted_out"
    staff = client.application.test_client()
    from tests.conftest import sign_in
    from tests.factories import StaffUserFactory

    with app.app_context():
        researcher = StaffUserFactory(role="researcher")
        db.session.commit()
    sign_in(staff, researcher)
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


def test_emails_are_in_the_participants_language_or_bilingual_welsh_first(app, client, as_role):
    as_role("researcher")
    people = {}
    for language in ("cy", "en", "unknown"):
        with app.app_context():
            people[language] = ParticipantFactory(preferred_language=language)
            db.session.commit()
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


def test_the_participants_forms_survive_any_input(app, client):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    participant, token = _participant(app)
    with app.app_context():
        publish_test_form()
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


def test_the_researchers_smaller_forms_survive_any_input(app, client, as_role):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    as_role("admin")
    with app.app_context():
        person = ParticipantFactory()
        db.session.commit()
    text = st.one_of(st.text(max_size=40), st.sampled_from(["", "x" * 3000, "0", "-1", "101", "yes", "no"]))
    names = [
        "reason",
        "took_part_on",
        "description",
        "name",
        "filter_query",
        "max_sessions",
        "period_days",
        "cooldown_days",
        "warn_when_remaining",
        "active",
        "kind",
    ]

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        st.fixed_dictionaries(
            {}, optional={name: st.one_of(text, st.lists(text, max_size=3)) for name in names}
        )
    )
    def run(data):
        for path in (
            f"/participants/{person.id}/override",
            f"/participants/{person.id}/participation",
            "/participants/segments",
            "/participants/limits",
            f"/participants/{person.id}/send-link",
        ):
            assert client.post(path, data=data).status_code < 500, path

    run()
