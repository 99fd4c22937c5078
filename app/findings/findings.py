"""Findings (REP-2, REP-4, REP-5): a one-sentence statement in Welsh and English, a kind, a severity on the
documented scale (problems and needs), a status, evidence (observations of the same project), and the service
standards it bears on. Services flush; the request commits; every change is audited (target "finding").

A new finding has one round: its own phase, status "new" (findings.phases carries it on)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.sql import rows_changed
from app.extensions import db
from app.findings.errors import InvalidFinding
from app.findings.models import Evidence, Finding, FindingRound, FindingStandard, Observation
from app.findings.phases import latest_round
from app.findings.standards import BY_CODE
from app.findings.vocabulary import GRADED_KINDS, FindingKind, FindingStatus
from app.models_base import utcnow
from app.projects.models import Phase
from app.studies.models import Study

MAX_STATEMENT = 500


@dataclass(frozen=True)
class FindingDetails:
    """What a researcher writes. `severity` 1–4 (problems and needs only; None otherwise); `standards` codes
    from findings.standards; `study_id` optional (a study of the phase)."""

    statement_cy: str
    statement_en: str
    kind: str
    severity: int | None = None
    status: str = FindingStatus.NEW
    standards: tuple[str, ...] = field(default_factory=tuple)
    study_id: int | None = None


def _checked(details: FindingDetails, phase: Phase) -> FindingDetails:
    welsh, english = (details.statement_cy or "").strip(), (details.statement_en or "").strip()
    if not (welsh or english):
        raise InvalidFinding(_("Write the finding in Welsh, in English or in both"))
    if len(welsh) > MAX_STATEMENT or len(english) > MAX_STATEMENT:
        raise InvalidFinding(_("Write the finding in at most %(max)d characters", max=MAX_STATEMENT))
    if details.kind not in set(FindingKind):
        raise InvalidFinding(_("Choose what kind of finding this is"))
    kind = FindingKind(details.kind)
    if kind in GRADED_KINDS and details.severity not in (1, 2, 3, 4):
        raise InvalidFinding(_("Choose how severe it is"))
    severity = details.severity if kind in GRADED_KINDS else None
    if details.status not in set(FindingStatus):
        raise InvalidFinding(_("Choose a status"))
    unknown = [code for code in details.standards if code not in BY_CODE]
    if unknown:
        raise InvalidFinding(_("Choose standards from the list"))
    if details.study_id is not None:
        study = db.session.get(Study, details.study_id)
        if study is None or study.phase_id != phase.id:
            raise InvalidFinding(_("Choose a study of this phase"))
    return FindingDetails(
        welsh,
        english,
        kind,
        severity,
        FindingStatus(details.status),
        tuple(dict.fromkeys(details.standards)),
        details.study_id,
    )


def needs_translation(finding: Finding) -> str | None:
    """ "cy" when the statement has no Welsh yet, "en" when it has no English, None when it has both."""
    if not finding.statement_cy.strip():
        return "cy"
    if not finding.statement_en.strip():
        return "en"
    return None


def create_finding(phase: Phase, details: FindingDetails, *, actor: StaffUser | None = None) -> Finding:
    """A new finding in `phase` of its project, with its first round. Raises InvalidFinding (nothing saved)."""
    details = _checked(details, phase)
    finding = Finding(
        project_id=phase.project_id,
        phase_id=phase.id,
        study_id=details.study_id,
        statement_cy=details.statement_cy,
        statement_en=details.statement_en,
        kind=details.kind,
        severity=details.severity,
        status=details.status,
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(finding)
    db.session.flush()
    db.session.add(FindingRound(finding_id=finding.id, phase_id=phase.id, status=details.status))
    _set_standards(finding, details.standards)
    db.session.flush()
    record_event("finding.created", target_type="finding", target_id=finding.id, actor=actor)
    return finding


def update_finding(finding: Finding, details: FindingDetails, *, actor: StaffUser | None = None) -> Finding:
    """Change a finding's words, kind, severity, status (also its latest round's) and standards. Audited with
    the names of the fields that changed."""
    details = _checked(details, finding.phase)
    before = _snapshot(finding)
    finding.statement_cy, finding.statement_en = details.statement_cy, details.statement_en
    finding.kind, finding.severity, finding.study_id = (
        FindingKind(details.kind),
        details.severity,
        details.study_id,
    )
    if finding.status != details.status:
        set_status(finding, FindingStatus(details.status))
    _set_standards(finding, details.standards)
    db.session.flush()
    changed = sorted(key for key, value in _snapshot(finding).items() if before[key] != value)
    if changed:
        record_event(
            "finding.updated",
            target_type="finding",
            target_id=finding.id,
            actor=actor,
            details={"fields": changed},
        )
    return finding


def _snapshot(finding: Finding) -> dict:
    return {
        "statement_cy": finding.statement_cy,
        "statement_en": finding.statement_en,
        "kind": str(finding.kind),
        "severity": finding.severity,
        "status": str(finding.status),
        "study_id": finding.study_id,
        "standards": tuple(standards_of(finding)),
    }


def set_status(finding: Finding, status: FindingStatus) -> None:
    """The finding's status now, kept with its latest round's (findings.phases)."""
    finding.status = status
    latest = latest_round(finding)
    if latest is not None:
        latest.status = status


def delete_finding(finding: Finding, *, actor: StaffUser | None = None) -> None:
    """Delete a finding with its rounds, evidence links, recommendations and standards (the database cascades).
    The observations stay. Audited."""
    record_event("finding.deleted", target_type="finding", target_id=finding.id, actor=actor)
    db.session.delete(finding)
    db.session.flush()


def standards_of(finding: Finding) -> list[str]:
    return list(
        db.session.scalars(
            select(FindingStandard.standard)
            .where(FindingStandard.finding_id == finding.id)
            .order_by(FindingStandard.standard)
        )
    )


def _set_standards(finding: Finding, codes: Iterable[str]) -> None:
    wanted = set(codes)
    have = set(standards_of(finding))
    if have - wanted:
        db.session.execute(
            delete(FindingStandard).where(
                FindingStandard.finding_id == finding.id, FindingStandard.standard.in_(have - wanted)
            )
        )
    for code in sorted(wanted - have):
        db.session.add(FindingStandard(finding_id=finding.id, standard=code))


def get_finding(project_id: int, finding_id: int) -> Finding | None:
    return db.session.scalars(
        select(Finding).where(Finding.project_id == project_id, Finding.id == finding_id)
    ).first()


# Evidence links --------------------------------------------------------------------------------------------


def link_evidence(finding: Finding, observation_ids: Iterable[int], *, actor: StaffUser | None = None) -> int:
    """Cite observations as the finding's evidence. Raises InvalidFinding, linking nothing, when any is not an
    observation of the finding's project (the composite foreign keys refuse it too). Already linked ones are
    skipped. Returns how many were linked."""
    ids = set(observation_ids)
    if not ids:
        return 0
    found = set(
        db.session.scalars(
            select(Observation.id).where(
                Observation.id.in_(ids), Observation.project_id == finding.project_id
            )
        )
    )
    if found != ids:
        raise InvalidFinding(_("A finding can cite only observations from its own project"))
    linked = set(
        db.session.scalars(
            select(Evidence.observation_id).where(
                Evidence.finding_id == finding.id, Evidence.observation_id.in_(ids)
            )
        )
    )
    now = utcnow()
    new = sorted(ids - linked)
    for observation_id in new:
        db.session.add(
            Evidence(
                finding_id=finding.id,
                observation_id=observation_id,
                project_id=finding.project_id,
                linked_at=now,
            )
        )
    db.session.flush()
    if new:
        record_event(
            "finding.evidence_linked",
            target_type="finding",
            target_id=finding.id,
            actor=actor,
            details={"observations": new},
        )
    return len(new)


def unlink_evidence(finding: Finding, observation_id: int, *, actor: StaffUser | None = None) -> bool:
    """Stop citing one observation. Returns whether it was cited."""
    gone = rows_changed(
        delete(Evidence).where(Evidence.finding_id == finding.id, Evidence.observation_id == observation_id)
    )
    if gone:
        record_event(
            "finding.evidence_unlinked",
            target_type="finding",
            target_id=finding.id,
            actor=actor,
            details={"observation": observation_id},
        )
    return bool(gone)


def evidence_of(finding: Finding) -> list[Observation]:
    """The observations the finding cites, by phase then as logged."""
    return list(
        db.session.scalars(
            select(Observation)
            .join(Evidence, Evidence.observation_id == Observation.id)
            .where(Evidence.finding_id == finding.id)
            .order_by(Observation.phase_id, Observation.id)
        )
    )
