"""Projects (services being researched) and their phases: discovery, alpha, beta, live."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models_base import TimestampedModel, enum_type


class PhaseKind(StrEnum):
    DISCOVERY = "discovery"
    ALPHA = "alpha"
    BETA = "beta"
    LIVE = "live"


PHASE_ORDER = {kind: index for index, kind in enumerate(PhaseKind)}

PHASE_LABELS = {
    PhaseKind.DISCOVERY: _l("Discovery"),
    PhaseKind.ALPHA: _l("Alpha"),
    PhaseKind.BETA: _l("Beta"),
    PhaseKind.LIVE: _l("Live"),
}


class Project(TimestampedModel):
    __tablename__ = "project"

    slug: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name_cy: Mapped[str] = mapped_column(String(200), nullable=False)
    name_en: Mapped[str] = mapped_column(String(200), nullable=False)
    summary_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    summary_en: Mapped[str] = mapped_column(Text, default="", nullable=False)

    phases: Mapped[list[Phase]] = relationship(
        back_populates="project", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def ordered_phases(self) -> list[Phase]:
        return sorted(self.phases, key=lambda phase: PHASE_ORDER[PhaseKind(phase.kind)])

    @property
    def current_phase(self) -> Phase | None:
        return next((phase for phase in self.phases if phase.is_current), None)


class Phase(TimestampedModel):
    __tablename__ = "phase"
    __table_args__ = (
        UniqueConstraint("project_id", "kind"),
        CheckConstraint("kind IN ('discovery', 'alpha', 'beta', 'live')", name="kind_known"),
        CheckConstraint(
            "ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="dates_in_order"
        ),
        # At most one current phase per project, kept by the database rather than by a read-then-check.
        Index(
            "uq_phase_current_per_project",
            "project_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    kind: Mapped[PhaseKind] = mapped_column(enum_type(PhaseKind, 20), nullable=False)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # One research question a line, in each language.
    research_questions_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    research_questions_en: Mapped[str] = mapped_column(Text, default="", nullable=False)

    project: Mapped[Project] = relationship(back_populates="phases")

    @property
    def label(self) -> str:
        return str(PHASE_LABELS[PhaseKind(self.kind)])

    def research_questions(self, language: str) -> list[str]:
        text = self.research_questions_cy if language == "cy" else self.research_questions_en
        return [line.strip() for line in text.splitlines() if line.strip()]
