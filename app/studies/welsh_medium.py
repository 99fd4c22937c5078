"""How much of the research ran in Welsh (WL-5): the sessions held so far, and how many were Welsh-medium — for
one study (its page) or for each phase of a project (the project dashboard), counted the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from app.extensions import db
from app.models_base import utcnow
from app.studies.models import WELSH_MEDIUM, ResearchSession, SessionStatus, Study


@dataclass(frozen=True)
class LanguageSummary:
    ran: int  # sessions not cancelled whose end has passed
    welsh_medium: int  # of those, in Welsh or bilingual (WL-5)


def _counted(now: datetime):
    """(sessions held, Welsh-medium sessions) columns and the rule for a session that was held."""
    welsh = func.sum(case((ResearchSession.language.in_(WELSH_MEDIUM), 1), else_=0))
    held = (ResearchSession.status == SessionStatus.SCHEDULED.value, ResearchSession.ends_at < now)
    return func.count(), welsh, held


def language_summary(study: Study, now: datetime | None = None) -> LanguageSummary:
    ran, welsh, held = _counted(now or utcnow())
    ran_count, welsh_count = db.session.execute(
        select(ran, welsh).where(ResearchSession.study_id == study.id, *held)
    ).one()
    return LanguageSummary(ran=ran_count or 0, welsh_medium=welsh_count or 0)


def language_summaries_by_phase(
    phase_ids: Iterable[int], now: datetime | None = None
) -> dict[int, LanguageSummary]:
    """{phase id: its sessions held and Welsh-medium sessions}, every phase given (zeros when none). One query."""
    ids = list(phase_ids)
    found = dict.fromkeys(ids, LanguageSummary(0, 0))
    if not ids:
        return found
    ran, welsh, held = _counted(now or utcnow())
    rows = db.session.execute(
        select(Study.phase_id, ran, welsh)
        .select_from(ResearchSession)
        .join(Study, Study.id == ResearchSession.study_id)
        .where(Study.phase_id.in_(ids), *held)
        .group_by(Study.phase_id)
    )
    for phase_id, ran_count, welsh_count in rows:
        found[phase_id] = LanguageSummary(ran=ran_count or 0, welsh_medium=welsh_count or 0)
    return found
