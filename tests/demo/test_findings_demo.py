"""Demo session logs and findings (issue 10, "Demo data"): Cyd discovery and alpha round 1 fully logged, about 25
findings with evidence, recommendations and standards, several carried into alpha and retested, one person's words
held back by consent, beta planned; loading twice makes nothing new; no text names anyone (DP-2)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.booking.models import Booking, BookingStatus
from app.consent.services import consent_state
from app.demo.data import load_demo_data
from app.demo.findings_alpha_content import ALPHA_ROUND_SESSIONS, HELD_BACK_SESSION
from app.demo.findings_data import ALPHA_ROUND_STUDY, _round_people
from app.demo.studies_data import ALPHA_STUDY, DISCOVERY_STUDY
from app.extensions import db
from app.findings import evidence, phases, recommendations, session_logs
from app.findings.findings import needs_translation, standards_of
from app.findings.models import (
    ConsentReconfirmation,
    Evidence,
    Finding,
    FindingRound,
    Observation,
    Recommendation,
    SessionLog,
    Tag,
)
from app.findings.vocabulary import GRADED_KINDS, FindingKind, FindingStatus, ObservationKind
from app.models_base import utcnow
from app.participants.models import Participant
from app.projects.models import Phase, Project
from app.studies.models import ResearchSession, Study, StudyStatus
from tests.conftest import migrated_app
from tests.factories import ParticipantFactory, StaffUserFactory

PASSWORD = "demo-password-123"
MADE = (
    Observation,
    Finding,
    FindingRound,
    Evidence,
    Recommendation,
    Tag,
    SessionLog,
    ConsentReconfirmation,
    Study,
    ResearchSession,
    Booking,
    AuditEvent,
)


@pytest.fixture(scope="module")
def demo_app():
    application = migrated_app("findings_demo", PROFI_DEMO=True, PROFI_DEMO_PASSWORD=PASSWORD)
    with application.app_context():
        created = load_demo_data(PASSWORD)
        db.session.commit()
        db.session.remove()
    assert created["findings"] > 0
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture
def demo(demo_app):
    """The demo database, loaded once for the module; whatever a test writes is rolled back."""
    with demo_app.app_context():
        yield demo_app
        db.session.rollback()
        db.session.remove()


def _cyd() -> Project:
    return db.session.scalar(select(Project).where(Project.slug == "cyd"))


def _phase(kind: str) -> Phase:
    return next(phase for phase in _cyd().phases if phase.kind == kind)


def _study(title_en: str) -> Study:
    return db.session.scalar(select(Study).where(Study.title_en == title_en))


def _findings() -> list[Finding]:
    return list(
        db.session.scalars(select(Finding).where(Finding.project_id == _cyd().id).order_by(Finding.id))
    )


def _counts() -> dict[str, int]:
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MADE}


def _bookings(study: Study) -> list[Booking]:
    return list(
        db.session.scalars(
            select(Booking)
            .join(ResearchSession, ResearchSession.id == Booking.research_session_id)
            .where(ResearchSession.study_id == study.id)
        )
    )


def test_loading_the_demo_again_makes_nothing(demo):
    before = _counts()
    created = load_demo_data(PASSWORD)
    db.session.flush()
    assert created["findings"] == 0
    assert _counts() == before
    db.session.rollback()


@pytest.mark.parametrize("title", [DISCOVERY_STUDY["title_en"], ALPHA_ROUND_STUDY["title_en"]])
def test_every_session_that_ran_is_logged_with_notes_reconfirmed_consent_and_observations(demo, title):
    study = _study(title)
    attended = [b for b in _bookings(study) if b.status == BookingStatus.ATTENDED]
    assert len(attended) >= 6
    sessions = {b.research_session_id: b for b in attended}
    for session_id, booking in sessions.items():
        session = db.session.get(ResearchSession, session_id)
        assert session_logs.session_log(session).notes.strip()
        assert session_logs.reconfirmed_booking_ids(session) == {booking.id}
        said = list(
            db.session.scalars(select(Observation).where(Observation.research_session_id == session_id))
        )
        assert len(said) >= 4 and {o.participant_id for o in said} == {booking.participant_id}
    observations = list(db.session.scalars(select(Observation).where(Observation.study_id == study.id)))
    assert {o.language for o in observations} == {"cy", "en"}
    assert {o.kind for o in observations} == set(ObservationKind)
    assert any(o.time_marker for o in observations) and any(o.time_marker is None for o in observations)
    assert sum(1 for o in observations if not o.tags) <= 1  # themed, bar the odd note
    notes = [
        db.session.scalar(select(SessionLog.notes).where(SessionLog.research_session_id == s))
        for s in sessions
    ]
    assert any("Ailgadarnhawyd" in n for n in notes) and any("re-confirmed" in n for n in notes)


def test_alpha_round_ran_weeks_ago_with_one_no_show_and_the_future_alpha_sessions_are_untouched(demo):
    round_ = _study(ALPHA_ROUND_STUDY["title_en"])
    assert round_.status == StudyStatus.DONE and round_.phase.kind == "alpha"
    outcomes = Counter(b.status for b in _bookings(round_))
    assert outcomes[BookingStatus.NO_SHOW] == 1 and outcomes[BookingStatus.ATTENDED] >= 6
    no_show = next(b for b in _bookings(round_) if b.status == BookingStatus.NO_SHOW)
    assert session_logs.reconfirmed_booking_ids(no_show.research_session) == set()
    now = utcnow()
    sessions = list(db.session.scalars(select(ResearchSession).where(ResearchSession.study_id == round_.id)))
    assert all(s.ends_at < now for s in sessions)
    assert {s.language for s in sessions} >= {"cy", "en"}
    marked = db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "booking.attendance_marked")
    )
    assert marked == len(sessions)

    future = _study(ALPHA_STUDY["title_en"])
    later = list(db.session.scalars(select(ResearchSession).where(ResearchSession.study_id == future.id)))
    assert later and all(s.starts_at > now for s in later)
    assert not db.session.scalar(
        select(func.count()).select_from(Observation).where(Observation.study_id == future.id)
    )


def test_beta_is_planned_with_no_sessions_yet(demo):
    beta = list(db.session.scalars(select(Study).where(Study.phase_id == _phase("beta").id)))
    assert [s.status for s in beta] == [StudyStatus.PLANNING]
    assert not db.session.scalar(
        select(func.count()).select_from(ResearchSession).where(ResearchSession.study_id == beta[0].id)
    )


def test_about_25_findings_of_every_kind_and_status_with_evidence_recommendations_and_standards(demo):
    found = _findings()
    assert 22 <= len(found) <= 28
    assert {f.phase.kind for f in found} == {"discovery", "alpha"}
    kinds = Counter(f.kind for f in found)
    assert set(kinds) == set(FindingKind) and kinds[FindingKind.POSITIVE] >= 3  # REP-4
    statuses = {r.status for r in db.session.scalars(select(FindingRound))} | {f.status for f in found}
    assert statuses == set(FindingStatus)
    assert all((f.severity in (1, 2, 3, 4)) == (f.kind in GRADED_KINDS) for f in found)
    assert {f.severity for f in found if f.severity} == {1, 2, 3, 4}
    for finding in found:
        codes = standards_of(finding)
        assert any(c.startswith("wales-") for c in codes) and any(c.startswith("govuk-") for c in codes)
        cited = list(
            db.session.execute(
                select(Observation.phase_id, Observation.participant_id)
                .join(Evidence, Evidence.observation_id == Observation.id)
                .where(Evidence.finding_id == finding.id)
            )
        )
        per_phase = Counter(phase_id for phase_id, _ in cited)
        assert per_phase and all(1 <= n <= 5 for n in per_phase.values())
        assert len(set(cited)) == len(cited), "each phase's evidence comes from different people"
    problems = [f for f in found if f.kind == FindingKind.PROBLEM]
    advised = [f for f in problems if recommendations.recommendations_of(f)]
    assert len(advised) >= len(problems) * 0.8
    for finding in advised:
        assert all(r.owner and (r.text_cy or r.text_en) for r in recommendations.recommendations_of(finding))


def test_some_findings_still_need_welsh_or_english(demo):
    states = Counter(needs_translation(f) for f in _findings())
    assert states["cy"] >= 1 and states["en"] >= 1 and states[None] >= 20


def test_findings_carried_from_discovery_were_retested_in_alpha_with_new_evidence(demo):
    discovery, alpha = _phase("discovery"), _phase("alpha")
    changed = phases.what_changed(alpha)
    by_id = {f.id: f for f in _findings()}
    carried_resolved = [i for i in changed.resolved if by_id[i].phase_id == discovery.id]
    carried_persisting = [i for i in changed.persisting if by_id[i].phase_id == discovery.id]
    assert carried_resolved and carried_persisting and changed.new
    figures = evidence.n_of_m_by_round(by_id.values())
    for finding_id in carried_resolved + carried_persisting:
        assert figures[(finding_id, alpha.id)].n >= 1  # retested with alpha evidence
        assert figures[(finding_id, discovery.id)].n >= 1
        history = [r.phase.kind for r in phases.rounds_of(by_id[finding_id])]
        assert history == ["discovery", "alpha"]


def test_one_persons_words_are_held_back_for_want_of_quotes_consent_and_everyone_else_quoted_agreed(demo):
    quotes = list(db.session.scalars(select(Observation).where(Observation.kind == ObservationKind.QUOTE)))
    held = evidence.held_back_reasons(o.participant_id for o in quotes)
    assert list(held.values()) == [evidence.HELD_NO_CONSENT]
    (person,) = held
    cited = db.session.scalar(
        select(func.count())
        .select_from(Evidence)
        .join(Observation, Observation.id == Evidence.observation_id)
        .where(Observation.participant_id == person, Observation.kind == ObservationKind.QUOTE)
    )
    assert cited >= 1
    assert len({o.participant_id for o in quotes}) >= 8


def test_no_note_observation_finding_or_recommendation_names_a_participant(demo):
    people = list(db.session.scalars(select(Participant)))
    texts = (
        list(db.session.scalars(select(SessionLog.notes)))
        + list(db.session.scalars(select(Observation.text)))
        + list(db.session.scalars(select(Finding.statement_cy)))
        + list(db.session.scalars(select(Finding.statement_en)))
        + list(db.session.scalars(select(Recommendation.text_cy)))
        + list(db.session.scalars(select(Recommendation.text_en)))
        + list(db.session.scalars(select(Recommendation.owner)))
        + list(db.session.scalars(select(FindingRound.note)))
    )
    assert len(texts) > 200 and len(people) >= 60
    found = {text: session_logs.personal_data_in([text], people) for text in texts}
    assert {text: hits for text, hits in found.items() if hits} == {}


def test_n_of_m_is_never_more_than_m_and_varies(demo):
    found = _findings()
    figures = evidence.n_of_m_by_round(found)
    assert figures and all(0 <= f.n <= f.m and f.m > 0 for f in figures.values())
    shown = evidence.n_of_m(found)
    assert len({(f.n, f.m) for f in shown.values()}) >= 5
    discovery = _study(DISCOVERY_STUDY["title_en"])
    took_part = len({b.participant_id for b in _bookings(discovery) if b.status == BookingStatus.ATTENDED})
    assert {f.m for (_, phase_id), f in figures.items() if phase_id == _phase("discovery").id} == {took_part}


def test_when_everyone_left_agreed_to_quotes_one_persons_consent_is_recorded_again_without_quotes(app_ctx):
    researcher = StaffUserFactory()
    for _ in ALPHA_ROUND_SESSIONS:
        ParticipantFactory(consented=True, preferred_language="en")
    chosen = _round_people(["en"] * len(ALPHA_ROUND_SESSIONS), researcher)
    held = chosen[HELD_BACK_SESSION]
    assert held is not None and len({p.id for p in chosen if p}) == len(ALPHA_ROUND_SESSIONS)
    assert evidence.held_back_reasons(p.id for p in chosen if p) == {held.id: evidence.HELD_NO_CONSENT}
    assert consent_state(held).may_take_part
