"""The figures every page takes from one place (issue 10): n of m from distinct people, quotes held back by
consent (CON-7), and attribution that never singles out fewer than 3 people (DP-7)."""

from __future__ import annotations

from flask_babel import force_locale

from app.consent.services import withdraw_consent
from app.extensions import db
from app.findings import evidence, observations
from app.findings.evidence import HELD_NO_CONSENT, HELD_WITHDRAWN, NOfM
from tests.factories import (
    BookingFactory,
    FindingFactory,
    ObservationFactory,
    ParticipantFactory,
    ResearchSessionFactory,
    StudyFactory,
)
from tests.queries import statements_run


def _attended(study, participant=None, **person):
    session = ResearchSessionFactory(study=study)
    return BookingFactory(
        research_session=session,
        participant=participant or ParticipantFactory(consented=True, **person),
        status="attended",
    )


def test_n_counts_distinct_people_and_m_everyone_who_took_part_in_the_study(app_ctx):
    study = StudyFactory()
    a, b, _c = (_attended(study) for _ in range(3))
    _attended(StudyFactory(phase=study.phase))  # took part in another study of the phase: not in m
    said = [
        ObservationFactory(booking=a),
        ObservationFactory(booking=a),  # the same person twice counts once
        ObservationFactory(booking=b),
    ]
    finding = FindingFactory(study=study, evidence=said)
    assert evidence.n_of_m([finding]) == {finding.id: NOfM(2, 3)}  # c took part and said nothing cited


def test_without_a_study_m_is_the_whole_phase_and_deleting_evidence_changes_n_at_once(app_ctx):
    study = StudyFactory()
    bookings = [_attended(study), _attended(StudyFactory(phase=study.phase))]
    said = [ObservationFactory(booking=booking) for booking in bookings]
    finding = FindingFactory(phase=study.phase, evidence=said)
    assert evidence.n_of_m([finding])[finding.id] == NOfM(2, 2)
    observations.delete_observation(said[0])
    db.session.expire_all()
    # The deleted observation's author still attended: m stays, n drops.
    assert evidence.n_of_m([finding])[finding.id] == NOfM(1, 2)


def test_n_of_m_takes_the_same_number_of_queries_for_one_finding_and_for_twenty(app_ctx):
    study = StudyFactory()
    few = [FindingFactory(study=study, evidence=[ObservationFactory(booking=_attended(study))])]
    many = few + [
        FindingFactory(study=study, evidence=[ObservationFactory(booking=_attended(study))])
        for _ in range(19)
    ]
    db.session.flush()
    with statements_run() as one:
        evidence.n_of_m(few)
    with statements_run() as twenty:
        evidence.n_of_m(many)
    assert len(one) == len(twenty)


def test_quotes_are_held_back_without_quotes_consent_or_after_withdrawal(app_ctx):
    agreed = ParticipantFactory(consented=True)
    no_quotes = ParticipantFactory(consented=True, consent__answers__quotes=False)
    withdrawn = ParticipantFactory(consented=True)
    withdraw_consent(withdrawn, method="online", language="cy")
    held = evidence.held_back_reasons([agreed.id, no_quotes.id, withdrawn.id])
    assert held == {no_quotes.id: HELD_NO_CONSENT, withdrawn.id: HELD_WITHDRAWN}


def test_attribution_is_widened_then_hidden_below_three_people(app_ctx):
    study = StudyFactory()
    managers = [
        _attended(study, seniority="manager", organisation_type="local_authority").participant_id
        for _ in range(3)
    ]
    [head_la] = [_attended(study, seniority="head", organisation_type="local_authority").participant_id]
    [lonely] = [_attended(study, seniority="manager", organisation_type="education").participant_id]
    attribution = evidence.Attribution(study.phase.project_id)
    with force_locale("en"):
        assert attribution.of(managers[0]) == "Manager, Local authority"
        assert attribution.of(head_la) == "Local authority"  # 1 head, but 4 in local authorities
    assert attribution.of(lonely) == ""  # the only person from education
