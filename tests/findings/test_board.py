"""The theme board's service (issue 10, item 3): observations grouped by tag, held-back words kept from viewers
(CON-7), moving, adding and removing themes without dragging (A11Y-2), creating, renaming and merging themes —
every change audited, every refusal changing nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.findings import board
from app.findings.models import Tag
from app.participants.models import ParticipantStatus
from tests.factories import (
    ObservationFactory,
    ParticipantFactory,
    ProjectFactory,
    ResearchSessionFactory,
    StudyFactory,
    TagFactory,
)
from tests.findings.conftest import actions, last_event


@pytest.fixture
def study():
    return StudyFactory()


def _project_id(study) -> int:
    return study.phase.project_id


def observe(study, *, tags=(), participant=None, **fields):
    session = ResearchSessionFactory(study=study)
    observation = ObservationFactory(
        research_session=session, participant=participant or ParticipantFactory(consented=True), **fields
    )
    observation.tags = list(tags)
    db.session.flush()
    return observation


def groups(found: board.Board) -> list[tuple[str | None, list[int]]]:
    return [(t.tag.name if t.tag else None, [item.id for item in t.items]) for t in found.themes]


def test_observations_are_grouped_under_each_of_their_tags_and_untagged_last(app_ctx, study):
    navigation, forms = (
        TagFactory(project=study.phase.project, name="Llywio"),
        TagFactory(project=study.phase.project, name="Ffurflenni"),
    )
    both = observe(study, tags=[navigation, forms])
    one = observe(study, tags=[forms])
    none = observe(study)
    observe(StudyFactory())  # another project's
    found = board.theme_board(_project_id(study), may_read_held_back=False)
    assert groups(found) == [("Ffurflenni", [both.id, one.id]), ("Llywio", [both.id]), (None, [none.id])]
    assert found.observations == 3 and [t.name for t in found.tags] == ["Ffurflenni", "Llywio"]


def test_each_item_has_its_code_kind_language_and_uk_session_date(app_ctx, study):
    participant = ParticipantFactory(consented=True)
    session = ResearchSessionFactory(study=study, starts_at=datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    observation = ObservationFactory(
        research_session=session, participant=participant, kind="pain_point", language="en", text="Too slow"
    )
    [item] = board.theme_board(_project_id(study), may_read_held_back=False).themes[-1].items
    assert (item.id, item.code, item.kind, item.language, item.text) == (
        observation.id,
        participant.code,
        "pain_point",
        "en",
        "Too slow",
    )
    assert item.session_date == date(2026, 6, 2)  # 00:30 in London


@pytest.mark.parametrize("reader_may", [False, True])
def test_words_held_back_are_not_given_to_viewers_and_researchers_see_why(app_ctx, study, reader_may):
    no_quotes = observe(study, participant=ParticipantFactory(), text="Heb ganiatâd")
    withdrawn_person = ParticipantFactory(consented=True, status=ParticipantStatus.WITHDRAWN)
    withdrawn = observe(study, participant=withdrawn_person, text="Wedi tynnu’n ôl")
    shown = observe(study, text="Gyda chaniatâd")
    with force_locale("en"):
        items = {
            i.id: i
            for i in board.theme_board(_project_id(study), may_read_held_back=reader_may).themes[-1].items
        }
    assert items[shown.id].text == "Gyda chaniatâd" and items[shown.id].held_back == ""
    if reader_may:
        assert items[no_quotes.id].text == "Heb ganiatâd"
        assert items[no_quotes.id].held_back == "Not shown as a quote: no consent to quotes"
        assert items[withdrawn.id].held_back == "Not shown as a quote: the participant has withdrawn"
    else:
        assert items[no_quotes.id].text is None and items[withdrawn.id].text is None
        assert items[no_quotes.id].held_back == "" and items[withdrawn.id].held_back == ""


def test_move_replaces_the_theme_it_was_shown_under_and_keeps_the_others(app_ctx, study):
    project = study.phase.project
    old, other, new = (TagFactory(project=project, name=n) for n in ("Hen", "Arall", "Newydd"))
    observation = observe(study, tags=[old, other])
    board.change_themes(project.id, observation.id, "move", theme_id=new.id, from_theme_id=old.id)
    assert {t.name for t in observation.tags} == {"Arall", "Newydd"}
    assert actions()[-1] == "observation.updated"
    assert last_event().details == {"themes_added": ["Newydd"], "themes_removed": ["Hen"]}


def test_add_keeps_every_theme_and_moving_an_untagged_observation_adds(app_ctx, study):
    project = study.phase.project
    first, second = TagFactory(project=project, name="Un"), TagFactory(project=project, name="Dau")
    observation = observe(study)
    board.change_themes(project.id, observation.id, "move", theme_id=first.id, from_theme_id=None)
    board.change_themes(project.id, observation.id, "add", theme_id=second.id, from_theme_id=first.id)
    assert {t.name for t in observation.tags} == {"Un", "Dau"}


def test_remove_takes_off_only_the_theme_it_was_shown_under(app_ctx, study):
    project = study.phase.project
    first, second = TagFactory(project=project, name="Un"), TagFactory(project=project, name="Dau")
    observation = observe(study, tags=[first, second])
    board.change_themes(project.id, observation.id, "remove", theme_id=None, from_theme_id=first.id)
    assert [t.name for t in observation.tags] == ["Dau"]


def test_a_change_that_changes_nothing_is_not_audited(app_ctx, study):
    project = study.phase.project
    tag = TagFactory(project=project)
    observation = observe(study, tags=[tag])
    before = len(actions())
    board.change_themes(project.id, observation.id, "move", theme_id=tag.id, from_theme_id=tag.id)
    board.change_themes(project.id, observation.id, "add", theme_id=tag.id, from_theme_id=None)
    assert len(actions()) == before and observation.tags == [tag]


@pytest.mark.parametrize(
    "case, message",
    [
        ("another project's observation", "This observation is not on the board any more"),
        ("no observation", "This observation is not on the board any more"),
        ("another project's theme", "Choose a theme from the list"),
        ("no theme", "Choose a theme from the list"),
        ("remove from no theme", "Choose a theme from the list"),
        ("unknown action", "Choose move, add or remove"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(app_ctx, study, case, message):
    project = study.phase.project
    tag = TagFactory(project=project, name="Mine")
    foreign_tag = TagFactory(name="Theirs")
    observation = observe(study, tags=[tag])
    foreign = observe(StudyFactory())
    arguments = {
        "another project's observation": (foreign.id, "add", tag.id, None),
        "no observation": (None, "add", tag.id, None),
        "another project's theme": (observation.id, "add", foreign_tag.id, None),
        "no theme": (observation.id, "move", None, tag.id),
        "remove from no theme": (observation.id, "remove", None, None),
        "unknown action": (observation.id, "drag", tag.id, tag.id),
    }[case]
    before = len(actions())
    with force_locale("en"), pytest.raises(board.InvalidTheme) as refused:
        board.change_themes(
            project.id, arguments[0], arguments[1], theme_id=arguments[2], from_theme_id=arguments[3]
        )
    assert refused.value.message == message
    assert observation.tags == [tag] and foreign.tags == [] and len(actions()) == before


def test_a_theme_is_created_once_however_its_name_is_typed_and_audited(app_ctx, study):
    project_id = _project_id(study)
    tag = board.create_theme(project_id, "  Llŷr   Cymraeg ")
    assert tag.name == "Llŷr Cymraeg" and actions()[-1] == "tag.created"
    with force_locale("en"), pytest.raises(board.InvalidTheme) as refused:
        board.create_theme(project_id, "LLYR cymraeg")
    assert refused.value.message == "The project already has a theme called “Llŷr Cymraeg”"
    assert board.create_theme(ProjectFactory().id, "Llyr Cymraeg").id != tag.id


@pytest.mark.parametrize(
    "name, message",
    [("  ", "Enter a name for the theme"), ("x" * 81, "Enter a name of 80 characters or fewer")],
)
def test_theme_names_must_be_given_and_short(app_ctx, study, name, message):
    with force_locale("en"), pytest.raises(board.InvalidTheme) as refused:
        board.create_theme(_project_id(study), name)
    assert refused.value.message == message and refused.value.field == "name"
    assert db.session.query(Tag).count() == 0


def test_renaming_a_theme_is_audited_and_to_another_themes_name_merges_them(app_ctx, study):
    project = study.phase.project
    first, second = TagFactory(project=project, name="Un"), TagFactory(project=project, name="Dau")
    observation = observe(study, tags=[first])
    assert board.rename_theme(project.id, first.id, "Cyntaf").name == "Cyntaf"
    assert actions()[-1] == "tag.renamed"
    assert board.rename_theme(project.id, first.id, "dau").id == second.id
    db.session.expire_all()
    assert actions()[-1] == "tag.merged" and observation.tags == [second]


def test_merging_moves_every_observation_and_refuses_the_same_theme_or_another_projects(app_ctx, study):
    project = study.phase.project
    first, second = TagFactory(project=project, name="Un"), TagFactory(project=project, name="Dau")
    a, b = observe(study, tags=[first]), observe(study, tags=[first, second])
    with force_locale("en"):
        with pytest.raises(board.InvalidTheme) as same:
            board.merge_themes(project.id, first.id, first.id)
        assert same.value.message == "Choose two different themes to merge"
        with pytest.raises(board.InvalidTheme) as foreign:
            board.merge_themes(project.id, first.id, TagFactory().id)
        assert (foreign.value.message, foreign.value.field) == ("Choose a theme from the list", "target")
    board.merge_themes(project.id, first.id, second.id)
    db.session.expire_all()
    assert a.tags == [second] and b.tags == [second] and actions()[-1] == "tag.merged"
    assert groups(board.theme_board(project.id, may_read_held_back=True)) == [
        ("Dau", [a.id, b.id]),
        (None, []),
    ]
