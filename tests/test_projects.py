"""Projects and phases: researchers create and edit, viewers read, phases show in order, one current phase."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEvent
from app.extensions import db
from app.projects.models import Phase, Project
from tests.factories import PhaseFactory, ProjectFactory
from tests.queries import queries_for_page

PROJECT = {
    "name_cy": "Gwasanaeth e-anfonebu",
    "name_en": "E-invoicing service",
    "summary_cy": "Crynodeb â ŵ a ŷ",
    "summary_en": "A summary",
    "slug": "e-invoicing",
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_researcher_creates_a_project_and_it_is_audited(app, client, as_role):
    as_role("researcher")
    response = client.post("/projects/new", data=PROJECT)
    assert response.status_code == 302 and response.headers["Location"] == "/projects/e-invoicing"
    page = client.get("/projects/e-invoicing", headers={"Accept-Language": "en"})
    assert "E-invoicing service" in page.get_data(as_text=True)
    with app.app_context():
        project = db.session.scalar(select(Project).where(Project.slug == "e-invoicing"))
        assert project.summary_cy == "Crynodeb â ŵ a ŷ"
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == "e-invoicing")) == (
            "project.created"
        )


def test_project_page_speaks_the_readers_language(app, client, as_role):
    as_role("viewer", preferred_language="cy")
    with app.app_context():
        ProjectFactory(slug="iaith", name_cy="Enw Cymraeg", name_en="English name")
        db.session.commit()
    html = client.get("/projects/iaith").get_data(as_text=True)
    assert "Enw Cymraeg" in html and "English name" not in html
    client.get("/language/en")
    html = client.get("/projects/iaith").get_data(as_text=True)
    assert "English name" in html and "Enw Cymraeg" not in html


@pytest.mark.parametrize(
    "change",
    [
        {"slug": "Not A Slug"},
        {"slug": "double--hyphen"},
        {"slug": ""},
        {"slug": "x" * 41},
        {"name_cy": ""},
        {"name_en": "   "},
        {"name_en": "x" * 201},
        {"summary_cy": "x" * 4001},
    ],
)
def test_bad_project_details_are_refused_and_nothing_is_saved(app, client, as_role, change):
    as_role("researcher")
    response = client.post("/projects/new", data={**PROJECT, **change}, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert "There is a problem" in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Project) == 0


def test_a_slug_already_in_use_is_refused(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ProjectFactory(slug="e-invoicing")
        db.session.commit()
    response = client.post("/projects/new", data=PROJECT, headers={"Accept-Language": "en"})
    assert "Another project already uses this short name" in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Project) == 1


def test_editing_a_project_records_which_fields_changed(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ProjectFactory(slug="edit-me", **{k: v for k, v in PROJECT.items() if k != "slug"})
        db.session.commit()
    response = client.post("/projects/edit-me/edit", data={**PROJECT, "slug": "edited", "name_en": "Renamed"})
    assert response.headers["Location"] == "/projects/edited"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "project.updated"))
        assert event.details == {"fields": ["name_en", "slug"]}


def test_viewer_reads_but_cannot_edit(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        ProjectFactory(slug="read-only")
        db.session.commit()
    page = client.get("/projects/read-only", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Edit project details" not in page and "Add a phase" not in page
    assert client.get("/projects/read-only/edit").status_code == 403
    assert client.post("/projects/new", data=PROJECT).status_code == 403
    with app.app_context():
        assert _count(Project) == 1


def _phase_form(**overrides) -> dict:
    data = {
        "kind": "alpha",
        "starts_on": ["6", "10", "2025"],
        "ends_on": ["18", "12", "2026"],
        "research_questions_cy": "Cwestiwn un\nCwestiwn dau",
        "research_questions_en": "Question one\nQuestion two",
    }
    data.update(overrides)
    return data


def test_phases_are_shown_in_service_order_with_dates_in_the_readers_language(app, client, as_role):
    as_role("researcher", preferred_language="cy")
    with app.app_context():
        project = ProjectFactory(slug="order")
        PhaseFactory(project=project, kind="beta", starts_on=None, ends_on=None)
        db.session.commit()
    client.post("/projects/order/phases/new", data=_phase_form(kind="alpha", is_current="y"))
    client.post(
        "/projects/order/phases/new",
        data=_phase_form(kind="discovery", starts_on=["5", "1", "2025"], ends_on=["28", "3", "2025"]),
    )
    html = client.get("/projects/order").get_data(as_text=True)
    assert html.index("Darganfod") < html.index("Alffa") < html.index("Beta")
    assert "6 Hydref 2025 i 18 Rhagfyr 2026" in html
    assert "Cwestiwn dau" in html and "Question two" not in html


def test_making_a_phase_current_moves_the_flag(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        project = ProjectFactory(slug="current")
        discovery = PhaseFactory(project=project, kind="discovery", is_current=True)
        db.session.commit()
    client.post("/projects/current/phases/new", data=_phase_form(kind="alpha", is_current="y"))
    with app.app_context():
        current = db.session.scalars(select(Phase.kind).where(Phase.is_current)).all()
        assert current == ["alpha"]
    response = client.post(
        f"/projects/current/phases/{discovery.id}/edit", data=_phase_form(kind="discovery", is_current="y")
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(Phase.kind).where(Phase.is_current)).all() == ["discovery"]


def test_the_database_refuses_two_current_phases(app):
    with app.app_context():
        project = ProjectFactory()
        PhaseFactory(project=project, kind="discovery", is_current=True)
        with pytest.raises(IntegrityError):
            PhaseFactory(project=project, kind="alpha", is_current=True)
        db.session.rollback()


@pytest.mark.parametrize(
    "overrides",
    [
        {"kind": "gamma"},
        {"kind": ""},
        {"starts_on": ["31", "2", "2026"]},
        {"starts_on": ["x", "y", "z"]},
        {"starts_on": ["1"]},
        {"starts_on": ["1", "2", "2026"], "ends_on": ["1", "1", "2026"]},
        {"research_questions_en": "q" * 8001},
    ],
)
def test_bad_phase_details_are_refused_in_welsh_and_nothing_is_saved(app, client, as_role, overrides):
    as_role("researcher", preferred_language="cy")
    with app.app_context():
        ProjectFactory(slug="bad-phase")
        db.session.commit()
    response = client.post("/projects/bad-phase/phases/new", data=_phase_form(**overrides))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mae problem wedi codi" in html and "Not a valid" not in html
    with app.app_context():
        assert _count(Phase) == 0


def test_a_project_cannot_have_the_same_phase_twice(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        PhaseFactory(project=ProjectFactory(slug="twice"), kind="alpha")
        db.session.commit()
    response = client.post(
        "/projects/twice/phases/new", data=_phase_form(kind="alpha"), headers={"Accept-Language": "en"}
    )
    assert "This project already has that phase" in response.get_data(as_text=True)


def test_a_phase_of_another_project_is_not_found(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        theirs = PhaseFactory(project=ProjectFactory(slug="theirs"))
        ProjectFactory(slug="mine")
        db.session.commit()
    assert client.get(f"/projects/mine/phases/{theirs.id}/edit").status_code == 404


def test_project_list_queries_do_not_grow_with_the_number_of_projects(app, client, as_role):
    as_role("viewer")

    with app.app_context():
        for _ in range(2):
            PhaseFactory(project=ProjectFactory(), kind="alpha")
        db.session.commit()
    few = queries_for_page(app, client, "/")
    assert few > 0
    with app.app_context():
        for _ in range(20):
            PhaseFactory(project=ProjectFactory(), kind="alpha")
        db.session.commit()
    assert queries_for_page(app, client, "/") == few
