"""Consent forms (versioned, bilingual) and consent records (append-only)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models_base import Base, TimestampedModel, UTCDateTime, enum_type, utcnow


class Section(StrEnum):
    """CON-2 (and CON-8): what every consent form version says, in both languages."""

    WHO = "who"
    PURPOSE = "purpose"
    DATA = "data"
    SESSION = "session"
    RESULTS = "results"
    VOLUNTARY = "voluntary"
    RETENTION = "retention"
    RIGHTS = "rights"
    CONTROLLER = "controller"
    NO_EFFECT = "no_effect"


SECTION_LABELS = {
    Section.WHO: _l("Who runs the research"),
    Section.PURPOSE: _l("What the research is for"),
    Section.DATA: _l("What information we collect"),
    Section.SESSION: _l("What happens in a session"),
    Section.RESULTS: _l("Who sees the results"),
    Section.VOLUNTARY: _l("Taking part is voluntary"),
    Section.RETENTION: _l("How long we keep information"),
    Section.RIGHTS: _l("Your rights and how to complain"),
    Section.CONTROLLER: _l("Data controller and processors"),
    Section.NO_EFFECT: _l("No effect on your organisation"),
}


class Purpose(StrEnum):
    """CON-3: separate yes/no answers, none pre-ticked."""

    TAKE_PART = "take_part"
    AUDIO = "audio"
    VIDEO = "video"
    OBSERVERS = "observers"
    QUOTES = "quotes"
    FUTURE_CONTACT = "future_contact"


PURPOSE_LABELS = {
    Purpose.TAKE_PART: _l("Take part in research"),
    Purpose.AUDIO: _l("Audio recording"),
    Purpose.VIDEO: _l("Video or screen recording"),
    Purpose.OBSERVERS: _l("Observers"),
    Purpose.QUOTES: _l("Anonymised quotes in reports"),
    Purpose.FUTURE_CONTACT: _l("Stay on the testing team for future contact"),
}

# The answers to "Do you agree…?" ("Ydych chi’n cytuno…?"). Welsh answers echo the question's verb ("Ydw" /
# "Nac ydw", as gov.wales forms do), so each kind of question has its own context (Welsh review, row 7).
CONSENT_ANSWERS = (("yes", _lp("answer to do you agree", "Yes")), ("no", _lp("answer to do you agree", "No")))

# What to do when a question is left unanswered: one message per question, so an error summary tells them
# apart (Welsh review, row 8; GOV.UK error message pattern).
PURPOSE_UNANSWERED = {
    Purpose.TAKE_PART: _l("Choose whether you agree to take part in research"),
    Purpose.AUDIO: _l("Choose whether you agree to an audio recording"),
    Purpose.VIDEO: _l("Choose whether you agree to a video or screen recording"),
    Purpose.OBSERVERS: _l("Choose whether you agree to observers watching the session"),
    Purpose.QUOTES: _l("Choose whether you agree to anonymised quotes in reports"),
    Purpose.FUTURE_CONTACT: _l("Choose whether you want to stay on the testing team"),
}


class FormStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class ConsentForm(TimestampedModel):
    """One version of the consent form. Published versions never change (enforced in the service)."""

    __tablename__ = "consent_form"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published')", name="status_known"),
        CheckConstraint("(status = 'published') = (published_at IS NOT NULL)", name="published_has_date"),
    )

    version: Mapped[int] = mapped_column(Integer, unique=True, nullable=False)
    status: Mapped[FormStatus] = mapped_column(
        enum_type(FormStatus, 12), default=FormStatus.DRAFT, nullable=False
    )
    title_cy: Mapped[str] = mapped_column(String(200), nullable=False)
    title_en: Mapped[str] = mapped_column(String(200), nullable=False)
    # {"who": {"cy": "...", "en": "..."}, ...} for every Section
    sections: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    # {"take_part": {"cy": "...", "en": "..."}, ...}: the question asked for every Purpose
    purposes: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    @property
    def is_published(self) -> bool:
        return self.status == FormStatus.PUBLISHED

    def section(self, key: str, language: str) -> str:
        return (self.sections.get(key) or {}).get(language, "")

    def purpose(self, key: str, language: str) -> str:
        return (self.purposes.get(key) or {}).get(language, "")


class RecordKind(StrEnum):
    CONSENT = "consent"
    WITHDRAWAL = "withdrawal"


class Method(StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PHONE = "phone"
    VERBAL = "verbal"


METHOD_LABELS = {
    Method.ONLINE: _l("Online, by the participant"),
    Method.PAPER: _l("Paper form"),
    Method.PHONE: _l("By phone"),
    Method.VERBAL: _l("Verbally, in person"),
}


class ConsentRecord(Base):
    """What one participant agreed to, on which version, when, how and in which language (CON-4).

    Append-only: a change of mind, or a withdrawal, is a new record. The service layer never updates or deletes
    one, and neither do views.
    """

    __tablename__ = "consent_record"
    __table_args__ = (
        CheckConstraint("kind IN ('consent', 'withdrawal')", name="kind_known"),
        CheckConstraint("method IN ('online', 'paper', 'phone', 'verbal')", name="method_known"),
        CheckConstraint("language IN ('cy', 'en')", name="language_known"),
        Index("ix_consent_record_participant_recorded", "participant_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False
    )
    form_id: Mapped[int | None] = mapped_column(ForeignKey("consent_form.id", ondelete="RESTRICT"))
    kind: Mapped[RecordKind] = mapped_column(enum_type(RecordKind, 12), nullable=False)
    method: Mapped[Method] = mapped_column(enum_type(Method, 10), nullable=False)
    language: Mapped[str] = mapped_column(String(2), nullable=False)
    # {"take_part": true, "audio": false, ...}: every Purpose answered, none assumed
    answers: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    taken_by_label: Mapped[str] = mapped_column(String(320), default="", nullable=False)
    note: Mapped[str] = mapped_column(String(500), default="", nullable=False)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    form: Mapped[ConsentForm | None] = relationship()
