"""Studies (a round of research in one project phase) and their research sessions."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.accounts.models import StaffUser
from app.common.i18n import in_language
from app.models_base import Base, TimestampedModel, UTCDateTime, enum_type
from app.projects.models import Phase


class StudyMethod(StrEnum):
    INTERVIEW = "interview"
    USABILITY_TEST = "usability_test"
    CO_DESIGN = "co_design_workshop"
    SURVEY = "survey"
    CONTEXTUAL_INQUIRY = "contextual_inquiry"
    CARD_SORT = "card_sort"
    OTHER = "other"


METHOD_LABELS = {
    StudyMethod.INTERVIEW: _l("Interview"),
    StudyMethod.USABILITY_TEST: _l("Usability test"),
    StudyMethod.CO_DESIGN: _l("Co-design workshop"),
    StudyMethod.SURVEY: _l("Survey"),
    StudyMethod.CONTEXTUAL_INQUIRY: _l("Contextual inquiry"),
    StudyMethod.CARD_SORT: _l("Card sort"),
    StudyMethod.OTHER: _l("Other method"),
}


class StudyStatus(StrEnum):
    PLANNING = "planning"
    RECRUITING = "recruiting"
    RUNNING = "running"
    ANALYSING = "analysing"
    DONE = "done"


STUDY_STATUS_LABELS = {
    StudyStatus.PLANNING: _l("Planning"),
    StudyStatus.RECRUITING: _l("Recruiting"),
    StudyStatus.RUNNING: _l("Running"),
    StudyStatus.ANALYSING: _l("Analysing"),
    StudyStatus.DONE: _l("Done"),
}


class SessionMode(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    PHONE = "phone"


MODE_LABELS = {
    SessionMode.ONLINE: _l("Online"),
    SessionMode.IN_PERSON: _l("In person"),
    SessionMode.PHONE: _l("By phone"),
}


class SessionLanguage(StrEnum):
    WELSH = "cy"
    ENGLISH = "en"
    BILINGUAL = "bilingual"
    INTERPRETED = "en_with_interpretation"


SESSION_LANGUAGE_LABELS = {
    SessionLanguage.WELSH: _l("Welsh"),
    SessionLanguage.ENGLISH: _l("English"),
    SessionLanguage.BILINGUAL: _l("Bilingual (Welsh and English)"),
    SessionLanguage.INTERPRETED: _l("English with Welsh interpretation"),
}

# WL-5: the sessions that count as run in Welsh.
WELSH_MEDIUM = (SessionLanguage.WELSH.value, SessionLanguage.BILINGUAL.value)


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


SESSION_STATUS_LABELS = {
    SessionStatus.SCHEDULED: _l("Scheduled"),
    SessionStatus.CANCELLED: _l("Cancelled"),
}


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


study_facilitator = Table(
    "study_facilitator",
    Base.metadata,
    Column("study_id", ForeignKey("study.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_user_id", ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True),
)


class Study(TimestampedModel):
    __tablename__ = "study"
    __table_args__ = (
        CheckConstraint(_known("method", StudyMethod), name="method_known"),
        CheckConstraint(_known("status", StudyStatus), name="status_known"),
        CheckConstraint("target_sample >= 1", name="target_sample_positive"),
        CheckConstraint("sessions_per_participant BETWEEN 1 AND 10", name="sessions_per_participant_range"),
        Index("ix_study_phase_id", "phase_id"),
    )

    phase_id: Mapped[int] = mapped_column(ForeignKey("phase.id", ondelete="CASCADE"), nullable=False)
    title_cy: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), nullable=False)
    description_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    description_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # One research question a line, in each language.
    research_questions_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    research_questions_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    method: Mapped[StudyMethod] = mapped_column(enum_type(StudyMethod, 30), nullable=False)
    target_sample: Mapped[int] = mapped_column(Integer, nullable=False)
    # How many sessions of this study one participant may be booked into at once (BK-7): 1 for most studies,
    # more for a multi-session study (a diary study with a follow-up, say).
    sessions_per_participant: Mapped[int] = mapped_column(
        Integer, default=1, server_default="1", nullable=False
    )
    # The consent purposes a participant must have agreed to (Purpose values); always includes take_part.
    required_purposes: Mapped[list] = mapped_column(JSON, default=list, nullable=False)
    # The study's owner: who created it. Their assignments of researchers to its sessions, like an admin's,
    # let those researchers read the adjustments people asked for (app/participants/visibility.py).
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    status: Mapped[StudyStatus] = mapped_column(
        enum_type(StudyStatus, 20), default=StudyStatus.PLANNING, nullable=False
    )

    phase: Mapped[Phase] = relationship(lazy="joined")
    facilitators: Mapped[list[StaffUser]] = relationship(
        secondary=study_facilitator,
        order_by=StaffUser.name,  # loaded when used: only a study's own pages
    )

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS[StudyMethod(self.method)])

    @property
    def status_label(self) -> str:
        return str(STUDY_STATUS_LABELS[StudyStatus(self.status)])

    def research_questions(self, language: str) -> list[str]:
        text = self.research_questions_cy if language == "cy" else self.research_questions_en
        return [line.strip() for line in text.splitlines() if line.strip()]


class ResearchSession(TimestampedModel):
    """A time slot in a study. Start and end are UTC instants; pages show them in Europe/London."""

    __tablename__ = "research_session"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        # Places taken never exceed the places there are; on SQLite migration 0006 keeps this with triggers.
        CheckConstraint("booked_count <= capacity", name="booked_within_capacity"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint(_known("mode", SessionMode), name="mode_known"),
        CheckConstraint(_known("language", SessionLanguage), name="language_known"),
        CheckConstraint(_known("status", SessionStatus), name="status_known"),
        Index("ix_research_session_study_starts", "study_id", "starts_at"),
        Index("ix_research_session_starts_at", "starts_at"),
        Index("ix_research_session_facilitator_id", "facilitator_id"),
        Index("ix_research_session_note_taker_id", "note_taker_id"),
    )

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    capacity: Mapped[int] = mapped_column(Integer, nullable=False)
    # Places taken (live bookings plus places held for a waitlist offer). Only app.booking.places changes
    # it, with conditional UPDATEs, so capacity holds under concurrency (BK-1).
    booked_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    mode: Mapped[SessionMode] = mapped_column(enum_type(SessionMode, 20), nullable=False)
    joining_link: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    # Place details in both languages (WL-1): the address of a session in person, and access information
    # (step-free access, parking, hearing loop, captions) for any session. Both or neither (studies.services).
    address_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    address_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    access_information_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    access_information_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    language: Mapped[SessionLanguage] = mapped_column(enum_type(SessionLanguage, 30), nullable=False)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    note_taker_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    # Whether the facilitator / note-taker was assigned by an admin or the study's owner (not by themselves):
    # only then do they read the adjustments asked for in this session's bookings (DP-3).
    facilitator_sees_adjustments: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false(), nullable=False
    )
    note_taker_sees_adjustments: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false(), nullable=False
    )
    participant_information_cy: Mapped[str] = mapped_column(Text, default="", nullable=False)
    participant_information_en: Mapped[str] = mapped_column(Text, default="", nullable=False)
    status: Mapped[SessionStatus] = mapped_column(
        enum_type(SessionStatus, 12), default=SessionStatus.SCHEDULED, nullable=False
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    study: Mapped[Study] = relationship(lazy="joined")
    facilitator: Mapped[StaffUser | None] = relationship(foreign_keys=[facilitator_id], lazy="selectin")
    note_taker: Mapped[StaffUser | None] = relationship(foreign_keys=[note_taker_id], lazy="selectin")

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def is_welsh_medium(self) -> bool:
        return self.language in WELSH_MEDIUM

    @property
    def mode_label(self) -> str:
        return str(MODE_LABELS[SessionMode(self.mode)])

    def location(self, language: str) -> str:
        """Where it happens, for calendars: the address in `language` ("cy" or "en"; the other language's when
        that one is missing), the joining link, or how (by phone)."""
        if self.mode == SessionMode.IN_PERSON:
            return in_language(self, "address", language)[0]
        if self.mode == SessionMode.ONLINE:
            return self.joining_link
        return self.mode_label

    @property
    def language_label(self) -> str:
        return str(SESSION_LANGUAGE_LABELS[SessionLanguage(self.language)])

    @property
    def status_label(self) -> str:
        return str(SESSION_STATUS_LABELS[SessionStatus(self.status)])


class CalendarFeed(TimestampedModel):
    """A researcher's private calendar feed. The URL's token is signed over (user, nonce); a reset changes
    the nonce, so every earlier URL stops working. The nonce alone (e.g. from a database copy) is not a URL."""

    __tablename__ = "calendar_feed"

    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    nonce: Mapped[str] = mapped_column(String(64), nullable=False)

    staff_user: Mapped[StaffUser] = relationship(lazy="joined")
