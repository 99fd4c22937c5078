"""Tables for session logs, observations, tags, findings, their evidence, rounds across phases,
recommendations and mapping to service standards (issue 10).

Research data refers to participants by their row (shown as their code), never by name or contact details (DP-2).
The database keeps the rules that matter (DESIGN habit 3): evidence cannot cite an observation from another
project (composite foreign keys through project_id); a finding has one round per phase; a tag's name is unique
in its project however it is typed (the folded key).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import StaffUser
from app.booking.models import Booking
from app.findings.standards import CODES
from app.findings.vocabulary import (
    FindingKind,
    FindingStatus,
    ObservationKind,
    Priority,
    RecommendationStatus,
)
from app.models_base import Base, TimestampedModel, UTCDateTime, enum_type
from app.participants.models import ImportStatus, Participant
from app.projects.models import Phase
from app.studies.models import ResearchSession, Study


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


class SessionLog(TimestampedModel):
    """What happened in one research session: the researchers' notes (attendance is on the bookings)."""

    __tablename__ = "session_log"

    research_session_id: Mapped[int] = mapped_column(
        ForeignKey("research_session.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    research_session: Mapped[ResearchSession] = relationship()


class ConsentReconfirmation(TimestampedModel):
    """That a person booked on a session re-confirmed their consent at its start (CON-7), and who saw them."""

    __tablename__ = "consent_reconfirmation"

    booking_id: Mapped[int] = mapped_column(
        ForeignKey("booking.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    booking: Mapped[Booking] = relationship()


observation_tag = Table(
    "observation_tag",
    Base.metadata,
    Column("observation_id", ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_observation_tag_tag_id", "tag_id"),
)


class Tag(TimestampedModel):
    """A project's tag (a theme on the board). `key` is the name folded (findings.folding): "Llŷr" and "llyr" are
    one tag."""

    __tablename__ = "tag"
    __table_args__ = (UniqueConstraint("project_id", "key"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    key: Mapped[str] = mapped_column(String(80), nullable=False)


class Observation(TimestampedModel):
    """A note or quote captured in a research session, linked to the participant who said or did it.

    project_id and phase_id repeat what the session implies, so that evidence can be held to one project by the
    database and lists filter without joins. `time_marker` is seconds from the start of the recording."""

    __tablename__ = "observation"
    __table_args__ = (
        CheckConstraint(_known("kind", ObservationKind), name="kind_known"),
        CheckConstraint("language IN ('cy', 'en')", name="language_known"),
        CheckConstraint("time_marker IS NULL OR time_marker >= 0", name="time_marker_not_negative"),
        UniqueConstraint("id", "project_id"),
        Index("ix_observation_project_id", "project_id"),
        Index("ix_observation_research_session_id", "research_session_id"),
        Index("ix_observation_participant_id", "participant_id"),
        # Who took part in a phase or a study (findings.evidence, n of m) is read from these alone.
        Index("ix_observation_phase_id_participant_id", "phase_id", "participant_id"),
        Index("ix_observation_study_id_participant_id", "study_id", "participant_id"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), nullable=False)
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    research_session_id: Mapped[int] = mapped_column(
        ForeignKey("research_session.id", ondelete="CASCADE"), nullable=False
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[ObservationKind] = mapped_column(enum_type(ObservationKind, 20), nullable=False)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False)
    time_marker: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship(lazy="joined")
    research_session: Mapped[ResearchSession] = relationship()
    study: Mapped[Study] = relationship()
    phase: Mapped[Phase] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=observation_tag, lazy="selectin", order_by=Tag.key)


class Finding(TimestampedModel):
    """An insight backed by observations (REP-2), followed across phases through its rounds (REP-3).

    `status` is the finding's status now: the status of its round in its latest phase (findings.phases keeps
    them together). `severity` is 1 (minor) to 4 (critical), for problems and needs only (vocabulary)."""

    __tablename__ = "finding"
    __table_args__ = (
        CheckConstraint(_known("kind", FindingKind), name="kind_known"),
        CheckConstraint(_known("status", FindingStatus), name="status_known"),
        CheckConstraint("severity IS NULL OR severity BETWEEN 1 AND 4", name="severity_on_scale"),
        UniqueConstraint("id", "project_id"),
        Index("ix_finding_project_id", "project_id"),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), nullable=False)
    # The phase it was first found in, and the study, when it came from one.
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), nullable=False)
    study_id: Mapped[int | None] = mapped_column(ForeignKey("study.id", ondelete="SET NULL"))
    statement_cy: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    statement_en: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    kind: Mapped[FindingKind] = mapped_column(enum_type(FindingKind, 12), nullable=False)
    severity: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[FindingStatus] = mapped_column(
        enum_type(FindingStatus, 24), default=FindingStatus.NEW, nullable=False
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    phase: Mapped[Phase] = relationship()
    study: Mapped[Study | None] = relationship()
    created_by: Mapped[StaffUser | None] = relationship()


class FindingRound(TimestampedModel):
    """A finding in one phase: found there, or carried into it and retested (REP-3). One per phase."""

    __tablename__ = "finding_round"
    __table_args__ = (
        CheckConstraint(_known("status", FindingStatus), name="status_known"),
        UniqueConstraint("finding_id", "phase_id"),
    )

    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), nullable=False)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[FindingStatus] = mapped_column(enum_type(FindingStatus, 24), nullable=False)
    note: Mapped[str] = mapped_column(Text, default="", nullable=False)
    carried_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    phase: Mapped[Phase] = relationship(lazy="joined")


class Evidence(Base):
    """An observation cited by a finding. Both belong to the same project: the composite foreign keys make the
    database refuse anything else."""

    __tablename__ = "evidence"
    __table_args__ = (
        ForeignKeyConstraint(
            ["finding_id", "project_id"], ["finding.id", "finding.project_id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["observation_id", "project_id"], ["observation.id", "observation.project_id"], ondelete="CASCADE"
        ),
        Index("ix_evidence_observation_id", "observation_id"),
    )

    finding_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    observation_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(Integer, nullable=False)
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Recommendation(TimestampedModel):
    """What the team should do about a finding: who owns it, how urgent, and where it has got to."""

    __tablename__ = "recommendation"
    __table_args__ = (
        CheckConstraint(_known("priority", Priority), name="priority_known"),
        CheckConstraint(_known("status", RecommendationStatus), name="status_known"),
        Index("ix_recommendation_finding_id", "finding_id"),
    )

    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), nullable=False)
    text_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    text_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    owner: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    priority: Mapped[Priority] = mapped_column(enum_type(Priority, 10), nullable=False)
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_type(RecommendationStatus, 12), default=RecommendationStatus.PROPOSED, nullable=False
    )


class FindingStandard(Base):
    """A finding mapped to a service standard (REP-5): codes from findings.standards."""

    __tablename__ = "finding_standard"
    __table_args__ = (CheckConstraint(_known("standard", CODES), name="standard_known"),)

    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True)
    standard: Mapped[str] = mapped_column(String(12), primary_key=True)


class ObservationUpload(TimestampedModel):
    """A spreadsheet of observations for one study between its check and its import (observation_import), kept
    in the database so any worker can finish it. Only its uploader and admins may open it (DP-3); the text goes
    once it is imported or discarded."""

    __tablename__ = "observation_upload"
    __table_args__ = (
        CheckConstraint(_known("status", ImportStatus), name="status_known"),
        Index("ix_observation_upload_study_id", "study_id"),
    )

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    filename: Mapped[str] = mapped_column(String(255), default="", nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[ImportStatus] = mapped_column(
        enum_type(ImportStatus, 12), default=ImportStatus.PREVIEWED, nullable=False
    )
    imported_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    study: Mapped[Study] = relationship()
