"""Data for the findings pages' tests: a project with a study, people who took part, and what they said."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import insert

from app.extensions import db
from app.findings.models import Finding, FindingRound
from app.models_base import utcnow
from tests.factories import (
    BookingFactory,
    FindingFactory,
    ObservationFactory,
    ParticipantFactory,
    PhaseFactory,
    ProjectFactory,
    ResearchSessionFactory,
    StudyFactory,
)

EN = {"Accept-Language": "en"}
CY = {"Accept-Language": "cy"}


@dataclass
class Project:
    """Ids (committed): the project's slug, its discovery phase and study, an alpha phase, people who took part
    (each with consent to quotes unless said otherwise), and their observations."""

    slug: str
    project_id: int
    phase_id: int
    alpha_id: int
    study_id: int
    people: list[int] = field(default_factory=list)
    observations: list[int] = field(default_factory=list)


def attended(study, participant=None):
    return BookingFactory(
        research_session=ResearchSessionFactory(study=study),
        participant=participant or ParticipantFactory(consented=True),
        status="attended",
    )


def make_project(people: int = 3, *, slug: str | None = None, **person) -> tuple[Project, list]:
    """A project (discovery, with a study, and alpha) where `people` attended and each said one thing. Returns
    the ids and the observations (call inside an app context; commits)."""
    project = ProjectFactory(**({"slug": slug} if slug else {}))
    phase = PhaseFactory(project=project)
    alpha = PhaseFactory(project=project, kind="alpha", starts_on=None, ends_on=None)
    study = StudyFactory(phase=phase)
    said = []
    for n in range(people):
        booking = attended(study, ParticipantFactory(consented=True, **person))
        said.append(ObservationFactory(booking=booking, text=f"Mae’r templedi ar goll {n}"))
    db.session.commit()
    return (
        Project(
            slug=project.slug,
            project_id=project.id,
            phase_id=phase.id,
            alpha_id=alpha.id,
            study_id=study.id,
            people=[o.participant_id for o in said],
            observations=[o.id for o in said],
        ),
        said,
    )


def many_findings(phase_id: int, project_id: int, count: int) -> None:
    """`count` findings of the phase, with their first rounds, written in bulk (no evidence)."""
    now = utcnow()
    rows = [
        {
            "project_id": project_id,
            "phase_id": phase_id,
            "statement_cy": f"Canfyddiad {n}",
            "statement_en": f"Finding {n}",
            "kind": "problem" if n % 2 else "positive",
            "severity": (n % 4) + 1 if n % 2 else None,
            "status": "new",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(count)
    ]
    ids = db.session.scalars(insert(Finding).returning(Finding.id), rows).all()
    db.session.execute(
        insert(FindingRound),
        [
            {
                "finding_id": i,
                "phase_id": phase_id,
                "status": "new",
                "note": "",
                "created_at": now,
                "updated_at": now,
            }
            for i in ids
        ],
    )
    db.session.commit()


def finding_citing(phase_or_study, observations, **fields):
    """A finding citing `observations` (committed); of the study when given one."""
    if hasattr(phase_or_study, "phase_id"):
        finding = FindingFactory(study=phase_or_study, evidence=observations, **fields)
    else:
        finding = FindingFactory(phase=phase_or_study, evidence=observations, **fields)
    db.session.commit()
    return finding
