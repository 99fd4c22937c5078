"""How much of a study's research ran in Welsh (WL-5): the sessions held so far, and how many were Welsh-medium."""

from __future__ import annotations

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


def language_summary(study: Study, now: datetime | None = None) -> LanguageSummary:
    now = now or utcnow()
    welsh = func.sum(case((ResearchSession.language.in_(WELSH_MEDIUM), 1), else_=0))
    ran, welsh_count = db.session.execute(
        select(func.count(), welsh).where(
            ResearchSession.study_id == study.id,
            ResearchSession.status == SessionStatus.SCHEDULED.value,
            ResearchSession.ends_at < now,
        )
    ).one()
    return LanguageSummary(ran=ran or 0, welsh_medium=welsh_count or 0)
