"""A finding's page as plain values (issue 10, items 4, 5 and 7): its figures, its history across phases, its
evidence consent-filtered for the reader, its recommendations and standards; and the project's observations a
researcher can choose from to cite as evidence.

Nothing here computes a figure of its own: n of m, held-back quotes and attribution come from findings.evidence.
The values carry participant codes only, never a name, contact detail or adjustment (DP-2), so no template can
show one. The page costs the same number of queries for 1 and for 50 pieces of evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, select

from app.extensions import db
from app.findings import evidence, phases
from app.findings.findings import needs_translation, standards_of
from app.findings.listing import filter_choices, parse_id
from app.findings.models import Evidence, Finding, Observation, Recommendation, observation_tag
from app.findings.recommendations import recommendations_of
from app.findings.standards import BY_CODE, FRAMEWORK_LABELS, GOVUK, WALES, standard_label
from app.findings.vocabulary import ObservationKind
from app.participants.models import Participant
from app.projects.models import PHASE_LABELS, PHASE_ORDER, Phase, PhaseKind, Project
from app.studies.models import ResearchSession, Study


@dataclass(frozen=True)
class EvidenceItem:
    """One cited observation as this reader may see it. `text` is None when its participant's words are held
    back (CON-7) and the reader is not a researcher; `held_back` is the reason in the reader's language, for
    researchers, or "" when the words may be shown. `attribution` is general, or "" (DP-7)."""

    observation_id: int
    code: str
    attribution: str
    kind: str
    language: str
    session_starts_at: datetime
    phase_label: str
    text: str | None
    held_back: str
    is_held_back: bool


@dataclass(frozen=True)
class RoundView:
    """The finding in one phase: its status there, the note made when it was carried there, n of m there."""

    phase_id: int
    phase_label: str
    status: str
    note: str
    n_of_m: evidence.NOfM
    is_latest: bool
    is_origin: bool


@dataclass(frozen=True)
class FindingPage:
    finding: Finding
    phase_label: str
    study_title: str
    needs: str | None
    n_of_m: evidence.NOfM
    rounds: list[RoundView]
    later_phases: list[Phase]
    evidence: list[EvidenceItem]
    held_back_count: int
    recommendations: list[Recommendation]
    standards: list[tuple[str, list[str]]]  # (framework label, ["2. Promote the Welsh language", …])


def _study_title(study: Study | None, language: str) -> str:
    if study is None:
        return ""
    return (study.title_cy if language == "cy" else study.title_en) or study.title_en or study.title_cy


def evidence_items(finding: Finding, *, show_held_back_text: bool) -> list[EvidenceItem]:
    """The finding's evidence in phase order, then by session, then as logged. Held-back words (CON-7) are left
    out unless `show_held_back_text` (researchers and admins), who see why instead. Four queries, however many."""
    found = db.session.execute(
        select(
            Observation.id,
            Observation.participant_id,
            Participant.code,
            Observation.kind,
            Observation.language,
            Observation.text,
            ResearchSession.starts_at,
            Phase.kind,
        )
        .join(Evidence, Evidence.observation_id == Observation.id)
        .join(Participant, Participant.id == Observation.participant_id)
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .join(Phase, Phase.id == Observation.phase_id)
        .where(Evidence.finding_id == finding.id)
    ).all()
    rows = sorted(found, key=lambda row: (PHASE_ORDER[row[7]], row[6], row[0]))
    held = evidence.held_back_reasons(row[1] for row in rows)
    attribution = evidence.Attribution(finding.project_id) if rows else None
    items = []
    for observation_id, participant_id, code, kind, language, text, starts_at, phase_kind in rows:
        reason = held.get(participant_id)
        items.append(
            EvidenceItem(
                observation_id=observation_id,
                code=code,
                attribution=attribution.of(participant_id) if attribution else "",
                kind=str(kind),
                language=language,
                session_starts_at=starts_at,
                phase_label=str(PHASE_LABELS[PhaseKind(phase_kind)]),
                text=text if reason is None or show_held_back_text else None,
                held_back=evidence.held_back_label(reason) if reason and show_held_back_text else "",
                is_held_back=reason is not None,
            )
        )
    return items


def finding_page(finding: Finding, language: str, *, show_held_back_text: bool) -> FindingPage:
    """Everything the finding's page shows, in the reader's `language`. n of m now and per phase from
    findings.evidence; the evidence consent-filtered for the reader (see evidence_items)."""
    rounds = phases.rounds_of(finding)
    by_round = evidence.n_of_m_by_round([finding])
    latest_phase_id = rounds[-1].phase_id if rounds else finding.phase_id
    items = evidence_items(finding, show_held_back_text=show_held_back_text)
    chosen = standards_of(finding)
    standards = [
        (
            str(FRAMEWORK_LABELS[framework]),
            [standard_label(code) for code in chosen if BY_CODE[code].framework == framework],
        )
        for framework in (WALES, GOVUK)
    ]
    return FindingPage(
        finding=finding,
        phase_label=finding.phase.label,
        study_title=_study_title(finding.study, language),
        needs=needs_translation(finding),
        n_of_m=by_round[(finding.id, latest_phase_id)],
        rounds=[
            RoundView(
                phase_id=found.phase_id,
                phase_label=found.phase.label,
                status=str(found.status),
                note=found.note,
                n_of_m=by_round[(finding.id, found.phase_id)],
                is_latest=found.phase_id == latest_phase_id,
                is_origin=found.phase_id == finding.phase_id,
            )
            for found in rounds
        ],
        later_phases=phases.later_phases(finding),
        evidence=items,
        held_back_count=sum(1 for item in items if item.is_held_back),
        recommendations=recommendations_of(finding),
        standards=[(label, names) for label, names in standards if names],
    )


def get_round(finding: Finding, phase_id: int):
    """The finding's round in one phase, or None."""
    return next((found for found in phases.rounds_of(finding) if found.phase_id == phase_id), None)


