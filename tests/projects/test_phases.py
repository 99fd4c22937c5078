"""Phases of a project: shown in service order, one current phase (kept by the database), refused when wrong."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.projects.models import Phase
from tests.factories import PhaseFactory, ProjectFactory


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


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
def test_bad_phase_details_are_refused_in_welsh_and_nothing_is_saved(app, client, as_role, overrides, create):
    as_role("researcher", preferred_language="cy")
    create(ProjectFactory, slug="bad-phase")
    response = client.post("/projects/bad-phase/phases/new", data=_phase_form(**overrides))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Mae problem wedi codi" in html and "Not a valid" not in html
    with app.app_context():
        assert _count(Phase) == 0


def test_a_project_cannot_have_the_same_phase_twice(app, client, as_role, create):
    as_role("researcher")
    create(PhaseFactory, project__slug="twice", kind="alpha")
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
