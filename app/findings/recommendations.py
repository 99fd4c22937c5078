"""Recommendations: what the team should do about a finding, with an owner, a priority and a status. Services
flush; every change is audited (target "finding": a recommendation is read with its finding)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.extensions import db
from app.findings.errors import InvalidFinding
from app.findings.models import Finding, Recommendation
from app.findings.vocabulary import Priority, RecommendationStatus

MAX_TEXT = 2000
MAX_OWNER = 200


@dataclass(frozen=True)
class RecommendationDetails:
    text_cy: str
    text_en: str
    owner: str
    priority: str
    status: str = RecommendationStatus.PROPOSED


def _checked(details: RecommendationDetails) -> RecommendationDetails:
    welsh, english = (details.text_cy or "").strip(), (details.text_en or "").strip()
    if not (welsh or english):
        raise InvalidFinding(_("Write the recommendation in Welsh, in English or in both"))
    if len(welsh) > MAX_TEXT or len(english) > MAX_TEXT:
        raise InvalidFinding(_("Write the recommendation in at most %(max)d characters", max=MAX_TEXT))
    if details.priority not in set(Priority):
        raise InvalidFinding(_("Choose a priority"))
    if details.status not in set(RecommendationStatus):
        raise InvalidFinding(_("Choose a status"))
    owner = " ".join((details.owner or "").split())[:MAX_OWNER]
    return RecommendationDetails(
        welsh, english, owner, Priority(details.priority), RecommendationStatus(details.status)
    )


def add_recommendation(
    finding: Finding, details: RecommendationDetails, *, actor: StaffUser | None = None
) -> Recommendation:
    details = _checked(details)
    recommendation = Recommendation(
        finding_id=finding.id,
        text_cy=details.text_cy,
        text_en=details.text_en,
        owner=details.owner,
        priority=details.priority,
        status=details.status,
    )
    db.session.add(recommendation)
    db.session.flush()
    record_event(
        "recommendation.created",
        target_type="finding",
        target_id=finding.id,
        actor=actor,
        details={"recommendation": recommendation.id},
    )
    return recommendation


def update_recommendation(
    recommendation: Recommendation, details: RecommendationDetails, *, actor: StaffUser | None = None
) -> Recommendation:
    details = _checked(details)
    recommendation.text_cy, recommendation.text_en = details.text_cy, details.text_en
    recommendation.owner, recommendation.priority, recommendation.status = (
        details.owner,
        Priority(details.priority),
        RecommendationStatus(details.status),
    )
    db.session.flush()
    record_event(
        "recommendation.updated",
        target_type="finding",
        target_id=recommendation.finding_id,
        actor=actor,
        details={"recommendation": recommendation.id},
    )
    return recommendation


def delete_recommendation(recommendation: Recommendation, *, actor: StaffUser | None = None) -> None:
    record_event(
        "recommendation.deleted",
        target_type="finding",
        target_id=recommendation.finding_id,
        actor=actor,
        details={"recommendation": recommendation.id},
    )
    db.session.delete(recommendation)
    db.session.flush()


def recommendations_of(finding: Finding) -> list[Recommendation]:
    return list(
        db.session.scalars(
            select(Recommendation).where(Recommendation.finding_id == finding.id).order_by(Recommendation.id)
        )
    )


def get_recommendation(finding: Finding, recommendation_id: int) -> Recommendation | None:
    return db.session.scalars(
        select(Recommendation).where(
            Recommendation.finding_id == finding.id, Recommendation.id == recommendation_id
        )
    ).first()
