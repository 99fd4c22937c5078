"""Findings across phases (REP-3): a finding found in discovery is carried into alpha, retested there with new
evidence, and again in beta. Each phase it is in has one round (finding_round) with the status it had there;
the finding's own status is its latest round's.

"What changed because of research" in a phase: findings new there, resolved there (retested – resolved, or
fixed), and persisting there (retested – persisting)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.extensions import db
from app.findings.errors import InvalidPhase
from app.findings.models import Finding, FindingRound
from app.findings.vocabulary import FindingStatus
from app.projects.models import PHASE_ORDER, Phase

RESOLVED = (FindingStatus.RETESTED_RESOLVED, FindingStatus.FIXED)
PERSISTING = (FindingStatus.RETESTED_PERSISTING,)


def rounds_of(finding: Finding) -> list[FindingRound]:
    """The finding's rounds in phase order (discovery, alpha, beta, live): its history across phases."""
    rounds = list(db.session.scalars(select(FindingRound).where(FindingRound.finding_id == finding.id)))
    return sorted(rounds, key=lambda found: PHASE_ORDER[found.phase.kind])


def latest_round(finding: Finding) -> FindingRound | None:
    rounds = rounds_of(finding)
    return rounds[-1] if rounds else None


def later_phases(finding: Finding) -> list[Phase]:
    """The project's phases after the finding's latest round: where it can be carried."""
    latest = latest_round(finding)
    after = PHASE_ORDER[latest.phase.kind] if latest else PHASE_ORDER[finding.phase.kind]
    phases = db.session.scalars(select(Phase).where(Phase.project_id == finding.project_id))
    return sorted((p for p in phases if PHASE_ORDER[p.kind] > after), key=lambda p: PHASE_ORDER[p.kind])


def carry_into(
    finding: Finding, phase: Phase, *, note: str = "", actor: StaffUser | None = None
) -> FindingRound:
    """Take the finding into a later phase of its project, to be retested there: a new round with status
    "new" there, which becomes the finding's status. Raises InvalidPhase for a phase of another project, or
    one not after its latest round."""
    if phase.project_id != finding.project_id or phase not in later_phases(finding):
        raise InvalidPhase(_("Choose a later phase of this project"))
    found = FindingRound(
        finding_id=finding.id,
        phase_id=phase.id,
        status=FindingStatus.NEW,
        note=(note or "").strip()[:2000],
        carried_by_id=getattr(actor, "id", None),
    )
    db.session.add(found)
    finding.status = FindingStatus.NEW
    db.session.flush()
    record_event(
        "finding.carried",
        target_type="finding",
        target_id=finding.id,
        actor=actor,
        details={"phase": str(phase.kind)},
    )
    return found


def set_round_status(
    finding: Finding, round_: FindingRound, status: FindingStatus, *, actor: StaffUser | None = None
) -> None:
    """Record the finding's status in one of its phases (a retest's outcome there). The latest round's status
    is the finding's status."""
    round_.status = status
    latest = latest_round(finding)
    if latest is not None and latest.id == round_.id:
        finding.status = status
    db.session.flush()
    record_event(
        "finding.retested",
        target_type="finding",
        target_id=finding.id,
        actor=actor,
        details={"phase": str(round_.phase.kind), "status": str(status)},
    )


@dataclass
class PhaseChanges:
    """What changed because of research in one phase (REP-3): finding ids, each list in id order."""

    new: list[int] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    persisting: list[int] = field(default_factory=list)


def what_changed(phase: Phase) -> PhaseChanges:
    """Findings new in the phase (their first round is there), resolved there and persisting there. One query."""
    changes = PhaseChanges()
    rows = db.session.execute(
        select(FindingRound.finding_id, FindingRound.status, Finding.phase_id)
        .join(Finding, Finding.id == FindingRound.finding_id)
        .where(FindingRound.phase_id == phase.id)
        .order_by(FindingRound.finding_id)
    )
    for finding_id, status, origin_phase_id in rows:
        if status in RESOLVED:
            changes.resolved.append(finding_id)
        elif status in PERSISTING:
            changes.persisting.append(finding_id)
        elif origin_phase_id == phase.id:
            changes.new.append(finding_id)
    return changes
