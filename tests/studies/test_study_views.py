"""Studies: researchers plan and edit them inside a project phase, all staff read them, WL-5 counts Welsh;
the markup of the study and session forms; and generated input for the study form (never a server error,
never a half write)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.studies.models import Study
from tests.factories import (
    PhaseFactory,
    ProjectFactory,
    ResearchSessionFactory,
    StaffUserFactory,
    StudyFactory,
)

EN = {"Accept-Language": "en"}


def _study_form(**overrides) -> dict:
    data = {
        "title_cy": "Profi’r ffurflen gais â ŵ",
        "title_en": "Testing the application form",
        "description_cy": "Disgrifiad",
        "description_en": "Description",
        "research_questions_cy": "Cwestiwn un\nCwestiwn dau",
        "research_questions_en": "Question one\nQuestion two",
        "method": "usability_test",
        "target_sample": "8",
        "sessions_per_participant": "1",
        "required_purposes": ["video", "observers"],
        "status": "recruiting",
    }
    data.update(overrides)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _phase(slug="studies"):
    phase = PhaseFactory(project=ProjectFactory(slug=slug), kind="alpha")
    db.session.commit()
    return phase


def test_researcher_plans_a_study_in_a_phase_and_it_is_audited(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        phase = _phase()
        lead = StaffUserFactory(role="researcher", name="Gwenllian")
        db.session.commit()
    response = client.post(
        f"/projects/studies/phases/{phase.id}/studies/new", data=_study_form(facilitators=[str(lead.id)])
    )
    assert response.status_code == 302
    with app.app_context():
        study = db.session.scalar(select(Study))
        assert response.headers["Location"] == f"/studies/{study.id}"
        assert study.title_cy == "Profi’r ffurflen gais â ŵ"
        assert study.required_purposes == ["take_part", "video", "observers"]
        assert [f.name for f in study.facilitators] == ["Gwenllian"]
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "study.created"))
        assert event.target_type == "study" and event.target_id == str(study.id)
    html = client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert "Testing the application form" in html and "Question two" in html
    assert "Video or screen recording" in html and "Take part in research" in html
    assert "Gwenllian" in html and "Usability test" in html


def test_study_page_speaks_welsh_to_a_welsh_reader(app, client, as_role, create):
    as_role("viewer", preferred_language="cy")
    study = create(
        StudyFactory, title_cy="Teitl Cymraeg", title_en="English title", research_questions_cy="Pam?"
    )
    html = client.get(f"/studies/{study.id}").get_data(as_text=True)
    assert "Teitl Cymraeg" in html and "English title" not in html and "Pam?" in html


def test_editing_a_study_records_which_fields_changed(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        study = StudyFactory(
            phase=_phase(),
            **{k: v for k, v in _study_form().items() if k in ("title_cy", "title_en", "method")},
        )
        db.session.commit()
    response = client.post(
        f"/studies/{study.id}/edit",
        data=_study_form(title_en="Renamed", required_purposes=[], status="running"),
    )
    assert response.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "study.updated"))
        assert "title_en" in event.details["fields"] and "status" in event.details["fields"]
        assert db.session.get(Study, study.id).required_purposes == ["take_part"]


def test_edit_form_shows_the_current_choices(app, client, as_role, create):
    me = as_role("researcher")
    study = create(StudyFactory, required_purposes=["take_part", "quotes"], facilitators=[me])
    html = client.get(f"/studies/{study.id}/edit", headers=EN).get_data(as_text=True)
    assert 'value="quotes" checked' in html and f'value="{me.id}" checked' in html


def test_viewer_reads_studies_but_cannot_plan_or_edit(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        phase = _phase()
        study = StudyFactory(phase=phase)
        db.session.commit()
    assert client.get(f"/studies/{study.id}").status_code == 200
    page = client.get("/projects/studies/studies", headers=EN).get_data(as_text=True)
    assert study.title_en in page and "Plan a study" not in page
    assert "Edit study" not in client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert (
        client.post(f"/projects/studies/phases/{phase.id}/studies/new", data=_study_form()).status_code == 403
    )
    assert client.post(f"/studies/{study.id}/edit", data=_study_form()).status_code == 403
    with app.app_context():
        assert _count(Study) == 1


def test_bad_study_details_are_refused_in_welsh_and_nothing_is_saved(app, client, as_role):
    as_role("researcher", preferred_language="cy")
    with app.app_context():
        phase = _phase()
    for change in (
        {"method": "seance"},
        {"target_sample": "0"},
        {"target_sample": "lots"},
        {"sessions_per_participant": "0"},
        {"sessions_per_participant": "11"},
        {"title_cy": ""},
        {"status": "finished"},
        {"required_purposes": ["telepathy"]},
        {"facilitators": ["999999"]},
        {"title_en": "x" * 201},
    ):
        response = client.post(f"/projects/studies/phases/{phase.id}/studies/new", data=_study_form(**change))
        assert response.status_code == 200, change
        html = response.get_data(as_text=True)
        assert "Mae problem wedi codi" in html and "Not a valid" not in html, change
    with app.app_context():
        assert _count(Study) == 0


def test_viewers_cannot_be_chosen_as_facilitators(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        phase = _phase()
        viewer = StaffUserFactory(role="viewer", name="Viewer Person")
        db.session.commit()
    url = f"/projects/studies/phases/{phase.id}/studies/new"
    assert "Viewer Person" not in client.get(url).get_data(as_text=True)
    assert client.post(url, data=_study_form(facilitators=[str(viewer.id)])).status_code == 200
    with app.app_context():
        assert _count(Study) == 0


def test_a_phase_of_another_project_is_not_found(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        theirs = PhaseFactory(project=ProjectFactory(slug="theirs"))
        ProjectFactory(slug="mine")
        db.session.commit()
    assert client.get(f"/projects/mine/phases/{theirs.id}/studies/new").status_code == 404
    assert client.get("/studies/99999999999999999999").status_code == 404


def test_study_page_counts_sessions_that_ran_in_welsh(app, client, as_role):
    """WL-5: Welsh or bilingual sessions whose end has passed count; future or cancelled ones do not."""
    as_role("viewer")
    past = datetime.now(UTC) - timedelta(days=3)
    future = datetime.now(UTC) + timedelta(days=3)
    with app.app_context():
        study = StudyFactory()
        for language, start, status in [
            ("cy", past, "scheduled"),
            ("bilingual", past, "scheduled"),
            ("en", past, "scheduled"),
            ("en_with_interpretation", past, "scheduled"),
            ("cy", past, "cancelled"),
            ("cy", future, "scheduled"),
        ]:
            ResearchSessionFactory(study=study, language=language, starts_at=start, status=status)
        db.session.commit()
        from app.studies.welsh_medium import language_summary

        summary = language_summary(study)
        assert (summary.ran, summary.welsh_medium) == (4, 2)
    html = client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert "4 sessions have run so far." in html and "2 of them ran in Welsh or bilingually." in html


def test_a_study_with_one_session_run_says_so_in_the_singular(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        study = StudyFactory()
        ResearchSessionFactory(study=study, language="cy", starts_at=datetime.now(UTC) - timedelta(days=1))
        db.session.commit()
    html = client.get(f"/studies/{study.id}", headers=EN).get_data(as_text=True)
    assert "1 session has run so far." in html and "1 of them ran in Welsh or bilingually." in html


def test_project_studies_page_lists_studies_by_phase(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        project = ProjectFactory(slug="by-phase")
        alpha = PhaseFactory(project=project, kind="alpha")
        discovery = PhaseFactory(project=project, kind="discovery")
        StudyFactory(phase=alpha, title_en="Alpha study")
        StudyFactory(phase=discovery, title_en="Discovery study")
        db.session.commit()
    html = client.get("/projects/by-phase/studies", headers=EN).get_data(as_text=True)
    assert html.index("Discovery study") < html.index("Alpha study")
    assert html.count("Plan a study") == 2


def test_every_fieldset_on_the_study_and_session_forms_has_a_named_legend(app, client, as_role):
    from tests.markup import EMPTY_HINT, FIELDSET, LEGEND

    as_role("researcher")
    with app.app_context():
        session = ResearchSessionFactory(study=StudyFactory(phase=_phase("legends")))
        db.session.commit()
    base = f"/studies/{session.study_id}"
    for path in (
        f"/projects/legends/phases/{session.study.phase_id}/studies/new",
        f"{base}/edit",
        f"{base}/sessions/new",
        f"{base}/sessions/series",
        f"{base}/sessions/{session.id}/edit",
    ):
        html = client.get(path, headers=EN).get_data(as_text=True)
        assert not EMPTY_HINT.search(html), path
        legends = [" ".join(LEGEND.search(fieldset).group(1).split()) for fieldset in FIELDSET.findall(html)]
        assert legends and all(legends), path
        assert len(set(legends)) == len(legends), f"{path}: a legend names the wrong group: {legends}"


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="âêîôûŵŷ<>'\";%\\\x00\r\n\t=+-@0123456789", max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "8",
            "1001",
            "99999999999999999999",
            "interview",
            "done",
            "video",
            "take_part",
            "javascript:alert(1)",
        ]
    ),
    st.just("x" * 5000),
)


STUDY_FIELDS = [
    "title_cy",
    "title_en",
    "description_cy",
    "description_en",
    "research_questions_cy",
    "research_questions_en",
    "method",
    "target_sample",
    "sessions_per_participant",
    "required_purposes",
    "facilitators",
    "status",
]


def test_study_form_survives_any_input_and_never_half_writes(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        phase = _phase("fuzz")
        study = StudyFactory(phase=phase)
        db.session.commit()

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {}, optional={name: st.one_of(text, st.lists(text, max_size=3)) for name in STUDY_FIELDS}
        ),
        st.booleans(),
    )
    def run(data, editing):
        with app.app_context():
            before = (_count(Study), _count(AuditEvent))
        path = f"/studies/{study.id}/edit" if editing else f"/projects/fuzz/phases/{phase.id}/studies/new"
        response = client.post(path, data=data)
        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        if response.status_code != 302:
            with app.app_context():
                assert (_count(Study), _count(AuditEvent)) == before

    run()
