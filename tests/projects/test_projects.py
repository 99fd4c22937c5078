"""Projects: researchers create and edit them, viewers read, pages speak the reader's language."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.projects.models import Project
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


def test_project_page_speaks_the_readers_language(app, client, as_role, create):
    as_role("viewer", preferred_language="cy")
    create(ProjectFactory, slug="iaith", name_cy="Enw Cymraeg", name_en="English name")
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


def test_a_slug_already_in_use_is_refused(app, client, as_role, create):
    as_role("researcher")
    create(ProjectFactory, slug="e-invoicing")
    response = client.post("/projects/new", data=PROJECT, headers={"Accept-Language": "en"})
    assert "Another project already uses this short name" in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Project) == 1


def test_editing_a_project_records_which_fields_changed(app, client, as_role, create):
    as_role("researcher")
    create(ProjectFactory, slug="edit-me", **{k: v for k, v in PROJECT.items() if k != "slug"})
    response = client.post("/projects/edit-me/edit", data={**PROJECT, "slug": "edited", "name_en": "Renamed"})
    assert response.headers["Location"] == "/projects/edited"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "project.updated"))
        assert event.details == {"fields": ["name_en", "slug"]}


def test_viewer_reads_but_cannot_edit(app, client, as_role, create):
    as_role("viewer")
    create(ProjectFactory, slug="read-only")
    page = client.get("/projects/read-only", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Edit project details" not in page and "Add a phase" not in page
    assert client.get("/projects/read-only/edit").status_code == 403
    assert client.post("/projects/new", data=PROJECT).status_code == 403
    with app.app_context():
        assert _count(Project) == 1


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
