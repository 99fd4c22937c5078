"""The findings list of a project (issue 10, items 4 and 7): filters by phase, study, kind, severity, status, tag
and standard; each row's statement in the reader's language, kind, severity, status and n of m (the same figure
as the finding's page); a page at a time, in the same number of queries for 10 findings or 1,000."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.findings import evidence, observations, phases
from app.findings.findings import FindingDetails, update_finding
from app.findings.listing import FindingFilter, filter_from, findings_query
from app.findings.models import Finding, FindingStandard, Observation
from app.projects.models import Phase, Project
from tests.factories import FindingFactory, ObservationFactory, StudyFactory, TagFactory
from tests.findings.page_data import CY, EN, attended, finding_citing, make_project, many_findings
from tests.queries import queries_for_page


def _list(client, slug: str, query: str = "", headers=EN) -> str:
    response = client.get(f"/projects/{slug}/findings{query}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _rows(page: str) -> list[str]:
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', body, re.S)


def test_each_row_shows_statement_kind_severity_status_and_n_of_m(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, said = make_project(3)
        finding_citing(said[0].study, said[:2], statement_en="Templates are hard to find")
    [row] = _rows(_list(client, ids.slug))
    assert "Templates are hard to find" in row and "Problem" in row and "Serious" in row
    assert "New" in row and "2 of 3 participants" in row


def test_a_missing_language_is_marked_and_tagged_in_each_language(app, client, as_role):
    as_role("viewer")
    with app.app_context():
        ids, said = make_project(1)
        finding_citing(said[0].study, [], statement_en="", statement_cy="Mae’r ffurflen yn rhy hir")
        finding_citing(said[0].study, [], statement_cy="", statement_en="The form is too long")
    client.get("/language/en")
    english = _list(client, ids.slug)
    client.get("/language/cy")
    welsh = _list(client, ids.slug, headers=CY)
    assert '<span lang="cy">Mae’r ffurflen yn rhy hir</span>' in english and "Needs English" in english
    assert "<span>The form is too long</span>" in english and "Needs Welsh" in english
    assert '<span lang="en">The form is too long</span>' in welsh and "Angen Cymraeg" in welsh
    assert "<span>Mae’r ffurflen yn rhy hir</span>" in welsh


def _two_of_everything(app):
    """Two findings differing in every filtered value; returns (ids, the first finding's values, both ids)."""
    with app.app_context():
        ids, said = make_project(2)
        study = said[0].study
        other_study = StudyFactory(phase=study.phase)
        tag = TagFactory(project=db.session.get(Project, ids.project_id), name="Templedi")
        said[0].tags.append(tag)
        first = finding_citing(study, [said[0]], kind="problem", severity=4, status="agreed")
        second = finding_citing(other_study, [said[1]], kind="need", severity=1, status="new")
        db.session.add(FindingStandard(finding_id=first.id, standard="wales-2"))
        db.session.add(FindingStandard(finding_id=second.id, standard="govuk-1"))
        phases.carry_into(second, db.session.get(Phase, ids.alpha_id))
        db.session.commit()
        return ids, {"study": study.id, "tag": tag.id}, (first.id, second.id)


def test_every_filter_cuts_the_list(app, client, as_role):
    as_role("viewer")
    ids, values, (first, second) = _two_of_everything(app)
    expected = {
        f"?phase={ids.phase_id}": {first, second},
        f"?phase={ids.alpha_id}": {second},
        f"?study={values['study']}": {first},
        "?kind=problem": {first},
        "?kind=need": {second},
        "?severity=4": {first},
        "?status=agreed": {first},
        "?status=new": {second},  # carried into alpha: new there
        f"?tag={values['tag']}": {first},
        "?standard=wales-2": {first},
        "?standard=govuk-1": {second},
        "?kind=problem&status=new": set(),
        "": {first, second},
    }
    for query, wanted in expected.items():
        page = _list(client, ids.slug, query)
        shown = {int(found) for found in re.findall(rf"/projects/{ids.slug}/findings/(\d+)\"", page)}
        assert shown == wanted, query


@pytest.mark.parametrize(
    "query",
    [
        "?phase=x",
        "?severity=9",
        "?kind=%27",
        "?status=Fixed",
        "?tag=99999999999999999999",
        "?standard=wales-99",
    ],
)
def test_a_value_that_is_not_a_choice_filters_nothing(app, client, as_role, query):
    as_role("viewer")
    ids, _values, _found = _two_of_everything(app)
    assert len(_rows(_list(client, ids.slug, query))) == 2


def test_filters_on_another_projects_rows_match_nothing(app):
    with app.app_context():
        ids, said = make_project(1)
        other, other_said = make_project(1)
        finding_citing(said[0].study, said)
        project = db.session.get(Project, ids.project_id)
        for chosen in (FindingFilter(phase_id=other.phase_id), FindingFilter(study_id=other.study_id)):
            assert list(db.session.scalars(findings_query(project, chosen))) == []


def test_the_filter_is_read_from_the_query_string_and_drops_what_is_not_a_choice():
    assert filter_from(
        {"phase": "3", "kind": "need", "severity": "2", "standard": "govuk-14"}
    ) == FindingFilter(phase_id=3, kind="need", severity=2, standard="govuk-14")
    assert filter_from(
        {"phase": "-3", "kind": "Need", "severity": "5", "tag": "٣", "study": "2" * 20}
    ).is_empty


def test_most_severe_first_and_ungraded_last(app):
    with app.app_context():
        first = FindingFactory(severity=3)
        phase = first.phase
        minor = FindingFactory(phase=phase, severity=1)
        positive = FindingFactory(phase=phase, kind="positive", severity=None)
        critical = FindingFactory(phase=phase, severity=4)
        project = db.session.get(Project, phase.project_id)
        found = list(db.session.scalars(findings_query(project, FindingFilter())))
        assert [f.id for f in found] == [critical.id, first.id, minor.id, positive.id]


def test_the_list_is_paged(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(1)
        many_findings(ids.phase_id, ids.project_id, 51)
    first = _list(client, ids.slug)
    assert "51 findings" in first and len(_rows(first)) == 50 and "?page=2" in first
    assert len(_rows(_list(client, ids.slug, "?page=2"))) == 1
    assert len(_rows(_list(client, ids.slug, "?page=99999999999999999999"))) == 1


def test_the_list_runs_the_same_queries_for_ten_findings_or_a_thousand(app, client, as_role):
    as_role("viewer")
    counts = []
    for count in (10, 1000):
        with app.app_context():
            ids, _said = make_project(1)
            many_findings(ids.phase_id, ids.project_id, count)
        counts.append(queries_for_page(app, client, f"/projects/{ids.slug}/findings"))
        counts.append(queries_for_page(app, client, f"/projects/{ids.slug}/findings?kind=problem&severity=2"))
    assert counts[0] == counts[2] and counts[1] == counts[3]


def test_an_empty_project_says_it_has_no_findings_yet(app, client, as_role):
    as_role("viewer", preferred_language="en")
    with app.app_context():
        ids, _said = make_project(0)
    page = _list(client, ids.slug)
    assert "This project has no findings yet." in page and "0 findings" in page
    assert "No findings match these filters." in _list(client, ids.slug, "?kind=need")


def _list_figure(client, slug, finding_id) -> str:
    for row in _rows(_list(client, slug)):
        if f'/findings/{finding_id}"' in row:
            return re.findall(r"\d+ of \d+ participants?", row)[0]
    raise AssertionError("not listed")


def _page_figure(client, slug, finding_id) -> str:
    page = client.get(f"/projects/{slug}/findings/{finding_id}", headers=EN).get_data(as_text=True)
    return re.search(r'id="n-of-m">([^<]+)<', page).group(1)


def test_n_of_m_agrees_between_the_list_and_the_page_through_edits_and_deletions(app, client, as_role):
    as_role("researcher", preferred_language="en")
    with app.app_context():
        ids, said = make_project(3)
        study = said[0].study
        again = ObservationFactory(
            booking=attended(study, db.session.get(Observation, said[0].id).participant)
        )
        finding = finding_citing(study, [said[0], again, said[1]])
        finding_id = finding.id

    def figures():
        with app.app_context(), force_locale("en"):
            db.session.expire_all()
            one = str(evidence.n_of_m([db.session.get(Finding, finding_id)])[finding_id])
        return one, _list_figure(client, ids.slug, finding_id), _page_figure(client, ids.slug, finding_id)

    assert figures() == ("2 of 3 participants",) * 3  # the same person twice counts once
    with app.app_context():
        observations.delete_observation(db.session.get(Observation, said[1].id))
        db.session.commit()
    assert figures() == ("1 of 3 participants",) * 3
    response = client.post(
        f"/projects/{ids.slug}/findings/{finding_id}/evidence", data={"observations": [str(said[2].id)]}
    )
    assert response.status_code == 302
    assert figures() == ("2 of 3 participants",) * 3
    client.post(f"/projects/{ids.slug}/findings/{finding_id}/evidence/{said[2].id}/remove")
    assert figures() == ("1 of 3 participants",) * 3
    with app.app_context():
        finding = db.session.get(Finding, finding_id)
        update_finding(finding, FindingDetails("Cy", "En", "problem", 2, study_id=None))
        db.session.commit()
    # Without its study, m is everyone who took part in the phase: the same three here.
    assert figures() == ("1 of 3 participants",) * 3
