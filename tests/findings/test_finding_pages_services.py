"""The read-side services of the findings pages (app/findings/pages.py and listing.py): plain values with codes
only, held-back words left out for viewers, figures from findings.evidence, a fixed number of queries."""

from __future__ import annotations

import dataclasses

from flask_babel import force_locale

from app.consent.services import withdraw_consent
from app.extensions import db
from app.findings import evidence, pages, phases
from app.findings.listing import rows_for
from app.findings.models import Finding
from app.participants.models import Participant
from app.projects.models import Phase, Project
from tests.factories import ObservationFactory
from tests.findings.page_data import attended, finding_citing, make_project
from tests.queries import statements_run


def test_evidence_items_carry_codes_and_no_participant_rows(app_ctx):
    ids, said = make_project(2)
    finding = finding_citing(said[0].study, said)
    items = pages.evidence_items(finding, show_held_back_text=False)
    assert [item.code for item in items] == [db.session.get(Participant, o.participant_id).code for o in said]
    for item in items:
        for value in dataclasses.asdict(item).values():
            assert not isinstance(value, Participant)


def test_held_back_text_is_left_out_for_viewers_and_explained_to_researchers(app_ctx):
    ids, said = make_project(2)
    finding = finding_citing(said[0].study, said)
    withdraw_consent(db.session.get(Participant, said[0].participant_id), method="online", language="en")
    with force_locale("en"):
        viewer = pages.evidence_items(finding, show_held_back_text=False)
        researcher = pages.evidence_items(finding, show_held_back_text=True)
    assert [(i.text, i.held_back, i.is_held_back) for i in viewer] == [
        (None, "", True),
        (said[1].text, "", False),
    ]
    assert researcher[0].text == said[0].text
    assert researcher[0].held_back == "Not shown as a quote: the participant has withdrawn"


def test_the_page_and_the_list_take_n_of_m_from_the_one_place(app_ctx):
    ids, said = make_project(3)
    finding = finding_citing(said[0].study, said[:2])
    page = pages.finding_page(finding, "en", show_held_back_text=False)
    [row] = rows_for([finding], "en")
    assert page.n_of_m == row.n_of_m == evidence.n_of_m([finding])[finding.id]


def test_after_carrying_the_page_shows_the_latest_phases_figure_and_each_rounds(app_ctx):
    ids, said = make_project(2)
    finding = finding_citing(said[0].study, said)
    phases.carry_into(finding, db.session.get(Phase, ids.alpha_id))
    page = pages.finding_page(finding, "en", show_held_back_text=True)
    assert [r.phase_id for r in page.rounds] == [ids.phase_id, ids.alpha_id]
    assert page.rounds[0].n_of_m == evidence.NOfM(2, 2) and page.rounds[1].n_of_m == evidence.NOfM(0, 0)
    assert page.n_of_m == page.rounds[1].n_of_m and page.rounds[1].is_latest and page.rounds[0].is_origin
    assert page.later_phases == []


def test_evidence_items_take_the_same_queries_for_one_or_thirty(app_ctx):
    ids, said = make_project(1)
    study = said[0].study
    few = finding_citing(study, said)
    many = finding_citing(study, said + [ObservationFactory(booking=attended(study)) for _ in range(29)])
    with statements_run() as one:
        pages.evidence_items(few, show_held_back_text=False)
    with statements_run() as thirty:
        pages.evidence_items(many, show_held_back_text=False)
    assert len(one) == len(thirty)


def test_candidates_mark_the_cited_and_keep_the_order_given(app_ctx):
    ids, said = make_project(3)
    finding = finding_citing(said[0].study, said[:1])
    chosen = [said[2].id, said[0].id]
    rows = pages.candidates(finding, chosen, "en")
    assert [(r.observation_id, r.cited) for r in rows] == [(said[2].id, False), (said[0].id, True)]


def test_phase_changes_list_only_the_projects_findings_with_their_figures_there(app_ctx):
    ids, said = make_project(2)
    finding = finding_citing(said[0].study, said, statement_en="", statement_cy="Dim ond Cymraeg")
    project = db.session.get(Project, ids.project_id)
    changes = pages.phase_changes(project, db.session.get(Phase, ids.phase_id), "en")
    assert changes["new"] == [(finding, "Dim ond Cymraeg", "cy", evidence.NOfM(2, 2))]
    assert changes["resolved"] == changes["persisting"] == []
    assert db.session.get(Finding, finding.id) is finding
