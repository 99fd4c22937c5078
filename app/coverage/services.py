"""Coverage of the register: how active participants spread across categories, against targets.

Counts only, never people. Each dimension is one GROUP BY query, so the number of queries does not grow with
the register. Percentages are whole numbers, rounded half up; a category is below target when its rounded share
is below the target.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.audit.services import record_event
from app.coverage.models import CoverageTarget
from app.extensions import db
from app.participants.models import (
    LANGUAGE_PREFERENCE_LABELS,
    ORGANISATION_TYPE_LABELS,
    REGION_LABELS,
    SENIORITY_LABELS,
    Participant,
    ParticipantStatus,
)
from app.participants.services import ParticipantFilter, filtered_participants

DIMENSIONS: dict[str, dict[Any, Any]] = {
    "organisation_type": ORGANISATION_TYPE_LABELS,
    "region": REGION_LABELS,
    "preferred_language": LANGUAGE_PREFERENCE_LABELS,
    "seniority": SENIORITY_LABELS,
}
HEADINGS = {
    "organisation_type": _l("Type of organisation"),
    "region": _l("Region"),
    "preferred_language": _l("Preferred language"),
    "seniority": _l("Seniority"),
    "adjustments": _l("Adjustments"),
}
ADJUSTMENTS = ("adjustments", "yes")
ADJUSTMENTS_LABEL = _l("Need adjustments")
# Guidance: about 1 in 5 people in research should have access needs, unless a researcher sets another target.
DEFAULT_ADJUSTMENTS_TARGET = 20


def target_keys() -> list[tuple[str, str]]:
    """Every (dimension, value) a target can be set for, in page order."""
    keys = [(name, member.value) for name, labels in DIMENSIONS.items() for member in labels]
    return [*keys, ADJUSTMENTS]


@dataclass(frozen=True)
class Share:
    value: str
    label: str
    count: int
    total: int
    target: int | None

    @property
    def percent(self) -> int:
        return (self.count * 200 + self.total) // (2 * self.total) if self.total else 0

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.percent < self.target

    @property
    def gap(self) -> int:
        """Percentage points below the target (0 when on or above it)."""
        return self.target - self.percent if self.target is not None and self.below_target else 0


@dataclass(frozen=True)
class Dimension:
    name: str
    heading: str
    shares: list[Share]

    @property
    def gaps(self) -> int:
        return sum(1 for share in self.shares if share.below_target)


@dataclass(frozen=True)
class Coverage:
    total: int
    dimensions: list[Dimension]
    # None unless the reader may see how many need adjustments (visibility.may_see_adjustment_counts: admins).
    adjustments: Dimension | None


def current_targets() -> dict[tuple[str, str], int]:
    return {(t.dimension, t.value): t.percent for t in db.session.scalars(select(CoverageTarget))}


def coverage_of(filters: ParticipantFilter | None = None, *, with_adjustments: bool = False) -> Coverage:
    """Counts and shares of active participants (within the filter) by category, with targets and gaps; and how
    many need adjustments only `with_adjustments` (for a reader who may see that count: DP-3, issue 9)."""
    base = (
        filtered_participants(filters or ParticipantFilter(), can_see_adjustments=with_adjustments)
        .where(Participant.status == ParticipantStatus.ACTIVE)
        .order_by(None)
    )
    has_adjustments = func.length(func.trim(Participant.adjustments)) > 0
    total, adjusted = db.session.execute(
        base.with_only_columns(func.count(), func.coalesce(func.sum(case((has_adjustments, 1), else_=0)), 0))
    ).one()
    targets = current_targets()
    dimensions = []
    for name, labels in DIMENSIONS.items():
        column = getattr(Participant, name)
        counts: dict[str, int] = dict(
            db.session.execute(base.with_only_columns(column, func.count()).group_by(column)).tuples().all()
        )
        shares = [
            Share(
                member.value,
                str(label),
                counts.get(member.value, 0),
                total,
                targets.get((name, member.value)),
            )
            for member, label in labels.items()
        ]
        dimensions.append(Dimension(name, str(HEADINGS[name]), shares))
    if not with_adjustments:
        return Coverage(total, dimensions, None)
    adjustments_target = targets.get(ADJUSTMENTS, DEFAULT_ADJUSTMENTS_TARGET)
    adjustments = Dimension(
        "adjustments",
        str(HEADINGS["adjustments"]),
        [Share(ADJUSTMENTS[1], str(ADJUSTMENTS_LABEL), int(adjusted), total, adjustments_target)],
    )
    return Coverage(total, dimensions, adjustments)


def set_targets(values: Mapping[tuple[str, str], int | None]) -> list[str]:
    """Set (or, with None, clear) targets; returns what changed as "dimension.value" names, for the audit."""
    known = set(target_keys())
    if any(key not in known for key in values) or any(
        v is not None and not 0 <= v <= 100 for v in values.values()
    ):
        raise ValueError("unknown category or a target outside 0-100")
    existing = {(t.dimension, t.value): t for t in db.session.scalars(select(CoverageTarget))}
    changed = []
    for (dimension, value), percent in values.items():
        row = existing.get((dimension, value))
        if percent is None and row is not None:
            db.session.delete(row)
        elif percent is not None and row is None:
            db.session.add(CoverageTarget(dimension=dimension, value=value, percent=percent))
        elif percent is not None and row is not None and row.percent != percent:
            row.percent = percent
        else:
            continue
        changed.append(f"{dimension}.{value}")
    db.session.flush()
    if changed:
        record_event(
            "coverage.targets_updated",
            target_type="coverage_target",
            target_id="",
            details={"changed": sorted(changed)},
        )
    return changed
