"""Writing findings (issue 10, item 4; REP-2, REP-4, REP-5) and carrying them across phases (item 5; REP-3)."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.findings import findings, phases
from app.findings.errors import InvalidFinding, InvalidPhase
from app.findings.models import Evidence, FindingRound
from app.findings.vocabulary import FindingStatus
from app.models_base import utcnow
from tests.factories import FindingFactory, ObservationFactory, PhaseFactory, StudyFactory
from tests.findings.conftest import actions, last_event

Details = findings.FindingDetails


def test_a_finding_is_written_with_its_first_round_standards_and_needs_welsh(app_ctx):
    phase = PhaseFactory()
    made = findings.create_finding(
        phase, Details("", "People cannot find templates", "problem", 3, standards=("wales-2", "govuk-1"))
    )
    assert findings.needs_translation(made) == "cy"
    assert findings.standards_of(made) == ["govuk-1", "wales-2"]
    assert [(r.phase_id, r.status) for r in phases.rounds_of(made)] == [(phase.id, FindingStatus.NEW)]
    assert actions()[-1] == "finding.created"


@pytest.mark.parametrize(
    "details, message",
    [
        (Details("", " ", "problem", 3), "Write the finding in Welsh, in English or in both"),
        (Details("Un", "One", "problem", None), "Choose how severe it is"),
        (Details("Un", "One", "problem", 5), "Choose how severe it is"),
        (Details("Un", "One", "gossip", 1), "Choose what kind of finding this is"),
        (Details("Un", "One", "problem", 1, status="maybe"), "Choose a status"),
        (Details("Un", "One", "problem", 1, standards=("wales-13",)), "Choose standards from the list"),
        (Details("Un", "x" * 501, "problem", 1), "Write the finding in at most 500 characters"),
    ],
)
def test_bad_findings_are_refused(app_ctx, details, message):
    with force_locale("en"), pytest.raises(InvalidFinding) as refused:
        findings.create_finding(PhaseFactory(), details)
    assert refused.value.message == message


def test_a_positive_finding_has_no_severity(app_ctx):
    made = findings.create_finding(PhaseFactory(), Details("Da", "Good", "positive", 4))
    assert made.severity is None


def test_a_finding_cannot_cite_an_observation_from_another_project(app_ctx):
    finding = FindingFactory()
    elsewhere = ObservationFactory()
    with force_locale("en"), pytest.raises(InvalidFinding, match="only observations from its own project"):
        findings.link_evidence(finding, [elsewhere.id])
    # Nor can the database be made to hold one.
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(
            Evidence(
                finding_id=finding.id,
                observation_id=elsewhere.id,
                project_id=finding.project_id,
                linked_at=utcnow(),
            )
        )
        db.session.flush()


def test_carrying_a_finding_into_alpha_and_retesting_it_there(app_ctx):
    discovery = PhaseFactory(kind="discovery")
    alpha = PhaseFactory(project=discovery.project, kind="alpha")
    beta = PhaseFactory(project=discovery.project, kind="beta")
    finding = FindingFactory(phase=discovery, status="agreed")
    phases.carry_into(finding, alpha, note="Retest with the new navigation")
    assert finding.status == FindingStatus.NEW and phases.later_phases(finding) == [beta]
    alpha_round = phases.latest_round(finding)
    phases.set_round_status(finding, alpha_round, FindingStatus.RETESTED_PERSISTING)
    assert finding.status == FindingStatus.RETESTED_PERSISTING
    assert [r.phase.kind for r in phases.rounds_of(finding)] == ["discovery", "alpha"]
    assert phases.what_changed(alpha).persisting == [finding.id]
    with force_locale("en"), pytest.raises(InvalidPhase):
        phases.carry_into(finding, discovery)  # not later
    with pytest.raises(InvalidPhase):
        phases.carry_into(finding, PhaseFactory(kind="beta"))  # another project's
    assert db.session.query(FindingRound).filter_by(finding_id=finding.id).count() == 2


def test_what_changed_in_a_phase_lists_new_resolved_and_persisting(app_ctx):
    discovery = PhaseFactory(kind="discovery")
    alpha = PhaseFactory(project=discovery.project, kind="alpha")
    resolved, persisting = FindingFactory(phase=discovery), FindingFactory(phase=discovery)
    new_here = FindingFactory(phase=alpha)
    for finding, outcome in (
        (resolved, FindingStatus.RETESTED_RESOLVED),
        (persisting, FindingStatus.RETESTED_PERSISTING),
    ):
        phases.carry_into(finding, alpha)
        phases.set_round_status(finding, phases.latest_round(finding), outcome)
    changes = phases.what_changed(alpha)
    assert (changes.new, changes.resolved, changes.persisting) == (
        [new_here.id],
        [resolved.id],
        [persisting.id],
    )


def test_updating_a_finding_audits_the_fields_that_changed(app_ctx):
    study = StudyFactory()
    finding = FindingFactory(study=study)
    findings.update_finding(
        finding,
        Details(finding.statement_cy, "A new sentence", "problem", 4, status="agreed", study_id=study.id),
    )
    assert last_event().details == {"fields": ["severity", "statement_en", "status"]}
    assert phases.latest_round(finding).status == FindingStatus.AGREED
