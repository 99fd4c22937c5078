"""The testing team: participants, their participation history, and saved segments."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models_base import TimestampedModel, UTCDateTime, enum_type


class OrganisationType(StrEnum):
    LOCAL_AUTHORITY = "local_authority"
    HEALTH = "health"
    EDUCATION = "education"
    HOUSING = "housing"
    WELSH_GOVERNMENT = "welsh_government"
    EMERGENCY = "emergency"
    OTHER_PUBLIC = "other_public"
    SUPPLIER = "supplier"
    THIRD_SECTOR = "third_sector"


class Region(StrEnum):
    NORTH = "north"
    MID = "mid"
    SOUTH_WEST = "south_west"
    SOUTH_EAST = "south_east"
    OUTSIDE = "outside"


class Seniority(StrEnum):
    ENTRY = "entry"
    PRACTITIONER = "practitioner"
    SENIOR = "senior"
    MANAGER = "manager"
    HEAD = "head"


class LanguagePreference(StrEnum):
    CY = "cy"
    EN = "en"
    UNKNOWN = "unknown"


class WelshWillingness(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class RecruitedVia(StrEnum):
    PROGRAMME = "programme"
    EVENT = "event"
    REFERRAL = "referral"
    NETWORK = "network"
    SIGN_UP = "sign_up"
    OTHER = "other"


class ParticipantStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    OPTED_OUT = "opted_out"
    WITHDRAWN = "withdrawn"


ORGANISATION_TYPE_LABELS = {
    OrganisationType.LOCAL_AUTHORITY: _l("Local authority"),
    OrganisationType.HEALTH: _l("Health board or NHS trust"),
    OrganisationType.EDUCATION: _l("University or college"),
    OrganisationType.HOUSING: _l("Housing association"),
    OrganisationType.WELSH_GOVERNMENT: _l("Welsh Government or sponsored body"),
    OrganisationType.EMERGENCY: _l("Police, fire or rescue service"),
    OrganisationType.OTHER_PUBLIC: _l("Other public body"),
    OrganisationType.SUPPLIER: _l("Supplier or SME"),
    OrganisationType.THIRD_SECTOR: _l("Third sector"),
}

REGION_LABELS = {
    Region.NORTH: _l("North Wales"),
    Region.MID: _l("Mid Wales"),
    Region.SOUTH_WEST: _l("South West Wales"),
    Region.SOUTH_EAST: _l("South East Wales"),
    Region.OUTSIDE: _l("Outside Wales"),
}

SENIORITY_LABELS = {
    Seniority.ENTRY: _l("Entry level or trainee"),
    Seniority.PRACTITIONER: _l("Practitioner"),
    Seniority.SENIOR: _l("Senior practitioner"),
    Seniority.MANAGER: _l("Manager"),
    Seniority.HEAD: _l("Head of service or director"),
}

LANGUAGE_PREFERENCE_LABELS = {
    LanguagePreference.CY: _l("Welsh"),
    LanguagePreference.EN: _l("English"),
    LanguagePreference.UNKNOWN: _l("Not yet known"),
}

WELSH_WILLINGNESS_LABELS = {
    WelshWillingness.YES: _l("Yes"),
    WelshWillingness.NO: _l("No"),
    WelshWillingness.UNKNOWN: _l("Not yet known"),
}

RECRUITED_VIA_LABELS = {
    RecruitedVia.PROGRAMME: _l("Programme newsletter or website"),
    RecruitedVia.EVENT: _l("Event or workshop"),
    RecruitedVia.REFERRAL: _l("Referred by a colleague"),
    RecruitedVia.NETWORK: _l("Professional network"),
    RecruitedVia.SIGN_UP: _l("Signed up themselves"),
    RecruitedVia.OTHER: _l("Other"),
}

STATUS_LABELS = {
    ParticipantStatus.ACTIVE: _l("Active"),
    ParticipantStatus.PAUSED: _l("Paused"),
    ParticipantStatus.OPTED_OUT: _l("Opted out"),
    ParticipantStatus.WITHDRAWN: _l("Withdrawn"),
}

# Each coded field of a participant and the words for its values, for pages and CSV files alike.
CODED_FIELD_LABELS: dict[str, dict[Any, Any]] = {
    "organisation_type": ORGANISATION_TYPE_LABELS,
    "region": REGION_LABELS,
    "seniority": SENIORITY_LABELS,
    "preferred_language": LANGUAGE_PREFERENCE_LABELS,
    "welsh_willingness": WELSH_WILLINGNESS_LABELS,
    "recruited_via": RECRUITED_VIA_LABELS,
    "status": STATUS_LABELS,
}


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(str(m.value)) for m in enum)})"


class Participant(TimestampedModel):
    """A member of the testing team. Research data refers to `code` only (DP-2)."""

    __tablename__ = "participant"
    __table_args__ = (
        CheckConstraint(_in("organisation_type", OrganisationType), name="organisation_type_known"),
        CheckConstraint(_in("region", Region), name="region_known"),
        CheckConstraint(_in("seniority", Seniority), name="seniority_known"),
        CheckConstraint(_in("preferred_language", LanguagePreference), name="language_known"),
        CheckConstraint(_in("welsh_willingness", WelshWillingness), name="welsh_willingness_known"),
        CheckConstraint(_in("recruited_via", RecruitedVia), name="recruited_via_known"),
        CheckConstraint(_in("status", ParticipantStatus), name="status_known"),
        CheckConstraint(
            "years_in_procurement IS NULL OR years_in_procurement BETWEEN 0 AND 60", name="years_sane"
        ),
        Index("ix_participant_search_key", "search_key"),
        Index("ix_participant_status", "status"),
        # SQLite's AUTOINCREMENT (PostgreSQL's identity does this anyway): an id, and so a code, is never reused.
        {"sqlite_autoincrement": True},
    )

    code: Mapped[str] = mapped_column(String(12), unique=True, nullable=False)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str] = mapped_column(String(320), unique=True, nullable=False)
    phone: Mapped[str] = mapped_column(String(30), default="", nullable=False)
    organisation: Mapped[str] = mapped_column(String(200), nullable=False)
    organisation_type: Mapped[OrganisationType] = mapped_column(
        enum_type(OrganisationType, 30), nullable=False
    )
    region: Mapped[Region] = mapped_column(enum_type(Region, 20), nullable=False)
    job_role: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    seniority: Mapped[Seniority] = mapped_column(enum_type(Seniority, 20), nullable=False)
    years_in_procurement: Mapped[int | None] = mapped_column(Integer)
    preferred_language: Mapped[LanguagePreference] = mapped_column(
        enum_type(LanguagePreference, 10), default=LanguagePreference.UNKNOWN, nullable=False
    )
    welsh_willingness: Mapped[WelshWillingness] = mapped_column(
        enum_type(WelshWillingness, 10), default=WelshWillingness.UNKNOWN, nullable=False
    )
    # Special category data (DP-3): the adjustments someone asks for, never a diagnosis. Admins and the
    # researchers of their sessions only; never in viewers' pages or exports.
    adjustments: Mapped[str] = mapped_column(Text, default="", nullable=False)
    recruited_via: Mapped[RecruitedVia] = mapped_column(
        enum_type(RecruitedVia, 20), default=RecruitedVia.OTHER, nullable=False
    )
    status: Mapped[ParticipantStatus] = mapped_column(
        enum_type(ParticipantStatus, 20), default=ParticipantStatus.ACTIVE, nullable=False
    )
    notes: Mapped[str] = mapped_column(Text, default="", nullable=False)
    # Folded (lower case, no accents) name, email, organisation and code, so "Llyr" finds "Llŷr".
    search_key: Mapped[str] = mapped_column(String(800), default="", nullable=False)
    # Raising this invalidates every link already sent to the participant (SEC-4).
    link_version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    status_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who made the last status change: PARTICIPANT (their own opt-out, withdrawal or consent) or STAFF. An
    # opt-out or withdrawal they made can be undone only by them, or by staff recording their own request.
    status_set_by: Mapped[str] = mapped_column(
        String(12), default="staff", server_default="staff", nullable=False
    )

    participations: Mapped[list[Participation]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", order_by="Participation.took_part_on"
    )

    @property
    def has_adjustments(self) -> bool:
        return bool(self.adjustments.strip())

    @property
    def contactable(self) -> bool:
        return self.status == ParticipantStatus.ACTIVE


class Participation(TimestampedModel):
    """One time a participant took part in research (from bookings, or recorded by a researcher)."""

    __tablename__ = "participation"
    __table_args__ = (Index("ix_participation_participant_date", "participant_id", "took_part_on"),)

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False
    )
    took_part_on: Mapped[date] = mapped_column(Date, nullable=False)
    description: Mapped[str] = mapped_column(String(200), default="", nullable=False)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))

    participant: Mapped[Participant] = relationship(back_populates="participations")


class Segment(TimestampedModel):
    """A saved filter over the register, for invitations and coverage."""

    __tablename__ = "segment"

    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    filters: Mapped[dict] = mapped_column(JSON, default=dict, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))


class ParticipationLimit(TimestampedModel):
    """The participation limit setting (BK-7): one row."""

    __tablename__ = "participation_limit"

    max_sessions: Mapped[int] = mapped_column(Integer, default=3, nullable=False)
    period_days: Mapped[int] = mapped_column(Integer, default=365, nullable=False)
    cooldown_days: Mapped[int] = mapped_column(Integer, default=30, nullable=False)
    # "Near the limit" when this many or fewer sessions remain.
    warn_when_remaining: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)


class LimitOverride(TimestampedModel):
    """Permission to ask someone despite the limit, with a reason; used once, audited."""

    __tablename__ = "limit_override"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False
    )
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ImportStatus(StrEnum):
    PREVIEWED = "previewed"
    IMPORTED = "imported"
    DISCARDED = "discarded"


class ImportBatch(TimestampedModel):
    """An uploaded CSV file between its preview and its import (kept in the database so any worker can finish it)."""

    __tablename__ = "import_batch"
    __table_args__ = (CheckConstraint(_in("status", ImportStatus), name="status_known"),)

    filename: Mapped[str] = mapped_column(String(255), default="", nullable=False)
    content: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[ImportStatus] = mapped_column(
        enum_type(ImportStatus, 12), default=ImportStatus.PREVIEWED, nullable=False
    )
    imported_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
