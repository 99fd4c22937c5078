"""Evidence: the figures and safeguards every page, list, dashboard and report takes from one place.

- **n of m** (REP-2): n is the distinct participants among a finding's evidence in a phase; m is the distinct
  participants who took part there (attended a session, or have an observation logged) — in the finding's study
  for the phase it was found in when it came from a study, else in the whole phase. Computed from the links on
  every read, so edits, deletions and withdrawals change it at once; never typed.
- **Quotes** (CON-7): an observation is shown as a quote only when its participant's consent, as it stands now,
  includes "quotes" and they have not withdrawn. Otherwise it still counts as evidence, and researchers see why
  it is held back.
- **Attribution** (DP-7): general ("Manager, Local authority"), widened to the organisation type, then hidden,
  whenever the attributes shown would match fewer than 3 participants of the project.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import distinct, func, select, union

from app.booking.models import Booking, BookingStatus
from app.consent.models import Purpose
from app.consent.services import consent_states
from app.extensions import db
from app.findings.models import Evidence, Finding, FindingRound, Observation
from app.participants.models import (
    ORGANISATION_TYPE_LABELS,
    SENIORITY_LABELS,
    OrganisationType,
    Participant,
    ParticipantStatus,
    Seniority,
)
from app.projects.models import PHASE_ORDER, Phase
from app.studies.models import ResearchSession, Study

SMALLEST_GROUP = 3  # DP-7: no attribution, and no count, that singles out fewer than 3 people


@dataclass(frozen=True)
class NOfM:
    n: int
    m: int

    def __str__(self) -> str:
        return ngettext("%(n)d of %(num)d participant", "%(n)d of %(num)d participants", self.m, n=self.n)


# Who took part -----------------------------------------------------------------------------------------------


def _took_part(scope_column, scope_ids: Iterable[int]):
    """(scope id, participant id) rows: attended a session, or has an observation, in each phase or study."""
    ids = list(scope_ids)
    scope = Study.phase_id if scope_column == "phase" else Study.id
    attended = (
        select(scope.label("scope_id"), Booking.participant_id.label("participant_id"))
        .select_from(Booking)
        .join(ResearchSession, ResearchSession.id == Booking.research_session_id)
        .join(Study, Study.id == ResearchSession.study_id)
        .where(Booking.status == BookingStatus.ATTENDED, scope.in_(ids))
    )
    observed_scope = Observation.phase_id if scope_column == "phase" else Observation.study_id
    observed = select(
        observed_scope.label("scope_id"), Observation.participant_id.label("participant_id")
    ).where(observed_scope.in_(ids))
    return union(attended, observed).subquery("took_part")


def took_part_counts(
    *, phase_ids: Iterable[int] = (), study_ids: Iterable[int] = ()
) -> dict[tuple[str, int], int]:
    """{("phase", id) or ("study", id): distinct participants who took part}. One query per kind asked for."""
    counts: dict[tuple[str, int], int] = {}
    for kind, ids in (("phase", set(phase_ids)), ("study", set(study_ids))):
        if not ids:
            continue
        rows = _took_part(kind, ids)
        for scope_id, n in db.session.execute(
            select(rows.c.scope_id, func.count(distinct(rows.c.participant_id))).group_by(rows.c.scope_id)
        ):
            counts[(kind, scope_id)] = n
    return counts


# n of m ----------------------------------------------------------------------------------------------------


def evidence_counts(finding_ids: Iterable[int]) -> dict[tuple[int, int], int]:
    """{(finding id, phase id): distinct participants among its evidence from that phase}. One query."""
    ids = list(finding_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Evidence.finding_id, Observation.phase_id, func.count(distinct(Observation.participant_id)))
        .join(Observation, Observation.id == Evidence.observation_id)
        .where(Evidence.finding_id.in_(ids))
        .group_by(Evidence.finding_id, Observation.phase_id)
    )
    return {(finding_id, phase_id): n for finding_id, phase_id, n in rows}


def n_of_m_by_round(findings: Iterable[Finding]) -> dict[tuple[int, int], NOfM]:
    """{(finding id, phase id): n of m} for every round of every finding given: three queries, however many."""
    findings = list(findings)
    if not findings:
        return {}
    by_id = {finding.id: finding for finding in findings}
    rounds = db.session.execute(
        select(FindingRound.finding_id, FindingRound.phase_id).where(FindingRound.finding_id.in_(by_id))
    ).all()
    pairs = {(fid, pid) for fid, pid in rounds} | {(f.id, f.phase_id) for f in findings}
    scopes = {pair: _scope(by_id[pair[0]], pair[1]) for pair in pairs}
    taken = took_part_counts(
        phase_ids={i for kind, i in scopes.values() if kind == "phase"},
        study_ids={i for kind, i in scopes.values() if kind == "study"},
    )
    evidence = evidence_counts(by_id)
    return {pair: NOfM(evidence.get(pair, 0), taken.get(scopes[pair], 0)) for pair in pairs}


def _scope(finding: Finding, phase_id: int) -> tuple[str, int]:
    if finding.study_id is not None and phase_id == finding.phase_id:
        return ("study", finding.study_id)
    return ("phase", phase_id)


def latest_phase_ids(findings: Iterable[Finding]) -> dict[int, int]:
    """{finding id: the phase of its latest round} (its own phase when it has no later round). One query."""
    findings = list(findings)
    latest = {finding.id: finding.phase_id for finding in findings}
    order: dict[int, int] = {}
    rows = db.session.execute(
        select(FindingRound.finding_id, Phase.id, Phase.kind)
        .join(Phase, Phase.id == FindingRound.phase_id)
        .where(FindingRound.finding_id.in_(list(latest)))
    )
    for finding_id, phase_id, kind in rows:
        if PHASE_ORDER[kind] >= order.get(finding_id, -1):
            order[finding_id], latest[finding_id] = PHASE_ORDER[kind], phase_id
    return latest


def n_of_m(findings: Iterable[Finding]) -> dict[int, NOfM]:
    """{finding id: n of m in its latest phase}: the one figure lists, pages and dashboards show."""
    findings = list(findings)
    by_round = n_of_m_by_round(findings)
    latest = latest_phase_ids(findings)
    return {finding.id: by_round[(finding.id, latest[finding.id])] for finding in findings}


# Quotes ----------------------------------------------------------------------------------------------------

HELD_NO_CONSENT = "no_quotes_consent"
HELD_WITHDRAWN = "withdrawn"


def held_back_reasons(participant_ids: Iterable[int]) -> dict[int, str]:
    """{participant id: why their words are not shown as quotes} for those whose words must be held back
    (CON-7): HELD_WITHDRAWN or HELD_NO_CONSENT. Consent as it stands now: two queries however many people."""
    ids = list(set(participant_ids))
    if not ids:
        return {}
    withdrawn = set(
        db.session.scalars(
            select(Participant.id).where(
                Participant.id.in_(ids), Participant.status == ParticipantStatus.WITHDRAWN
            )
        )
    )
    held: dict[int, str] = {}
    for participant_id, state in consent_states(ids).items():
        if participant_id in withdrawn or state.status == "withdrawn":
            held[participant_id] = HELD_WITHDRAWN
        elif not state.agreed_to(Purpose.QUOTES):
            held[participant_id] = HELD_NO_CONSENT
    return held


def held_back_label(reason: str) -> str:
    """Why an observation is not shown as a quote, in the reader's language (for researchers)."""
    if reason == HELD_WITHDRAWN:
        return _("Not shown as a quote: the participant has withdrawn")
    return _("Not shown as a quote: no consent to quotes")


