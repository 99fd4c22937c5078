"""The theme board's pages (issue 10, item 3): every member of staff reads it, only researchers and admins change
it; viewers never see held-back words (CON-7); moving needs no dragging (A11Y-2); the page runs the same number of
queries for 10 and for 200 observations; hostile form values never cause a server error."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.findings import board as board_service
from app.findings.models import Observation, Tag
from tests.factories import (
    ObservationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StudyFactory,
    TagFactory,
)
from tests.queries import queries_for_page

EN = {"Accept-Language": "en"}


@pytest.fixture
def project(app):
    """A project with two themes, one observation under both, one held back (no quotes consent) under one, and
    one untagged in English."""
    with app.app_context():
        study = StudyFactory()
        project = study.phase.project
        forms, navigation = (
            TagFactory(project=project, name="Ffurflenni"),
            TagFactory(project=project, name="Llywio"),
        )
        session = ResearchSessionFactory(study=study)
        both = ObservationFactory(
            research_session=session,
            participant=ParticipantFactory(consented=True),
            text="Mae’r ffurflen yn hir",
        )
        both.tags = [forms, navigation]
        held = ObservationFactory(
            research_session=ResearchSessionFactory(study=study),
            participant=ParticipantFactory(),
            text="SECRET WORDS",
        )
        held.tags = [forms]
        ObservationFactory(
            research_session=ResearchSessionFactory(study=study),
            participant=ParticipantFactory(consented=True),
            text="I could not find it",
            language="en",
        )
        db.session.commit()
        return {
            "slug": project.slug,
            "project_id": project.id,
            "forms": forms.id,
            "navigation": navigation.id,
            "both": both.id,
            "held": held.id,
        }


def board_url(project) -> str:
    return f"/projects/{project['slug']}/themes"


def tag_names(app, observation_id: int) -> list[str]:
    with app.app_context():
        return sorted(tag.name for tag in db.session.get(Observation, observation_id).tags)


def test_a_viewer_reads_the_board_without_held_back_words_or_controls(client, as_role, project):
    as_role("viewer")
    page = client.get(board_url(project), headers=EN).get_data(as_text=True)
    assert "Mae’r ffurflen yn hir" in page and "SECRET WORDS" not in page
    assert "Held back" in page and "no consent to quotes" not in page
    assert (
        '<blockquote class="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-2" lang="cy">' in page
    )
    assert 'lang="en">I could not find it' in page
    assert "<form" not in page.split('id="main-content"')[-1].replace('action="/sign-out"', "")


@pytest.mark.parametrize(
    "path, data",
    [
        ("observations", {"observation": "1", "action": "add", "theme": "1"}),
        ("new", {"new-name": "Newydd"}),
        ("rename", {"rename-theme": "1", "rename-name": "Newydd"}),
        ("merge", {"merge-source": "1", "merge-target": "2"}),
    ],
)
def test_viewers_cannot_change_the_board(app, client, as_role, project, path, data):
    as_role("viewer")
    assert client.post(f"{board_url(project)}/{path}", data=data).status_code == 403
    with app.app_context():
        assert {tag.name for tag in db.session.query(Tag).filter_by(project_id=project["project_id"])} == {
            "Ffurflenni",
            "Llywio",
        }


def test_a_researcher_sees_held_back_words_with_the_reason_and_the_controls(client, as_role, project):
    as_role("researcher")
    page = client.get(board_url(project), headers=EN).get_data(as_text=True)
    assert "SECRET WORDS" in page and "Not shown as a quote: no consent to quotes" in page
    # Every observation's theme select has its own label; the buttons need no dragging.
    selects = re.findall(r'<select class="govuk-select" id="(theme-[^"]+-observation-[^"]+)"', page)
    assert len(selects) == 4 and all(
        f'<label class="govuk-label govuk-label--s" for="{s}">' in page for s in selects
    )
    assert (
        page.count('value="move"') == 3
        and page.count('value="add"') == 4
        and page.count('value="remove"') == 3
    )


def test_moving_adding_and_removing_themes_with_buttons(app, client, as_role, project):
    as_role("researcher")
    url = f"{board_url(project)}/observations"
    both, forms, navigation = project["both"], str(project["forms"]), str(project["navigation"])
    response = client.post(url, data={"observation": both, "from_theme": forms, "action": "remove"})
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/themes#theme-{navigation}-observation-{both}"
    )
    assert tag_names(app, both) == ["Llywio"]
    client.post(url, data={"observation": both, "from_theme": navigation, "theme": forms, "action": "move"})
    assert tag_names(app, both) == ["Ffurflenni"]
    client.post(url, data={"observation": both, "from_theme": forms, "theme": navigation, "action": "add"})
    assert tag_names(app, both) == ["Ffurflenni", "Llywio"]


def test_a_bad_change_is_shown_beside_the_observation_and_changes_nothing(app, client, as_role, project):
    as_role("researcher")
    both, forms = project["both"], project["forms"]
    response = client.post(
        f"{board_url(project)}/observations",
        data={"observation": both, "from_theme": forms, "theme": "99999", "action": "move"},
        headers=EN,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page
    assert f'href="#theme-{forms}-observation-{both}-theme"' in page
    assert f'id="theme-{forms}-observation-{both}-theme-error"' in page
    assert tag_names(app, both) == ["Ffurflenni", "Llywio"]


def test_creating_renaming_and_merging_themes(app, client, as_role, project):
    as_role("researcher")
    url = board_url(project)
    assert client.post(f"{url}/new", data={"new-name": "Iaith"}).status_code == 302
    response = client.post(f"{url}/new", data={"new-name": "iaith"}, headers=EN)
    assert (
        response.status_code == 400
        and "The project already has a theme called “Iaith”" in response.get_data(as_text=True)
    )
    assert (
        client.post(
            f"{url}/rename", data={"rename-theme": project["navigation"], "rename-name": "Llywio’r wefan"}
        ).status_code
        == 302
    )
    assert tag_names(app, project["both"]) == ["Ffurflenni", "Llywio’r wefan"]
    response = client.post(
        f"{url}/merge", data={"merge-source": project["navigation"], "merge-target": project["forms"]}
    )
    assert response.status_code == 302
    assert tag_names(app, project["both"]) == ["Ffurflenni"]
    response = client.post(
        f"{url}/merge", data={"merge-source": project["forms"], "merge-target": project["forms"]}, headers=EN
    )
    assert response.status_code == 400 and "Choose two different themes to merge" in response.get_data(
        as_text=True
    )


def test_an_empty_board_renders_in_welsh(client, as_role, create):
    study = create(StudyFactory)
    as_role("viewer", preferred_language="cy")
    response = client.get(f"/projects/{study.phase.project.slug}/themes")
    assert response.status_code == 200 and 'lang="cy"' in response.get_data(as_text=True)


def test_an_unknown_project_is_not_found(client, as_role):
    as_role("researcher")
    assert client.get("/projects/no-such-project/themes").status_code == 404
    assert client.post("/projects/no-such-project/themes/new", data={"new-name": "x"}).status_code == 404


def _observations(app, project, count: int) -> None:
    with app.app_context():
        study = StudyFactory(phase=db.session.get(Observation, project["both"]).phase)
        tags = [db.session.get(Tag, project["forms"]), db.session.get(Tag, project["navigation"])]
        consented = ParticipantFactory(consented=True)
        for number in range(count):
            participant = consented if number % 2 else ParticipantFactory()
            made = ObservationFactory(
                research_session=ResearchSessionFactory(study=study), participant=participant
            )
            made.tags = tags[: number % 3]
        db.session.commit()


@pytest.mark.parametrize("role", ["viewer", "researcher"])
def test_the_board_runs_the_same_queries_for_10_and_200_observations(app, client, as_role, project, role):
    as_role(role)
    _observations(app, project, 7)
    ten = queries_for_page(app, client, board_url(project))
    _observations(app, project, 190)
    assert queries_for_page(app, client, board_url(project)) == ten


FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
anything = st.one_of(
    st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=90),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "move", "add", "remove", "1", "0", "-1", "٣", "99999999999999999999", "x" * 5000]),
)


def test_hostile_board_forms_never_cause_a_server_error(app, client, as_role, project):
    as_role("researcher")
    url = board_url(project)
    real = st.sampled_from([str(project[k]) for k in ("forms", "navigation", "both", "held")])
    value = st.one_of(anything, real)

    @FUZZ
    @given(
        st.sampled_from(["observations", "new", "rename", "merge"]),
        st.dictionaries(
            st.sampled_from(
                [
                    "observation",
                    "from_theme",
                    "theme",
                    "action",
                    "new-name",
                    "rename-theme",
                    "rename-name",
                    "merge-source",
                    "merge-target",
                ]
            ),
            value,
        ),
    )
    def post(path, data):
        status = client.post(f"{url}/{path}", data=data).status_code
        assert status in (302, 400), (path, data, status)

    post()
    assert client.get(url).status_code == 200


def test_the_whole_board_shows_a_few_of_each_theme_and_links_to_the_rest(app, client, as_role, project):
    as_role("viewer")
    _observations(app, project, 40)  # a third under no extra theme, the rest under one or two
    html = client.get(board_url(project), headers={"Accept-Language": "en"}).get_data(as_text=True)
    with app.app_context():
        tag_id = project["forms"]  # a theme with more than PREVIEW observations
    assert html.count('class="govuk-!-margin-bottom-6"') <= 3 * board_service.PREVIEW
    assert f"?theme={tag_id}" in html and "See all" in html
    page = client.get(f"{board_url(project)}?theme={tag_id}", headers={"Accept-Language": "en"})
    assert page.status_code == 200 and "All themes" in page.get_data(as_text=True)
    assert client.get(f"{board_url(project)}?theme=none").status_code == 200


@pytest.mark.parametrize("theme", ["999999999", "0", "-1", "x", "1.5", str(2**70)])
def test_a_theme_that_is_not_the_projects_is_not_found(client, as_role, project, theme):
    as_role("viewer")
    assert client.get(f"{board_url(project)}?theme={theme}").status_code == 404


@pytest.mark.parametrize("role", ["viewer", "researcher"])
def test_a_themes_page_runs_the_same_queries_for_10_and_200_observations(app, client, as_role, project, role):
    as_role(role)
    _observations(app, project, 7)
    url = f"{board_url(project)}?theme={project['navigation']}"
    ten = queries_for_page(app, client, url)
    _observations(app, project, 190)
    assert queries_for_page(app, client, url) == ten


def test_a_themes_own_page_is_named_for_the_theme_and_leads_back_to_all_themes(client, as_role, project):
    as_role("viewer")
    html = client.get(
        f"{board_url(project)}?theme={project['forms']}", headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    assert "Theme: Ffurflenni</h1>" in html
    assert f'href="{board_url(project)}" class="govuk-back-link">All themes' in html


def test_after_adding_a_theme_the_board_opens_where_the_observation_went(client, as_role, project):
    as_role("researcher")
    moved = client.post(
        f"{board_url(project)}/observations",
        data={
            "observation": project["held"],
            "action": "add",
            "from_theme": project["forms"],
            "theme": project["navigation"],
        },
    )
    assert moved.status_code == 302
    assert moved.headers["Location"].endswith(f"#theme-{project['navigation']}-observation-{project['held']}")
