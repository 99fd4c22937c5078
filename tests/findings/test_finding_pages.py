"""A finding's page (issue 10, items 4 and 7; REP-2, CON-7, DP-7): n of m from findings.evidence, the evidence
consent-filtered for viewers, codes but never names, its history across phases and its recommendations."""

from __future__ import annotations

import re

from app.consent.services import withdraw_consent
from app.extensions import db
from app.findings import phases
from app.findings.models import Finding, Observation
from app.participants.models import Participant
from app.projects.models import Phase
from tests.factories import FindingFactory, ObservationFactory, ParticipantFactory, RecommendationFactory
from tests.findings.page_data import EN, attended, finding_citing, make_project
from tests.queries import queries_for_page


def _page(client, ids, finding_id, headers=EN) -> str:
    response = client.get(f"/projects/{ids.slug}/findings/{finding_id}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _with_finding(app, people=3, **person):
    with app.app_context():
        ids, said = make_project(people, **person)
        finding = finding_citing(said[0].study, said[:2])
        return ids, said, finding.id


def test_the_page_shows_n_of_m_kind_severity_status_and_the_evidence_with_codes(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    page = _page(client, ids, finding_id)
    assert '<dd class="govuk-summary-list__value" id="n-of-m">2 of 3 participants</dd>' in page
    assert "Problem" in page and "Serious" in page and "Many people struggle" in page and "New" in page
    with app.app_context():
        codes = [db.session.get(Participant, o.participant_id).code for o in said]
    assert codes[0] in page and codes[1] in page and codes[2] not in page
    assert "Mae’r templedi ar goll 0" in page and 'lang="cy"' in page


def test_a_viewer_never_sees_names_emails_phones_or_organisations(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    page = _page(client, ids, finding_id)
    with app.app_context():
        for observation in said:
            person = db.session.get(Participant, observation.participant_id)
            for private in (person.full_name, person.email, person.organisation):
                assert private not in page
            if person.phone:
                assert person.phone not in page


def test_a_viewer_sees_held_back_words_counted_but_never_their_text(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app, consent__answers__quotes=False)
    page = _page(client, ids, finding_id)
    assert "2 of 3 participants" in page  # still counted (CON-7)
    assert "Mae’r templedi ar goll 0" not in page and "Mae’r templedi ar goll 1" not in page
    assert "2 of them are counted but not shown" in page
    assert "no consent to quotes" not in page  # the reason is for researchers


def test_a_researcher_sees_held_back_words_with_the_reason(app, client, as_role):
    as_role("researcher", preferred_language="en")
    ids, said, finding_id = _with_finding(app, consent__answers__quotes=False)
    page = _page(client, ids, finding_id)
    assert "Mae’r templedi ar goll 0" in page
    assert "Not shown as a quote: no consent to quotes" in page


def test_a_withdrawn_participants_words_leave_the_viewers_page_at_once(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    assert "Mae’r templedi ar goll 0" in _page(client, ids, finding_id)
    with app.app_context():
        withdraw_consent(db.session.get(Participant, said[0].participant_id), method="online", language="cy")
        db.session.commit()
    page = _page(client, ids, finding_id)
    assert "Mae’r templedi ar goll 0" not in page
    assert "Mae’r templedi ar goll 1" in page
    assert "1 of them is counted but not shown" in page


def test_attribution_is_general_and_hidden_when_fewer_than_three_share_it(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app)  # three practitioners of local authorities
    assert "Practitioner, Local authority" in _page(client, ids, finding_id)
    with app.app_context():
        lonely = ParticipantFactory(consented=True, organisation_type="health", seniority="senior")
        observation = ObservationFactory(booking=attended(said[0].study, lonely), text="Ar fy mhen fy hun")
        finding = finding_citing(said[0].study, [observation])
    page = _page(client, ids, finding.id)
    assert "Ar fy mhen fy hun" in page
    assert "Health board or NHS trust" not in page and "Senior practitioner" not in page


def test_the_history_across_phases_shows_each_phase_its_status_note_and_n_of_m(app, client, as_role):
    as_role("researcher", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    with app.app_context():
        finding = db.session.get(Finding, finding_id)
        phases.carry_into(finding, db.session.get(Phase, ids.alpha_id), note="Ailbrofi’r dudalen newydd")
        db.session.commit()
    page = _page(client, ids, finding_id)
    rounds = page.split('id="rounds-caption"', 1)[1].split("</table>", 1)[0]
    assert "Discovery" in rounds and "Alpha" in rounds and "Ailbrofi’r dudalen newydd" in rounds
    assert "2 of 3 participants" in rounds and "0 of 0 participants" in rounds
    assert "Carry into" not in page  # alpha is the project's last phase
    assert f"/findings/{finding_id}/phases/{ids.alpha_id}/status" in page


def test_carrying_is_offered_into_each_later_phase(app, client, as_role):
    as_role("researcher", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    page = _page(client, ids, finding_id)
    assert "Carry into Alpha" in page and f"/findings/{finding_id}/carry?phase={ids.alpha_id}" in page


def test_viewers_get_no_write_controls(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    with app.app_context():
        RecommendationFactory(finding=db.session.get(Finding, finding_id))
        db.session.commit()
    page = _page(client, ids, finding_id)
    for control in ("/edit", "/delete", "/carry", "/evidence", "/remove", "/status", "/recommendations/new"):
        assert control not in page


def test_recommendations_show_text_owner_priority_and_status(app, client, as_role):
    as_role("viewer", preferred_language="en")
    ids, said, finding_id = _with_finding(app)
    with app.app_context():
        RecommendationFactory(finding=db.session.get(Finding, finding_id), text_en="", status="agreed")
        db.session.commit()
    page = _page(client, ids, finding_id).split('id="recommendations"', 1)[1]
    assert '<p class="govuk-body" lang="cy">Rhowch y templedi ar y dudalen gyntaf</p>' in page
    assert "Tîm cynnwys" in page and "High" in page and "Agreed" in page


def test_a_statement_missing_in_the_readers_language_is_marked_and_tagged(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, said = make_project(1)
        finding = finding_citing(said[0].study, said, statement_en="")
    page = _page(client, ids, finding.id)
    assert re.search(r'<h1 class="govuk-heading-l profi-finding-statement"><span lang="cy">', page)
    assert "Needs English" in page


def test_a_finding_of_another_project_is_not_found(app, client, as_role):
    as_role("viewer")
    ids, said, finding_id = _with_finding(app)
    with app.app_context():
        other, _said = make_project(1)
    assert client.get(f"/projects/{other.slug}/findings/{finding_id}").status_code == 404


def _finding_with_evidence(app, count: int) -> tuple[str, int]:
    with app.app_context():
        ids, said = make_project(1)
        study = said[0].study
        cited = said + [ObservationFactory(booking=attended(study)) for _ in range(count - 1)]
        RecommendationFactory(finding=(finding := finding_citing(study, cited)))
        db.session.commit()
        assert db.session.query(Observation).filter(Observation.project_id == ids.project_id).count() == count
        return ids.slug, finding.id


def test_a_finding_page_runs_the_same_queries_for_one_piece_of_evidence_or_fifty(app, client, as_role):
    as_role("researcher")
    one = queries_for_page(app, client, "/projects/{}/findings/{}".format(*_finding_with_evidence(app, 1)))
    fifty = queries_for_page(app, client, "/projects/{}/findings/{}".format(*_finding_with_evidence(app, 50)))
    assert one == fifty


def test_the_viewers_finding_page_runs_the_same_queries_for_one_piece_of_evidence_or_fifty(
    app, client, as_role
):
    as_role("viewer")
    one = queries_for_page(app, client, "/projects/{}/findings/{}".format(*_finding_with_evidence(app, 1)))
    fifty = queries_for_page(app, client, "/projects/{}/findings/{}".format(*_finding_with_evidence(app, 50)))
    assert one == fifty


def test_a_finding_without_evidence_says_so_and_counts_nobody(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, said = make_project(2)
        finding = FindingFactory(study=said[0].study, kind="positive", severity=None)
        db.session.commit()
    page = _page(client, ids, finding.id)
    assert "0 of 2 participants" in page and "No observations are cited yet." in page
    assert "Not graded: only problems and needs have a severity" in page