# Attribution -----------------------------------------------------------------------------------------------


def project_participant_ids(project_id: int) -> set[int]:
    """Everyone who took part in any study of the project (attended, or has an observation logged)."""
    phase_ids = list(db.session.scalars(select(Phase.id).where(Phase.project_id == project_id)))
    if not phase_ids:
        return set()
    rows = _took_part("phase", phase_ids)
    return set(db.session.scalars(select(distinct(rows.c.participant_id))))


class Attribution:
    """General attribution for a project's participants, computed from the whole project (DP-7): "seniority,
    organisation type" when at least 3 of its participants share both, else the organisation type when at least
    3 share it, else nothing. Two queries for the project, then none per participant."""

    def __init__(self, project_id: int) -> None:
        ids = project_participant_ids(project_id)
        self._people: dict[int, tuple[str, str]] = {}
        both: dict[tuple[str, str], int] = defaultdict(int)
        types: dict[str, int] = defaultdict(int)
        if ids:
            for pid, seniority, organisation_type in db.session.execute(
                select(Participant.id, Participant.seniority, Participant.organisation_type).where(
                    Participant.id.in_(ids)
                )
            ):
                self._people[pid] = (seniority, organisation_type)
                both[(seniority, organisation_type)] += 1
                types[organisation_type] += 1
        self._both, self._types = dict(both), dict(types)

    def of(self, participant_id: int) -> str:
        """The attribution to show for one participant; "" when it would single them out."""
        found = self._people.get(participant_id)
        if found is None:
            return ""
        seniority, organisation_type = found
        if self._both.get(found, 0) >= SMALLEST_GROUP:
            return _(
                "%(seniority)s, %(organisation_type)s",
                seniority=SENIORITY_LABELS[Seniority(seniority)],
                organisation_type=ORGANISATION_TYPE_LABELS[OrganisationType(organisation_type)],
            )
        if self._types.get(organisation_type, 0) >= SMALLEST_GROUP:
            return str(ORGANISATION_TYPE_LABELS[OrganisationType(organisation_type)])
        return ""
