"""The project dashboard (issue 10, item 7): the figures on a small project, an empty one, what a viewer never
sees, and the same number of queries however many findings there are."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.factories import (
    BookingFactory,
    FindingFactory,
    ObservationFactory,
    PhaseFactory,
    ProjectFactory,
    RecommendationFactory,
    ResearchSessionFactory,
    StudyFactory,
)
from tests.findings.dashboard_pages import columns, page, people, section, small_project, table
from tests.queries import queries_for_page

FEWER, HIDDEN = "fewer than 3", "not shown"


@pytest.fixture
def project(app):
    with app.app_context():
        made = small_project()
        db.session.commit()
        return made


def test_sessions_in_each_phase_come_from_the_bookings(client, as_role, project):
    as_role("viewer")
    text = page(client, "dash")
    assert columns(text, "sessions") == ["Attended", "No-shows"]
    assert table(text, "sessions") == {"Discovery": ("3", "1"), "Alpha": ("1", "0"), "Beta": ("0", "0")}
    assert columns(text, "welsh_medium") == ["Sessions held", "Welsh-medium"]
    # The cancelled session and the one still to come were not held; bilingual counts as Welsh-medium (WL-5).
    assert table(text, "welsh_medium") == {"Discovery": ("4", "3"), "Alpha": ("1", "0"), "Beta": ("0", "0")}


def test_findings_and_recommendations_are_counted_by_severity_and_status(client, as_role, project):
    as_role("viewer")
    text = page(client, "dash")
    assert table(text, "severity") == {
        "Critical": ("1",),
        "Serious": ("2",),
        "Moderate": ("0",),
        "Minor": ("1",),
        "Not graded": ("2",),
    }
    assert table(text, "finding_status") == {
        "New": ("2",),
        "Agreed": ("2",),
        "In progress": ("1",),
        "Fixed": ("1",),
        "Retested – resolved": ("0",),
        "Retested – persisting": ("0",),
        "Won’t fix": ("0",),
    }
    assert table(text, "recommendation_status") == {
        "Proposed": ("2",),
        "Agreed": ("1",),
        "In progress": ("0",),
        "Done": ("1",),
        "Not doing": ("0",),
    }
    assert "No findings have been written yet." not in text


def test_participants_are_those_who_took_part_and_small_counts_are_protected(client, as_role, project):
    """4 + 3 + 1 people took part (the no-shows and the person still to come did not). Below 3 is "fewer than
    3", zeros beside it too, and the first category of 3 or more is not shown, so the 1 cannot be worked out
    from the total; a breakdown with nothing below 3 is shown as it is."""
    as_role("viewer")
    text = page(client, "dash")
    assert (
        "People who took part in this project (attended a session or have an observation logged): 8." in text
    )
    organisations = table(text, "organisation_type")
    assert organisations["Local authority"] == (HIDDEN,)
    assert organisations["Health board or NHS trust"] == ("3",)
    assert {
        value
        for label, value in organisations.items()
        if label not in ("Local authority", "Health board or NHS trust")
    } == {(FEWER,)}
    assert table(text, "region") == {
        "North Wales": ("5",),
        "Mid Wales": ("0",),
        "South West Wales": ("0",),
        "South East Wales": ("3",),
        "Outside Wales": ("0",),
    }
    assert table(text, "preferred_language") == {
        "Welsh": (HIDDEN,),
        "English": ("3",),
        "Not yet known": (FEWER,),
    }
    shown_words = re.findall(
        r">([^<]*)<", section(text, "organisation_type") + section(text, "preferred_language")
    )
    assert not [words for words in shown_words if "%" in words]  # no percentages beside suppressed rows


def test_a_breakdown_that_could_identify_someone_is_withheld(client, as_role, create, app):
    """Four people: three in local authorities and one at a university. Whatever else were shown, the total
    minus the 3 would leave 1."""
    with app.app_context():
        study = StudyFactory(phase=PhaseFactory(project=ProjectFactory(slug="four")))
        session = ResearchSessionFactory(study=study, past=True, workshop=True)
        for person in people([(3, "local_authority", "north", "cy"), (1, "education", "north", "cy")]):
            BookingFactory(research_session=session, participant=person, attended=True)
        db.session.commit()
    as_role("viewer")
    text = page(client, "four")
    organisations = section(text, "organisation_type")
    assert "Not shown: so few people took part that this breakdown could identify someone." in organisations
    assert "<svg" not in organisations and "<table" not in organisations
    assert table(text, "region")["North Wales"] == ("4",)  # everyone in one region tells nothing new


@pytest.mark.parametrize("took_part", [1, 2])
def test_one_or_two_people_are_fewer_than_3_everywhere(client, as_role, app, took_part):
    with app.app_context():
        session = ResearchSessionFactory(
            study=StudyFactory(phase=PhaseFactory(project=ProjectFactory(slug="few"))),
            past=True,
            workshop=True,
        )
        for person in people([(took_part, "health", "mid", "en")]):
            BookingFactory(research_session=session, participant=person, attended=True)
        db.session.commit()
    as_role("viewer")
    text = page(client, "few")
    assert "(attended a session or have an observation logged): fewer than 3." in text
    for name in ("organisation_type", "region", "preferred_language"):
        assert "<table" not in section(text, name) and "Not shown" in section(text, name)


def test_an_empty_project_has_a_dashboard_that_says_so(client, as_role, app):
    with app.app_context():
        ProjectFactory(slug="empty")
        PhaseFactory(project=ProjectFactory(slug="planned"), kind="beta")
        db.session.commit()
    as_role("viewer")
    text = page(client, "empty")
    assert "This project has no phases yet, so no sessions." in text
    assert "Nobody has taken part in this project’s research yet." in text
    assert "No findings have been written yet." in text and "No recommendations have been made yet." in text
    assert table(text, "severity")["Critical"] == ("0",)
    text = page(client, "planned")
    assert table(text, "sessions") == {"Beta": ("0", "0")}
    assert 'id="organisation_type"' not in text  # nobody to break down


def test_viewers_see_counts_but_never_names_contact_details_adjustments_or_codes(client, as_role, project):
    as_role("viewer")
    text = page(client, "dash")
    assert "Cyfranogwr" not in text and "@example.org" not in text
    assert "Capsiynau" not in text and "Cyngor Sir Ynys Môn" not in text and "P-0" not in text


@pytest.mark.parametrize("role", ["viewer", "researcher", "admin"])
def test_every_member_of_staff_may_read_the_dashboard(client, as_role, project, role):
    as_role(role)
    assert client.get("/projects/dash/dashboard").status_code == 200
    assert client.get("/projects/nothing-here/dashboard").status_code == 404


def test_signed_out_readers_are_sent_to_sign_in(client, project):
    assert "/sign-in" in client.get("/projects/dash/dashboard").headers["Location"]


def test_the_project_page_leads_to_its_dashboard(client, as_role, project):
    as_role("viewer")
    text = client.get("/projects/dash", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'href="/projects/dash/dashboard"' in text


def test_the_dashboard_runs_as_many_queries_for_1000_findings_as_for_10(client, as_role, app, project):
    as_role("viewer")
    with app.app_context():
        discovery = db.session.get(type(project), project.id).ordered_phases[0]
        FindingFactory.create_batch(4, phase=discovery)
        db.session.commit()
    few = queries_for_page(app, client, "/projects/dash/dashboard")
    with app.app_context():
        discovery = db.session.get(type(project), project.id).ordered_phases[0]
        for finding in FindingFactory.create_batch(990, phase=discovery, severity=2, status="in_progress"):
            RecommendationFactory(finding=finding)
        study = StudyFactory(phase=discovery)
        for person in people([(30, "housing", "mid", "cy")]):
            ObservationFactory(
                research_session=ResearchSessionFactory(study=study, past=True), participant=person
            )
        db.session.commit()
    assert queries_for_page(app, client, "/projects/dash/dashboard") == few
    text = page(client, "dash")
    assert table(text, "severity")["Moderate"] == ("990",)
    assert table(text, "organisation_type")["Housing association"] == ("30",)