def phase_changes(project: Project, phase: Phase, language: str) -> dict[str, list]:
    """What changed because of research in `phase` (REP-3): {"new" | "resolved" | "persisting": [(finding,
    statement, statement language, n of m in the phase)]}, from findings.phases.what_changed and the figures of
    findings.evidence. A fixed number of queries, however many findings."""
    changes = phases.what_changed(phase)
    ids = set(changes.new) | set(changes.resolved) | set(changes.persisting)
    findings = {
        finding.id: finding
        for finding in db.session.scalars(
            select(Finding).where(Finding.id.in_(ids), Finding.project_id == project.id)
        )
    }
    figures = evidence.n_of_m_by_round(findings.values())
    other = "en" if language == "cy" else "cy"

    def rows(finding_ids: list[int]) -> list:
        found = []
        for finding_id in finding_ids:
            finding = findings.get(finding_id)
            if finding is None:
                continue
            own = getattr(finding, f"statement_{language}").strip()
            found.append(
                (
                    finding,
                    own or getattr(finding, f"statement_{other}").strip(),
                    language if own else other,
                    figures[(finding.id, phase.id)],
                )
            )
        return found

    return {
        "new": rows(changes.new),
        "resolved": rows(changes.resolved),
        "persisting": rows(changes.persisting),
    }


# Choosing observations to cite ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObservationFilter:
    study_id: int | None = None
    session_id: int | None = None
    tag_id: int | None = None
    kind: str | None = None


def observation_filter_from(args: Mapping[str, str]) -> ObservationFilter:
    """The picker's filter from a query string; values that are not ids or kinds filter nothing."""
    kind = args.get("kind")
    return ObservationFilter(
        study_id=parse_id(args.get("study")),
        session_id=parse_id(args.get("session")),
        tag_id=parse_id(args.get("tag")),
        kind=kind if kind in set(ObservationKind) else None,
    )


