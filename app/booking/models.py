"""Bookings, the waitlist, and the .ics files that go with booking emails.

The database keeps the rules that matter under concurrency (DESIGN habit 3): a participant has at most one
live booking per session (a partial unique index), and one open waitlist entry per study. Places are counted
on research_session.booked_count, which only conditional UPDATEs change (see services.py).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models_base import TimestampedModel, UTCDateTime, enum_type
from app.participants.models import Participant
from app.studies.models import ResearchSession, Study


class BookingStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"
    ATTENDED = "attended"
    NO_SHOW = "no_show"
    LATE_CANCEL = "late_cancel"  # told the team after the cut-off, or on the day: recorded by a researcher


BOOKING_STATUS_LABELS = {
    BookingStatus.BOOKED: _l("Booked"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.ATTENDED: _l("Attended"),
    BookingStatus.NO_SHOW: _l("Did not attend"),
    BookingStatus.LATE_CANCEL: _l("Cancelled late"),
}


class AssistedVia(StrEnum):
    PHONE = "phone"
    EMAIL = "email"


class WaitlistStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    LAPSED = "lapsed"
    REMOVED = "removed"


def _known(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


LIVE = text("status = 'booked'")
OPEN = text("status IN ('waiting', 'offered')")


class Booking(TimestampedModel):
    __tablename__ = "booking"
    __table_args__ = (
        CheckConstraint(_known("status", BookingStatus), name="status_known"),
        CheckConstraint(
            f"assisted_via IS NULL OR {_known('assisted_via', AssistedVia)}", name="assisted_via_known"
        ),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        # BK-2: a double click or a retry cannot make a second live booking, whatever the timing.
        Index(
            "uq_booking_live_participant_session",
            "participant_id",
            "research_session_id",
            unique=True,
            sqlite_where=LIVE,
            postgresql_where=LIVE,
        ),
        Index("ix_booking_research_session_status", "research_session_id", "status"),
        Index("ix_booking_participant_id", "participant_id"),
    )

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False
    )
    research_session_id: Mapped[int] = mapped_column(
        ForeignKey("research_session.id", ondelete="CASCADE"), nullable=False
    )
    status: Mapped[BookingStatus] = mapped_column(
        enum_type(BookingStatus, 12), default=BookingStatus.BOOKED, nullable=False
    )
    # Booked on the participant's behalf by a member of staff (phone or email), and by whom.
    assisted: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    assisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    assisted_via: Mapped[AssistedVia | None] = mapped_column(enum_type(AssistedVia, 10))
    # Special category data (DP-3), like Participant.adjustments: admins and the session's researchers only.
    adjustments_requested: Mapped[str] = mapped_column(Text, default="", nullable=False)
    wants_welsh: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    # iCalendar: the UID never changes; SEQUENCE goes up with every change the participant is sent.
    uid: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    sequence: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    participant: Mapped[Participant] = relationship(lazy="joined")
    research_session: Mapped[ResearchSession] = relationship(lazy="joined")

    @property
    def is_live(self) -> bool:
        return self.status == BookingStatus.BOOKED

    @property
    def status_label(self) -> str:
        return str(BOOKING_STATUS_LABELS[BookingStatus(self.status)])


class BookingReminder(TimestampedModel):
    """A reminder queued for a booking in one session: the unique pair makes it at most once, whoever runs the
    reminders command and however often (a rescheduled booking is reminded again for its new session)."""

    __tablename__ = "booking_reminder"
    __table_args__ = (
        UniqueConstraint("booking_id", "research_session_id", name="uq_booking_reminder_booking_session"),
    )

    booking_id: Mapped[int] = mapped_column(ForeignKey("booking.id", ondelete="CASCADE"), nullable=False)
    research_session_id: Mapped[int] = mapped_column(
        ForeignKey("research_session.id", ondelete="CASCADE"), nullable=False
    )
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_message.id", ondelete="SET NULL")
    )


class WaitlistEntry(TimestampedModel):
    """A participant waiting for a place in a study. An offer holds one place in one session until it lapses."""

    __tablename__ = "waitlist_entry"
    __table_args__ = (
        CheckConstraint(_known("status", WaitlistStatus), name="status_known"),
        CheckConstraint(
            "status != 'offered' OR (offered_session_id IS NOT NULL AND offer_expires_at IS NOT NULL)",
            name="offer_complete",
        ),
        Index(
            "uq_waitlist_entry_open_participant_study",
            "participant_id",
            "study_id",
            unique=True,
            sqlite_where=OPEN,
            postgresql_where=OPEN,
        ),
        Index("ix_waitlist_entry_study_status_created", "study_id", "status", "created_at"),
        Index("ix_waitlist_entry_status_expires", "status", "offer_expires_at"),
    )

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False
    )
    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    status: Mapped[WaitlistStatus] = mapped_column(
        enum_type(WaitlistStatus, 10), default=WaitlistStatus.WAITING, nullable=False
    )
    offered_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_session.id", ondelete="SET NULL")
    )
    # The one session they wait for; None: any session of the study.
    wanted_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_session.id", ondelete="SET NULL")
    )
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    offer_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    participant: Mapped[Participant] = relationship(lazy="joined")
    study: Mapped[Study] = relationship(lazy="joined")
    offered_session: Mapped[ResearchSession | None] = relationship(
        lazy="joined", foreign_keys=[offered_session_id]
    )
    wanted_session: Mapped[ResearchSession | None] = relationship(foreign_keys=[wanted_session_id])


class Invitation(TimestampedModel):
    """A participant invited to take part in one study: at most once (the unique pair), with the reminders sent.

    Kept in its own table, not read back from the audit trail, so a retention sweep of old audit entries cannot
    make Profi forget who was invited (and invite them again). created_at is when the invitation was queued.
    """

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("study_id", "participant_id", name="uq_invitation_study_participant"),)

    study_id: Mapped[int] = mapped_column(ForeignKey("study.id", ondelete="CASCADE"), nullable=False)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), nullable=False, index=True
    )
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    reminder_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0", nullable=False)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    participant: Mapped[Participant] = relationship(lazy="joined")
    study: Mapped[Study] = relationship()
