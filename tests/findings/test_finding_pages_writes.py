"""Writing on the findings pages (issue 10, items 4 and 5): findings, their evidence and recommendations,
carrying them into later phases and recording retests; each refusal says why in the reader's language and keeps
nothing; every change is audited by the services; viewers cannot write."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.findings.models import Evidence, Finding, FindingRound, FindingStandard, Recommendation
from app.projects.models import Phase
from tests.factories import ObservationFactory, RecommendationFactory
from tests.findings.page_data import EN, attended, finding_citing, make_project


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def _new_finding_form(ids, **changes) -> dict:
    form = {
        "phase": str(ids.phase_id),
        "statement_cy": "Nid yw pobl yn dod o hyd i’r templedi",
        "statement_en": "",
        "kind": "problem",
        "severity": "3",
        "status": "new",
        "study": str(ids.study_id),
        "standards_wales": ["wales-2", "wales-3"],
        "standards_govuk": ["govuk-1"],
    }
    form.update(changes)
    return form


def test_a_researcher_writes_a_finding_with_its_standards_and_it_is_audited(
    app, client, as_role, audit_events
):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(1)
    response = client.post(f"/projects/{ids.slug}/findings/new", data=_new_finding_form(ids), headers=EN)
    assert response.status_code == 302
    with app.app_context():
        finding = db.session.scalars(select(Finding).where(Finding.project_id == ids.project_id)).one()
        assert (finding.kind, finding.severity, finding.study_id) == ("problem", 3, ids.study_id)
        codes = set(
            db.session.scalars(
                select(FindingStandard.standard).where(FindingStandard.finding_id == finding.id)
            )
        )
        assert codes == {"wales-2", "wales-3", "govuk-1"}
    assert [event.target_id for event in audit_events("finding.created")] == [str(finding.id)]
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert (
        "Needs English" in page and "2. Promote the Welsh language" in page and "1. Understand users" in page
    )


def test_the_form_shows_the_severity_scale_beside_the_field_and_both_languages_side_by_side(
    app, client, as_role
):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(1)
    page = client.get(f"/projects/{ids.slug}/findings/new", headers=EN).get_data(as_text=True)
    for meaning in (
        "Stops people completing what they came to do, or puts them at risk.",
        "A small irritation that does not stop anyone.",
    ):
        assert meaning in page
    assert page.index('name="statement_cy"') < page.index('name="statement_en"')
    assert "Digital Service Standards for Wales" in page and "GOV.UK Service Standard" in page
    assert "12. Use data to make decisions" in page and "14. Operate a reliable service" in page


def test_a_finding_without_words_or_severity_is_refused_with_messages_and_nothing_saved(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(1)
    form = _new_finding_form(ids, statement_cy="", severity="")
    response = client.post(f"/projects/{ids.slug}/findings/new", data=form, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write the finding in Welsh, in English or in both" in page and "Choose how severe it is" in page
    assert 'href="#statement_cy"' in page and 'href="#severity"' in page
    assert _count(app, Finding, Finding.project_id == ids.project_id) == 0


def test_a_study_of_another_phase_is_refused(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(1)
    form = _new_finding_form(ids, phase=str(ids.alpha_id))
    response = client.post(f"/projects/{ids.slug}/findings/new", data=form, headers=EN)
    assert response.status_code == 400 and "Choose a study of this phase" in response.get_data(as_text=True)
    assert _count(app, Finding, Finding.project_id == ids.project_id) == 0


def test_a_positive_finding_keeps_no_severity(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ids, _said = make_project(1)
    form = _new_finding_form(ids, kind="positive", severity="4", statement_en="It works")
    assert client.post(f"/projects/{ids.slug}/findings/new", data=form).status_code == 302
    with app.app_context():
        assert (
            db.session.scalars(select(Finding.severity).where(Finding.project_id == ids.project_id)).one()
            is None
        )


def test_editing_changes_the_finding_keeps_its_phase_and_is_audited(app, client, as_role, audit_events):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
    path = f"/projects/{ids.slug}/findings/{finding.id}/edit"
    form_page = client.get(path, headers=EN).get_data(as_text=True)
    assert 'name="phase"' not in form_page and "People cannot find the templates" in form_page
    form = _new_finding_form(ids, statement_en="Templates are hidden", status="agreed", standards_wales=[])
    del form["phase"]
    assert client.post(path, data=form).status_code == 302
    with app.app_context():
        saved = db.session.get(Finding, finding.id)
        assert (saved.statement_en, saved.status, saved.phase_id) == (
            "Templates are hidden",
            "agreed",
            ids.phase_id,
        )
    [event] = audit_events("finding.updated")
    assert "statement_en" in event.details["fields"] and "standards" in event.details["fields"]


def test_deleting_asks_first_then_deletes_and_keeps_the_observations(app, client, as_role, audit_events):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
    path = f"/projects/{ids.slug}/findings/{finding.id}/delete"
    assert "Delete this finding?" in client.get(path, headers=EN).get_data(as_text=True)
    assert _count(app, Finding, Finding.id == finding.id) == 1  # asking deletes nothing
    response = client.post(path)
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/projects/{ids.slug}/findings"
    )
    assert _count(app, Finding, Finding.id == finding.id) == 0
    assert _count(app, Evidence, Evidence.finding_id == finding.id) == 0
    assert len(audit_events("finding.deleted")) == 1
    assert client.get(f"/projects/{ids.slug}/findings/{finding.id}").status_code == 404


def test_the_picker_filters_the_projects_observations_and_marks_those_already_cited(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(3)
        finding = finding_citing(said[0].study, said[:1])
        behaviour = ObservationFactory(
            booking=attended(said[0].study), kind="behaviour", text="Sgroliodd heibio"
        )
        db.session.commit()
    path = f"/projects/{ids.slug}/findings/{finding.id}/evidence"
    page = client.get(path, headers=EN).get_data(as_text=True)
    assert "4 observations of the project" in page and "Already evidence" in page
    assert f'id="observation-{said[0].id}"' not in page and f'id="observation-{said[1].id}"' in page
    only = client.get(f"{path}?kind=behaviour", headers=EN).get_data(as_text=True)
    assert "1 observation of the project" in only and f'id="observation-{behaviour.id}"' in only
    by_session = client.get(f"{path}?session={said[2].research_session_id}", headers=EN).get_data(
        as_text=True
    )
    assert (
        f'id="observation-{said[2].id}"' in by_session and f'id="observation-{said[1].id}"' not in by_session
    )


def test_citing_observations_links_them_and_is_audited(app, client, as_role, audit_events):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(3)
        finding = finding_citing(said[0].study, said[:1])
    path = f"/projects/{ids.slug}/findings/{finding.id}/evidence"
    response = client.post(path, data={"observations": [str(said[1].id), str(said[2].id)]}, headers=EN)
    assert response.status_code == 302
    assert _count(app, Evidence, Evidence.finding_id == finding.id) == 3
    assert audit_events("finding.evidence_linked")[0].details == {
        "observations": sorted(ids.observations[1:])
    }
    page = client.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    assert "2 observations have been added as evidence." in page and "3 of 3 participants" in page


def test_an_observation_of_another_project_is_refused_with_a_message_and_nothing_saved(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(2)
        other, other_said = make_project(1)
        finding = finding_citing(said[0].study, [])
    path = f"/projects/{ids.slug}/findings/{finding.id}/evidence"
    response = client.post(path, data={"observations": [str(said[1].id), str(other_said[0].id)]}, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "A finding can cite only observations from its own project" in page and 'href="#observations"' in page
    )
    assert _count(app, Evidence, Evidence.finding_id == finding.id) == 0  # not even the project's own one


def test_choosing_nothing_or_a_tampered_id_is_refused(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, [])
    path = f"/projects/{ids.slug}/findings/{finding.id}/evidence"
    assert "Choose at least one observation" in client.post(path, data={}, headers=EN).get_data(as_text=True)
    for tampered in ("x", "-1", "9" * 30, "١"):
        response = client.post(path, data={"observations": [tampered]}, headers=EN)
        assert response.status_code == 400 and "Choose observations from the list" in response.get_data(
            as_text=True
        )
    missing = client.post(path, data={"observations": ["2147483647"]}, headers=EN)
    assert missing.status_code == 400
    assert _count(app, Evidence, Evidence.finding_id == finding.id) == 0


def test_removing_evidence_unlinks_it_and_keeps_the_observation(app, client, as_role, audit_events):
    as_role("researcher")
    with app.app_context():
        ids, said = make_project(2)
        finding = finding_citing(said[0].study, said)
    response = client.post(f"/projects/{ids.slug}/findings/{finding.id}/evidence/{said[0].id}/remove")
    assert response.status_code == 302
    assert _count(app, Evidence, Evidence.finding_id == finding.id) == 1
    assert audit_events("finding.evidence_unlinked")[0].details == {"observation": said[0].id}


def test_recommendations_are_added_edited_and_deleted_after_asking(app, client, as_role, audit_events):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
    base = f"/projects/{ids.slug}/findings/{finding.id}/recommendations"
    form = {
        "text_cy": "Symud y templedi",
        "text_en": "",
        "owner": "Tîm cynnwys",
        "priority": "high",
        "status": "proposed",
    }
    assert client.post(f"{base}/new", data=form).status_code == 302
    with app.app_context():
        recommendation = db.session.scalars(
            select(Recommendation).where(Recommendation.finding_id == finding.id)
        ).one()
    edit = client.get(f"{base}/{recommendation.id}/edit", headers=EN).get_data(as_text=True)
    assert "Symud y templedi" in edit and 'value="high" checked' in edit
    assert client.post(f"{base}/{recommendation.id}/edit", data=form | {"status": "done"}).status_code == 302
    assert "Delete this recommendation?" in client.get(
        f"{base}/{recommendation.id}/delete", headers=EN
    ).get_data(as_text=True)
    assert client.post(f"{base}/{recommendation.id}/delete").status_code == 302
    assert _count(app, Recommendation, Recommendation.finding_id == finding.id) == 0
    assert [len(audit_events(f"recommendation.{verb}")) for verb in ("created", "updated", "deleted")] == [
        1,
        1,
        1,
    ]


def test_a_recommendation_without_words_or_priority_is_refused(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
    response = client.post(
        f"/projects/{ids.slug}/findings/{finding.id}/recommendations/new",
        data={"priority": "urgent"},
        headers=EN,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write the recommendation in Welsh, in English or in both" in page and "Choose a priority" in page
    assert _count(app, Recommendation, Recommendation.finding_id == finding.id) == 0


def test_a_recommendation_of_another_finding_is_not_found(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
        elsewhere = RecommendationFactory()
        db.session.commit()
    path = f"/projects/{ids.slug}/findings/{finding.id}/recommendations/{elsewhere.id}/edit"
    assert client.get(path).status_code == 404


def test_carrying_into_alpha_then_recording_the_retest_there(app, client, as_role, audit_events):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said, status="fixed")
    base = f"/projects/{ids.slug}/findings/{finding.id}"
    page = client.get(f"{base}/carry?phase={ids.alpha_id}", headers=EN).get_data(as_text=True)
    assert f'value="{ids.alpha_id}" checked' in page
    response = client.post(f"{base}/carry", data={"phase": str(ids.alpha_id), "note": "Ailbrofi"}, headers=EN)
    assert response.status_code == 302
    assert "The finding has been carried into Alpha." in client.get(
        response.headers["Location"], headers=EN
    ).get_data(as_text=True)
    assert (
        client.post(f"{base}/phases/{ids.alpha_id}/status", data={"status": "retested_resolved"}).status_code
        == 302
    )
    with app.app_context():
        saved = db.session.get(Finding, finding.id)
        assert saved.status == "retested_resolved"
        statuses = dict(
            db.session.execute(
                select(FindingRound.phase_id, FindingRound.status).where(
                    FindingRound.finding_id == finding.id
                )
            ).all()
        )
        assert statuses == {ids.phase_id: "fixed", ids.alpha_id: "retested_resolved"}
    assert len(audit_events("finding.carried")) == 1 and len(audit_events("finding.retested")) == 1
    changes = client.get(f"/projects/{ids.slug}/phases/{ids.alpha_id}/changes", headers=EN).get_data(
        as_text=True
    )
    resolved = changes.split('id="resolved"', 1)[1].split('id="persisting"', 1)[0]
    assert f"/findings/{finding.id}" in resolved and "People cannot find the templates" in resolved


def test_carrying_into_a_phase_that_is_not_later_is_refused(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(db.session.get(Phase, ids.alpha_id), [])
    response = client.post(
        f"/projects/{ids.slug}/findings/{finding.id}/carry", data={"phase": str(ids.phase_id)}, headers=EN
    )
    assert response.status_code == 400 and "Choose a later phase of this project" in response.get_data(
        as_text=True
    )
    assert "The project has no phase after the finding’s latest one." in response.get_data(as_text=True)
    assert _count(app, FindingRound, FindingRound.finding_id == finding.id) == 1


def test_a_status_in_a_phase_the_finding_has_not_been_in_is_not_found(app, client, as_role):
    as_role("researcher")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
    assert (
        client.get(f"/projects/{ids.slug}/findings/{finding.id}/phases/{ids.alpha_id}/status").status_code
        == 404
    )


def test_the_phase_changes_page_lists_new_resolved_and_persisting_findings(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        new = finding_citing(said[0].study, said, statement_en="Brand new")
    page = client.get(f"/projects/{ids.slug}/phases/{ids.phase_id}/changes", headers=EN).get_data(
        as_text=True
    )
    assert "What changed because of research in Discovery" in page
    new_part = page.split('id="new"', 1)[1]
    assert "Brand new" in new_part and f"/findings/{new.id}" in new_part and "1 of 1 participant" in new_part
    assert "No finding was resolved in this phase." in page
    empty = client.get(f"/projects/{ids.slug}/phases/{ids.alpha_id}/changes", headers=EN).get_data(
        as_text=True
    )
    assert "No new finding was found in this phase." in empty


def test_the_project_page_links_to_its_findings_and_each_phases_changes(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(0)
    page = client.get(f"/projects/{ids.slug}", headers=EN).get_data(as_text=True)
    assert f'href="/projects/{ids.slug}/findings"' in page
    assert f'href="/projects/{ids.slug}/phases/{ids.phase_id}/changes"' in page
    assert f'href="/projects/{ids.slug}/phases/{ids.alpha_id}/changes"' in page


def test_viewers_cannot_write(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said)
    base = f"/projects/{ids.slug}/findings"
    for path in (
        f"{base}/new",
        f"{base}/{finding.id}/edit",
        f"{base}/{finding.id}/delete",
        f"{base}/{finding.id}/evidence",
        f"{base}/{finding.id}/evidence/{said[0].id}/remove",
        f"{base}/{finding.id}/carry",
        f"{base}/{finding.id}/recommendations/new",
    ):
        assert client.post(path, data={}).status_code == 403, path
    assert _count(app, Evidence, Evidence.finding_id == finding.id) == 1