def observations_query(project: Project, chosen: ObservationFilter) -> Select[tuple[int]]:
    """Ids of the project's observations that match, newest session first, then as logged (for paging)."""
    stmt = (
        select(Observation.id)
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .where(Observation.project_id == project.id)
    )
    if chosen.study_id is not None:
        stmt = stmt.where(Observation.study_id == chosen.study_id)
    if chosen.session_id is not None:
        stmt = stmt.where(Observation.research_session_id == chosen.session_id)
    if chosen.kind is not None:
        stmt = stmt.where(Observation.kind == chosen.kind)
    if chosen.tag_id is not None:
        stmt = stmt.where(
            Observation.id.in_(
                select(observation_tag.c.observation_id).where(observation_tag.c.tag_id == chosen.tag_id)
            )
        )
    return stmt.order_by(ResearchSession.starts_at.desc(), Observation.id)


@dataclass(frozen=True)
class Candidate:
    """An observation a researcher may cite: its words (with why they are held back, if they are), and whether
    the finding cites it already."""

    observation_id: int
    code: str
    kind: str
    language: str
    text: str
    session_starts_at: datetime
    study_title: str
    held_back: str
    cited: bool


def candidates(finding: Finding, observation_ids: list[int], language: str) -> list[Candidate]:
    """The picker's rows for one page of observation ids, in the order given. Three queries, however many."""
    if not observation_ids:
        return []
    rows = {
        row[0]: row
        for row in db.session.execute(
            select(
                Observation.id,
                Observation.participant_id,
                Participant.code,
                Observation.kind,
                Observation.language,
                Observation.text,
                ResearchSession.starts_at,
                Study.title_cy,
                Study.title_en,
            )
            .join(Participant, Participant.id == Observation.participant_id)
            .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
            .join(Study, Study.id == Observation.study_id)
            .where(Observation.id.in_(observation_ids))
        )
    }
    cited = set(
        db.session.scalars(
            select(Evidence.observation_id).where(
                Evidence.finding_id == finding.id, Evidence.observation_id.in_(observation_ids)
            )
        )
    )
    held = evidence.held_back_reasons(row[1] for row in rows.values())
    found = []
    for observation_id in observation_ids:
        row = rows.get(observation_id)
        if row is None:
            continue
        _oid, participant_id, code, kind, spoken, text, starts_at, title_cy, title_en = row
        reason = held.get(participant_id)
        found.append(
            Candidate(
                observation_id=observation_id,
                code=code,
                kind=str(kind),
                language=spoken,
                text=text,
                session_starts_at=starts_at,
                study_title=(title_cy if language == "cy" else title_en) or title_en or title_cy,
                held_back=evidence.held_back_label(reason) if reason else "",
                cited=observation_id in cited,
            )
        )
    return found


@dataclass(frozen=True)
class PickerChoices:
    studies: list[tuple[int, str]]
    sessions: list[tuple[int, datetime, str]]  # (id, starts at, study title): sessions with observations
    tags: list[tuple[int, str]]


def picker_choices(project: Project, language: str) -> PickerChoices:
    """What the picker's filters offer: the project's studies and tags, and its sessions that have
    observations (newest first). Three queries."""
    base = filter_choices(project, language)
    sessions = [
        (session_id, starts_at, (title_cy if language == "cy" else title_en) or title_en or title_cy)
        for session_id, starts_at, title_cy, title_en in db.session.execute(
            select(ResearchSession.id, ResearchSession.starts_at, Study.title_cy, Study.title_en)
            .join(Study, Study.id == ResearchSession.study_id)
            .where(
                ResearchSession.id.in_(
                    select(Observation.research_session_id).where(Observation.project_id == project.id)
                )
            )
            .order_by(ResearchSession.starts_at.desc(), ResearchSession.id)
        )
    ]
    return PickerChoices(studies=base.studies, sessions=sessions, tags=base.tags)
