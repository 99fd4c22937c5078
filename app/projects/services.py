"""Projects and phases. Services flush; the request commits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from app.audit.services import record_event
from app.extensions import db
from app.projects.models import Phase, PhaseKind, Project

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ProjectError(Exception):
    pass


class SlugTaken(ProjectError):
    pass


class PhaseExists(ProjectError):
    pass


@dataclass(frozen=True)
class ProjectDetails:
    slug: str
    name_cy: str
    name_en: str
    summary_cy: str = ""
    summary_en: str = ""


@dataclass(frozen=True)
class PhaseDetails:
    kind: str
    starts_on: date | None = None
    ends_on: date | None = None
    is_current: bool = False
    research_questions_cy: str = ""
    research_questions_en: str = ""


def list_projects() -> list[Project]:
    """Every project with its phases (loaded in one more query, not one per project)."""
    return list(db.session.scalars(select(Project).order_by(func.lower(Project.name_en))))


def get_project(slug: str) -> Project | None:
    return db.session.scalar(select(Project).where(Project.slug == slug))


def _slug_taken(slug: str, except_id: int | None = None) -> bool:
    stmt = select(func.count()).select_from(Project).where(Project.slug == slug)
    if except_id is not None:
        stmt = stmt.where(Project.id != except_id)
    return bool(db.session.scalar(stmt))


def create_project(details: ProjectDetails) -> Project:
    if _slug_taken(details.slug):
        raise SlugTaken()
    project = Project(**details.__dict__)
    db.session.add(project)
    db.session.flush()
    record_event("project.created", target_type="project", target_id=project.slug)
    return project


def update_project(project: Project, details: ProjectDetails) -> None:
    if _slug_taken(details.slug, except_id=project.id):
        raise SlugTaken()
    changed = sorted(k for k, v in details.__dict__.items() if getattr(project, k) != v)
    for key, value in details.__dict__.items():
        setattr(project, key, value)
    db.session.flush()
    record_event(
        "project.updated", target_type="project", target_id=project.slug, details={"fields": changed}
    )


def get_phase(project: Project, phase_id: int) -> Phase | None:
    return db.session.scalar(select(Phase).where(Phase.id == phase_id, Phase.project_id == project.id))


def _clear_current(project: Project, keep: Phase | None = None) -> None:
    stmt = update(Phase).where(Phase.project_id == project.id, Phase.is_current.is_(True))
    if keep is not None and keep.id is not None:
        stmt = stmt.where(Phase.id != keep.id)
    db.session.execute(stmt.values(is_current=False).execution_options(synchronize_session="fetch"))


def _kind_taken(project: Project, kind: str, except_id: int | None = None) -> bool:
    stmt = select(func.count()).select_from(Phase).where(Phase.project_id == project.id, Phase.kind == kind)
    if except_id is not None:
        stmt = stmt.where(Phase.id != except_id)
    return bool(db.session.scalar(stmt))


def add_phase(project: Project, details: PhaseDetails) -> Phase:
    PhaseKind(details.kind)
    if _kind_taken(project, details.kind):
        raise PhaseExists()
    if details.is_current:
        _clear_current(project)
    phase = Phase(project=project, **details.__dict__)
    db.session.add(phase)
    db.session.flush()
    record_event(
        "phase.created",
        target_type="project",
        target_id=project.slug,
        details={"phase": phase.kind, "current": phase.is_current},
    )
    return phase


def update_phase(phase: Phase, details: PhaseDetails) -> None:
    PhaseKind(details.kind)
    project = phase.project
    if _kind_taken(project, details.kind, except_id=phase.id):
        raise PhaseExists()
    if details.is_current:
        _clear_current(project, keep=phase)
    for key, value in details.__dict__.items():
        setattr(phase, key, value)
    db.session.flush()
    record_event(
        "phase.updated",
        target_type="project",
        target_id=project.slug,
        details={"phase": phase.kind, "current": phase.is_current},
    )
