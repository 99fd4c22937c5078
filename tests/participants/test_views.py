"""The register's pages: adding people (Welsh letters, bad details, duplicates), pages of results, saved segments,
query counts, and generated input for its forms."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.participants.models import Participant, Segment
from tests.factories import ParticipantFactory
from tests.queries import queries_for_page

VALID = {
    "full_name": "Gwenllïan Huws",
    "email": "gwenllian@example.org",
    "phone": "01248 123456",
    "organisation": "Grŵp Llandrillo Menai",
    "organisation_type": "education",
    "region": "north",
    "job_role": "Category manager",
    "seniority": "manager",
    "years_in_procurement": "12",
    "preferred_language": "cy",
    "welsh_willingness": "yes",
    "recruited_via": "event",
    "status": "active",
    "notes": "Met at the Cyd conference",
}


def test_researcher_adds_a_participant_with_welsh_letters(app, client, as_role):
    as_role("researcher")
    response = client.post("/participants/new", data=VALID)
    assert response.status_code == 302
    with app.app_context():
        person = db.session.scalar(select(Participant).where(Participant.email == "gwenllian@example.org"))
        assert person.full_name == "Gwenllïan Huws" and person.organisation == "Grŵp Llandrillo Menai"
        assert person.code.startswith("P-") and person.years_in_procurement == 12
        assert person.adjustments == ""  # researchers cannot set adjustments (DP-3): the field is not offered
        event_row = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "participant.created"))
        assert event_row.target_id == person.code


@pytest.mark.parametrize(
    "change, message",
    [
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"phone": "call me"}, "Enter a phone number"),
        ({"phone": "12"}, "Enter a phone number"),
        ({"full_name": ""}, "Enter their full name"),
        ({"full_name": "x" * 201}, "Enter 200 characters or fewer"),
        ({"organisation_type": "bank"}, "There is a problem"),
        ({"years_in_procurement": "many"}, "Enter a whole number"),
        ({"years_in_procurement": "99"}, "Enter a number of years from 0 to 60"),
    ],
)
def test_bad_participant_details_are_refused_and_nothing_is_saved(app, client, as_role, change, message):
    as_role("researcher")
    response = client.post("/participants/new", data={**VALID, **change}, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_a_duplicate_email_is_refused_whatever_its_case(app, client, as_role, create):
    as_role("researcher")
    create(ParticipantFactory, email="gwenllian@example.org")
    response = client.post(
        "/participants/new",
        data={**VALID, "email": "Gwenllian@Example.org"},
        headers={"Accept-Language": "en"},
    )
    assert "already has this email address" in response.get_data(as_text=True)


def test_register_pages_through_results(app, client, as_role):
    as_role("researcher")
    app.config["PAGE_SIZE"] = 2
    try:
        with app.app_context():
            for name in ("Aled", "Bethan", "Carys", "Dafydd", "Elin"):
                ParticipantFactory(full_name=name)
            db.session.commit()
        first = client.get("/participants?sort=name").get_data(as_text=True)
        third = client.get("/participants?sort=name&page=3").get_data(as_text=True)
    finally:
        app.config["PAGE_SIZE"] = 50
    assert "Aled" in first and "Carys" not in first
    assert "Elin" in third and "Aled" not in third


def test_a_saved_segment_brings_its_filter_back(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ParticipantFactory(full_name="Heledd North", region="north")
        ParticipantFactory(full_name="Owain Mid", region="mid")
        db.session.commit()
    response = client.post("/participants/segments", data={"name": "Gogledd", "filter_query": "region=north"})
    assert response.status_code == 302
    with app.app_context():
        segment = db.session.scalar(select(Segment))
        assert segment.filters == {"region": ["north"]}
    html = client.get(f"/participants?segment={segment.id}").get_data(as_text=True)
    assert "Heledd North" in html and "Owain Mid" not in html
    again = client.post("/participants/segments", data={"name": "gogledd", "filter_query": ""})
    assert again.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Segment)) == 1


def test_the_register_issues_the_same_number_of_queries_for_10_and_1000_participants(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        for _ in range(10):
            ParticipantFactory()
        db.session.commit()
    few = queries_for_page(app, client, "/participants?sort=name")
    with app.app_context():
        for _ in range(990):
            ParticipantFactory()
        db.session.commit()
    assert queries_for_page(app, client, "/participants?sort=name") == few > 0


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


text = st.one_of(st.text(max_size=40), st.sampled_from(["", "x" * 3000, "=1+1", "Llŷr", "-1", "61", "\x7f"]))


def test_participant_and_filter_forms_survive_any_input(app, client, as_role):
    as_role("researcher")

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {}, optional={key: st.one_of(text, st.lists(text, max_size=3)) for key in VALID}
        ),
        st.fixed_dictionaries(
            {},
            optional={
                key: text
                for key in (
                    "q",
                    "region",
                    "status",
                    "min_years",
                    "page",
                    "sort",
                    "segment",
                    "has_adjustments",
                )
            },
        ),
    )
    def run(form, query):
        with app.app_context():
            before = db.session.scalar(select(func.count()).select_from(Participant))
        response = client.post("/participants/new", data=form)
        assert response.status_code < 500
        if response.status_code != 302:
            with app.app_context():
                assert db.session.scalar(select(func.count()).select_from(Participant)) == before
        assert client.get("/participants", query_string=query).status_code < 500

    run()


def test_a_number_of_years_too_long_for_any_column_is_refused_by_the_filter(client, as_role):
    as_role("researcher")
    response = client.get(
        "/participants", query_string={"min_years": "9" * 400}, headers={"Accept-Language": "en"}
    )
    assert response.status_code == 200  # was a server error: WTForms compared it as a float
    assert "Number must be between 0 and 60" in response.get_data(as_text=True)


def test_a_tampered_segment_filter_cannot_inject_headers(client, as_role):
    as_role("researcher")
    response = client.post(
        "/participants/segments", data={"name": "", "filter_query": "region=north\r\nX-Evil: 1"}
    )
    assert response.status_code == 302
    assert "\r" not in response.headers["Location"] and "X-Evil" not in response.headers


def test_the_researchers_smaller_forms_survive_any_input(client, as_role, create):
    as_role("admin")
    person = create(ParticipantFactory)
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
